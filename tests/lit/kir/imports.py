# Every way real kernel files import the language: module aliases, from-imports of functions,
# libdevice under tl.extra.<vendor>, tl.math, kcc's own names.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,y_ptr=*fp32' %s | FileCheck %s
# CHECK: "kir.program_id"() {axis = 0 : i32}
# CHECK: math.exp2 {{.*}} : tensor<16xf32>
# CHECK: math.tanh {{.*}} : tensor<16xf32>
# CHECK: math.rsqrt {{.*}} : tensor<16xf32>
# CHECK: math.erf {{.*}} : tensor<16xf32>
from triton.language.math import exp2 as e2
from triton.language import program_id
import triton.language.extra.cuda.libdevice as ld
from triton.language.extra.libdevice import rsqrt
from triton.language.extra import libdevice
from kcc.language import load, store, arange
from triton import jit


@jit
def k(x_ptr, y_ptr):
    o = program_id(0) * 16 + arange(0, 16)
    x = ld.tanh(e2(load(x_ptr + o)))
    store(y_ptr + o, libdevice.erf(rsqrt(x)))

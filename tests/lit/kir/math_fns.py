# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,h_ptr=*fp16,i_ptr=*i32' -D BLOCK=16 %s | FileCheck %s
# Elementwise math: tl.* and tl.math.*, libdevice, abs on ints and floats.
import triton
import triton.language as tl
from triton.language.extra import libdevice


@triton.jit
def math_fns(x_ptr, h_ptr, i_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    h = tl.load(h_ptr + offs)
    i = tl.load(i_ptr + offs)
    # CHECK: math.exp {{.*}} : tensor<16xf32>
    # CHECK: math.log {{.*}} : tensor<16xf32>
    # CHECK: math.sqrt {{.*}} : tensor<16xf32>
    # CHECK: math.rsqrt {{.*}} : tensor<16xf32>
    # CHECK: math.exp2 {{.*}} : tensor<16xf32>
    # CHECK: math.log2 {{.*}} : tensor<16xf32>
    a = tl.exp(x) + tl.log(x) + tl.sqrt(x) + tl.math.rsqrt(x) + tl.math.exp2(x) + tl.math.log2(x)
    # fp16 stays fp16
    # CHECK: math.sin {{.*}} : tensor<16xf16>
    # CHECK: math.cos {{.*}} : tensor<16xf16>
    b = tl.sin(h) + tl.cos(h)
    # CHECK: math.absf {{.*}} : tensor<16xf32>
    # CHECK: math.absi {{.*}} : tensor<16xi32>
    c = tl.abs(x) + tl.abs(i)
    # CHECK: math.floor
    # CHECK: math.ceil
    # CHECK: math.erf
    d = tl.floor(x) + tl.ceil(x) + tl.math.erf(x)
    # libdevice
    # CHECK: math.powf {{.*}} : tensor<16xf32>
    # CHECK: math.tanh {{.*}} : tensor<16xf32>
    # CHECK: math.isnan {{.*}} : tensor<16xf32>
    # CHECK: math.atan2
    # CHECK: math.trunc
    e = libdevice.pow(x, 2.0) + libdevice.tanh(x)
    e = tl.where(libdevice.isnan(x), 0.0, e) + libdevice.atan2(x, e) + libdevice.trunc(x)
    # CHECK: math.fma
    f = tl.fma(x, x, 1.0)
    # sigmoid is 1 / (1 + exp(-x))
    # CHECK: arith.negf
    # CHECK: math.exp
    # CHECK: arith.divf
    g = tl.sigmoid(x)
    tl.store(x_ptr + offs, a + b + c + d + e + f + g)

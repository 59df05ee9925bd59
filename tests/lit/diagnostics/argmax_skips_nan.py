# tl.argmax / tl.argmin skip NaN as tl.max does (Triton's interpreter: np.nanargmax): the combine
# of a float argmax keeps a number over a NaN, and of two NaNs the later index, so its result is
# a total order that no reduction tree changes. Integer argmax has no NaN test.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,i_ptr=*i32,o_ptr=*i32' %s | FileCheck %s
# CHECK-LABEL: func.func @kernel
# CHECK: "kir.reduce"
# CHECK: arith.cmpf ogt
# CHECK: arith.cmpf oeq
# CHECK: arith.cmpf une
# CHECK: arith.cmpf une
# CHECK: gpu.yield
# CHECK: "kir.reduce"
# CHECK-NOT: arith.cmpf
# CHECK: gpu.yield
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, i_ptr, o_ptr):
    offs = tl.arange(0, 16)
    tl.store(o_ptr, tl.argmax(tl.load(x_ptr + offs), 0))
    tl.store(o_ptr + 1, tl.argmax(tl.load(i_ptr + offs), 0))

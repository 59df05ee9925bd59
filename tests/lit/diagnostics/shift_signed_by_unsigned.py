# Triton's tensor.__rshift__ picks the shift by the shifted tensor's own dtype, before promotion:
# int32 >> uint32 is arithmetic (the result type is the promoted uint32), uint32 >> int32 logical,
# and a constexpr shifted by a tensor (__rrshift__) follows the tensor.
# RUN: %kcc --emit=kir --signature 'x_ptr=*i32,u_ptr=*u32,o_ptr=*u32' %s | FileCheck %s
# CHECK-LABEL: func.func @kernel
# CHECK: arith.shrsi {{.*}} : tensor<16xi32>
# CHECK: arith.shrui {{.*}} : tensor<16xi32>
# CHECK: arith.shrui {{.*}} : tensor<16xi32>
# CHECK-NOT: arith.shr
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, u_ptr, o_ptr):
    offs = tl.arange(0, 16)
    x = tl.load(x_ptr + offs)
    u = tl.load(u_ptr + offs)
    tl.store(o_ptr + offs, x >> u)
    tl.store(o_ptr + offs, u >> x)
    tl.store(o_ptr + offs, 1024 >> u)

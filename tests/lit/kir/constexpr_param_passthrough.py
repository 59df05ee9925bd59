# Triton does not enforce `tl.constexpr` on parameters of called jit functions: its tutorial 06
# passes offset tensors to `offs_m: tl.constexpr`. A runtime value passes through.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s | FileCheck %s
# CHECK: %[[N:.*]] = arith.sitofp %arg1 : i32 to f32
# CHECK: arith.mulf {{.*}}%[[N]] : f32
import triton
import triton.language as tl


@triton.jit
def helper(x, N: tl.constexpr):
    return x * N


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, helper(1.0, n))

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}non_constexpr_arg_to_constexpr.py:16:21: error: argument 'N' of 'helper' must be a constexpr
# CHECK-NEXT: tl.store(x_ptr, helper(1.0, n))
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def helper(x, N: tl.constexpr):
    return x * N


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, helper(1.0, n))

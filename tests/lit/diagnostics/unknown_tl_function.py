# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}unknown_tl_function.py:11:21: error: 'tl.frobnicate' is not supported by kcc
# CHECK-NEXT: tl.store(x_ptr, tl.frobnicate(n))
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, tl.frobnicate(n))

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}missing_constexpr_value.py:10:22: error: missing value for constexpr parameter 'BLOCK' (give it with -D BLOCK=VALUE)
# CHECK-NEXT: def kernel(x_ptr, n, BLOCK: tl.constexpr):
# CHECK-NEXT: {{^ {21}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr + tl.arange(0, BLOCK), 0.0)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}chained_comparison.py:12:38: error: chained comparisons are not supported
# CHECK-NEXT: tl.store(x_ptr + offs, 0.0, mask=0 <= offs < n)
# CHECK-NEXT: {{^ {37}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, 0.0, mask=0 <= offs < n)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=1+ %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}bad_define_literal.py:10:22: error: invalid value for constexpr 'BLOCK': '1+' is not a Python literal
# CHECK-NEXT: def kernel(x_ptr, n, BLOCK: tl.constexpr):
# CHECK-NEXT: {{^ {21}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr + tl.arange(0, BLOCK), 0.0)

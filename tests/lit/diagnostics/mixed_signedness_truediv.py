# RUN: not %kcc --emit=kir --signature 'a_ptr=*i64,b_ptr=*u32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}mixed_signedness_truediv.py:14:28: error: Cannot use /, because they have different signedness: integer operands of mixed signedness (int64 and uint32)
# CHECK-NEXT: tl.store(a_ptr + offs, a / b)
# CHECK-NEXT: {{^ {27}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(a_ptr, b_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    b = tl.load(b_ptr + offs)
    tl.store(a_ptr + offs, a / b)

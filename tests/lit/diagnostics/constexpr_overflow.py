# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}constexpr_overflow.py:11:25: error: integer overflow in a constexpr expression (kcc folds constexpr integers in 64 bits)
# CHECK-NEXT: BIG: tl.constexpr = 2 ** 70
# CHECK-NEXT: {{^ {24}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    BIG: tl.constexpr = 2 ** 70
    tl.store(x_ptr, n + BIG)

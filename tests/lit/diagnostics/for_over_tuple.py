# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}for_over_tuple.py:11:14: error: for loops must iterate over range(), tl.range() or tl.static_range()
# CHECK-NEXT: for i in (1, 2, 3):
# CHECK-NEXT: {{^ {13}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    for i in (1, 2, 3):
        tl.store(x_ptr + i, 0.0)

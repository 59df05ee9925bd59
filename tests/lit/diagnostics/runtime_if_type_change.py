# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}runtime_if_type_change.py:13:9: error: variable 'y' has type int32 before the 'if' but is re-assigned to fp32 in its 'if' branch (the type must not change under a runtime condition)
# CHECK-NEXT: y = y * 1.5
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    y = n
    if n > 0:
        y = y * 1.5
    tl.store(x_ptr, y)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}runtime_if_type_mismatch.py:11:5: error: variable 'y' has type fp32 in the 'if' branch but int32 in the 'else' branch
# CHECK-NEXT: if n > 0:
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    if n > 0:
        y = tl.load(x_ptr)
    else:
        y = n
    tl.store(x_ptr, y)

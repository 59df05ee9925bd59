# RUN: not %kcc --emit=kir --signature 'x_ptr=*i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}atomic_scope_not_string.py:11:5: error: scope must be a string
# CHECK-NEXT: tl.atomic_cas(x_ptr, 0, 1, scope=1)
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr):
    tl.atomic_cas(x_ptr, 0, 1, scope=1)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}atomic_bad_scope.py:11:5: error: unknown memory scope 'device'
# CHECK-NEXT: tl.atomic_add(x_ptr, 1.0, sem="relaxed", scope="device")
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.atomic_add(x_ptr, 1.0, sem="relaxed", scope="device")

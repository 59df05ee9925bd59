# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}while_carried_type_change.py:14:9: error: loop-carried variable 's' has initial type int32 but is re-assigned to fp32 in the loop
# CHECK-NEXT: s = s + tl.load(x_ptr + i)
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    s = 0
    i = 0
    while i < n:
        s = s + tl.load(x_ptr + i)
        i += 1
    tl.store(x_ptr, s)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}loop_carried_type_change.py:14:9: error: loop-carried variable 'acc' has initial type int32 but is re-assigned to <16xfp32> in the loop
# CHECK-NEXT: acc += tl.load(x_ptr + offs)
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = 0
    for i in range(n):
        acc += tl.load(x_ptr + offs)
    tl.store(x_ptr + offs, acc)

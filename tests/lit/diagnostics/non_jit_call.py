# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}non_jit_call.py:15:21: error: cannot call 'helper' from a kernel: it is not a @jit function
# CHECK-NEXT: tl.store(x_ptr, helper(n))
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


def helper(a):
    return a + 1


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, helper(n))

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}call_non_callable.py:11:21: error: tensor of type int32 is not callable
# CHECK-NEXT: tl.store(x_ptr, n(1))
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, n(1))

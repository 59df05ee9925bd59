# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}shift_on_float.py:12:21: error: invalid operands of type int32 and fp32 for << (bitwise operators need integers)
# CHECK-NEXT: tl.store(x_ptr, 1 << x)
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    x = tl.load(x_ptr)
    tl.store(x_ptr, 1 << x)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}bitwise_on_float.py:13:28: error: invalid operands of type fp32 and int32 for & (bitwise operators need integers)
# CHECK-NEXT: tl.store(x_ptr + offs, x & 1)
# CHECK-NEXT: {{^ {27}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    tl.store(x_ptr + offs, x & 1)

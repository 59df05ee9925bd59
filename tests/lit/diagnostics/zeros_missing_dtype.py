# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}zeros_missing_dtype.py:11:9: error: tl.zeros() missing required argument 'dtype'
# CHECK-NEXT: z = tl.zeros((BLOCK,))
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    z = tl.zeros((BLOCK,))

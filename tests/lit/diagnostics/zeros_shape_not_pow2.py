# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}zeros_shape_not_pow2.py:11:9: error: shape dimensions must be powers of 2, got 24
# CHECK-NEXT: z = tl.zeros((BLOCK, 24), dtype=tl.float32)
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    z = tl.zeros((BLOCK, 24), dtype=tl.float32)

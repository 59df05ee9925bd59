# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}incompatible_shapes.py:13:25: error: incompatible shapes <16xint32> and <32xint32>
# CHECK-NEXT: tl.store(x_ptr + a, a + b)
# CHECK-NEXT: {{^ {24}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    a = tl.arange(0, BLOCK)
    b = tl.arange(0, 2 * BLOCK)
    tl.store(x_ptr + a, a + b)

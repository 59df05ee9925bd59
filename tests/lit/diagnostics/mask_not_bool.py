# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}mask_not_bool.py:12:5: error: tl.store: the mask must be a boolean (int1), got tensor of type <16xint32>; compare it (x != 0) or use .to(tl.int1)
# CHECK-NEXT: tl.store(x_ptr + offs, 0.0, mask=offs)
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, 0.0, mask=offs)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}store_pointer_broadcast.py:13:5: error: tl.store: value of shape <16x16xfp32> is larger than the pointer block <16xpointer<fp32>>
# CHECK-NEXT: tl.store(x_ptr + offs, tile)
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tile = tl.zeros((BLOCK, BLOCK), dtype=tl.float32)
    tl.store(x_ptr + offs, tile)

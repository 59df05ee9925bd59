# RUN: not %kcc --emit=kir --signature 'a_ptr=*fp16' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}dot_dtype_mismatch.py:13:9: error: tl.dot: both operands must have the same dtype, got fp16 and fp32
# CHECK-NEXT: c = tl.dot(a, b)
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(a_ptr, BLOCK: tl.constexpr):
    a = tl.zeros((BLOCK, BLOCK), dtype=tl.float16)
    b = tl.zeros((BLOCK, BLOCK), dtype=tl.float32)
    c = tl.dot(a, b)
    tl.store(a_ptr + tl.arange(0, BLOCK)[:, None] * BLOCK + tl.arange(0, BLOCK)[None, :], c)

# RUN: not %kcc --emit=kir --signature 'a_ptr=*fp16' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}dot_acc_dtype.py:13:11: error: tl.dot: accumulator dtype fp16 differs from the output dtype fp32
# CHECK-NEXT: acc = tl.dot(a, a, acc)
# CHECK-NEXT: {{^ {10}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(a_ptr, BLOCK: tl.constexpr):
    a = tl.zeros((BLOCK, BLOCK), dtype=tl.float16)
    acc = tl.zeros((BLOCK, BLOCK), dtype=tl.float16)
    acc = tl.dot(a, a, acc)
    tl.store(a_ptr + tl.arange(0, BLOCK)[:, None] * BLOCK + tl.arange(0, BLOCK)[None, :], acc)

# RUN: not %kcc --emit=kir --signature 'a_ptr=*fp16' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}dot_rank.py:12:9: error: tl.dot needs 2-D or 3-D operands of the same rank, got <16xfp16> and <16xfp16>
# CHECK-NEXT: c = tl.dot(a, a)
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(a_ptr, BLOCK: tl.constexpr):
    a = tl.load(a_ptr + tl.arange(0, BLOCK))
    c = tl.dot(a, a)

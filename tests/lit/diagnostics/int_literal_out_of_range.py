# RUN: not %kcc --emit=kir --signature 'x_ptr=*i8' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}int_literal_out_of_range.py:12:43: error: value 1000 is out of range for type int8
# CHECK-NEXT: tl.store(x_ptr + tl.arange(0, BLOCK), x + 1000)
# CHECK-NEXT: {{^ {42}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, BLOCK: tl.constexpr):
    x = tl.load(x_ptr + tl.arange(0, BLOCK))
    tl.store(x_ptr + tl.arange(0, BLOCK), x + 1000)

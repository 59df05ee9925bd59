# RUN: not %kcc --emit=kir --signature 'x_ptr=*u8' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}negative_literal_unsigned.py:12:43: error: value -1 is out of range for type uint8
# CHECK-NEXT: tl.store(x_ptr + tl.arange(0, BLOCK), x + -1)
# CHECK-NEXT: {{^ {42}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, BLOCK: tl.constexpr):
    x = tl.load(x_ptr + tl.arange(0, BLOCK))
    tl.store(x_ptr + tl.arange(0, BLOCK), x + -1)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}tuple_as_tensor.py:12:14: error: unsupported operand types for +: tensor of type pointer<fp32> and tuple
# CHECK-NEXT: tl.store(x_ptr + t, 0.0)
# CHECK-NEXT: {{^ {13}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    t = (1, 2)
    tl.store(x_ptr + t, 0.0)

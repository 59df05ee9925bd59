# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}pow_on_tensor.py:12:21: error: '**' is only supported on constexprs; use libdevice.pow on tensors
# CHECK-NEXT: tl.store(x_ptr, x ** 2)
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    x = tl.load(x_ptr)
    tl.store(x_ptr, x ** 2)

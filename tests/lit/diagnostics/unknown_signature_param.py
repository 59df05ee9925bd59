# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32,m=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}unknown_signature_param.py:10:5: error: kernel 'kernel' has no parameter named 'm' (given in --signature)
# CHECK-NEXT: def kernel(x_ptr, n, BLOCK: tl.constexpr):
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr + tl.arange(0, BLOCK), 0.0)

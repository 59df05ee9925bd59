# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 -k nope %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}unknown_kernel.py:1:1: error: no kernel named 'nope' in this file (@jit functions: kernel)
# CHECK-NEXT: # RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 -k nope %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK-NEXT: {{^ {0}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr + tl.arange(0, BLOCK), 0.0)

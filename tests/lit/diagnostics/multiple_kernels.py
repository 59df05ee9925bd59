# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}multiple_kernels.py:1:1: error: this file has 2 kernels (kernel_a, kernel_b); choose one with -k NAME
# CHECK-NEXT: # RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK-NEXT: {{^ {0}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel_a(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, 0.0)


@triton.jit
def kernel_b(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, 1.0)

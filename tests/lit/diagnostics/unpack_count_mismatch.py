# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}unpack_count_mismatch.py:16:5: error: cannot unpack 2 values into 3 targets
# CHECK-NEXT: a, b, c = pair(n)
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def pair(x):
    return x, x + 1


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    a, b, c = pair(n)

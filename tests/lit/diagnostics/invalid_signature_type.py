# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp33,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: error: {{.*}}unknown type '*fp33' for 'x_ptr'
# The driver rejects the signature before the generator runs (no source location).
#
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr + tl.arange(0, BLOCK), 0.0)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}missing_signature_entry.py:10:19: error: missing signature entry for parameter 'n' (give it with --signature n=TYPE)
# CHECK-NEXT: def kernel(x_ptr, n, BLOCK: tl.constexpr):
# CHECK-NEXT: {{^ {18}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, n)

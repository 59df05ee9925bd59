# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}raise_reached.py:12:9: error: 'raise' is only allowed in branches removed at compile time
# CHECK-NEXT: raise ValueError("BLOCK=16 is not supported")
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    if BLOCK == 16:
        raise ValueError("BLOCK=16 is not supported")

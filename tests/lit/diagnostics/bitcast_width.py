# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}bitcast_width.py:12:21: error: cannot bitcast fp32 to int16: different bit widths
# CHECK-NEXT: tl.store(x_ptr, x.to(tl.int16, bitcast=True))
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    x = tl.load(x_ptr)
    tl.store(x_ptr, x.to(tl.int16, bitcast=True))

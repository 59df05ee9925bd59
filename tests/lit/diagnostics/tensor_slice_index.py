# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}tensor_slice_index.py:12:41: error: unsupported tensor index: only None and ':' are allowed
# CHECK-NEXT: tl.store(x_ptr + tl.arange(0, 8), x[0:8])
# CHECK-NEXT: {{^ {40}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    x = tl.load(x_ptr + tl.arange(0, BLOCK))
    tl.store(x_ptr + tl.arange(0, 8), x[0:8])

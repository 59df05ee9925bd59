# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32' -D BM=4 -D BN=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}sort_not_last_dim.py:13:28: error: tl.sort only supports the last dimension (1) of <4x16xfp32>, got dim=0
# CHECK-NEXT: tl.store(x_ptr + offs, tl.sort(x, dim=0))
# CHECK-NEXT: {{^ {27}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, BM: tl.constexpr, BN: tl.constexpr):
    offs = tl.arange(0, BM)[:, None] * BN + tl.arange(0, BN)[None, :]
    x = tl.load(x_ptr + offs)
    tl.store(x_ptr + offs, tl.sort(x, dim=0))

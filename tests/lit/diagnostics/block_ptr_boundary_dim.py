# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,M=i32,N=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}block_ptr_boundary_dim.py:12:9: error: boundary_check entries must be constexpr dimensions in 0..1, got constexpr int 2
# CHECK-NEXT: x = tl.load(p, boundary_check=(0, 2))
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, M, N):
    p = tl.make_block_ptr(x_ptr, (M, N), (N, 1), (0, 0), (16, 16), (1, 0))
    x = tl.load(p, boundary_check=(0, 2))
    tl.store(p, x)

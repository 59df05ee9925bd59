# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,M=i32,N=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}block_ptr_if_structure.py:13:5: error: variable 'p' has different structures or element types in the branches of a runtime 'if' (block pointer of shape <16x16xpointer<fp32>> and block pointer of shape <16x32xpointer<fp32>>)
# CHECK-NEXT: if M > 0:
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, M, N):
    p = tl.make_block_ptr(x_ptr, (M, N), (N, 1), (0, 0), (16, 16), (1, 0))
    # a runtime condition cannot choose between block shapes
    if M > 0:
        p = tl.advance(p, (1, 0))
    else:
        p = tl.make_block_ptr(x_ptr, (M, N), (N, 1), (0, 0), (16, 32), (1, 0))
    tl.store(p, tl.load(p))

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}hint_value_runtime.py:12:12: error: tl.max_constancy: values must be constexpr integers, got {{.*}}
# CHECK-NEXT: offs = tl.max_constancy(pid * BLOCK + tl.arange(0, BLOCK), n)
# CHECK-NEXT: {{^ {11}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = tl.max_constancy(pid * BLOCK + tl.arange(0, BLOCK), n)
    tl.store(x_ptr + offs, 1.0)

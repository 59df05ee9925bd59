# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}builtin_too_many_args.py:11:11: error: program_id() takes at most 1 positional argument
# CHECK-NEXT: pid = tl.program_id(0, 1)
# CHECK-NEXT: {{^ {10}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0, 1)

# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}recursion_too_deep.py:11:16: error: calls nested too deeply (recursion through 'fact'?)
# CHECK-NEXT: return x * fact(x - 1)
# CHECK-NEXT: {{^ {15}\^}}
import triton
import triton.language as tl


@triton.jit
def fact(x):
    return x * fact(x - 1)


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, fact(n))

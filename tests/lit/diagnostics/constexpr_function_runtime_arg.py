# RUN: not %kcc --emit=kir --signature 'out_ptr=*i32,n=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}constexpr_function_runtime_arg.py:17:23: error: constexpr function 'twice' called with a runtime value (tensor of type int32): its arguments must be constexprs
# CHECK-NEXT: B: tl.constexpr = twice(n)
# CHECK-NEXT: {{^ {22}\^}}
import triton
import triton.language as tl


@triton.constexpr_function
def twice(n):
    return n * 2


@triton.jit
def kernel(out_ptr, n):
    # a compile-time helper cannot see a runtime argument
    B: tl.constexpr = twice(n)
    tl.store(out_ptr, B)

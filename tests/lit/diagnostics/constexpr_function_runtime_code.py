# RUN: not %kcc --emit=kir --signature 'out_ptr=*i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}constexpr_function_runtime_code.py:16:9: error: constexpr function 'offsets' produced runtime code: it may only compute on constexprs (numbers, strings, dtypes, tuples)
# CHECK-NEXT: o = offsets(16)
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@tl.constexpr
def offsets(n):
    return tl.arange(0, n)


@triton.jit
def kernel(out_ptr):
    o = offsets(16)
    tl.store(out_ptr + o, o)

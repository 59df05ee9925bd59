# RUN: not %kcc --emit=kir --signature 'out_ptr=*i32,n=i32' %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}loop_constexpr_tuple_changes.py:15:9: error: variable 't' is a tuple before this runtime loop and changes in it: constexpr values cannot change from one iteration to the next (start it from runtime values)
# CHECK-NEXT: t = (t[1], t[0] + t[1])
# CHECK-NEXT: {{^ {8}\^}}
# CHECK: {{.*}}loop_constexpr_tuple_changes.py:14:5: note: the loop starts here
import triton
import triton.language as tl


@triton.jit
def kernel(out_ptr, n):
    # a tuple of constexprs would silently keep its first value after the loop
    t = (0, 1)
    for _ in range(n):
        t = (t[1], t[0] + t[1])
    tl.store(out_ptr, t[0])

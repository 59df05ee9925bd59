# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}assign_to_call.py:4:5: error: cannot assign to function call
# A call is not an assignment target.
x = f(y) = 1

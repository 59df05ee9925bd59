# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}duplicate_argument.py:4:13: error: duplicate argument 'a' in function definition
# Parameter names are unique.
def f(a, b, a):
    pass

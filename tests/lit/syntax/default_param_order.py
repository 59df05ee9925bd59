# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}default_param_order.py:4:12: error: parameter without a default follows parameter with a default
# After a parameter with a default, every positional parameter needs one.
def f(a=1, b):
    pass

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}positional_after_keyword.py:4:8: error: positional argument follows keyword argument
# Positional arguments come before keyword arguments.
f(x=1, 2)

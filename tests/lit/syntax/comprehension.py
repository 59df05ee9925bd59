# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}comprehension.py:4:12: error: comprehensions are not supported
# List comprehensions and generator expressions are not supported.
x = [i * 2 for i in range(4)]

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}ternary_without_else.py:4:11: error: expected 'else' after 'if' expression
# A conditional expression needs its else part.
x = a if b

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}mismatched_bracket.py:4:10: error: closing parenthesis ')' does not match opening parenthesis '['
# A closing bracket must match the innermost open one.
x = [1, 2)

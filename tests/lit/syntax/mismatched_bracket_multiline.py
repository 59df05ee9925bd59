# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}mismatched_bracket_multiline.py:5:7: error: closing parenthesis ')' does not match opening parenthesis '[' on line 4
# The mismatch names the line of the opening bracket when it differs.
x = [1,
     2)

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}invalid_binary_digit.py:4:10: error: invalid digit '2' in binary literal
# Binary literals only have the digits 0 and 1.
x = 0b1012

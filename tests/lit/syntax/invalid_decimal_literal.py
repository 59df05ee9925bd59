# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}invalid_decimal_literal.py:4:5: error: invalid decimal literal
# An underscore in a number must sit between two digits.
x = 1_000_

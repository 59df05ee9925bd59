# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}leading_zero_int.py:4:5: error: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers
# Decimal integers other than 0 cannot start with 0 (no C-style octal).
x = 0777

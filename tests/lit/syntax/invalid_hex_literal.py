# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}invalid_hex_literal.py:4:5: error: invalid hexadecimal literal
# 0x needs at least one hexadecimal digit.
x = 0xZZ

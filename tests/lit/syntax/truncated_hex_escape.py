# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}truncated_hex_escape.py:4:8: error: truncated \xXX escape
# \x takes exactly two hexadecimal digits.
s = 'ab\x4g'

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unexpected_indent.py:5:5: error: unexpected indent
# Indentation only follows a line ending in ':'.
x = 1
    y = 2

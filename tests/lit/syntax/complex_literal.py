# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}complex_literal.py:4:9: error: complex literals are not supported
# Imaginary literals are outside the kernel language.
x = 1 + 2j

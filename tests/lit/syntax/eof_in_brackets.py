# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}eof_in_brackets.py:4:8: error: '(' was never closed
# A bracket still open at the end of the file is reported where it was opened.
x = foo(1,
        2

y = 3

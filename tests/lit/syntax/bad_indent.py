# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}bad_indent.py:6:3: error: unindent does not match any outer indentation level
# A dedent must return to an indentation level that is open.
def f():
    x = 1
  y = 2

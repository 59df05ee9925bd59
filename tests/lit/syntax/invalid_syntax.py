# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}invalid_syntax.py:4:7: error: invalid syntax
# Two expressions in a row are not a statement.
x = 1 2

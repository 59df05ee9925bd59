# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}else_without_if.py:5:1: error: invalid syntax
# 'else' must follow an if, for or while body.
x = 1
else:
    pass

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}set_literal.py:4:6: error: set literals are not supported
# Braces make dicts only ({key: value}).
x = {1, 2}

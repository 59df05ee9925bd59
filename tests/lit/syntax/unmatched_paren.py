# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unmatched_paren.py:4:12: error: unmatched ')'
# A closing bracket needs an opening one.
x = (1 + 2))

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}missing_comma.py:4:14: error: invalid syntax. Perhaps you forgot a comma?
# Inside brackets, an expression directly after another suggests a missing comma.
tl.store(ptr offs)

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}bang_alone.py:4:4: error: invalid character '!' (U+0021)
# '!' only exists as part of '!='.
if !x:
    pass

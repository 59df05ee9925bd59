# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unsupported_with.py:4:1: error: unsupported statement 'with'
# 'with' is outside the kernel language.
with open('f') as g:
    pass

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}walrus.py:4:7: error: assignment expressions (':=') are not supported
# Assignment expressions are not supported.
if (n := 4) > 2:
    pass

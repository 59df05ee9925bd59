# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}missing_colon.py:4:9: error: expected ':'
# A compound statement's header ends with ':' (reported just after the header).
def f(x)
    return x

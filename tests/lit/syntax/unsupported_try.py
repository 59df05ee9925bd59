# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unsupported_try.py:5:5: error: unsupported statement 'try'
# 'try' is outside the kernel language.
def f():
    try:
        pass
    except Exception:
        pass

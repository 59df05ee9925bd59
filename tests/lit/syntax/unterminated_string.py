# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unterminated_string.py:5:5: error: unterminated string literal (detected at line 5)
# A single- or double-quoted string must end on the line it starts.
x = 1
s = 'abc
y = 2

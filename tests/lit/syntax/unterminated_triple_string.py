# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unterminated_triple_string.py:5:5: error: unterminated triple-quoted string literal (detected at line 8)
# A triple-quoted string must be closed before the end of the file.
x = 1
s = """abc

y = 2

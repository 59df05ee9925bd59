# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}unterminated_raw_string.py:4:5: error: unterminated string literal (detected at line 4)
# In a raw string a backslash still escapes the quote, so r'abc\' is unterminated.
s = r'abc\'

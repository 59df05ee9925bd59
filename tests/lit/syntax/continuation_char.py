# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}continuation_char.py:4:9: error: unexpected character after line continuation character
# A backslash continues a line only when it is the last character.
x = 1 + \ 2

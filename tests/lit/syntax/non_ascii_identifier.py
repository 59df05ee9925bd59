# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}non_ascii_identifier.py:6:4: error: invalid character 'é' (U+00E9)
# Identifiers are ASCII; other characters are allowed only in strings and comments.
# café in a comment is fine
s = 'café'
café = 1

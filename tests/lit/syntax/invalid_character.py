# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}invalid_character.py:4:7: error: invalid character '$' (U+0024)
# Characters that are not part of the language are reported with their code point.
x = a $ b

# RUN: %kcc --emit=ast %s | FileCheck %s
# RUN: printf '' > %t.py
# RUN: %kcc --emit=ast %t.py | FileCheck %s
# RUN: %kcc --emit=tokens %t.py | FileCheck %s --check-prefix=TOKENS
# CHECK: (Module 1:1)
# TOKENS: 1:1 EOF ''
# TOKENS-NOT: NEWLINE

# A file of comments and blank lines, and a truly empty one, are empty modules.

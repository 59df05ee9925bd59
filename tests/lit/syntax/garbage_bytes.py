# RUN: printf '\x00\xff\xfe' > %t.py
# RUN: not %kcc --emit=ast %t.py 2>&1 | FileCheck %s
# CHECK: {{.*}}.py:1:1: error: source code cannot contain null bytes
# RUN: printf 'x = \xff\xfe\n' > %t2.py
# RUN: not %kcc --emit=tokens %t2.py 2>&1 | FileCheck %s --check-prefix=UTF8
# UTF8: {{.*}}.py:1:5: error: invalid UTF-8 byte 0xff
# RUN: printf 'x = 1\ry = 2\n' > %t3.py
# RUN: not %kcc --emit=ast %t3.py 2>&1 | FileCheck %s --check-prefix=CR
# CR: {{.*}}.py:1:6: error: invalid non-printable character U+000D
# Arbitrary bytes are a located error, never a crash.

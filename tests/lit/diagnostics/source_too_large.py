# Sources over 16 MiB are refused with both sizes named: a file by its size, an endless one
# (/dev/zero) after reading 16 MiB + 1 bytes instead of reading until memory runs out.
# RUN: %python -c "import sys; sys.stdout.write('#' * (17 << 20))" > %t.py
# RUN: not %kcc --emit=kir %t.py 2>&1 | FileCheck %s --check-prefix=FILE
# FILE: kcc: error: {{.*}}.py: the source is 17825792 bytes, more than the limit of 16777216 bytes (16 MiB)
# RUN: not %kcc --emit=kir /dev/zero 2>&1 | FileCheck %s --check-prefix=ZERO
# ZERO: kcc: error: /dev/zero: the source is at least 16777217 bytes, more than the limit of 16777216 bytes (16 MiB)
# RUN: %python -c "import sys; sys.stdout.write('#\n' * (8 << 20))" > %t.ok.py
# RUN: not %kcc --emit=kir %t.ok.py 2>&1 | FileCheck %s --check-prefix=LIMIT
# LIMIT-NOT: limit
# LIMIT: error: no @triton.jit kernel

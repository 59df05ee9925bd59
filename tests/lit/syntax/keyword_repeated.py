# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}keyword_repeated.py:4:20: error: keyword argument repeated: mask
# A keyword argument may be given once.
tl.load(p, mask=m, mask=n)

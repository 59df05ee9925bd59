# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}named_unicode_escape.py:4:6: error: \N{...} escapes are not supported
# \N{...} escapes need the Unicode name database, which kcc does not carry.
s = '\N{BULLET}'

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}bytes_mix.py:4:9: error: cannot mix bytes and nonbytes literals
# Adjacent literals concatenate only when all are bytes or none is.
s = 'a' b'b'

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}compound_on_one_line.py:4:7: error: invalid syntax
# Only simple statements can follow ':' on the header line.
if x: for i in y: pass

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}expected_indented_block_eof.py:5:1: error: expected an indented block after 'for' statement on line 4
# A header at the end of the file still needs a body.
for i in range(4):

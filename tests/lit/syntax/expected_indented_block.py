# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}expected_indented_block.py:5:1: error: expected an indented block after function definition on line 4
# A compound statement's header ending in ':' needs an indented body.
def f():
return 1

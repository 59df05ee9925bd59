# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}augassign_to_tuple.py:4:1: error: 'tuple' is an illegal expression for augmented assignment
# Augmented assignment takes a single target.
a, b += 1

# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}assign_to_literal.py:4:1: error: cannot assign to literal
# Only names, attributes, subscripts and tuples/lists of them can be assigned.
1 = x

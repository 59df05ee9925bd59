# RUN: %python -c "print('x = ' + '+'.join(['1'] * 50000))" > %t.py
# RUN: %kcc --emit=ast %t.py | FileCheck %s
# CHECK: (Module 1:1
# CHECK-NEXT:   (Assign 1:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 1:1 name='x'))
# CHECK-NEXT:     (BinOp 1:5 op='+'
# CHECK-NEXT:       (BinOp 1:5 op='+'
# CHECK: (Int 1:100001 value=1))
# CHECK-NEXT: (Int 1:100003 value=1))))
# A 50,000-term left-associative sum parses (in a loop, not by recursion) and dumps (with an
# explicit stack, indentation capped so that the output stays linear in size).

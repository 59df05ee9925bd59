# RUN: %python -c "print(''.join(' '*i + 'if x:\n' for i in range(101)) + ' '*102 + 'pass')" > %t.py
# RUN: not %kcc --emit=ast %t.py 2>&1 | FileCheck %s
# CHECK: {{.*}}.py:102:103: error: too many levels of indentation
# At most 100 indentation levels are open at once (CPython's limit).

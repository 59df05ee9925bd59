# RUN: %python -c "print('x = ' + '9' * 5000)" > %t.py
# RUN: not %kcc --emit=ast %t.py 2>&1 | FileCheck %s
# CHECK: {{.*}}.py:1:5: error: integer literal is too long (more than 4300 digits)
# Integer literals have at most 4300 digits (CPython's int_max_str_digits); larger but shorter
# ones are kept exactly (see tokens_numbers.py).

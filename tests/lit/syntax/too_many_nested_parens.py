# RUN: %python -c "print('x = ' + '('*10000 + '1' + ')'*10000)" > %t.py
# RUN: not %kcc --emit=ast %t.py 2>&1 | FileCheck %s
# CHECK: {{.*}}.py:1:205: error: too many nested parentheses
# Brackets nest at most 200 deep (CPython's limit): 10,000 of them are a located error from the
# lexer, not a stack overflow.

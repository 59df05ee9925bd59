# RUN: %python -c "print('x = ' + '-'*10000 + '1')" > %t.py
# RUN: not %kcc --emit=ast %t.py 2>&1 | FileCheck %s
# CHECK: {{.*}}.py:1:205: error: nesting too deep
# RUN: %python -c "print('y = ' + '('*200 + '1' + ')'*200)" > %t2.py
# RUN: not %kcc --emit=ast %t2.py 2>&1 | FileCheck %s --check-prefix=PARENS
# PARENS: {{.*}}.py:1:205: error: nesting too deep
# RUN: %python -c "print('z = 2' + '**2'*5000)" > %t3.py
# RUN: not %kcc --emit=ast %t3.py 2>&1 | FileCheck %s --check-prefix=POWER
# POWER: {{.*}}.py:1:{{[0-9]+}}: error: nesting too deep
# The parser's recursion is bounded by PARSE_MAX_DEPTH (200): 10,000 nested unary minus signs,
# 200 nested parentheses (within the lexer's limit) or 5,000 right-associative '**' are a located
# error, not a stack overflow.

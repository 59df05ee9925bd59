# RUN: %kcc --emit=ast %s | FileCheck %s
# One-clause list comprehensions and generator expressions parse (kernels evaluate them at compile
# time over a constexpr range or a tuple); a second 'for' clause is an error (tests/unit/test_parse.c).
# CHECK: (Comprehension 8:6
# CHECK: (Comprehension 9:11
# CHECK: (Comprehension 10:6
# CHECK-NOT: error
x = [i * 2 for i in range(4) if i != 1]
y = tuple(v + 1 for v in x)
z = (a for a, b in x)

# RUN: %kcc --emit=tokens %s | FileCheck %s
# String literals: quotes, triple quotes, prefixes, escape decoding (not in raw strings or
# f-strings) and the concatenation of adjacent literals, also across lines inside brackets.
a = 'single' "double"
b = '''triple
quoted''' """x"""
c = r'\n\d' R"raw\"quote"
d = b'\x41\102\n' rb'\x41'
e = '\t\\\'\"\x41\101\0\u00e9' u'x'
f = f'{x:>{w}}\n' 'tail'
g = ('joined '
     "across lines")
h = 'a\
b'
# CHECK: 4:1 NAME 'a'
# CHECK-NEXT: 4:3 OP '='
# CHECK-NEXT: 4:5 STRING 'singledouble'
# CHECK-NEXT: 4:22 NEWLINE ''
# CHECK-NEXT: 5:1 NAME 'b'
# CHECK-NEXT: 5:3 OP '='
# CHECK-NEXT: 5:5 STRING 'triple\nquotedx'
# CHECK-NEXT: 6:18 NEWLINE ''
# CHECK-NEXT: 7:1 NAME 'c'
# CHECK-NEXT: 7:3 OP '='
# CHECK-NEXT: 7:5 STRING '\\n\\draw\\"quote'
# CHECK-NEXT: 7:26 NEWLINE ''
# CHECK-NEXT: 8:1 NAME 'd'
# CHECK-NEXT: 8:3 OP '='
# CHECK-NEXT: 8:5 STRING 'AB\n\\x41'
# CHECK-NEXT: 8:27 NEWLINE ''
# CHECK-NEXT: 9:1 NAME 'e'
# CHECK-NEXT: 9:3 OP '='
# CHECK-NEXT: 9:5 STRING '\t\\\'"AA\x00\xc3\xa9x'
# CHECK-NEXT: 9:36 NEWLINE ''
# CHECK-NEXT: 10:1 NAME 'f'
# CHECK-NEXT: 10:3 OP '='
# CHECK-NEXT: 10:5 STRING '{x:>{w}}\\ntail'
# CHECK-NEXT: 10:25 NEWLINE ''
# CHECK-NEXT: 11:1 NAME 'g'
# CHECK-NEXT: 11:3 OP '='
# CHECK-NEXT: 11:5 OP '('
# CHECK-NEXT: 11:6 STRING 'joined across lines'
# CHECK-NEXT: 12:20 OP ')'
# CHECK-NEXT: 12:21 NEWLINE ''
# CHECK-NEXT: 13:1 NAME 'h'
# CHECK-NEXT: 13:3 OP '='
# CHECK-NEXT: 13:5 STRING 'ab'
# CHECK-NEXT: 14:3 NEWLINE ''
# CHECK: EOF ''

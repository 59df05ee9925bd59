# RUN: %kcc --emit=ast %s | FileCheck %s
# Python's precedence and associativity: ** binds tighter than a unary minus on its left and is
# right-associative; comparisons chain; 'not' is looser than comparisons; and/or are n-ary;
# the conditional expression is loosest; subscripts take slices and tuples.
a = -x**2
b = 2**3**2
c = 1 - 2 - 3 * 4 // 5 % 6
d = x | y ^ z & w << 1 + 2
e = not a < b <= c or d and e or f
g = p if q else r if s else t
h = acc[:, None] * w[None, :] + v[1:n:2, ...]
i = (1, 2)[0], (), (x,), [1, 2]
j = {'BLOCK': 128, 'num_warps': 4}
k = lambda meta: (meta['B'],)
l = a is not b not in c
# CHECK: (Module 1:1
# CHECK-NEXT:   (Assign 5:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 5:1 name='a'))
# CHECK-NEXT:     (Unary 5:5 op='-'
# CHECK-NEXT:       (BinOp 5:6 op='**'
# CHECK-NEXT:         (Name 5:6 name='x')
# CHECK-NEXT:         (Int 5:9 value=2))))
# CHECK-NEXT:   (Assign 6:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 6:1 name='b'))
# CHECK-NEXT:     (BinOp 6:5 op='**'
# CHECK-NEXT:       (Int 6:5 value=2)
# CHECK-NEXT:       (BinOp 6:8 op='**'
# CHECK-NEXT:         (Int 6:8 value=3)
# CHECK-NEXT:         (Int 6:11 value=2))))
# CHECK-NEXT:   (Assign 7:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 7:1 name='c'))
# CHECK-NEXT:     (BinOp 7:5 op='-'
# CHECK-NEXT:       (BinOp 7:5 op='-'
# CHECK-NEXT:         (Int 7:5 value=1)
# CHECK-NEXT:         (Int 7:9 value=2))
# CHECK-NEXT:       (BinOp 7:13 op='%'
# CHECK-NEXT:         (BinOp 7:13 op='//'
# CHECK-NEXT:           (BinOp 7:13 op='*'
# CHECK-NEXT:             (Int 7:13 value=3)
# CHECK-NEXT:             (Int 7:17 value=4))
# CHECK-NEXT:           (Int 7:22 value=5))
# CHECK-NEXT:         (Int 7:26 value=6))))
# CHECK-NEXT:   (Assign 8:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 8:1 name='d'))
# CHECK-NEXT:     (BinOp 8:5 op='|'
# CHECK-NEXT:       (Name 8:5 name='x')
# CHECK-NEXT:       (BinOp 8:9 op='^'
# CHECK-NEXT:         (Name 8:9 name='y')
# CHECK-NEXT:         (BinOp 8:13 op='&'
# CHECK-NEXT:           (Name 8:13 name='z')
# CHECK-NEXT:           (BinOp 8:17 op='<<'
# CHECK-NEXT:             (Name 8:17 name='w')
# CHECK-NEXT:             (BinOp 8:22 op='+'
# CHECK-NEXT:               (Int 8:22 value=1)
# CHECK-NEXT:               (Int 8:26 value=2)))))))
# CHECK-NEXT:   (Assign 9:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 9:1 name='e'))
# CHECK-NEXT:     (BoolOp 9:5 op='or'
# CHECK-NEXT:       (Unary 9:5 op='not'
# CHECK-NEXT:         (Compare 9:9 ops=['<', '<=']
# CHECK-NEXT:           (Name 9:9 name='a')
# CHECK-NEXT:           (Name 9:13 name='b')
# CHECK-NEXT:           (Name 9:18 name='c')))
# CHECK-NEXT:       (BoolOp 9:23 op='and'
# CHECK-NEXT:         (Name 9:23 name='d')
# CHECK-NEXT:         (Name 9:29 name='e'))
# CHECK-NEXT:       (Name 9:34 name='f')))
# CHECK-NEXT:   (Assign 10:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 10:1 name='g'))
# CHECK-NEXT:     (IfExp 10:5
# CHECK-NEXT:       (test
# CHECK-NEXT:         (Name 10:10 name='q'))
# CHECK-NEXT:       (body
# CHECK-NEXT:         (Name 10:5 name='p'))
# CHECK-NEXT:       (orelse
# CHECK-NEXT:         (IfExp 10:17
# CHECK-NEXT:           (test
# CHECK-NEXT:             (Name 10:22 name='s'))
# CHECK-NEXT:           (body
# CHECK-NEXT:             (Name 10:17 name='r'))
# CHECK-NEXT:           (orelse
# CHECK-NEXT:             (Name 10:29 name='t'))))))
# CHECK-NEXT:   (Assign 11:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 11:1 name='h'))
# CHECK-NEXT:     (BinOp 11:5 op='+'
# CHECK-NEXT:       (BinOp 11:5 op='*'
# CHECK-NEXT:         (Subscript 11:5
# CHECK-NEXT:           (Name 11:5 name='acc')
# CHECK-NEXT:           (Tuple 11:9
# CHECK-NEXT:             (Slice 11:9)
# CHECK-NEXT:             (None 11:12)))
# CHECK-NEXT:         (Subscript 11:20
# CHECK-NEXT:           (Name 11:20 name='w')
# CHECK-NEXT:           (Tuple 11:22
# CHECK-NEXT:             (None 11:22)
# CHECK-NEXT:             (Slice 11:28))))
# CHECK-NEXT:       (Subscript 11:33
# CHECK-NEXT:         (Name 11:33 name='v')
# CHECK-NEXT:         (Tuple 11:35
# CHECK-NEXT:           (Slice 11:35
# CHECK-NEXT:             (lower
# CHECK-NEXT:               (Int 11:35 value=1))
# CHECK-NEXT:             (upper
# CHECK-NEXT:               (Name 11:37 name='n'))
# CHECK-NEXT:             (step
# CHECK-NEXT:               (Int 11:39 value=2)))
# CHECK-NEXT:           (Ellipsis 11:42)))))
# CHECK-NEXT:   (Assign 12:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 12:1 name='i'))
# CHECK-NEXT:     (Tuple 12:5
# CHECK-NEXT:       (Subscript 12:5
# CHECK-NEXT:         (Tuple 12:5
# CHECK-NEXT:           (Int 12:6 value=1)
# CHECK-NEXT:           (Int 12:9 value=2))
# CHECK-NEXT:         (Int 12:12 value=0))
# CHECK-NEXT:       (Tuple 12:16)
# CHECK-NEXT:       (Tuple 12:20
# CHECK-NEXT:         (Name 12:21 name='x'))
# CHECK-NEXT:       (List 12:26
# CHECK-NEXT:         (Int 12:27 value=1)
# CHECK-NEXT:         (Int 12:30 value=2))))
# CHECK-NEXT:   (Assign 13:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 13:1 name='j'))
# CHECK-NEXT:     (Dict 13:5
# CHECK-NEXT:       (keys
# CHECK-NEXT:         (String 13:6 value='BLOCK')
# CHECK-NEXT:         (String 13:20 value='num_warps'))
# CHECK-NEXT:       (values
# CHECK-NEXT:         (Int 13:15 value=128)
# CHECK-NEXT:         (Int 13:33 value=4))))
# CHECK-NEXT:   (Assign 14:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 14:1 name='k'))
# CHECK-NEXT:     (Lambda 14:5
# CHECK-NEXT:       (params
# CHECK-NEXT:         (Param 14:12 name='meta'))
# CHECK-NEXT:       (Tuple 14:18
# CHECK-NEXT:         (Subscript 14:19
# CHECK-NEXT:           (Name 14:19 name='meta')
# CHECK-NEXT:           (String 14:24 value='B')))))
# CHECK-NEXT:   (Assign 15:1
# CHECK-NEXT:     (targets
# CHECK-NEXT:       (Name 15:1 name='l'))
# CHECK-NEXT:     (Compare 15:5 ops=['is not', 'not in']
# CHECK-NEXT:       (Name 15:5 name='a')
# CHECK-NEXT:       (Name 15:14 name='b')
# CHECK-NEXT:       (Name 15:23 name='c'))))

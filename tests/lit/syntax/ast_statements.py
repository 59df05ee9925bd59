# RUN: %kcc --emit=ast %s | FileCheck %s
# Every statement form: chained and tuple assignment, augmented and annotated assignment,
# if/elif/else (elif is an If alone in orelse), for/else, while/else, one-line bodies,
# ';'-separated statements, return/pass/break/continue/assert/raise/global/del.
def f(a, b=1, *args, c: int = 2, **kw):
    x = y = a
    (p, q), r = a, b
    x[0] += 1; x.y **= 2
    z: tl.constexpr = 3
    if a: pass
    elif b:
        return
    else:
        return a, b
    for i in range(4):
        continue
    else:
        pass
    while x < 10:
        break
    else:
        pass
    assert a, 'message'
    raise ValueError('bad') from None
    global g
    del x[0], y
# CHECK: (Module 1:1
# CHECK-NEXT:   (Function 5:1 name='f'
# CHECK-NEXT:     (params
# CHECK-NEXT:       (Param 5:7 name='a')
# CHECK-NEXT:       (Param 5:10 name='b'
# CHECK-NEXT:         (default
# CHECK-NEXT:           (Int 5:12 value=1)))
# CHECK-NEXT:       (Param 5:15 name='args' star='*')
# CHECK-NEXT:       (Param 5:22 name='c'
# CHECK-NEXT:         (annotation
# CHECK-NEXT:           (Name 5:25 name='int'))
# CHECK-NEXT:         (default
# CHECK-NEXT:           (Int 5:31 value=2)))
# CHECK-NEXT:       (Param 5:34 name='kw' star='**'))
# CHECK-NEXT:     (body
# CHECK-NEXT:       (Assign 6:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 6:5 name='x')
# CHECK-NEXT:           (Name 6:9 name='y'))
# CHECK-NEXT:         (Name 6:13 name='a'))
# CHECK-NEXT:       (Assign 7:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Tuple 7:5
# CHECK-NEXT:             (Tuple 7:5
# CHECK-NEXT:               (Name 7:6 name='p')
# CHECK-NEXT:               (Name 7:9 name='q'))
# CHECK-NEXT:             (Name 7:13 name='r')))
# CHECK-NEXT:         (Tuple 7:17
# CHECK-NEXT:           (Name 7:17 name='a')
# CHECK-NEXT:           (Name 7:20 name='b')))
# CHECK-NEXT:       (AugAssign 8:5 op='+'
# CHECK-NEXT:         (Subscript 8:5
# CHECK-NEXT:           (Name 8:5 name='x')
# CHECK-NEXT:           (Int 8:7 value=0))
# CHECK-NEXT:         (Int 8:13 value=1))
# CHECK-NEXT:       (AugAssign 8:16 op='**'
# CHECK-NEXT:         (Attr 8:16 name='y'
# CHECK-NEXT:           (Name 8:16 name='x'))
# CHECK-NEXT:         (Int 8:24 value=2))
# CHECK-NEXT:       (AnnAssign 9:5
# CHECK-NEXT:         (Name 9:5 name='z')
# CHECK-NEXT:         (annotation
# CHECK-NEXT:           (Attr 9:8 name='constexpr'
# CHECK-NEXT:             (Name 9:8 name='tl')))
# CHECK-NEXT:         (value
# CHECK-NEXT:           (Int 9:23 value=3)))
# CHECK-NEXT:       (If 10:5
# CHECK-NEXT:         (Name 10:8 name='a')
# CHECK-NEXT:         (body
# CHECK-NEXT:           (Pass 10:11))
# CHECK-NEXT:         (orelse
# CHECK-NEXT:           (If 11:5
# CHECK-NEXT:             (Name 11:10 name='b')
# CHECK-NEXT:             (body
# CHECK-NEXT:               (Return 12:9))
# CHECK-NEXT:             (orelse
# CHECK-NEXT:               (Return 14:9
# CHECK-NEXT:                 (Tuple 14:16
# CHECK-NEXT:                   (Name 14:16 name='a')
# CHECK-NEXT:                   (Name 14:19 name='b')))))))
# CHECK-NEXT:       (For 15:5
# CHECK-NEXT:         (Name 15:9 name='i')
# CHECK-NEXT:         (Call 15:14
# CHECK-NEXT:           (Name 15:14 name='range')
# CHECK-NEXT:           (Int 15:20 value=4))
# CHECK-NEXT:         (body
# CHECK-NEXT:           (Continue 16:9))
# CHECK-NEXT:         (orelse
# CHECK-NEXT:           (Pass 18:9)))
# CHECK-NEXT:       (While 19:5
# CHECK-NEXT:         (Compare 19:11 ops=['<']
# CHECK-NEXT:           (Name 19:11 name='x')
# CHECK-NEXT:           (Int 19:15 value=10))
# CHECK-NEXT:         (body
# CHECK-NEXT:           (Break 20:9))
# CHECK-NEXT:         (orelse
# CHECK-NEXT:           (Pass 22:9)))
# CHECK-NEXT:       (Assert 23:5
# CHECK-NEXT:         (Name 23:12 name='a')
# CHECK-NEXT:         (msg
# CHECK-NEXT:           (String 23:15 value='message')))
# CHECK-NEXT:       (Raise 24:5
# CHECK-NEXT:         (Call 24:11
# CHECK-NEXT:           (Name 24:11 name='ValueError')
# CHECK-NEXT:           (String 24:22 value='bad'))
# CHECK-NEXT:         (from
# CHECK-NEXT:           (None 24:34)))
# CHECK-NEXT:       (Global 25:5 kind='global'
# CHECK-NEXT:         (Name 25:12 name='g'))
# CHECK-NEXT:       (Del 26:5
# CHECK-NEXT:         (Subscript 26:9
# CHECK-NEXT:           (Name 26:9 name='x')
# CHECK-NEXT:           (Int 26:11 value=0))
# CHECK-NEXT:         (Name 26:15 name='y')))))

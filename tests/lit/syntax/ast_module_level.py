# RUN: %kcc --emit=ast %s | FileCheck %s
# Module level: imports (from-imports keep their module, aliases are kept), decorators that are
# arbitrary expressions (autotune configs with dict literals), classes, and host code.
from triton.language import core as c, math
from . import (utils,)


@triton.autotune(configs=[triton.Config({'BLOCK': 64}, num_warps=2)], key=['n'])
@triton.jit(do_not_specialize=["n"])
def kernel(x, n, BLOCK: tl.constexpr = 128, /, *, extra=None) -> None:
    pass


class Helper(Base):
    scale = 2.0

    def method(self):
        return self.scale


if __name__ == "__main__":
    kernel[(4,)](x, n)
# CHECK: (Module 1:1
# CHECK-NEXT:   (Import 4:1 from='triton.language'
# CHECK-NEXT:     (Name 4:29 name='core' as='c')
# CHECK-NEXT:     (Name 4:40 name='math'))
# CHECK-NEXT:   (Import 5:1 from='.'
# CHECK-NEXT:     (Name 5:16 name='utils'))
# CHECK-NEXT:   (Function 10:1 name='kernel'
# CHECK-NEXT:     (decorators
# CHECK-NEXT:       (Call 8:2
# CHECK-NEXT:         (Attr 8:2 name='autotune'
# CHECK-NEXT:           (Name 8:2 name='triton'))
# CHECK-NEXT:         (Keyword 8:18 name='configs'
# CHECK-NEXT:           (List 8:26
# CHECK-NEXT:             (Call 8:27
# CHECK-NEXT:               (Attr 8:27 name='Config'
# CHECK-NEXT:                 (Name 8:27 name='triton'))
# CHECK-NEXT:               (Dict 8:41
# CHECK-NEXT:                 (keys
# CHECK-NEXT:                   (String 8:42 value='BLOCK'))
# CHECK-NEXT:                 (values
# CHECK-NEXT:                   (Int 8:51 value=64)))
# CHECK-NEXT:               (Keyword 8:56 name='num_warps'
# CHECK-NEXT:                 (Int 8:66 value=2)))))
# CHECK-NEXT:         (Keyword 8:71 name='key'
# CHECK-NEXT:           (List 8:75
# CHECK-NEXT:             (String 8:76 value='n'))))
# CHECK-NEXT:       (Call 9:2
# CHECK-NEXT:         (Attr 9:2 name='jit'
# CHECK-NEXT:           (Name 9:2 name='triton'))
# CHECK-NEXT:         (Keyword 9:13 name='do_not_specialize'
# CHECK-NEXT:           (List 9:31
# CHECK-NEXT:             (String 9:32 value='n')))))
# CHECK-NEXT:     (params
# CHECK-NEXT:       (Param 10:12 name='x')
# CHECK-NEXT:       (Param 10:15 name='n')
# CHECK-NEXT:       (Param 10:18 name='BLOCK'
# CHECK-NEXT:         (annotation
# CHECK-NEXT:           (Attr 10:25 name='constexpr'
# CHECK-NEXT:             (Name 10:25 name='tl')))
# CHECK-NEXT:         (default
# CHECK-NEXT:           (Int 10:40 value=128)))
# CHECK-NEXT:       (Param 10:51 name='extra'
# CHECK-NEXT:         (default
# CHECK-NEXT:           (None 10:57))))
# CHECK-NEXT:     (returns
# CHECK-NEXT:       (None 10:66))
# CHECK-NEXT:     (body
# CHECK-NEXT:       (Pass 11:5)))
# CHECK-NEXT:   (Class 14:1 name='Helper'
# CHECK-NEXT:     (bases
# CHECK-NEXT:       (Name 14:14 name='Base'))
# CHECK-NEXT:     (body
# CHECK-NEXT:       (Assign 15:5
# CHECK-NEXT:         (targets
# CHECK-NEXT:           (Name 15:5 name='scale'))
# CHECK-NEXT:         (Float 15:13 value=2))
# CHECK-NEXT:       (Function 17:5 name='method'
# CHECK-NEXT:         (params
# CHECK-NEXT:           (Param 17:16 name='self'))
# CHECK-NEXT:         (body
# CHECK-NEXT:           (Return 18:9
# CHECK-NEXT:             (Attr 18:16 name='scale'
# CHECK-NEXT:               (Name 18:16 name='self')))))))
# CHECK-NEXT:   (If 21:1
# CHECK-NEXT:     (Compare 21:4 ops=['==']
# CHECK-NEXT:       (Name 21:4 name='__name__')
# CHECK-NEXT:       (String 21:16 value='__main__'))
# CHECK-NEXT:     (body
# CHECK-NEXT:       (ExprStmt 22:5
# CHECK-NEXT:         (Call 22:5
# CHECK-NEXT:           (Subscript 22:5
# CHECK-NEXT:             (Name 22:5 name='kernel')
# CHECK-NEXT:             (Tuple 22:12
# CHECK-NEXT:               (Int 22:13 value=4)))
# CHECK-NEXT:           (Name 22:18 name='x')
# CHECK-NEXT:           (Name 22:21 name='n'))))))

# Postfix chains of 100,000 links ([0], .to(...), attributes, calls) end in a located error
# instead of a stack overflow in the generator (the parser reads them iteratively).
# RUN: %python %s sub > %t.sub.py
# RUN: not %kcc --emit=kir --signature 'X=*fp32' %t.sub.py 2>&1 | FileCheck %s --check-prefix=SUB
# RUN: %python %s to > %t.to.py
# RUN: not %kcc --emit=kir --signature 'X=*fp32' %t.to.py 2>&1 | FileCheck %s --check-prefix=CHAIN
# RUN: %python %s attr > %t.attr.py
# RUN: not %kcc --emit=kir --signature 'X=*fp32' %t.attr.py 2>&1 | FileCheck %s --check-prefix=CHAIN
# RUN: %python %s call > %t.call.py
# RUN: not %kcc --emit=kir --signature 'X=*fp32' %t.call.py 2>&1 | FileCheck %s --check-prefix=CHAIN
# SUB: sub.py:8:9: error: expression too deeply nested (more than 1000 levels)
# SUB-NEXT: y = t[0][0][0]
# SUB-NEXT: {{^        \^$}}
# CHAIN: .py:7:9: error: expression too deeply nested (more than 1000 levels)
# CHAIN-NEXT: {{^    y = (x\.|tl\.float32)}}
# CHAIN-NEXT: {{^        \^$}}
import sys

N = 100000
link = {"sub": "[0]", "to": ".to(tl.float32)", "attr": ".T", "call": "(x)"}[sys.argv[1]]
start = {"sub": "    t = (x,)\n    y = t", "call": "    y = tl.float32"}.get(sys.argv[1], "    y = x")
sys.stdout.write("import triton\nimport triton.language as tl\n\n@triton.jit\ndef k(X):\n"
                 "    x = tl.load(X)\n" + start + link * N + "\n")

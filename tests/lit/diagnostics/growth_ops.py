# A kernel whose unrolled code exceeds GEN_MAX_OPS operations is refused where the op that
# crosses the limit is generated.
# RUN: %python %s > %t.py
# RUN: not %kcc --emit=kir --signature 'X=*fp32' %t.py 2>&1 | FileCheck %s
# CHECK: .py:9:{{[0-9]+}}: error: the kernel needs more than 1000000 operations (unrolled loops or inlined calls grow too much)
# CHECK-NEXT: {{^        x = x \+ 1 \+ 1}}
print("import triton\nimport triton.language as tl\n\n@triton.jit\ndef k(X):\n"
      "    x = tl.load(X)\n    for i in tl.static_range(4096):\n        y = i\n"
      "        x = x" + " + 1" * 300 + "\n    tl.store(X, x)")

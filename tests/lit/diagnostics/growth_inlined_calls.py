# Helpers that call each other twice per level inline 2^40 calls: refused at the call site once
# the kernel has inlined GEN_MAX_INLINED_CALLS calls, instead of growing until memory runs out.
# RUN: %python %s > %t.py
# RUN: not %kcc --emit=kir --signature 'X=*fp32' %t.py 2>&1 | FileCheck %s
# CHECK: .py:{{[0-9]+}}:12: error: more than 100000 calls inlined into the kernel (helpers calling each other several times per level grow exponentially)
# CHECK-NEXT: {{^    return f[0-9]+\(x\) \+ f[0-9]+\(x\)$}}
# CHECK-NEXT: {{^           \^$}}
src = "import triton\nimport triton.language as tl\n\n@triton.jit\ndef f0(x):\n    return x + 1\n"
for i in range(1, 40):
    src += f"\n@triton.jit\ndef f{i}(x):\n    return f{i-1}(x) + f{i-1}(x)\n"
src += "\n@triton.jit\ndef k(X):\n    tl.store(X, f39(tl.load(X)))\n"
print(src)

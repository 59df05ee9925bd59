# The functional form `f = triton.jit(f)` (unsloth) makes f a kernel.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s | FileCheck %s
# CHECK: func.func @_rope({{.*}}) attributes {kcc.kernel}
# CHECK: "kir.arange"() {end = 16 : i32, start = 0 : i32}
import triton
import triton.language as tl

def _rope(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) * 2, mask=offs < n)
_rope = triton.jit(_rope)
_rope = triton.heuristics({"BLOCK": lambda args: 16})(_rope)

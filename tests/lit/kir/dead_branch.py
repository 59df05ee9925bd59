# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32' -D BLOCK=16 -D MODE='"fast"' %s | FileCheck %s
# Branches removed at compile time are never type-checked: undefined names, raise, type errors
# and bad calls inside them are accepted (as in Triton, FlagGems relies on it). Unused jit
# functions with errors are never compiled.
import triton
import triton.language as tl


@triton.jit
def broken_helper(x):
    return x + undefined_thing


@triton.jit
def dead(x_ptr, BLOCK: tl.constexpr, MODE: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    if MODE == "fast":
        y = x * 2.0
    elif MODE == "exact":
        y = broken_helper(x) // 1.5
    else:
        raise ValueError("unknown mode")
    if BLOCK > 1024:
        tl.static_assert(False, "never evaluated")
        y = x_ptr + x_ptr
    # CHECK: arith.mulf
    # CHECK-NOT: arith.divf
    # CHECK: "kir.store"
    tl.store(x_ptr + offs, y)

# Host code around a kernel (comprehensions, classes, with/try, f-strings, __main__) is skipped
# when compiling: only @jit functions must be in the kernel subset.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=64 %s | FileCheck %s
# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s --check-prefix=AST
# CHECK: func.func @scale_kernel
# CHECK: arith.constant 2.000000e+00 : f32
# AST: host_code.py:13:72: error: nested comprehensions (two 'for' clauses) are not supported

import torch
import triton
import triton.language as tl

configs = [triton.Config({"BLOCK": b}, num_warps=w) for b in (64, 128) for w in (2, 4)]
SCALE = tl.constexpr(2)
OTHER = {k: v for k, v in zip("ab", (1, 2))}


@triton.autotune(configs=[triton.Config({"BLOCK": b}) for b in (64, 128)], key=["n"])
@triton.jit
def scale_kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n)
    tl.store(x_ptr + offs, x * SCALE, mask=offs < n)


class Runner:
    def __call__(self, x):
        with torch.no_grad():
            try:
                grid = lambda meta: (triton.cdiv(x.numel(), meta["BLOCK"]),)
                scale_kernel[grid](x, x.numel())
            except Exception as e:
                print(f"failed: {e!r}")
        return [y for y in x]


def helper(*args, **kwargs):
    return sum(a for a in args)


if __name__ == "__main__":
    Runner()(torch.ones(10))

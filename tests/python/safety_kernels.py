"""Kernels of test_safety.py."""
import kcc
import kcc.language as tl


@kcc.jit
def spin_kernel(out_ptr, iters):
    """Each program loops `iters` times (a long launch for the Ctrl-C test)."""
    pid = tl.program_id(0)
    acc = 0.0
    i = 0
    while i < iters:
        acc = acc * 0.5 + 1.0
        i += 1
    tl.store(out_ptr + pid, acc)


@kcc.jit
def copy_kernel(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) + 1.0, mask=mask)

"""Kernels of test_readonly.py: which pointers they write decides which arrays must be writeable."""
import kcc
import kcc.language as tl


@kcc.jit
def scale_kernel(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) * 3, mask=mask)


@kcc.jit
def count_kernel(x_ptr, total_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    p = total_ptr
    tl.atomic_add(p, tl.sum(tl.load(x_ptr + offs), axis=0))

"""Kernels of test_bounds.py: off-by-one accesses that the check-bounds mode reports."""
import kcc
import kcc.language as tl


@kcc.jit
def store_off_by_one(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(out_ptr + offs, x + 1, mask=offs <= n)  # OOB store


@kcc.jit
def load_off_by_one(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs <= n, other=0.0)  # OOB load
    tl.store(out_ptr + offs, x, mask=offs <= n)  # out_ptr has n + 1 elements


@kcc.jit
def copy_ok(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=mask) * 2, mask=mask)


@kcc.jit
def scalar_store(out_ptr, i):
    tl.store(out_ptr + i, 7.0)  # scalar store


@kcc.jit
def atomic_off_by_one(out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.atomic_add(out_ptr + offs, 1.0, mask=offs <= n)  # OOB atomic


@kcc.jit
def loop_store(out_ptr, n, BLOCK: tl.constexpr):
    p = out_ptr + tl.arange(0, BLOCK)
    for i in range(0, n + BLOCK, BLOCK):  # one block too many
        tl.store(p, 1.0)  # loop store
        p += BLOCK


@kcc.jit(debug=True)
def store_off_by_one_debug(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(out_ptr + offs, x + 1, mask=offs <= n)  # debug OOB store

"""Kernels taking tuple arguments (test_tuple_args.py)."""

import kcc
import kcc.language as tl


@kcc.jit
def tuple_scale(ptrs, scales, n, BLOCK: tl.constexpr):
    # out = x * scales[0] + scales[1][0], over ptrs = (x, out)
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(ptrs[0] + offs, mask=m)
    tl.store(ptrs[1] + offs, x * scales[0] + scales[1][0], mask=m)


@kcc.jit
def tuple_len(t, out):
    tl.store(out, len(t) * 10 + t[len(t) - 1])


@kcc.jit
def tuple_sum(ins, out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros((BLOCK,), tl.float32)
    for i in tl.static_range(len(ins)):
        acc += tl.load(ins[i] + offs)
    tl.store(out + offs, acc)


@kcc.jit
def tuple_incr(vals, outs):
    # tl.tuple of a comprehension is a tuple; outs is a tuple of pointers
    vals = tl.tuple([v + 1 for v in vals])
    for i in tl.static_range(len(vals)):
        tl.store(outs[i], vals[i])


@kcc.jit
def tuple_staged(ptrs, num_stages: tl.constexpr):
    # a constexpr named like a launch option: out = x * num_stages
    offs = tl.arange(0, 16)
    tl.store(ptrs[1] + offs, tl.load(ptrs[0] + offs) * num_stages)

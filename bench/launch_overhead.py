"""Warm launch overhead of a trivial kcc kernel from Python (``kernel[grid](...)``).

Prints the median time per launch of a one-program kernel over numpy arrays, torch tensors and a
scalar-only kernel, next to the cost of the bare ``kcc_launch`` call through ctypes (the floor).
Run: ``python bench/launch_overhead.py [N]``.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

import numpy as np  # noqa: E402

import kcc  # noqa: E402
import kcc.language as tl  # noqa: E402


@kcc.jit
def noop(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m), mask=m)


def per_call_us(f, n):
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            f()
        runs.append((time.perf_counter() - t) / n * 1e6)
    return statistics.median(runs)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    os.environ.setdefault("KCC_NUM_THREADS", "1")
    x = np.ones(16, np.float32)
    y = np.zeros(16, np.float32)
    launch = noop[(1,)]
    launch(x, y, 16, BLOCK=16)
    assert (y == 1).all()
    compiled = noop.warmup(x, y, 16, BLOCK=16, grid=(1,))
    values = [compiled_ptr for compiled_ptr in (x.ctypes.data, y.ctypes.data, 16)]
    print("kcc %s" % kcc.version())
    print("bare kcc_launch via ctypes  : %6.2f us" % per_call_us(
        lambda: compiled._run(1, 1, 1, values), n))
    print("kernel[grid](numpy, kwargs) : %6.2f us" % per_call_us(
        lambda: noop[(1,)](x, y, 16, BLOCK=16), n))
    print("kernel[grid](numpy, positional): %6.2f us" % per_call_us(
        lambda: noop[(1,)](x, y, 16, 16), n))
    try:
        import torch
        tx, ty = torch.ones(16), torch.zeros(16)
        noop[(1,)](tx, ty, 16, BLOCK=16)
        print("kernel[grid](torch, kwargs) : %6.2f us" % per_call_us(
            lambda: noop[(1,)](tx, ty, 16, BLOCK=16), n))
    except ImportError:
        pass


if __name__ == "__main__":
    main()

"""Vector addition (Triton tutorial 01) on the CPU with kcc.

The kernel is the tutorial's, unchanged; only the imports differ:
``import kcc.triton as triton`` and ``import kcc.triton.language as tl``.
Prints a correctness check and the speed against torch (or numpy). Exit status 0 on success.
"""

import _common  # noqa: F401  (puts python/ on sys.path)
import numpy as np

import kcc.triton as triton
import kcc.triton.language as tl


@triton.jit
def add_kernel(x_ptr,  # *Pointer* to first input vector.
               y_ptr,  # *Pointer* to second input vector.
               output_ptr,  # *Pointer* to output vector.
               n_elements,  # Size of the vector.
               BLOCK_SIZE: tl.constexpr,  # Number of elements each program should process.
               ):
    pid = tl.program_id(axis=0)
    block_start = pid * BLOCK_SIZE
    offsets = block_start + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    y = tl.load(y_ptr + offsets, mask=mask)
    output = x + y
    tl.store(output_ptr + offsets, output, mask=mask)


def add(x, y):
    output = np.empty_like(x)
    n_elements = output.size
    grid = lambda meta: (triton.cdiv(n_elements, meta['BLOCK_SIZE']), )  # noqa: E731
    add_kernel[grid](x, y, output, n_elements, BLOCK_SIZE=1024)
    return output


def main():
    size = 98432 if _common.QUICK else 1 << 24
    rng = np.random.default_rng(0)
    x = rng.random(size, dtype=np.float32)
    y = rng.random(size, dtype=np.float32)
    out = add(x, y)
    ok = np.array_equal(out, x + y)
    print("max difference between numpy and kcc: %g" % float(np.max(np.abs(out - (x + y)))))
    ms_kcc = _common.median_ms(lambda: add(x, y))
    ms_ref = _common.median_ms(lambda: np.add(x, y))
    return _common.report("vector add (n=%d)" % size, ok, ms_kcc, ms_ref, "numpy")


if __name__ == "__main__":
    raise SystemExit(main())

"""Fused softmax (Triton tutorial 02) on the CPU with kcc; only the imports differ from Triton.

The GPU occupancy computation of the tutorial (registers, shared memory per SM) has no meaning on
a CPU: one program per core walks the rows with the same grid-stride ``tl.range`` loop."""

import os

import _common  # noqa: F401
import torch

import kcc.triton as triton
import kcc.triton.language as tl


@triton.jit
def softmax_kernel(output_ptr, input_ptr, input_row_stride, output_row_stride, n_rows, n_cols,
                   BLOCK_SIZE: tl.constexpr, num_stages: tl.constexpr):
    row_start = tl.program_id(0)
    row_step = tl.num_programs(0)
    for row_idx in tl.range(row_start, n_rows, row_step, num_stages=num_stages):
        row_start_ptr = input_ptr + row_idx * input_row_stride
        col_offsets = tl.arange(0, BLOCK_SIZE)
        input_ptrs = row_start_ptr + col_offsets
        mask = col_offsets < n_cols
        row = tl.load(input_ptrs, mask=mask, other=-float('inf'))
        row_minus_max = row - tl.max(row, axis=0)
        numerator = tl.exp(row_minus_max)
        denominator = tl.sum(numerator, axis=0)
        softmax_output = numerator / denominator
        output_row_start_ptr = output_ptr + row_idx * output_row_stride
        output_ptrs = output_row_start_ptr + col_offsets
        tl.store(output_ptrs, softmax_output, mask=mask)


def softmax(x):
    n_rows, n_cols = x.shape
    BLOCK_SIZE = triton.next_power_of_2(n_cols)
    y = torch.empty_like(x)
    num_programs = min(os.cpu_count() or 1, n_rows) * 4
    softmax_kernel[(num_programs, 1, 1)](y, x, x.stride(0), y.stride(0), n_rows, n_cols,
                                         BLOCK_SIZE, 2)
    return y


def main():
    torch.manual_seed(0)
    shape = (257, 781) if _common.QUICK else (4096, 1823)
    x = torch.randn(*shape)
    y = softmax(x)
    ref = torch.softmax(x, dim=1)
    ok = torch.allclose(y, ref, rtol=1e-5, atol=1e-6)
    print("max difference between torch and kcc: %g" % (y - ref).abs().max().item())
    ms_kcc = _common.median_ms(lambda: softmax(x))
    ms_ref = _common.median_ms(lambda: torch.softmax(x, dim=1))
    return _common.report("fused softmax %s" % (shape,), ok, ms_kcc, ms_ref, "torch")


if __name__ == "__main__":
    raise SystemExit(main())

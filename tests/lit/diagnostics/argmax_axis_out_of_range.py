# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,out_ptr=*i32' %s 2>&1 | FileCheck %s
# An index reduction checks its axis before building the index tile (an out-of-range axis read
# past the shape; found by fuzz_compile).
# CHECK: argmax_axis_out_of_range.py:[[@LINE+9]]:{{[0-9]+}}: error: axis 5 is out of range for a tensor of rank 1
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, out_ptr):
    offs = tl.arange(0, 16)
    x = tl.load(x_ptr + offs)
    tl.store(out_ptr, tl.argmax(x, axis=5))

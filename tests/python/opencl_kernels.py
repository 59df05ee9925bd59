"""Kernels of test_opencl.py (the JIT reads this file). On the opencl target the test replaces
the compile with kcc_kernel_load of a hand-written artefact (OPENCL below) until `kcc -t opencl`
exists; on the CPU they compile for real and give the reference."""
import kcc
import kcc.language as tl
from kernels import add_kernel  # noqa: F401 (x_ptr, y_ptr, out_ptr, n, BLOCK)


@kcc.jit
def axpb(x_ptr, out_ptr, a, b, flip, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask).to(tl.float32)
    r = x * a + b.to(tl.float32)
    r = tl.where(flip, -r, r)
    tl.store(out_ptr + offs, r, mask=mask)


# What the SIMT lowering would emit for them with 64 threads per program (BLOCK=64).
OPENCL = {
    "add_kernel": """/* kcc-meta 1
kernel add_kernel
param x_ptr *fp32
param y_ptr *fp32
param out_ptr *fp32
param n i32
threads 64
shared 0
writes out_ptr
end
*/
__kernel void add_kernel(__global const float *x_ptr, __global const float *y_ptr,
                         __global float *out_ptr, int n) {
  int offs = (int)get_group_id(0) * 64 + (int)get_local_id(0);
  if (offs < n) out_ptr[offs] = x_ptr[offs] + y_ptr[offs];
}
""",
    "axpb": """/* kcc-meta 1
kernel axpb
param x_ptr *fp16
param out_ptr *fp32
param a fp32
param b fp16
param flip i1
param n i32
threads 64
shared 0
writes out_ptr
end
*/
__kernel void axpb(__global const ushort *x_ptr, __global float *out_ptr, float a, ushort b,
                   uchar flip, int n) {
  int offs = (int)get_group_id(0) * 64 + (int)get_local_id(0);
  if (offs >= n) return;
  float r = vload_half(offs, (__global const half *)x_ptr) * a +
            vload_half(0, (__private half *)&b);
  out_ptr[offs] = flip ? -r : r;
}
""",
}

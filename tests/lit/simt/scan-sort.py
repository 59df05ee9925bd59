# Scans and sorts on a SIMT target go through workgroup memory: a scan has one thread per line
# (a strided loop over the lines, a sequential loop along the axis), a sort runs the bitonic
# network with one compare-exchange per thread and step and a barrier after each step.
# RUN: %kcc --emit=kir -k cumsum --signature 'x_ptr=*i32,out_ptr=*i32' %s | %kcc-opt - --kgpu-layout --simt-lower | FileCheck --check-prefix=SCAN %s
# RUN: %kcc --emit=kir -k sort_rows --signature 'x_ptr=*fp32,out_ptr=*fp32' %s | %kcc-opt - --kgpu-layout --simt-lower | FileCheck --check-prefix=SORT %s
import triton
import triton.language as tl


@triton.jit
def cumsum(x_ptr, out_ptr):
    r = tl.arange(0, 8)[:, None] * 64 + tl.arange(0, 64)[None, :]
    tl.store(out_ptr + r, tl.cumsum(tl.load(x_ptr + r), axis=1))


@triton.jit
def sort_rows(x_ptr, out_ptr):
    r = tl.arange(0, 4)[:, None] * 128 + tl.arange(0, 128)[None, :]
    tl.store(out_ptr + r, tl.sort(tl.load(x_ptr + r), dim=1, descending=True))

# SCAN: gpu.barrier
# SCAN: scf.for %[[LINE:.*]] = %{{.*}} to %c8_i32{{.*}} step %c128_i32
# SCAN: scf.for %{{.*}} = %c1_i32{{.*}} to %c64_i32{{.*}} iter_args(
# SCAN: arith.addi
# SCAN: memref.store
# SCAN: gpu.barrier
# SCAN-NOT: tensor<

# SORT: scf.for %{{.*}} = %c1_i32{{.*}} to %c8_i32
# SORT: scf.for
# SORT: scf.for %{{.*}} = %{{.*}} to %c512_i32{{.*}} step %c128_i32
# SORT: arith.cmpf uno
# SORT: gpu.barrier

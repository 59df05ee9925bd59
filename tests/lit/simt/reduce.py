# Reductions on a SIMT target: the result of tl.sum along axis 1 has the slice layout of its
# input, expand_dims brings it back to the parent layout for free (no kgpu.convert_layout), and
# the per-thread code combines in the thread, then across the 16 thread positions along the
# axis through workgroup memory (barriers, one slot per position, a loop over the slots).
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32:16,out_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout > %t.kgpu
# RUN: FileCheck --check-prefix=KGPU %s < %t.kgpu
# RUN: %kcc-opt %t.kgpu --simt-lower | FileCheck --check-prefix=SIMT %s
# The OpenCL printer declares the pool once and the reduction's slots as a typed view of it.
# RUN: %kcc-opt %t.kgpu --simt-lower --emit-opencl | FileCheck --check-prefix=CL %s
# With one warp of 32 threads and a 1-D tile of 32 elements, the sum needs 32 slots.
# RUN: %kcc --emit=kir --num-warps 1 --signature 'x_ptr=*fp32:16,out_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout --simt-lower | FileCheck --check-prefix=W1 %s
import triton
import triton.language as tl


@triton.jit
def center_rows(x_ptr, out_ptr):
    rows = tl.arange(0, 32)[:, None]
    cols = tl.arange(0, 64)[None, :]
    x = tl.load(x_ptr + rows * 64 + cols)
    mean = tl.sum(x, axis=1) / 64
    tl.store(out_ptr + rows * 64 + cols, x - mean[:, None])

# KGPU-NOT: kgpu.convert_layout
# KGPU: %[[X:.*]] = "kir.load"{{.*}} -> tensor<32x64xf32, {kgpu = "blocked", order = array<i32: 1, 0>, spt = array<i32: 1, 4>, tpw = array<i32: 2, 16>, wpc = array<i32: 4, 1>}>
# KGPU: "kir.reduce"(%[[X]])
# KGPU: -> tensor<32xf32, {dim = 1 : i32, kgpu = "slice", parent = {kgpu = "blocked", order = array<i32: 1, 0>, spt = array<i32: 1, 4>, tpw = array<i32: 2, 16>, wpc = array<i32: 4, 1>}}>
# KGPU: "kir.expand_dims"({{.*}} -> tensor<32x1xf32, {kgpu = "blocked", order = array<i32: 1, 0>, spt = array<i32: 1, 4>, tpw = array<i32: 2, 16>, wpc = array<i32: 4, 1>}>
# KGPU-NOT: kgpu.convert_layout

# SIMT: func.func @center_rows({{.*}} attributes {kcc.kernel, kcc.shared = 2048 : i64, kcc.threads = 128 : i32}
# SIMT: memref.alloca() : memref<2048xi8, 3>
# SIMT: gpu.thread_id x
# SIMT: memref.view {{.*}} : memref<2048xi8, 3> to memref<512xf32, 3>
# SIMT: arith.addf
# SIMT: gpu.barrier
# SIMT: memref.store
# SIMT: gpu.barrier
# SIMT: scf.for %{{.*}} = %c1_i32{{.*}} to %c16_i32
# SIMT: memref.load
# SIMT: arith.addf
# SIMT-NOT: tensor<

# W1: kcc.threads = 32 : i32
# W1: scf.for %{{.*}} = %c1_i32{{.*}} to %c16_i32

# CL: __local uchar [[POOL:v[0-9]+]][2048] __attribute__((aligned(16)));
# CL: __local float *{{v[0-9]+}} = (__local float *)([[POOL]] + {{v[0-9]+}});
# CL: barrier(CLK_LOCAL_MEM_FENCE

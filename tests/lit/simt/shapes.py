# Shape ops whose elements change threads go through workgroup memory on a SIMT target: owners
# write the source at its row-major index, a barrier, every thread reads its new registers.
# tl.join writes both halves interleaved (index * 2 + k), tl.split reads them back the same way,
# tl.reshape keeps the row-major index; their results get the default layout of their shape.
# RUN: %kcc --emit=kir -k join_split --signature 'x_ptr=*fp32,y_ptr=*fp32' %s | %kcc-opt - --kgpu-layout > %t.kgpu
# RUN: FileCheck --check-prefix=KGPU %s < %t.kgpu
# RUN: %kcc-opt %t.kgpu --simt-lower | FileCheck --check-prefix=SIMT %s
# RUN: %kcc --emit=kir -k reshape2d --signature 'x_ptr=*i32,y_ptr=*i32' %s | %kcc-opt - --kgpu-layout --simt-lower | FileCheck --check-prefix=RESHAPE %s
import triton
import triton.language as tl


@triton.jit
def join_split(x_ptr, y_ptr):
    i = tl.arange(0, 64)
    a = tl.load(x_ptr + i)
    b = tl.load(y_ptr + i)
    j = tl.join(a, b)  # 64 x 2
    lo, hi = tl.split(j)
    tl.store(x_ptr + i, hi)
    tl.store(y_ptr + i, lo)


@triton.jit
def reshape2d(x_ptr, y_ptr):
    i = tl.arange(0, 256)
    x = tl.reshape(tl.load(x_ptr + i), (16, 16))
    r = tl.arange(0, 16)[:, None] * 16 + tl.arange(0, 16)[None, :]
    tl.store(y_ptr + r, x)

# KGPU: "kir.join"({{.*}} -> tensor<64x2xf32, {kgpu = "blocked"
# KGPU: "kir.split"({{.*}} -> (tensor<64xf32, {kgpu = "blocked"
# SIMT: gpu.barrier
# SIMT: memref.store
# SIMT: gpu.barrier
# SIMT: memref.load
# SIMT: gpu.barrier
# SIMT: memref.store
# SIMT: gpu.barrier
# SIMT: memref.load
# SIMT-NOT: tensor<
# RESHAPE: memref.view {{.*}} to memref<256xi32, 3>
# RESHAPE: gpu.barrier
# RESHAPE: memref.store
# RESHAPE: gpu.barrier
# RESHAPE: memref.load

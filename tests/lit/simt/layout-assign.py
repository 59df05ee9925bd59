# Layout assignment (kir -> kgpu): loads and stores anchor the default blocked layout of their
# shape, vectorised along the contiguous dimension only where the tile facts prove 16-byte
# alignment and a mask constant over runs of 4 (x_ptr:16 and n:16 -> 4 elements per thread, y_ptr unknown -> 1); cheap index arithmetic
# (arange, splat, their elementwise chains) is cloned in the layout its user wants; an anchored
# value in another layout (the second load) goes through kgpu.convert_layout.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32:16,y_ptr=*fp32,out_ptr=*fp32:16,n=i32:16' -D BLOCK=1024 %s | %kcc-opt - --kgpu-layout | FileCheck %s
# RUN: %kcc --emit=kir --num-warps 1 --signature 'x_ptr=*fp32:16,y_ptr=*fp32,out_ptr=*fp32:16,n=i32:16' -D BLOCK=1024 %s | %kcc-opt - --kgpu-layout | FileCheck --check-prefix=W1 %s
# The dump is re-readable and lowering it again gives the same per-thread IR.
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32:16,y_ptr=*fp32,out_ptr=*fp32:16,n=i32:16' -D BLOCK=1024 %s | %kcc-opt - --kgpu-layout > %t.kgpu
# RUN: %kcc-opt %t.kgpu | %kcc-opt - --simt-lower > %t.a && %kcc-opt %t.kgpu --simt-lower > %t.b && diff %t.a %t.b
import triton
import triton.language as tl


@triton.jit
def add(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m)
    y = tl.load(y_ptr + offs, mask=m)
    tl.store(out_ptr + offs, x + y, mask=m)

# CHECK: module attributes {{.*}}kgpu.num_warps = 4 : i32, kgpu.warp_size = 32 : i32
# CHECK: %[[X:.*]] = "kir.load"({{.*}} -> tensor<1024xf32, {kgpu = "blocked", order = array<i32: 0>, spt = array<i32: 4>, tpw = array<i32: 32>, wpc = array<i32: 4>}>
# CHECK: %[[Y:.*]] = "kir.load"({{.*}} -> tensor<1024xf32, {kgpu = "blocked", order = array<i32: 0>, spt = array<i32: 1>, tpw = array<i32: 32>, wpc = array<i32: 4>}>
# CHECK: %[[C:.*]] = "kgpu.convert_layout"(%[[Y]]) {{.*}} -> tensor<1024xf32, {kgpu = "blocked", order = array<i32: 0>, spt = array<i32: 4>
# CHECK: arith.addf %[[X]], %[[C]]
# CHECK: "kir.store"
# W1: kgpu.num_warps = 1
# W1: "kir.load"({{.*}} spt = array<i32: 4>, tpw = array<i32: 32>, wpc = array<i32: 1>

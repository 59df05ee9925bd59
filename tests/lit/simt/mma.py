# tl.dot through warp matrix multiply-accumulate (backends/simt/mma.c): with the device's mma set
# (`kgpu.mma` for kcc-opt: 80 = nvvm.mma.sync m16n8k16, 1 = the same fragments emulated through
# workgroup memory), an fp16 or bf16 dot into fp32 whose shapes tile by 16x8x16 stages A, B and the
# accumulator C in workgroup memory and runs one mma per 16 columns of K for each 16x8 tile of the
# warp; an fp32 dot, a shape that does not tile, or mma 0 keep the FMA loop.
#
# RUN: %kcc --emit=kir -k mm_f16 --signature 'a_ptr=*fp16:16,b_ptr=*fp16:16,c_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout > %t.f16
# RUN: sed 's/kgpu.num_warps/kgpu.mma = 80 : i32, kgpu.num_warps/' %t.f16 | %kcc-opt - --simt-lower > %t.sm80
# RUN: FileCheck --check-prefix=SM80 %s < %t.sm80
# The dump is valid input again (the nvvm dialect is loaded in every kcc context):
# RUN: %kcc-opt %t.sm80 | FileCheck --check-prefix=SM80 %s
# RUN: sed 's/kgpu.num_warps/kgpu.mma = 1 : i32, kgpu.num_warps/' %t.f16 | %kcc-opt - --simt-lower | FileCheck --check-prefix=EMU %s
# RUN: %kcc-opt %t.f16 --simt-lower | FileCheck --check-prefix=NONE %s
# RUN: %kcc --emit=kir -k mm_bf16 --signature 'a_ptr=*bf16:16,b_ptr=*bf16:16,c_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout | sed 's/kgpu.num_warps/kgpu.mma = 80 : i32, kgpu.num_warps/' | %kcc-opt - --simt-lower | FileCheck --check-prefix=BF16 %s
# RUN: %kcc --emit=kir -k mm_f16 --signature 'a_ptr=*fp32:16,b_ptr=*fp32:16,c_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout | sed 's/kgpu.num_warps/kgpu.mma = 80 : i32, kgpu.num_warps/' | %kcc-opt - --simt-lower | FileCheck --check-prefix=FMA %s
# RUN: %kcc --emit=kir -k mm_small --signature 'a_ptr=*fp16:16,b_ptr=*fp16:16,c_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout | sed 's/kgpu.num_warps/kgpu.mma = 80 : i32, kgpu.num_warps/' | %kcc-opt - --simt-lower | FileCheck --check-prefix=FMA %s
# RUN: %kcc --emit=kir --num-warps 1 -k mm_f16 --signature 'a_ptr=*fp16:16,b_ptr=*fp16:16,c_ptr=*fp32:16' %s | %kcc-opt - --kgpu-layout | sed 's/kgpu.num_warps/kgpu.mma = 80 : i32, kgpu.num_warps/' | %kcc-opt - --simt-lower | FileCheck --check-prefix=WARP1 %s
# RUN: sed 's/kgpu.num_warps/kgpu.mma = 7 : i32, kgpu.num_warps/' %t.f16 | not %kcc-opt - --simt-lower 2>&1 | FileCheck --check-prefix=BAD %s
#
# The opencl target: no mma unless the test switch KCC_OPENCL_MMA=emulate is set.
# RUN: %kcc -t opencl --emit=simt -k mm_f16 --signature 'a_ptr=*fp16:16,b_ptr=*fp16:16,c_ptr=*fp32:16' %s | FileCheck --check-prefix=NONE %s
# RUN: env KCC_OPENCL_MMA=emulate %kcc -t opencl --emit=simt -k mm_f16 --signature 'a_ptr=*fp16:16,b_ptr=*fp16:16,c_ptr=*fp32:16' %s | FileCheck --check-prefix=EMU %s
# RUN: env KCC_OPENCL_MMA=yes not %kcc -t opencl --emit=simt -k mm_f16 --signature 'a_ptr=*fp16:16,b_ptr=*fp16:16,c_ptr=*fp32:16' %s 2>&1 | FileCheck --check-prefix=BADENV %s
import triton
import triton.language as tl


@triton.jit
def mm_f16(a_ptr, b_ptr, c_ptr):  # 32x16 += 32x32 @ 32x16: four 16x8 tiles, two K steps
    i = tl.arange(0, 32)
    j = tl.arange(0, 16)
    k = tl.arange(0, 32)
    a = tl.load(a_ptr + i[:, None] * 32 + k[None, :])
    b = tl.load(b_ptr + k[:, None] * 16 + j[None, :])
    acc = tl.load(c_ptr + i[:, None] * 16 + j[None, :])
    acc = tl.dot(a, b, acc)
    tl.store(c_ptr + i[:, None] * 16 + j[None, :], acc)


@triton.jit
def mm_bf16(a_ptr, b_ptr, c_ptr):  # 16x8 += 16x16 @ 16x8: one tile, one K step
    i = tl.arange(0, 16)
    j = tl.arange(0, 8)
    a = tl.load(a_ptr + i[:, None] * 16 + i[None, :])
    b = tl.load(b_ptr + i[:, None] * 8 + j[None, :])
    acc = tl.zeros((16, 8), dtype=tl.float32)
    tl.store(c_ptr + i[:, None] * 8 + j[None, :], tl.dot(a, b, acc))


@triton.jit
def mm_small(a_ptr, b_ptr, c_ptr):  # K = 8 does not tile by 16
    i = tl.arange(0, 16)
    k = tl.arange(0, 8)
    a = tl.load(a_ptr + i[:, None] * 8 + k[None, :])
    b = tl.load(b_ptr + k[:, None] * 16 + i[None, :])
    tl.store(c_ptr + i[:, None] * 16 + i[None, :], tl.dot(a, b))

# A (32x32 fp16), B (32x16 fp16) and C (32x16 fp32) in workgroup memory; the four tiles are one
# round of the four warps (no tile loop); the K loop steps by 16, each step packs two f16 per i32.
# SM80: kcc.shared = 5120 : i64, kcc.threads = 128 : i32
# SM80: memref.view {{.*}} to memref<1024xf16, 3>
# SM80: memref.view {{.*}} to memref<512xf16, 3>
# SM80: memref.view {{.*}} to memref<512xf32, 3>
# SM80: scf.for %{{.*}} = %c0_i32 to %c32_i32 step %c16_i32 iter_args({{.*}}) -> (f32, f32, f32, f32)
# SM80-COUNT-6: llvm.bitcast %{{.*}} : i32 to vector<2xf16>
# SM80: nvvm.mma.sync A[{{.*}}]  B[{{.*}}]  C[{{.*}}]  {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
# SM80-COUNT-4: llvm.extractvalue
# SM80: scf.yield
# SM80: scf.if
# SM80-COUNT-4: memref.store {{.*}} : memref<512xf32, 3>
# SM80: gpu.barrier
# SM80-NOT: math.fma
# SM80: return

# The emulation: an exchange buffer of 6 i32 per thread (128 threads), and per mma a barrier, the
# six registers stored, a barrier, and a loop over the 16 K elements with 4 fma.
# EMU: kcc.shared = 8192 : i64
# EMU: memref.view {{.*}} to memref<768xi32, 3>
# EMU-NOT: nvvm
# EMU: scf.for %{{.*}} = %c0_i32 to %c32_i32 step %c16_i32
# EMU: gpu.barrier
# EMU-COUNT-6: memref.store {{.*}} : memref<768xi32, 3>
# EMU: gpu.barrier
# EMU: scf.for %{{.*}} = %c0_i32 to %c16_i32 step %c1_i32 iter_args({{.*}}) -> (f32, f32, f32, f32)
# EMU-COUNT-4: math.fma
# EMU-NOT: nvvm

# NONE-NOT: nvvm
# NONE-NOT: memref<{{[0-9]+}}xi32, 3>
# NONE: scf.for %{{.*}} = %c0_i32 to %c32_i32 step %c1_i32
# NONE: math.fma

# bf16: the registers are i32, the element type an attribute.
# BF16: nvvm.mma.sync A[{{.*}}]  B[{{.*}}]  C[{{.*}}]  {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>

# FMA-NOT: nvvm
# FMA: math.fma

# One warp takes the four tiles in four rounds.
# WARP1: kcc.threads = 32 : i32
# WARP1: scf.for %{{.*}} = %c0_i32 to %c4_i32 step %c1_i32
# WARP1: nvvm.mma.sync

# BAD: simt-lower: kgpu.mma = 7 is none of 0 (no mma), 1 (emulated), 80 (sm_80)
# BADENV: KCC_OPENCL_MMA='yes': the only mode is 'emulate'

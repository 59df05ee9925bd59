# A tile that needs more than 1024 registers per thread is a located error on a SIMT target (the
# per-thread code is unrolled over registers); more warps make the same tile fit.
# RUN: not %kcc -t opencl --emit=simt --num-warps 1 --signature 'x_ptr=*fp32' -D BLOCK=65536 %s 2>&1 | FileCheck %s
# RUN: %kcc -t opencl --emit=kgpu --num-warps 1 --signature 'x_ptr=*fp32' -D BLOCK=65536 %s | FileCheck --check-prefix=KGPU %s
# CHECK: registers.py:[[@LINE+9]]:{{[0-9]+}}: error: a tile of 65536 elements needs 2048 registers per thread with 32 threads (at most 1024): use more warps or smaller tiles
# KGPU: kgpu.num_warps = 1
import triton
import triton.language as tl


@triton.jit
def big(x_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    tl.store(x_ptr + offs, x + 1)

# tl.randint4x / tl.rand / tl.randn are inlined from kcc's Philox prelude: ten rounds of two
# widening multiplies (umulhi = extui, muli, shrui, trunci) per call.
# RUN: %kcc --emit=kir --signature 'out_ptr=*fp32,iout_ptr=*u32,seed=i32' -D BLOCK=16 %s | FileCheck %s
# RUN: not %kcc --emit=kir --signature 'out_ptr=*fp32,iout_ptr=*u32,seed=i32' -D BLOCK=16 -D BIG64=True %s 2>&1 | FileCheck %s --check-prefix=WIDE
# CHECK-COUNT-20: arith.extui {{.*}} : tensor<16xi32> to tensor<16xi64>
# CHECK: arith.constant 4.6566126E-10 : f32
# CHECK: math.log
# CHECK: math.cos
# WIDE: random.py:19:31: error: static assertion failed: kcc supports 32-bit philox counters (offsets) only
import triton
import triton.language as tl


@triton.jit
def k(out_ptr, iout_ptr, seed, BLOCK: tl.constexpr, BIG64: tl.constexpr = False):
    offs = tl.arange(0, BLOCK)
    if BIG64:
        offs = offs.to(tl.int64)
    tl.store(iout_ptr + offs, tl.randint(seed, offs))
    tl.store(out_ptr + offs, tl.rand(seed, offs))
    tl.store(out_ptr + offs, tl.randn(seed, offs))

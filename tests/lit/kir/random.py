# tl.randint4x / tl.rand / tl.randn are inlined from kcc's Philox prelude: ten rounds of two
# widening multiplies (umulhi = extui, muli, shrui, trunci) per call.
# RUN: %kcc --emit=kir --signature 'out_ptr=*fp32,iout_ptr=*u32,seed=i32' -D BLOCK=16 %s | FileCheck %s
# int64 offsets: the high word (shrui by 32, trunci) is the second counter word
# RUN: %kcc --emit=kir --signature 'out_ptr=*fp32,iout_ptr=*u32,seed=i32' -D BLOCK=16 -D BIG64=True %s | FileCheck %s --check-prefix=WIDE
# RUN: not %kcc --emit=kir --signature 'out_ptr=*fp32,iout_ptr=*u32,seed=i32' -D BLOCK=16 -D NARROW=True %s 2>&1 | FileCheck %s --check-prefix=BADCTR
# CHECK-COUNT-20: arith.extui {{.*}} : tensor<16xi32> to tensor<16xi64>
# CHECK: arith.constant 4.6566126E-10 : f32
# CHECK: math.log
# CHECK: math.cos
# WIDE: arith.shrui {{.*}} : tensor<16xi64>
# WIDE: arith.trunci {{.*}} : tensor<16xi64> to tensor<16xi32>
# BADCTR: random.py:28:35: error: static assertion failed: philox counters must be 32- or 64-bit integers
import triton
import triton.language as tl


@triton.jit
def k(out_ptr, iout_ptr, seed, BLOCK: tl.constexpr, BIG64: tl.constexpr = False,
      NARROW: tl.constexpr = False):
    offs = tl.arange(0, BLOCK)
    if BIG64:
        offs = offs.to(tl.int64)
    tl.store(iout_ptr + offs, tl.randint(seed, offs))
    tl.store(out_ptr + offs, tl.rand(seed, offs))
    tl.store(out_ptr + offs, tl.randn(seed, offs))
    if NARROW:
        tl.store(iout_ptr + offs, tl.philox(seed, offs.to(tl.int16), 0, 0, 0)[0])

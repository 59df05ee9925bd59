# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32' -D BLOCK=64 -D MODE='"scale"' -D DTYPE=tl.float16 %s | FileCheck %s
# Constexpr parameters: -D values, defaults, string and dtype constexprs, compile-time if/elif,
# constexpr locals; only the taken branch is generated.
import triton
import triton.language as tl


@triton.jit
def cparams(x_ptr, BLOCK: tl.constexpr, MODE: tl.constexpr, DTYPE: tl.constexpr,
            FACTOR: tl.constexpr = 3, USE_EXP: tl.constexpr = False):
    # CHECK: "kir.arange"() {end = 64 : i32, start = 0 : i32}
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    HALF: tl.constexpr = BLOCK // 2
    if MODE == "scale":
        # CHECK: arith.constant 3.200000e+01 : f32
        # CHECK: arith.mulf
        # CHECK: arith.constant 3.000000e+00 : f32
        y = x * HALF * FACTOR
    elif MODE == "shift":
        y = x + 1
    else:
        y = x
    if USE_EXP:
        y = tl.exp(y)
    # CHECK-NOT: math.exp
    # CHECK: arith.truncf {{.*}} : tensor<64xf32> to tensor<64xf16>
    tl.store(x_ptr + offs, y.to(DTYPE))

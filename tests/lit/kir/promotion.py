# RUN: %kcc --emit=kir --signature 'f16_ptr=*fp16,bf16_ptr=*bf16,i8_ptr=*i8,u8_ptr=*u8,i64_ptr=*i64,u32_ptr=*u32,out_ptr=*fp32' -D BLOCK=16 %s | FileCheck %s
# Binary-operator promotion (Triton 3.2+, reference section 4.2).
import triton
import triton.language as tl


@triton.jit
def promote(f16_ptr, bf16_ptr, i8_ptr, u8_ptr, i64_ptr, u32_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    h = tl.load(f16_ptr + offs)
    b = tl.load(bf16_ptr + offs)
    c = tl.load(i8_ptr + offs)
    u = tl.load(u8_ptr + offs)
    q = tl.load(i64_ptr + offs)
    w = tl.load(u32_ptr + offs)
    # a float scalar does not outrank an fp16 tensor: stays fp16
    # CHECK: arith.mulf {{.*}} : tensor<16xf16>
    r0 = h * 0.5
    # an int scalar with an int8 tensor: stays int8
    # CHECK: arith.addi {{.*}} : tensor<16xi8>
    r1 = c + 1
    # an unsigned tensor shifted by a scalar: stays uint8
    # CHECK: arith.shli {{.*}} : tensor<16xi8>
    r2 = u << 2
    # '/' on fp16 promotes to fp32
    # CHECK: arith.extf {{.*}} : tensor<16xf16> to tensor<16xf32>
    # CHECK: arith.divf {{.*}} : tensor<16xf32>
    r3 = h / 2
    # a float scalar outranks an int tensor: fp32
    # CHECK: arith.sitofp {{.*}} : tensor<16xi8> to tensor<16xf32>
    # CHECK: arith.mulf {{.*}} : tensor<16xf32>
    r4 = c * 0.5
    # bf16 + fp16 -> fp16
    # CHECK: arith.extf {{.*}} : tensor<16xbf16> to tensor<16xf32>
    # CHECK: arith.truncf {{.*}} : tensor<16xf32> to tensor<16xf16>
    # CHECK: arith.addf {{.*}} : tensor<16xf16>
    r5 = b + h
    # bf16 + int8 -> fp32
    # CHECK: arith.addf {{.*}} : tensor<16xf32>
    r6 = b + c
    # i8 + u8 -> u8 (the unsigned type is as wide)
    # CHECK: arith.addi {{.*}} : tensor<16xi8>
    r7 = c + u
    # i64 + u32 -> i64 (zero-extends the unsigned side)
    # CHECK: arith.extui {{.*}} : tensor<16xi32> to tensor<16xi64>
    # CHECK: arith.addi {{.*}} : tensor<16xi64>
    r8 = q + w
    # u32 + i8 -> u32: unsigned compare afterwards
    # CHECK: arith.extsi {{.*}} : tensor<16xi8> to tensor<16xi32>
    # CHECK: arith.cmpi ult, {{.*}} : tensor<16xi32>
    r9 = (w + c) < w
    # int / int -> fp32
    # CHECK: arith.sitofp {{.*}} : tensor<16xi64> to tensor<16xf32>
    # CHECK: arith.divf {{.*}} : tensor<16xf32>
    r10 = q / q
    tl.store(out_ptr + offs, r0 + r1 + r2 + r3 + r4 + r5 + r6 + r7 + r8 + r10 + r9)

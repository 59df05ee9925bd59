# RUN: %kcc --emit=kir --signature 'a_ptr=*i32,u_ptr=*u16,out_ptr=*i32' -D BLOCK=16 %s | FileCheck %s
# Bitwise operators and shifts: integer promotion, arithmetic vs logical right shift.
import triton
import triton.language as tl


@triton.jit
def bitwise(a_ptr, u_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    u = tl.load(u_ptr + offs)
    # CHECK: arith.andi {{.*}} : tensor<16xi32>
    # CHECK: arith.xori {{.*}} : tensor<16xi32>
    # CHECK: arith.ori {{.*}} : tensor<16xi32>
    x = (a & 0xFF) | (a ^ 3)
    # signed >> is arithmetic, unsigned >> is logical
    # CHECK: arith.shrsi {{.*}} : tensor<16xi32>
    # CHECK: arith.shrui {{.*}} : tensor<16xi16>
    # CHECK: arith.shli {{.*}} : tensor<16xi32>
    y = (a >> 2) + (u >> 1) + (a << 3)
    # ~x is xor with -1
    # CHECK: arith.constant dense<-1> : tensor<16xi32>
    # CHECK: arith.xori
    z = ~a
    # bool masks combine with &
    # CHECK: arith.cmpi sgt
    # CHECK: arith.cmpi slt
    # CHECK: arith.andi {{.*}} : tensor<16xi1>
    m = (a > 0) & (a < 100)
    tl.store(out_ptr + offs, x + y + z, mask=m)

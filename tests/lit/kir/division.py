# RUN: %kcc --emit=kir --signature 'a_ptr=*i32,u_ptr=*u32,f_ptr=*fp32,out_ptr=*i32,fout_ptr=*fp32' -D BLOCK=16 %s | FileCheck %s
# '/' always gives a float; '//' and '%' truncate like C on tensors but floor like Python on
# constexprs (reference section 4.3).
import triton
import triton.language as tl


@triton.jit
def division(a_ptr, u_ptr, f_ptr, out_ptr, fout_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(a_ptr + offs)
    u = tl.load(u_ptr + offs)
    f = tl.load(f_ptr + offs)
    # CHECK: arith.divsi {{.*}} : tensor<16xi32>
    q = a // 2
    # CHECK: arith.remsi {{.*}} : tensor<16xi32>
    r = a % 3
    # CHECK: arith.divui {{.*}} : tensor<16xi32>
    uq = u // 4
    # CHECK: arith.remui {{.*}} : tensor<16xi32>
    ur = u % 5
    # int / int is fp32
    # CHECK: arith.sitofp {{.*}} : tensor<16xi32> to tensor<16xf32>
    # CHECK: arith.divf {{.*}} : tensor<16xf32>
    t = a / 3
    # float % float is frem
    # CHECK: arith.remf {{.*}} : tensor<16xf32>
    fm = f % 2.0
    # constexpr arithmetic folds with Python semantics: -7 // 2 == -4 and -7 % 2 == 1
    # CHECK: arith.constant -4 : i32
    # CHECK: arith.constant 1 : i32
    cq = -7 // 2
    cr = -7 % 2
    # and 7 / 2 is the Python float 3.5
    # CHECK: arith.constant 3.500000e+00 : f32
    cf = 7 / 2
    # tl.cdiv on a runtime value: (x + d - 1) // d with C division
    # CHECK: arith.addi
    # CHECK: arith.divsi {{.*}} : i32
    n = tl.cdiv(tl.program_id(0), 16)
    tl.store(out_ptr + offs, q + r + uq.to(tl.int32) + ur.to(tl.int32) + cq + cr + n)
    tl.store(fout_ptr + offs, t + fm + cf)

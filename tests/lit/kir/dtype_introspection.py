# RUN: %kcc --emit=kir --signature 'x_ptr=*bf16,out_ptr=*fp32' -D BLOCK=16 %s | FileCheck %s
# x.dtype, ptr.type.element_ty, ptr.dtype.element_ty and the dtype predicates are constexprs.
import triton
import triton.language as tl


@triton.jit
def intro(x_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    if x.dtype.is_bf16() and x_ptr.type.element_ty == tl.bfloat16:
        # CHECK: arith.extf {{.*}} : tensor<16xbf16> to tensor<16xf32>
        y = x.to(tl.float32)
    else:
        y = undefined_in_dead_branch(x)
    tl.static_assert(x.dtype.primitive_bitwidth == 16)
    tl.static_assert(out_ptr.dtype.element_ty.is_floating())
    tl.static_assert(not tl.int32.is_floating() and tl.uint8.is_int_unsigned())
    # CHECK: arith.constant 1.600000e+01 : f32
    z = y * x.dtype.primitive_bitwidth
    # cast back to another pointer's element type
    # CHECK: arith.truncf {{.*}} : tensor<16xf32> to tensor<16xbf16>
    w = z.to(x_ptr.type.element_ty)
    tl.store(out_ptr + offs, w)

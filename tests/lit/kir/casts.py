# RUN: %kcc --emit=kir --signature 'f_ptr=*fp32,h_ptr=*bf16,i_ptr=*i32,u_ptr=*u8,p_ptr=*i64' -D BLOCK=16 %s | FileCheck %s
# .to(dtype[, bitcast=]) and tl.cast (reference section 4.8).
import triton
import triton.language as tl


@triton.jit
def casts(f_ptr, h_ptr, i_ptr, u_ptr, p_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    f = tl.load(f_ptr + offs)
    h = tl.load(h_ptr + offs)
    i = tl.load(i_ptr + offs)
    u = tl.load(u_ptr + offs)
    # CHECK: arith.truncf {{.*}} : tensor<16xf32> to tensor<16xf16>
    a = f.to(tl.float16)
    # bf16 -> fp16 goes through fp32
    # CHECK: arith.extf {{.*}} : tensor<16xbf16> to tensor<16xf32>
    # CHECK: arith.truncf {{.*}} : tensor<16xf32> to tensor<16xf16>
    b = h.to(tl.float16)
    # float -> int truncates (fptosi), unsigned ints convert with uitofp
    # CHECK: arith.fptosi {{.*}} : tensor<16xf32> to tensor<16xi32>
    # CHECK: arith.uitofp {{.*}} : tensor<16xi8> to tensor<16xf32>
    c = f.to(tl.int32)
    d = u.to(tl.float32)
    # int widening: sign- or zero-extension by the source's signedness; narrowing truncates
    # CHECK: arith.extsi {{.*}} : tensor<16xi32> to tensor<16xi64>
    # CHECK: arith.extui {{.*}} : tensor<16xi8> to tensor<16xi64>
    # CHECK: arith.trunci {{.*}} : tensor<16xi32> to tensor<16xi8>
    e = i.to(tl.int64) + u.to(tl.int64)
    t = i.to(tl.int8)
    # anything -> bool is x != 0
    # CHECK: arith.cmpf une, {{.*}} : tensor<16xf32>
    z = f.to(tl.int1)
    # bitcast keeps the bits
    # CHECK: arith.bitcast {{.*}} : tensor<16xf32> to tensor<16xi32>
    bits = f.to(tl.int32, bitcast=True)
    # tl.cast is the same operation
    # CHECK: arith.bitcast {{.*}} : tensor<16xi32> to tensor<16xf32>
    back = tl.cast(bits, tl.float32, bitcast=True)
    # pointer <-> int64, pointer -> pointer, i64 -> pointer
    # CHECK: "kir.ptr_to_int"(%arg0) : (!kir.ptr<f32>) -> i64
    addr = f_ptr.to(tl.int64)
    # CHECK: "kir.int_to_ptr"({{.*}}) : (i64) -> !kir.ptr<f16>
    hp = addr.to(tl.pointer_type(tl.float16))
    # CHECK: "kir.bitcast"(%arg2) : (!kir.ptr<i32>) -> !kir.ptr<f32>
    fp = i_ptr.to(tl.pointer_type(tl.float32))
    # cast to the dtype of another tensor / a pointer's element type
    # CHECK: arith.extf {{.*}} : tensor<16xf16> to tensor<16xf32>
    g = a.to(f.dtype) + b.to(f_ptr.type.element_ty)
    tl.store(f_ptr + offs, g + back + d + c + e + t + z)
    tl.store(hp + offs, a)
    tl.store(fp + offs, bits)

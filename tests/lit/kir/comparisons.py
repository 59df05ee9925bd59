# RUN: %kcc --emit=kir --signature 'f_ptr=*fp32,h_ptr=*fp16,u_ptr=*u32,out_ptr=*i1' -D BLOCK=16 %s | FileCheck %s
# Comparisons give int1; float comparisons are ordered except '!=' (unordered).
import triton
import triton.language as tl


@triton.jit
def comparisons(f_ptr, h_ptr, u_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    f = tl.load(f_ptr + offs)
    h = tl.load(h_ptr + offs)
    u = tl.load(u_ptr + offs)
    # CHECK: arith.cmpf olt, {{.*}} : tensor<16xf32>
    c0 = f < 1.0
    # CHECK: arith.cmpf oge, {{.*}} : tensor<16xf32>
    c1 = f >= 0
    # CHECK: arith.cmpf oeq, {{.*}} : tensor<16xf32>
    c2 = f == 2.0
    # NaN != NaN is true: une
    # CHECK: arith.cmpf une, {{.*}} : tensor<16xf32>
    c3 = f != f
    # fp16 vs fp32: compares in fp32
    # CHECK: arith.extf {{.*}} : tensor<16xf16> to tensor<16xf32>
    # CHECK: arith.cmpf ogt, {{.*}} : tensor<16xf32>
    c4 = h > f
    # unsigned compare
    # CHECK: arith.cmpi ule, {{.*}} : tensor<16xi32>
    c5 = u <= 7
    # int1 stored through *i1 becomes bytes
    # CHECK: arith.extui {{.*}} : tensor<16xi1> to tensor<16xi8>
    # CHECK: "kir.store"({{.*}}) : (tensor<16x!kir.ptr<i8>>, tensor<16xi8>) -> ()
    tl.store(out_ptr + offs, c0 & c1 | c2 ^ c3 | c4 & c5)

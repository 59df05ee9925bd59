# RUN: %kcc --emit=kir --signature 'x_ptr=*fp16,b_ptr=*i1,out_ptr=*fp32,n=i32' -D BLOCK=16 %s | FileCheck %s
# tl.load(mask=, other=) and tl.store(mask=): masks and `other` broadcast to the pointer block,
# `other` and the stored value are cast to the element type; scalar loads; *i1 memory is bytes.
import triton
import triton.language as tl


@triton.jit
def load_store(x_ptr, b_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    # a plain load
    # CHECK: "kir.load"({{.*}}) : (tensor<16x!kir.ptr<f16>>) -> tensor<16xf16>
    a = tl.load(x_ptr + offs)
    # masked, no other: masked lanes read 0
    # CHECK: "kir.load"({{.*}}, {{.*}}) : (tensor<16x!kir.ptr<f16>>, tensor<16xi1>) -> tensor<16xf16>
    b = tl.load(x_ptr + offs, mask=mask)
    # other=-inf is cast to fp16 and fills the masked lanes
    # CHECK: arith.constant 0xFC00 : f16
    # CHECK: "kir.load"({{.*}}, {{.*}}) : (tensor<16x!kir.ptr<f16>>, tensor<16xi1>) -> tensor<16xf16>
    # CHECK: arith.select {{.*}} : tensor<16xi1>, tensor<16xf16>
    c = tl.load(x_ptr + offs, mask=mask, other=-float("inf"))
    # a positional scalar mask broadcasts
    # CHECK: "kir.splat"({{.*}}) : (i1) -> tensor<16xi1>
    d = tl.load(x_ptr + offs, n > 0, 1.0)
    # a scalar load
    # CHECK: "kir.load"(%arg0) : (!kir.ptr<f16>) -> f16
    s = tl.load(x_ptr)
    # *i1 is loaded as bytes and compared with 0
    # CHECK: "kir.load"({{.*}}) : (tensor<16x!kir.ptr<i8>>) -> tensor<16xi8>
    # CHECK: arith.cmpi ne, {{.*}} : tensor<16xi8>
    flags = tl.load(b_ptr + offs)
    v = tl.where(flags, a + b + c + d, s)
    # the value is converted to the pointee type
    # CHECK: arith.extf {{.*}} : tensor<16xf16> to tensor<16xf32>
    # CHECK: "kir.store"({{.*}}) : (tensor<16x!kir.ptr<f32>>, tensor<16xf32>, tensor<16xi1>) -> ()
    tl.store(out_ptr + offs, v, mask=mask)
    # a scalar value stored to a block of pointers is splatted
    # CHECK: "kir.store"({{.*}}) : (tensor<16x!kir.ptr<f32>>, tensor<16xf32>) -> ()
    tl.store(out_ptr + offs, 0.5)
    # volatile loads keep the attribute
    # CHECK: "kir.load"({{.*}}) {volatile} : (!kir.ptr<i8>) -> i8
    tl.store(b_ptr, tl.load(b_ptr, volatile=True))

# RUN: %kcc --emit=kir --signature 'a_ptr=*fp16,b_ptr=*fp16,i_ptr=*i8,f_ptr=*fp32,out_ptr=*fp32' -D M=16 -D N=32 -D K=16 %s | FileCheck %s
# tl.dot result/accumulator types (reference section 4.7): fp16 -> fp32 (or out_dtype=fp16),
# int8 -> int32, fp32 -> fp32; acc positional or keyword; allow_tf32 / input_precision accepted.
import triton
import triton.language as tl


@triton.jit
def dots(a_ptr, b_ptr, i_ptr, f_ptr, out_ptr, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(a_ptr + rm[:, None] * K + rk[None, :])
    b = tl.load(b_ptr + rk[:, None] * N + rn[None, :])
    # no accumulator: a zero fp32 tile
    # CHECK: arith.constant dense<0.000000e+00> : tensor<16x32xf32>
    # CHECK: "kir.dot"({{.*}}) : (tensor<16x16xf16>, tensor<16x32xf16>, tensor<16x32xf32>) -> tensor<16x32xf32>
    c = tl.dot(a, b)
    # the accumulator form used in K loops
    # CHECK: "kir.dot"({{.*}}) : (tensor<16x16xf16>, tensor<16x32xf16>, tensor<16x32xf32>) -> tensor<16x32xf32>
    c = tl.dot(a, b, c)
    # CHECK: "kir.dot"({{.*}}) : (tensor<16x16xf16>, tensor<16x32xf16>, tensor<16x32xf32>) -> tensor<16x32xf32>
    c = tl.dot(a, b, acc=c, allow_tf32=False)
    # out_dtype=fp16
    # CHECK: "kir.dot"({{.*}}) : (tensor<16x16xf16>, tensor<16x32xf16>, tensor<16x32xf16>) -> tensor<16x32xf16>
    h = tl.dot(a, b, out_dtype=tl.float16)
    # int8 x int8 -> int32
    ia = tl.load(i_ptr + rm[:, None] * K + rk[None, :])
    ib = tl.load(i_ptr + rk[:, None] * N + rn[None, :])
    # CHECK: "kir.dot"({{.*}}) : (tensor<16x16xi8>, tensor<16x32xi8>, tensor<16x32xi32>) -> tensor<16x32xi32>
    ic = tl.dot(ia, ib)
    # fp32 with a transposed operand
    fa = tl.load(f_ptr + rn[:, None] * K + rk[None, :])
    # CHECK: "kir.trans"({{.*}}) {order = array<i32: 1, 0>} : (tensor<32x16xf32>) -> tensor<16x32xf32>
    # CHECK: "kir.dot"({{.*}}) : (tensor<16x16xf32>, tensor<16x32xf32>, tensor<16x32xf32>) -> tensor<16x32xf32>
    fc = tl.dot(a.to(tl.float32), tl.trans(fa), input_precision="ieee")
    tl.store(out_ptr + rm[:, None] * N + rn[None, :], c + h + ic + fc)

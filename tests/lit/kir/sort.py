# RUN: %kcc --emit=kir --signature 'f_ptr=*fp32,u_ptr=*u8,i_ptr=*i64,out_ptr=*fp32' -D BM=4 -D BN=16 %s | FileCheck %s
# RUN: %kcc --emit=kir --signature 'f_ptr=*fp32,u_ptr=*u8,i_ptr=*i64,out_ptr=*fp32' -D BM=4 -D BN=16 %s > %t.mlir
# RUN: %kcc-opt %t.mlir > %t.2.mlir && diff %t.mlir %t.2.mlir
# tl.sort / x.sort: one kir.sort along the last axis (dim=None, the last index, or -1);
# `descending` is a bool, unsigned integers carry the `unsigned` unit attribute. kcc-opt reads
# the ops back unchanged.
import triton
import triton.language as tl


@triton.jit
def sorts(f_ptr, u_ptr, i_ptr, out_ptr, BM: tl.constexpr, BN: tl.constexpr):
    offs = tl.arange(0, BM)[:, None] * BN + tl.arange(0, BN)[None, :]
    f = tl.load(f_ptr + offs)
    u = tl.load(u_ptr + offs)
    i = tl.load(i_ptr + offs)
    # CHECK: "kir.sort"(%{{.*}}) {axis = 1 : i32, descending = false} : (tensor<4x16xf32>) -> tensor<4x16xf32>
    a = tl.sort(f)
    # CHECK: "kir.sort"(%{{.*}}) {axis = 1 : i32, descending = true} : (tensor<4x16xf32>) -> tensor<4x16xf32>
    b = f.sort(dim=1, descending=True)
    # CHECK: "kir.sort"(%{{.*}}) {axis = 1 : i32, descending = false, unsigned} : (tensor<4x16xi8>) -> tensor<4x16xi8>
    c = tl.sort(u, -1)
    # CHECK: "kir.sort"(%{{.*}}) {axis = 0 : i32, descending = true} : (tensor<16xi64>) -> tensor<16xi64>
    d = tl.sort(tl.sum(i, axis=0), 0, True)
    tl.store(out_ptr + offs, a + b + c + d[None, :])

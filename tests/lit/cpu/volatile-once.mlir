// A tile load used twice is normally read again by each use (contiguous, cheap), but a volatile
// one is read once into a buffer: its uses must see the same values.
// RUN: %kcc-opt %s --cpu-lower-kir | FileCheck %s
// CHECK-LABEL: func.func @twice
// CHECK: memref.alloca() {{.*}} : memref<64xi32>
// CHECK: scf.for
// CHECK: llvm.load volatile
// CHECK-NOT: llvm.load volatile
// CHECK: return
// CHECK-LABEL: func.func @plain
// CHECK-NOT: memref.alloca() {{.*}} : memref<64xi32>
// CHECK: return
module {
  func.func @twice(%p: !kir.ptr<i32> {kcc.name = "p", kcc.type = "*i32"},
                   %q: !kir.ptr<i32> {kcc.name = "q", kcc.type = "*i32"}) attributes {kcc.kernel} {
    %offs = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %ps = "kir.splat"(%p) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %pp = "kir.addptr"(%ps, %offs) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %x = "kir.load"(%pp) {volatile} : (tensor<64x!kir.ptr<i32>>) -> tensor<64xi32>
    %qs = "kir.splat"(%q) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %qp = "kir.addptr"(%qs, %offs) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %y = arith.addi %x, %x : tensor<64xi32>
    "kir.store"(%qp, %y) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> ()
    return
  }
  func.func @plain(%p: !kir.ptr<i32> {kcc.name = "p", kcc.type = "*i32"},
                   %q: !kir.ptr<i32> {kcc.name = "q", kcc.type = "*i32"}) attributes {kcc.kernel} {
    %offs = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %ps = "kir.splat"(%p) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %pp = "kir.addptr"(%ps, %offs) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %x = "kir.load"(%pp) : (tensor<64x!kir.ptr<i32>>) -> tensor<64xi32>
    %qs = "kir.splat"(%q) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %qp = "kir.addptr"(%qs, %offs) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    %y = arith.addi %x, %x : tensor<64xi32>
    "kir.store"(%qp, %y) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> ()
    return
  }
}

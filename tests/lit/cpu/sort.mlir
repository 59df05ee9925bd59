// kir.sort on the CPU: the operand is copied into a stack buffer and sorted there in place by a
// bitonic network: stage loops (k, j) around a loop over the pairs of each row; each pair is
// exchanged with selects. Signed, unsigned and float (NaN above +inf) comparisons.
// RUN: %kcc-opt %s --cpu-lower-kir | FileCheck %s
// RUN: %kcc-opt %s --emit=llvm -o /dev/null

// CHECK-LABEL: func.func @sorts
// CHECK: memref.alloca() {{.*}} : memref<4x8xi32>
// CHECK: scf.for
// CHECK: arith.shli
// CHECK: scf.for
// CHECK: arith.shrui
// CHECK: scf.for
// CHECK: scf.for
// CHECK: memref.load
// CHECK: memref.load
// CHECK: arith.cmpi sgt
// CHECK: memref.store
// CHECK: memref.store
// CHECK: arith.cmpi ugt
// CHECK: arith.cmpf ugt
// CHECK: arith.cmpf ord
module {
  func.func @sorts(%x: !kir.ptr<i32> {kcc.name = "x_ptr", kcc.type = "*i32"},
                   %y: !kir.ptr<f32> {kcc.name = "y_ptr", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 32 : i32} : () -> tensor<32xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<i32>) -> tensor<32x!kir.ptr<i32>>
    %xp = "kir.addptr"(%xs, %r) : (tensor<32x!kir.ptr<i32>>, tensor<32xi32>) -> tensor<32x!kir.ptr<i32>>
    %xp2 = "kir.reshape"(%xp) : (tensor<32x!kir.ptr<i32>>) -> tensor<4x8x!kir.ptr<i32>>
    %v = "kir.load"(%xp2) : (tensor<4x8x!kir.ptr<i32>>) -> tensor<4x8xi32>
    %s = "kir.sort"(%v) {axis = 1 : i32, descending = false} : (tensor<4x8xi32>) -> tensor<4x8xi32>
    %u = "kir.sort"(%s) {axis = 0 : i32, descending = true, unsigned} : (tensor<4x8xi32>) -> tensor<4x8xi32>
    "kir.store"(%xp2, %u) : (tensor<4x8x!kir.ptr<i32>>, tensor<4x8xi32>) -> ()
    %ys = "kir.splat"(%y) : (!kir.ptr<f32>) -> tensor<32x!kir.ptr<f32>>
    %yp = "kir.addptr"(%ys, %r) : (tensor<32x!kir.ptr<f32>>, tensor<32xi32>) -> tensor<32x!kir.ptr<f32>>
    %w = "kir.load"(%yp) : (tensor<32x!kir.ptr<f32>>) -> tensor<32xf32>
    %ws = "kir.sort"(%w) {axis = 0 : i32, descending = false} : (tensor<32xf32>) -> tensor<32xf32>
    "kir.store"(%yp, %ws) : (tensor<32x!kir.ptr<f32>>, tensor<32xf32>) -> ()
    return
  }
}

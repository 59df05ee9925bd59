// kir.sort rules the verifier checks (dialects/verify.c), reported at the op's location.
// RUN: not %kcc-opt %s 2>&1 | FileCheck --strict-whitespace %s
// CHECK: kir_sort_verify.mlir:13:10: error: kir.sort: the sorted dimension must have a power-of-two extent
// CHECK: kir_sort_verify.mlir:14:10: error: kir.sort: axis must be an i32 attribute naming a dimension
// CHECK: kir_sort_verify.mlir:15:10: error: kir.sort: unsigned must be a unit attribute on integer elements
// CHECK: kir_sort_verify.mlir:16:10: error: kir.sort: descending must be a bool attribute
// CHECK: kir_sort_verify.mlir:17:10: error: kir.sort: elements must be integers or floats

module {
  func.func @k(%p: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    %c = arith.constant dense<1.0> : tensor<4x6xf32>
    %ps = "kir.splat"(%p) : (!kir.ptr<f32>) -> tensor<4x!kir.ptr<f32>>
    %0 = "kir.sort"(%c) {axis = 1 : i32, descending = false} : (tensor<4x6xf32>) -> tensor<4x6xf32>
    %1 = "kir.sort"(%c) {axis = 2 : i32, descending = false} : (tensor<4x6xf32>) -> tensor<4x6xf32>
    %2 = "kir.sort"(%c) {axis = 0 : i32, descending = false, unsigned} : (tensor<4x6xf32>) -> tensor<4x6xf32>
    %3 = "kir.sort"(%c) {axis = 0 : i32} : (tensor<4x6xf32>) -> tensor<4x6xf32>
    %4 = "kir.sort"(%ps) {axis = 0 : i32, descending = true} : (tensor<4x!kir.ptr<f32>>) -> tensor<4x!kir.ptr<f32>>
    return
  }
}

// The verifier refuses tiles above KIR_MAX_RANK (4) dimensions with a located error, before any
// lowering sees them (a rank-9 tile used to lower to a loop of 2^32+1 iterations).
// RUN: not %kcc-opt %s 2>&1 | FileCheck %s
// RUN: not %kcc-opt %s --cpu-lower 2>&1 | FileCheck %s

// CHECK: rank.mlir:[[@LINE+5]]:{{[0-9]+}}: error: a tile of rank 9 exceeds the maximum rank of 4
// CHECK-NOT: error
module {
  func.func @k(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 2 : i32} : () -> tensor<2xi32>
    %b = "kir.reshape"(%r) : (tensor<2xi32>) -> tensor<1x1x1x1x1x1x1x1x2xi32>
    return
  }
}

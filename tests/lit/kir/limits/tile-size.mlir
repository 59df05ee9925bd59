// Tiles of more than KIR_MAX_TILE_ELEMS (2^20) elements, and shapes whose element count wraps
// around 64 bits, are refused by the verifier at the op that makes them.
// RUN: not %kcc-opt %s 2>&1 | FileCheck %s

// CHECK: tile-size.mlir:11:{{[0-9]+}}: error: a tile of more than 1048576 elements exceeds the maximum tile size
// CHECK: tile-size.mlir:12:{{[0-9]+}}: error: a tile of more than 1048576 elements exceeds the maximum tile size
// CHECK-NOT: error
module {
  func.func @k(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    %c = arith.constant 1.0 : f32
    %big = "kir.splat"(%c) : (f32) -> tensor<2048x1024xf32>
    %wrap = "kir.splat"(%c) : (f32) -> tensor<4294967296x4294967296xf32>
    return
  }
}

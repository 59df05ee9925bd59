// Inclusive scans: cumsum of 256 i32 (1-D), reverse cumsum of the same, and a cumulative
// product-free 8x64 f32 cumsum along axis 0 (the outer axis).
module {
  func.func @scan(%x: !kir.ptr<i32> {kcc.name = "x_ptr", kcc.type = "*i32"},
                  %o: !kir.ptr<i32> {kcc.name = "o_ptr", kcc.type = "*i32"},
                  %orev: !kir.ptr<i32> {kcc.name = "orev_ptr", kcc.type = "*i32"},
                  %f: !kir.ptr<f32> {kcc.name = "f_ptr", kcc.type = "*fp32"},
                  %fo: !kir.ptr<f32> {kcc.name = "fo_ptr", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 256 : i32} : () -> tensor<256xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<i32>) -> tensor<256x!kir.ptr<i32>>
    %xp = "kir.addptr"(%xs, %r) : (tensor<256x!kir.ptr<i32>>, tensor<256xi32>) -> tensor<256x!kir.ptr<i32>>
    %xv = "kir.load"(%xp) : (tensor<256x!kir.ptr<i32>>) -> tensor<256xi32>
    %cs = "kir.scan"(%xv) ({
    ^bb0(%a: i32, %b: i32):
      %s = arith.addi %a, %b : i32
      "gpu.yield"(%s) : (i32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 0 : i32, reverse = false} : (tensor<256xi32>) -> tensor<256xi32>
    %rcs = "kir.scan"(%xv) ({
    ^bb0(%a: i32, %b: i32):
      %s = arith.addi %a, %b : i32
      "gpu.yield"(%s) : (i32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 0 : i32, reverse = true} : (tensor<256xi32>) -> tensor<256xi32>
    %os = "kir.splat"(%o) : (!kir.ptr<i32>) -> tensor<256x!kir.ptr<i32>>
    %op = "kir.addptr"(%os, %r) : (tensor<256x!kir.ptr<i32>>, tensor<256xi32>) -> tensor<256x!kir.ptr<i32>>
    "kir.store"(%op, %cs) : (tensor<256x!kir.ptr<i32>>, tensor<256xi32>) -> ()
    %ors = "kir.splat"(%orev) : (!kir.ptr<i32>) -> tensor<256x!kir.ptr<i32>>
    %orp = "kir.addptr"(%ors, %r) : (tensor<256x!kir.ptr<i32>>, tensor<256xi32>) -> tensor<256x!kir.ptr<i32>>
    "kir.store"(%orp, %rcs) : (tensor<256x!kir.ptr<i32>>, tensor<256xi32>) -> ()
    %r8 = "kir.arange"() {start = 0 : i32, end = 8 : i32} : () -> tensor<8xi32>
    %r64 = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %i2 = "kir.expand_dims"(%r8) {axis = 1 : i32} : (tensor<8xi32>) -> tensor<8x1xi32>
    %c64 = arith.constant dense<64> : tensor<8x1xi32>
    %i64 = arith.muli %i2, %c64 : tensor<8x1xi32>
    %ib = "kir.broadcast"(%i64) : (tensor<8x1xi32>) -> tensor<8x64xi32>
    %j2 = "kir.expand_dims"(%r64) {axis = 0 : i32} : (tensor<64xi32>) -> tensor<1x64xi32>
    %jb = "kir.broadcast"(%j2) : (tensor<1x64xi32>) -> tensor<8x64xi32>
    %off = arith.addi %ib, %jb : tensor<8x64xi32>
    %fs = "kir.splat"(%f) : (!kir.ptr<f32>) -> tensor<8x64x!kir.ptr<f32>>
    %fp = "kir.addptr"(%fs, %off) : (tensor<8x64x!kir.ptr<f32>>, tensor<8x64xi32>) -> tensor<8x64x!kir.ptr<f32>>
    %fv = "kir.load"(%fp) : (tensor<8x64x!kir.ptr<f32>>) -> tensor<8x64xf32>
    %fc = "kir.scan"(%fv) ({
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      "gpu.yield"(%s) : (f32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 0 : i32, reverse = false} : (tensor<8x64xf32>) -> tensor<8x64xf32>
    %fos = "kir.splat"(%fo) : (!kir.ptr<f32>) -> tensor<8x64x!kir.ptr<f32>>
    %fop = "kir.addptr"(%fos, %off) : (tensor<8x64x!kir.ptr<f32>>, tensor<8x64xi32>) -> tensor<8x64x!kir.ptr<f32>>
    "kir.store"(%fop, %fc) : (tensor<8x64x!kir.ptr<f32>>, tensor<8x64xf32>) -> ()
    return
  }
}

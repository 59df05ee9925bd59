// 16x64 f32 tile: row sums (axis 1, innermost), column maxima (axis 0, outer), and an argmax
// of each row (two-operand combiner); one program.
module {
  func.func @reduce(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                    %rows: !kir.ptr<f32> {kcc.name = "rows_ptr", kcc.type = "*fp32"},
                    %cols: !kir.ptr<f32> {kcc.name = "cols_ptr", kcc.type = "*fp32"},
                    %amax: !kir.ptr<i32> {kcc.name = "amax_ptr", kcc.type = "*i32"}) attributes {kcc.kernel} {
    %r16 = "kir.arange"() {start = 0 : i32, end = 16 : i32} : () -> tensor<16xi32>
    %r64 = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %i2 = "kir.expand_dims"(%r16) {axis = 1 : i32} : (tensor<16xi32>) -> tensor<16x1xi32>
    %c64 = arith.constant dense<64> : tensor<16x1xi32>
    %i64 = arith.muli %i2, %c64 : tensor<16x1xi32>
    %ib = "kir.broadcast"(%i64) : (tensor<16x1xi32>) -> tensor<16x64xi32>
    %j2 = "kir.expand_dims"(%r64) {axis = 0 : i32} : (tensor<64xi32>) -> tensor<1x64xi32>
    %jb = "kir.broadcast"(%j2) : (tensor<1x64xi32>) -> tensor<16x64xi32>
    %off = arith.addi %ib, %jb : tensor<16x64xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<16x64x!kir.ptr<f32>>
    %xp = "kir.addptr"(%xs, %off) : (tensor<16x64x!kir.ptr<f32>>, tensor<16x64xi32>) -> tensor<16x64x!kir.ptr<f32>>
    %xv = "kir.load"(%xp) : (tensor<16x64x!kir.ptr<f32>>) -> tensor<16x64xf32>
    %rs = "kir.reduce"(%xv) ({
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      "gpu.yield"(%s) : (f32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 1 : i32} : (tensor<16x64xf32>) -> tensor<16xf32>
    %cm = "kir.reduce"(%xv) ({
    ^bb0(%a: f32, %b: f32):
      %m = arith.maximumf %a, %b : f32
      "gpu.yield"(%m) : (f32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, axis = 0 : i32} : (tensor<16x64xf32>) -> tensor<64xf32>
    // (kir.irdl.mlir binds all reduce inputs to one type: the index travels as f32)
    %jf = arith.sitofp %jb : tensor<16x64xi32> to tensor<16x64xf32>
    %am:2 = "kir.reduce"(%xv, %jf) ({
    ^bb0(%va: f32, %ia: f32, %vb: f32, %ib2: f32):
      %gt = arith.cmpf ogt, %vb, %va : f32
      %eq = arith.cmpf oeq, %vb, %va : f32
      %lt = arith.cmpf olt, %ib2, %ia : f32
      %tie = arith.andi %eq, %lt : i1
      %take = arith.ori %gt, %tie : i1
      %v = arith.select %take, %vb, %va : f32
      %i = arith.select %take, %ib2, %ia : f32
      "gpu.yield"(%v, %i) : (f32, f32) -> ()
    }) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, axis = 1 : i32} : (tensor<16x64xf32>, tensor<16x64xf32>) -> (tensor<16xf32>, tensor<16xf32>)
    %ami = arith.fptosi %am#1 : tensor<16xf32> to tensor<16xi32>
    %rp0 = "kir.splat"(%rows) : (!kir.ptr<f32>) -> tensor<16x!kir.ptr<f32>>
    %rp = "kir.addptr"(%rp0, %r16) : (tensor<16x!kir.ptr<f32>>, tensor<16xi32>) -> tensor<16x!kir.ptr<f32>>
    "kir.store"(%rp, %rs) : (tensor<16x!kir.ptr<f32>>, tensor<16xf32>) -> ()
    %cp0 = "kir.splat"(%cols) : (!kir.ptr<f32>) -> tensor<64x!kir.ptr<f32>>
    %cp = "kir.addptr"(%cp0, %r64) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    "kir.store"(%cp, %cm) : (tensor<64x!kir.ptr<f32>>, tensor<64xf32>) -> ()
    %ap0 = "kir.splat"(%amax) : (!kir.ptr<i32>) -> tensor<16x!kir.ptr<i32>>
    %ap = "kir.addptr"(%ap0, %r16) : (tensor<16x!kir.ptr<i32>>, tensor<16xi32>) -> tensor<16x!kir.ptr<i32>>
    "kir.store"(%ap, %ami) : (tensor<16x!kir.ptr<i32>>, tensor<16xi32>) -> ()
    return
  }
}

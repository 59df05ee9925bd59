// Tile facts of the shape ops: constants (splat and dense), arange, splat, broadcast,
// expand_dims, reshape, trans, join/split/unsplat, program ids. Facts are per dimension:
// contig (runs of +1), div (power of two dividing each run's first element), const (runs of
// equal values), and a range when bounded by constants.
// RUN: %kcc-opt %s --tile-facts | FileCheck %s

module {
  func.func @shapes(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32"}) attributes {kcc.kernel} {
    // CHECK: kir.program_id{{.*}}kcc.facts = "div=1 range=[0, 2147483646]"
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    // CHECK: kir.num_programs{{.*}}kcc.facts = "div=1 range=[1, 2147483647]"
    %np = "kir.num_programs"() {axis = 0 : i32} : () -> i32
    // A constant: its value, its power of two, uniform.
    // CHECK: arith.constant {kcc.facts = "div=8 range=[24, 24]"} 24 : i32
    %c24 = arith.constant 24 : i32
    // CHECK: arith.constant {kcc.facts = "contig=[1, 1] div=[64, 64] const=[4, 8] range=[64, 64]"} dense<64>
    %c64 = arith.constant dense<64> : tensor<4x8xi32>
    // Dense tiles are read element by element: rows of 0..3 then 8..11 (runs of 4 along dim 1,
    // starting at multiples of 4 / 8), equal down dim 0 in pairs.
    // CHECK: arith.constant {kcc.facts = "contig=[1, 4] div=[1, 4] const=[2, 1] range=[0, 11]"} dense<
    %d = arith.constant dense<[[0, 1, 2, 3, 8, 9, 10, 11], [0, 1, 2, 3, 8, 9, 10, 11],
                               [4, 5, 6, 7, 4, 5, 6, 7], [4, 5, 6, 7, 4, 5, 6, 7]]> : tensor<4x8xi32>
    // A break at an odd index: no runs.
    // CHECK: arith.constant {kcc.facts = "contig=[1] div=[1] const=[1] range=[0, 3]"} dense<[0, 1, 3, 2]>
    %e = arith.constant dense<[0, 1, 3, 2]> : tensor<4xi32>
    // Floats: only constancy.
    // CHECK: arith.constant {kcc.facts = "contig=[1] div=[1] const=[8]"} dense<1.5
    %f = arith.constant dense<1.5> : tensor<8xf32>

    // arange(32, 96): one run of 64 starting at 32.
    // CHECK: kir.arange{{.*}}kcc.facts = "contig=[64] div=[32] const=[1] range=[32, 95]"
    %r = "kir.arange"() {start = 32 : i32, end = 96 : i32} : () -> tensor<64xi32>
    // CHECK: kir.arange{{.*}}kcc.facts = "contig=[16] div=[1073741824] const=[1] range=[0, 15]"
    %r16 = "kir.arange"() {start = 0 : i32, end = 16 : i32} : () -> tensor<16xi32>
    // splat: uniform, divisible like its scalar.
    // CHECK: kir.splat{{.*}}kcc.facts = "contig=[1] div=[8] const=[16] range=[24, 24]"
    %s = "kir.splat"(%c24) : (i32) -> tensor<16xi32>
    // CHECK: kir.splat{{.*}}kcc.facts = "contig=[1] div=[1] const=[16] range=[0, 2147483646]"
    %sp = "kir.splat"(%pid) : (i32) -> tensor<16xi32>

    // expand_dims: the new dim (extent 1) carries the divisibility of every element (1 here:
    // arange holds odd values).
    // CHECK: kir.expand_dims{{.*}}kcc.facts = "contig=[1, 16] div=[1, 1073741824] const=[1, 1] range=[0, 15]"
    %row = "kir.expand_dims"(%r16) {axis = 0 : i32} : (tensor<16xi32>) -> tensor<1x16xi32>
    // CHECK: kir.expand_dims{{.*}}kcc.facts = "contig=[16, 1] div=[1073741824, 1] const=[1, 1] range=[0, 15]"
    %col = "kir.expand_dims"(%r16) {axis = 1 : i32} : (tensor<16xi32>) -> tensor<16x1xi32>
    // broadcast: the repeated dim becomes uniform, the other keeps its runs.
    // CHECK: kir.broadcast{{.*}}kcc.facts = "contig=[1, 16] div=[1, 1073741824] const=[8, 1] range=[0, 15]"
    %rowb = "kir.broadcast"(%row) : (tensor<1x16xi32>) -> tensor<8x16xi32>
    // CHECK: kir.broadcast{{.*}}kcc.facts = "contig=[16, 1] div=[1073741824, 1] const=[1, 32] range=[0, 15]"
    %colb = "kir.broadcast"(%col) : (tensor<16x1xi32>) -> tensor<16x32xi32>
    // trans swaps the facts.
    // CHECK: kir.trans{{.*}}kcc.facts = "contig=[1, 16] div=[1, 1073741824] const=[32, 1] range=[0, 15]"
    %t = "kir.trans"(%colb) {order = array<i32: 1, 0>} : (tensor<16x32xi32>) -> tensor<32x16xi32>

    // reshape that only drops a unit dim keeps the facts; a flattening reshape keeps the last
    // dim's runs up to the new extent and elementwise facts elsewhere.
    // CHECK: kir.reshape{{.*}}kcc.facts = "contig=[16] div=[1073741824] const=[1] range=[0, 15]"
    %flat1 = "kir.reshape"(%row) : (tensor<1x16xi32>) -> tensor<16xi32>
    // CHECK: kir.reshape{{.*}}kcc.facts = "contig=[16] div=[1073741824] const=[1] range=[0, 15]"
    %flat = "kir.reshape"(%rowb) : (tensor<8x16xi32>) -> tensor<128xi32>
    // (runs of 8 inside runs of 16 from 0: they start at 0 and 8)
    // CHECK: kir.reshape{{.*}}kcc.facts = "contig=[1, 8] div=[1, 8] const=[1, 1] range=[0, 15]"
    %re = "kir.reshape"(%rowb) : (tensor<8x16xi32>) -> tensor<16x8xi32>
    // a uniform tile stays uniform whatever the shape
    // CHECK: kir.reshape{{.*}}kcc.facts = "contig=[1, 1] div=[64, 64] const=[2, 16] range=[64, 64]"
    %ru = "kir.reshape"(%c64) : (tensor<4x8xi32>) -> tensor<2x16xi32>

    // join: what holds for both sides along the old dims, the new pair dim elementwise; split
    // gives that back. A run joined with a uniform tile has no runs.
    // CHECK: kir.arange{{.*}}kcc.facts = "contig=[16] div=[16] const=[1] range=[16, 31]"
    %r16b = "kir.arange"() {start = 16 : i32, end = 32 : i32} : () -> tensor<16xi32>
    // CHECK: kir.join{{.*}}kcc.facts = "contig=[16, 1] div=[16, 1] const=[1, 1] range=[0, 31]"
    %j = "kir.join"(%r16, %r16b) : (tensor<16xi32>, tensor<16xi32>) -> tensor<16x2xi32>
    // CHECK: kir.split{{.*}}kcc.facts = ["contig=[16] div=[16] const=[1] range=[0, 31]", "contig=[16] div=[16] const=[1] range=[0, 31]"]
    %a, %b = "kir.split"(%j) : (tensor<16x2xi32>) -> (tensor<16xi32>, tensor<16xi32>)
    // CHECK: kir.join{{.*}}kcc.facts = "contig=[1, 1] div=[1, 1] const=[1, 1] range=[0, 24]"
    %j2 = "kir.join"(%r16, %s) : (tensor<16xi32>, tensor<16xi32>) -> tensor<16x2xi32>
    // unsplat: the single element.
    // CHECK: kir.unsplat{{.*}}kcc.facts = "div=64 range=[64, 64]"
    %one = arith.constant dense<64> : tensor<1x1xi32>
    %u = "kir.unsplat"(%one) : (tensor<1x1xi32>) -> i32
    return
  }
}

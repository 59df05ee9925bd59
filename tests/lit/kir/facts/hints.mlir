// Hints raise the facts and the raised facts propagate: a pointer tile `x + offs` whose offsets
// carry tl.multiple_of / tl.max_contiguous (kcc.divisibility / kcc.contiguity) is a run of
// 16-byte-aligned vectors (vec16=4 for f32); the same kernel without the hints is not. The
// divisibility-by-16 specialisation of kernel arguments (arg_attrs kcc.divisibility) does the
// same for the base pointer and for `n` (block-constant masks).
// RUN: %kcc-opt %s --tile-facts | FileCheck %s

module {
  // Offsets read from memory: nothing known, until hinted.
  // CHECK-LABEL: func.func @gather
  // CHECK-SAME: kcc.arg_facts = ["div=16", "div=4", "div=1"]
  func.func @gather(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32", kcc.divisibility = array<i64: 16>},
                    %idx: !kir.ptr<i32> {kcc.name = "idx", kcc.type = "*i32"},
                    %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %is = "kir.splat"(%idx) : (!kir.ptr<i32>) -> tensor<64x!kir.ptr<i32>>
    %ip = "kir.addptr"(%is, %r) : (tensor<64x!kir.ptr<i32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<i32>>
    // CHECK: kir.load{{.*}}kcc.facts = "contig=[1] div=[1] const=[1]"
    %off = "kir.load"(%ip) : (tensor<64x!kir.ptr<i32>>) -> tensor<64xi32>
    // CHECK: kir.load{{.*}}kcc.contiguity = array<i64: 64>, kcc.divisibility = array<i64: 16>, kcc.facts = "contig=[64] div=[16] const=[1]"
    %offh = "kir.load"(%ip) {kcc.divisibility = array<i64: 16>, kcc.contiguity = array<i64: 64>} : (tensor<64x!kir.ptr<i32>>) -> tensor<64xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<64x!kir.ptr<f32>>
    // Without hints: a gather, one element per access.
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[1] div=[4] const=[1] vec16=1"
    %p0 = "kir.addptr"(%xs, %off) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    // With them: runs of 64 floats from 64-byte boundaries, so 16-byte vectors.
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[64] div=[16] const=[1] vec16=4"
    %p1 = "kir.addptr"(%xs, %offh) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    // The hint propagates through arithmetic: offh + 4 is a run from multiples of 4 (floats:
    // 16 bytes), offh + 2 only from multiples of 2 (8 bytes).
    %c4 = arith.constant dense<4> : tensor<64xi32>
    %c2 = arith.constant dense<2> : tensor<64xi32>
    %o4 = arith.addi %offh, %c4 : tensor<64xi32>
    %o2 = arith.addi %offh, %c2 : tensor<64xi32>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[64] div=[16] const=[1] vec16=4"
    %p4 = "kir.addptr"(%xs, %o4) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[64] div=[8] const=[1] vec16=2"
    %p2 = "kir.addptr"(%xs, %o2) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    // A hint whose length is not the value's rank is ignored.
    // CHECK: kir.load{{.*}}kcc.facts = "contig=[1] div=[1] const=[1]"
    %offbad = "kir.load"(%ip) {kcc.divisibility = array<i64: 16, 16>} : (tensor<64x!kir.ptr<i32>>) -> tensor<64xi32>
    // A scalar hint (tl.multiple_of(pid * B, 16) with B not a constant) has one entry.
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %st0 = arith.muli %pid, %n : i32
    // CHECK: arith.muli {{.*}}kcc.divisibility = array<i64: 16>, kcc.facts = "div=16"
    %st1 = arith.muli %pid, %n {kcc.divisibility = array<i64: 16>} : i32
    %s0 = "kir.splat"(%st0) : (i32) -> tensor<64xi32>
    %s1 = "kir.splat"(%st1) : (i32) -> tensor<64xi32>
    %q0 = arith.addi %s0, %r : tensor<64xi32>
    %q1 = arith.addi %s1, %r : tensor<64xi32>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[64] div=[4] const=[1] vec16=1"
    %pq0 = "kir.addptr"(%xs, %q0) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[64] div=[16] const=[1] vec16=4"
    %pq1 = "kir.addptr"(%xs, %q1) : (tensor<64x!kir.ptr<f32>>, tensor<64xi32>) -> tensor<64x!kir.ptr<f32>>
    // with an unknown mask each lane stands alone
    %nsp = "kir.splat"(%n) : (i32) -> tensor<64xi32>
    %mq = arith.cmpi slt, %q1, %nsp : tensor<64xi32>
    // CHECK: kir.load{{.*}}kcc.vec16 = 1 : i64
    %lq = "kir.load"(%pq1, %mq) : (tensor<64x!kir.ptr<f32>>, tensor<64xi1>) -> tensor<64xf32>
    // CHECK: kir.load{{.*}}kcc.vec16 = 4 : i64
    %lq2 = "kir.load"(%pq1) : (tensor<64x!kir.ptr<f32>>) -> tensor<64xf32>
    return
  }

  // The argument specialisation: the same vector add with and without kcc.divisibility = 16 on
  // the pointer and on n.
  // CHECK-LABEL: func.func @plain
  // CHECK-SAME: kcc.arg_facts = ["div=4", "div=1"]
  func.func @plain(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32"},
                   %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %c128 = arith.constant 128 : i32
    %st = arith.muli %pid, %c128 : i32
    %ss = "kir.splat"(%st) : (i32) -> tensor<128xi32>
    %r = "kir.arange"() {start = 0 : i32, end = 128 : i32} : () -> tensor<128xi32>
    %offs = arith.addi %ss, %r : tensor<128xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<128xi32>
    // CHECK: arith.cmpi slt, {{.*}}kcc.facts = "contig=[1] div=[1] const=[1]"
    %mask = arith.cmpi slt, %offs, %ns : tensor<128xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<128x!kir.ptr<f32>>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[128] div=[4] const=[1] vec16=1"
    %xp = "kir.addptr"(%xs, %offs) : (tensor<128x!kir.ptr<f32>>, tensor<128xi32>) -> tensor<128x!kir.ptr<f32>>
    // CHECK: kir.load{{.*}}kcc.vec16 = 1 : i64
    %v = "kir.load"(%xp, %mask) : (tensor<128x!kir.ptr<f32>>, tensor<128xi1>) -> tensor<128xf32>
    "kir.store"(%xp, %v, %mask) : (tensor<128x!kir.ptr<f32>>, tensor<128xf32>, tensor<128xi1>) -> ()
    return
  }
  // CHECK-LABEL: func.func @specialised
  // CHECK-SAME: kcc.arg_facts = ["div=16", "div=16"]
  func.func @specialised(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32", kcc.divisibility = array<i64: 16>},
                         %n: i32 {kcc.name = "n", kcc.type = "i32", kcc.divisibility = 16 : i32}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %c128 = arith.constant 128 : i32
    %st = arith.muli %pid, %c128 : i32
    %ss = "kir.splat"(%st) : (i32) -> tensor<128xi32>
    %r = "kir.arange"() {start = 0 : i32, end = 128 : i32} : () -> tensor<128xi32>
    %offs = arith.addi %ss, %r : tensor<128xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<128xi32>
    // CHECK: arith.cmpi slt, {{.*}}kcc.facts = "contig=[1] div=[1] const=[16]"
    %mask = arith.cmpi slt, %offs, %ns : tensor<128xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<128x!kir.ptr<f32>>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[128] div=[16] const=[1] vec16=4"
    %xp = "kir.addptr"(%xs, %offs) : (tensor<128x!kir.ptr<f32>>, tensor<128xi32>) -> tensor<128x!kir.ptr<f32>>
    // the mask is constant on each vector of 4: the masked access vectorises too
    // CHECK: kir.load{{.*}}kcc.vec16 = 4 : i64
    // CHECK: kir.store{{.*}}kcc.vec16 = 4 : i64
    %v = "kir.load"(%xp, %mask) : (tensor<128x!kir.ptr<f32>>, tensor<128xi1>) -> tensor<128xf32>
    "kir.store"(%xp, %v, %mask) : (tensor<128x!kir.ptr<f32>>, tensor<128xf32>, tensor<128xi1>) -> ()
    return
  }
}

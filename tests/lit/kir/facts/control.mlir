// Tile facts across control flow: scf.for induction variables (from lb/step/ub), loop-carried
// values (the fixpoint of joining init and yield; a range that keeps growing is dropped),
// scf.if (join of both branches, or the taken one), scf.while (unknown on entry), and values
// inside combiner regions.
// RUN: %kcc-opt %s --tile-facts | FileCheck %s

module {
  func.func @loops(%x: !kir.ptr<f32> {kcc.name = "x", kcc.type = "*fp32", kcc.divisibility = array<i64: 16>},
                   %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %c0 = arith.constant 0 : i32
    %c32 = arith.constant 32 : i32
    %c256 = arith.constant 256 : i32
    %r = "kir.arange"() {start = 0 : i32, end = 32 : i32} : () -> tensor<32xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<32x!kir.ptr<f32>>
    %p0 = "kir.addptr"(%xs, %r) : (tensor<32x!kir.ptr<f32>>, tensor<32xi32>) -> tensor<32x!kir.ptr<f32>>
    %acc0 = arith.constant dense<0> : tensor<32xi32>
    %step = "kir.splat"(%c32) : (i32) -> tensor<32xi32>
    // k = 0, 32, .. 224: divisible by 32, in [0, 255]. The pointer tile advanced by a uniform
    // 32 elements stays a run of 16-byte vectors; the offsets tile keeps its runs and
    // divisibility but its range grows each trip, so it has none; the counter c + 1 keeps no
    // range and no divisibility.
    // CHECK: scf.for
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[32] div=[16] const=[1] vec16=4"
    // CHECK: arith.addi{{.*}}kcc.facts = "contig=[32] div=[32] const=[1]"
    // CHECK: scf.yield
    // CHECK-NEXT: } {kcc.arg_facts = ["div=32 range=[0, 255]", "contig=[32] div=[16] const=[1] vec16=4", "contig=[32] div=[32] const=[1]", "div=1"], kcc.facts = ["contig=[32] div=[16] const=[1] vec16=4", "contig=[32] div=[32] const=[1]", "div=1"]}
    %res:3 = scf.for %k = %c0 to %c256 step %c32 iter_args(%p = %p0, %o = %r, %c = %c0) -> (tensor<32x!kir.ptr<f32>>, tensor<32xi32>, i32) : i32 {
      %ks = "kir.splat"(%k) : (i32) -> tensor<32xi32>
      %v = "kir.load"(%p) : (tensor<32x!kir.ptr<f32>>) -> tensor<32xf32>
      %pn = "kir.addptr"(%p, %step) : (tensor<32x!kir.ptr<f32>>, tensor<32xi32>) -> tensor<32x!kir.ptr<f32>>
      %on = arith.addi %o, %step : tensor<32xi32>
      %c1 = arith.constant 1 : i32
      %cn = arith.addi %c, %c1 : i32
      scf.yield %pn, %on, %cn : tensor<32x!kir.ptr<f32>>, tensor<32xi32>, i32
    }
    // A carried value that loses its runs in the body: the fixpoint has none, and its range
    // settles at [0, 62] (min(o + r, r) <= 31). With ub unknown the induction variable has no
    // range, only divisibility.
    // CHECK: scf.yield
    // CHECK-NEXT: } {kcc.arg_facts = ["div=32", "contig=[1] div=[1] const=[1] range=[0, 62]"], kcc.facts = "contig=[1] div=[1] const=[1] range=[0, 62]"}
    %res2 = scf.for %k = %c0 to %n step %c32 iter_args(%o = %r) -> (tensor<32xi32>) : i32 {
      %o2 = arith.addi %o, %r : tensor<32xi32>
      %o3 = arith.minsi %o2, %r : tensor<32xi32>
      %o4 = arith.addi %o3, %o3 : tensor<32xi32>
      scf.yield %o4 : tensor<32xi32>
    }

    // No fixpoint within 16 rounds (a divisibility of 2^20 halving each trip): every carried
    // value is unknown, even the one the body passes through unchanged.
    // CHECK: scf.yield
    // CHECK-NEXT: } {kcc.arg_facts = ["div=32", "div=1", "contig=[1] div=[1] const=[1]"], kcc.facts = ["div=1", "contig=[1] div=[1] const=[1]"]}
    %big = arith.muli %n, %c32 {kcc.divisibility = array<i64: 1048576>} : i32
    %res3:2 = scf.for %k = %c0 to %n step %c32 iter_args(%h = %big, %o = %r) -> (i32, tensor<32xi32>) : i32 {
      %c1 = arith.constant 1 : i32
      %h2 = arith.shrui %h, %c1 : i32
      scf.yield %h2, %o : i32, tensor<32xi32>
    }
    // ... while 8 halvings reach their fixpoint: the pass-through value keeps its facts.
    // CHECK: scf.yield
    // CHECK-NEXT: } {kcc.arg_facts = ["div=32", "div=1", "contig=[32] div=[1073741824] const=[1] range=[0, 31]"], kcc.facts = ["div=1", "contig=[32] div=[1073741824] const=[1] range=[0, 31]"]}
    %small = arith.muli %n, %c32 {kcc.divisibility = array<i64: 256>} : i32
    %res4:2 = scf.for %k = %c0 to %n step %c32 iter_args(%h = %small, %o = %r) -> (i32, tensor<32xi32>) : i32 {
      %c1 = arith.constant 1 : i32
      %h2 = arith.shrui %h, %c1 : i32
      scf.yield %h2, %o : i32, tensor<32xi32>
    }

    // scf.if: the join of both branches. One yields a run from 0, the other a run from 32:
    // runs of 32 from multiples of 32, range [0, 63]; splat(pid) or 32 is uniform.
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %cond = arith.cmpi slt, %pid, %n : i32
    // CHECK: scf.if
    // CHECK: } {kcc.facts = ["contig=[32] div=[32] const=[1] range=[0, 63]", "contig=[1] div=[1] const=[32] range=[0, 2147483646]"]}
    %i:2 = scf.if %cond -> (tensor<32xi32>, tensor<32xi32>) {
      %s = "kir.splat"(%pid) : (i32) -> tensor<32xi32>
      scf.yield %r, %s : tensor<32xi32>, tensor<32xi32>
    } else {
      %o = arith.addi %r, %step : tensor<32xi32>
      scf.yield %o, %step : tensor<32xi32>, tensor<32xi32>
    }
    // A known condition takes one branch.
    %t = arith.cmpi slt, %c0, %c32 : i32
    // CHECK: } {kcc.facts = "contig=[32] div=[1073741824] const=[1] range=[0, 31]"}
    %j = scf.if %t -> (tensor<32xi32>) {
      scf.yield %r : tensor<32xi32>
    } else {
      %o = arith.addi %r, %r : tensor<32xi32>
      scf.yield %o : tensor<32xi32>
    }

    // scf.while: carried values are unknown inside; the results are what the condition passes.
    // CHECK: scf.while
    // CHECK: arith.addi{{.*}}kcc.facts = "div=1"
    // CHECK: } attributes {kcc.arg_facts = ["div=1"], kcc.facts = "div=1"}
    %w = scf.while (%a = %c0) : (i32) -> i32 {
      %lt = arith.cmpi slt, %a, %n : i32
      scf.condition(%lt) %a : i32
    } do {
    ^bb0(%b: i32):
      %b1 = arith.addi %b, %c32 : i32
      scf.yield %b1 : i32
    }

    // Reduce combiners are analysed with unknown arguments; the result is unknown.
    // CHECK: kir.reduce
    // CHECK: arith.addi{{.*}}kcc.facts = "div=1"
    // CHECK: kcc.arg_facts = ["div=1", "div=1"], kcc.facts = "div=1"
    %sum = "kir.reduce"(%r) ({
    ^bb0(%l: i32, %q: i32):
      %s = arith.addi %l, %q : i32
      "gpu.yield"(%s) : (i32) -> ()
    }) {axis = 0 : i32, operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>} : (tensor<32xi32>) -> i32
    return
  }
}

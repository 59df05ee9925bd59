// Range facts: exact bounds from constants, aranges and program ids through the integer ops;
// a result that could wrap at its width has no range; i1 reads 0/1.
// RUN: %kcc-opt %s --tile-facts | FileCheck %s

module {
  func.func @ranges(%n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 1 : i32} : () -> i32
    %c1024 = arith.constant 1024 : i32
    // pid * 1024 may leave i32: no range (but divisibility)
    // CHECK: arith.muli {{.*}}{kcc.facts = "div=1024"}
    %m32 = arith.muli %pid, %c1024 : i32
    // the same product in i64 is exact
    // CHECK: arith.extsi {{.*}}{kcc.facts = "div=1 range=[0, 2147483646]"}
    %p64 = arith.extsi %pid : i32 to i64
    %c1024l = arith.constant 1024 : i64
    // CHECK: arith.muli {{.*}}{kcc.facts = "div=1024 range=[0, 2199023253504]"}
    %m64 = arith.muli %p64, %c1024l : i64
    // and narrowing it back does not fit i32
    // CHECK: arith.trunci {{.*}}{kcc.facts = "div=1024"}
    %t = arith.trunci %m64 : i64 to i32
    // pid % 8 in [0, 7]; (pid % 8) * 4 + 3 in [3, 31], which fits i8
    %c8 = arith.constant 8 : i32
    %c4 = arith.constant 4 : i32
    %c3 = arith.constant 3 : i32
    // CHECK: arith.remsi {{.*}}{kcc.facts = "div=1 range=[0, 7]"}
    %r8 = arith.remsi %pid, %c8 : i32
    %r4 = arith.muli %r8, %c4 : i32
    // CHECK: arith.addi {{.*}}{kcc.facts = "div=1 range=[3, 31]"}
    %r43 = arith.addi %r4, %c3 : i32
    // CHECK: arith.trunci {{.*}}{kcc.facts = "div=1 range=[3, 31]"}
    %r8b = arith.trunci %r43 : i32 to i8
    // a divisor with a positive range: x / d and x % d are bounded
    %d = arith.addi %r8, %c4 : i32
    // CHECK: arith.divsi {{.*}}{kcc.facts = "div=1 range=[0, 7]"}
    %q = arith.divsi %r43, %d : i32
    // CHECK: arith.remui {{.*}}{kcc.facts = "div=1 range=[0, 10]"}
    %rr = arith.remui %pid, %d : i32
    // a divisor that may be 0 gives nothing (the quotient is unspecified)
    // CHECK: arith.divsi {{.*}}{kcc.facts = "div=1"}
    %q0 = arith.divsi %r43, %r8 : i32
    // clamp(n, 0, 255)
    %c0 = arith.constant 0 : i32
    %c255 = arith.constant 255 : i32
    %lo = arith.maxsi %n, %c0 : i32
    // CHECK: arith.minsi {{.*}}{kcc.facts = "div=1 range=[0, 255]"}
    %cl = arith.minsi %lo, %c255 : i32
    // CHECK: arith.shrui {{.*}}{kcc.facts = "div=1 range=[0, 31]"}
    %sh = arith.shrui %cl, %c3 : i32
    // index
    // CHECK: arith.index_cast {{.*}}{kcc.facts = "div=1 range=[0, 31]"}
    %ix = arith.index_cast %sh : i32 to index
    // CHECK: arith.constant {kcc.facts = "div=4 range=[12, 12]"} 12 : index
    %c12 = arith.constant 12 : index
    // CHECK: arith.addi {{.*}}{kcc.facts = "div=1 range=[12, 43]"}
    %ia = arith.addi %ix, %c12 : index
    // i1: comparisons decided by ranges are constants; others are 0/1 once extended
    // CHECK: arith.cmpi ult, {{.*}}{kcc.facts = "div=1 range=[1, 1]"}
    %b1 = arith.cmpi ult, %sh, %c255 : i32
    // CHECK: arith.cmpi eq, {{.*}}{kcc.facts = "div=1 range=[0, 0]"}
    %b0 = arith.cmpi eq, %r43, %c0 : i32
    // CHECK: arith.andi {{.*}}{kcc.facts = "div=1 range=[0, 0]"}
    %b = arith.andi %b1, %b0 : i1
    %bn = arith.cmpi slt, %pid, %n : i32
    // CHECK: arith.extui {{.*}}{kcc.facts = "div=1 range=[0, 1]"}
    %bz = arith.extui %bn : i1 to i32
    // i32 ranges near the limits: 2^31 - 1 + 1 wraps, so no range
    %cmax = arith.constant 2147483647 : i32
    %c1 = arith.constant 1 : i32
    // CHECK: arith.addi {{.*}}{kcc.facts = "div=1"}
    %w = arith.addi %cmax, %c1 : i32
    // select joins the ranges of both sides
    // CHECK: arith.select {{.*}}{kcc.facts = "div=1 range=[0, 255]"}
    %s = arith.select %bn, %cl, %sh : i32
    // for k in range(pid % 8, 100, 4): k in [0, 99]
    %c100 = arith.constant 100 : i32
    // CHECK: scf.for
    // CHECK: kcc.arg_facts = ["div=1 range=[0, 99]"]
    scf.for %k = %r8 to %c100 step %c4 : i32 {
      scf.yield
    }
    return
  }
}

// Tile facts through integer arithmetic, comparisons, select and casts.
// RUN: %kcc-opt %s --tile-facts | FileCheck %s

module {
  func.func @arith(%n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %r = "kir.arange"() {start = 0 : i32, end = 128 : i32} : () -> tensor<128xi32>
    %c64 = arith.constant dense<64> : tensor<128xi32>
    %c16 = arith.constant dense<16> : tensor<128xi32>
    %c15 = arith.constant dense<15> : tensor<128xi32>
    %c4 = arith.constant dense<4> : tensor<128xi32>
    %c3 = arith.constant dense<3> : tensor<128xi32>
    %c1 = arith.constant dense<1> : tensor<128xi32>
    %cm16 = arith.constant dense<-16> : tensor<128xi32>
    %c200 = arith.constant dense<200> : tensor<128xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<128xi32>
    %ps = "kir.splat"(%pid) : (i32) -> tensor<128xi32>

    // run + constant: still a run, starting at multiples of 64
    // CHECK: arith.addi %{{.*}} {kcc.facts = "contig=[128] div=[64] const=[1] range=[64, 191]"}
    %a = arith.addi %r, %c64 : tensor<128xi32>
    // constant + run (either side), and a run + 3: starts are odd
    // CHECK: arith.addi %{{.*}} {kcc.facts = "contig=[128] div=[1] const=[1] range=[3, 130]"}
    %a3 = arith.addi %c3, %r : tensor<128xi32>
    // run + run: steps of 2, no runs
    // CHECK: arith.addi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[0, 254]"}
    %aa = arith.addi %r, %r : tensor<128xi32>
    // run - constant is a run; constant - run is not
    // CHECK: arith.subi %{{.*}} {kcc.facts = "contig=[128] div=[16] const=[1] range=[-16, 111]"}
    %s1 = arith.subi %r, %c16 : tensor<128xi32>
    // CHECK: arith.subi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[-111, 16]"}
    %s2 = arith.subi %c16, %r : tensor<128xi32>
    // run * 4: divisible by 4 everywhere; run * 1 is the run
    // CHECK: arith.muli %{{.*}} {kcc.facts = "contig=[1] div=[4] const=[1] range=[0, 508]"}
    %m4 = arith.muli %r, %c4 : tensor<128xi32>
    // CHECK: arith.muli %{{.*}} {kcc.facts = "contig=[128] div=[1073741824] const=[1] range=[0, 127]"}
    %m1 = arith.muli %c1, %r : tensor<128xi32>
    // pid * 16 overflows no i64 but may leave i32: no range, divisibility 16
    // CHECK: arith.muli %{{.*}} {kcc.facts = "contig=[1] div=[16] const=[128]"}
    %pm = arith.muli %ps, %c16 : tensor<128xi32>
    // run / 16: equal in blocks of 16
    // CHECK: arith.divsi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16] range=[0, 7]"}
    %d16 = arith.divsi %r, %c16 : tensor<128xi32>
    // pid*16 / 4 is exact: divisible by 4 (unsigned too: the value mod 2^32 is a multiple of 16)
    // CHECK: arith.divui %{{.*}} {kcc.facts = "contig=[1] div=[4] const=[128]"}
    %dp = arith.divui %pm, %c4 : tensor<128xi32>
    // run % 16: runs of 16 from 0; % 200 leaves [0, 127] unchanged
    // CHECK: arith.remsi %{{.*}} {kcc.facts = "contig=[16] div=[1073741824] const=[1] range=[0, 15]"}
    %r16 = arith.remsi %r, %c16 : tensor<128xi32>
    // CHECK: arith.remsi %{{.*}} {kcc.facts = "contig=[128] div=[1073741824] const=[1] range=[0, 127]"}
    %r200 = arith.remsi %r, %c200 : tensor<128xi32>
    // (run - 16) % 16 may be negative: signed remainder keeps only the range
    // CHECK: arith.remsi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[-15, 15]"}
    %rneg = arith.remsi %s1, %c16 : tensor<128xi32>
    // x % n with n unknown: nothing
    // CHECK: arith.remsi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1]"}
    %rn = arith.remsi %r, %ns : tensor<128xi32>
    // & 15 is % 16 for any sign; & -16 rounds down to a multiple of 16 (constant in blocks)
    // CHECK: arith.andi %{{.*}} {kcc.facts = "contig=[16] div=[1073741824] const=[1] range=[0, 15]"}
    %and15 = arith.andi %s1, %c15 : tensor<128xi32>
    // CHECK: arith.andi %{{.*}} {kcc.facts = "contig=[1] div=[16] const=[16] range=[0, 127]"}
    %andm = arith.andi %r, %cm16 : tensor<128xi32>
    // or/xor of non-negative ranges stay below the next power of two
    // CHECK: arith.ori %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[3, 127]"}
    %or = arith.ori %r, %c3 : tensor<128xi32>
    // CHECK: arith.xori %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[0, 255]"}
    %xor = arith.xori %r, %c200 : tensor<128xi32>
    // shifts by constants
    // CHECK: arith.shli %{{.*}} {kcc.facts = "contig=[1] div=[8] const=[1] range=[0, 1016]"}
    %shl = arith.shli %r, %c3 : tensor<128xi32>
    // CHECK: arith.shrsi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[8] range=[-2, 13]"}
    %shr = arith.shrsi %s1, %c3 : tensor<128xi32>
    // CHECK: arith.shrui %{{.*}} {kcc.facts = "contig=[1] div=[2] const=[128]"}
    %shru = arith.shrui %pm, %c3 : tensor<128xi32>
    // min/max: ordered ranges pick a side, otherwise the bounds combine
    // CHECK: arith.minsi %{{.*}} {kcc.facts = "contig=[128] div=[1073741824] const=[1] range=[0, 127]"}
    %min = arith.minsi %r, %c200 : tensor<128xi32>
    // CHECK: arith.maxsi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[64, 127]"}
    %max = arith.maxsi %r, %c64 : tensor<128xi32>
    // CHECK: arith.minui %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1] range=[0, 64]"}
    %minu = arith.minui %r, %c64 : tensor<128xi32>

    // offs < n with offs a run from a multiple of 16 and n divisible by 16 (a hint here):
    // the mask is constant in blocks of 16; against an unknown n only elementwise.
    %n16 = "kir.splat"(%n) {kcc.divisibility = array<i64: 16>} : (i32) -> tensor<128xi32>
    // CHECK: arith.cmpi slt, %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16]"}
    %mask = arith.cmpi slt, %r, %n16 : tensor<128xi32>
    // CHECK: arith.cmpi slt, %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1]"}
    %mask1 = arith.cmpi slt, %r, %ns : tensor<128xi32>
    // n >= offs is not block-constant (n may be the first of a block), n > offs is
    // CHECK: arith.cmpi sge, %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[1]"}
    %mask2 = arith.cmpi sge, %n16, %r : tensor<128xi32>
    // CHECK: arith.cmpi sgt, %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16]"}
    %mask3 = arith.cmpi sgt, %n16, %r : tensor<128xi32>
    // decided by the ranges: a constant true mask
    // CHECK: arith.cmpi slt, %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[128] range=[1, 1]"}
    %all = arith.cmpi slt, %r, %c200 : tensor<128xi32>
    // select on a block-constant mask between runs: runs of 16
    // CHECK: arith.select %{{.*}} {kcc.facts = "contig=[16] div=[16] const=[1] range=[0, 191]"}
    %sel = arith.select %mask, %r, %a : tensor<128xi1>, tensor<128xi32>
    // select on a known mask is its side
    // CHECK: arith.select %{{.*}} {kcc.facts = "contig=[128] div=[64] const=[1] range=[64, 191]"}
    %sel2 = arith.select %all, %a, %r : tensor<128xi1>, tensor<128xi32>
    // a scalar condition is uniform
    %b = arith.cmpi slt, %pid, %n : i32
    // CHECK: arith.select %{{.*}} {kcc.facts = "contig=[128] div=[64] const=[1] range=[0, 191]"}
    %sel3 = arith.select %b, %r, %a : tensor<128xi32>

    // casts: sign extension keeps everything; zero extension the runs and divisibility (an
    // unsigned run does not wrap) and the range when non-negative; truncation what fits.
    // CHECK: arith.extsi %{{.*}} {kcc.facts = "contig=[128] div=[16] const=[1] range=[-16, 111]"}
    %e1 = arith.extsi %s1 : tensor<128xi32> to tensor<128xi64>
    // CHECK: arith.extui %{{.*}} {kcc.facts = "contig=[128] div=[1073741824] const=[1] range=[0, 127]"}
    %e2 = arith.extui %r : tensor<128xi32> to tensor<128xi64>
    // CHECK: arith.extui %{{.*}} {kcc.facts = "contig=[128] div=[16] const=[1] range=[0, 4294967295]"}
    %e3 = arith.extui %s1 : tensor<128xi32> to tensor<128xi64>
    // CHECK: arith.trunci %{{.*}} {kcc.facts = "contig=[128] div=[1073741824] const=[1] range=[0, 127]"}
    %t1 = arith.trunci %r : tensor<128xi32> to tensor<128xi8>
    // CHECK: arith.trunci %{{.*}} {kcc.facts = "contig=[1] div=[16] const=[128]"}
    %t2 = arith.trunci %pm : tensor<128xi32> to tensor<128xi8>
    // CHECK: arith.index_cast %{{.*}} {kcc.facts = "contig=[128] div=[64] const=[1] range=[64, 191]"}
    %ic = arith.index_cast %a : tensor<128xi32> to tensor<128xindex>
    // i1 reads 0/1: zero extension 0/1, sign extension 0/-1
    // CHECK: arith.extui %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16] range=[0, 1]"}
    %mz = arith.extui %mask : tensor<128xi1> to tensor<128xi32>
    // CHECK: arith.extsi %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16] range=[-1, 0]"}
    %ms = arith.extsi %mask : tensor<128xi1> to tensor<128xi32>
    // float ops keep constancy
    // CHECK: arith.sitofp %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16]"}
    %fl = arith.sitofp %d16 : tensor<128xi32> to tensor<128xf32>
    // CHECK: math.exp %{{.*}} {kcc.facts = "contig=[1] div=[1] const=[16]"}
    %ex = math.exp %fl : tensor<128xf32>
    return
  }
}

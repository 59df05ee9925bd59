// scf.for / scf.if / scf.while with carried values as C variables (a parallel assignment when
// the yielded values swap), and source locations as comments once per new line.
// RUN: %kcc-opt %s --emit-opencl | FileCheck %s
// RUN: %kcc-opt %s --emit-opencl -o %t.cl
// RUN: sh %root/tests/runtime/build.sh $(dirname %kcc)/../lib %t-run %S/Inputs/run_cl.c
// RUN: %t-run %t.cl build | FileCheck --check-prefix=BUILD %s
// BUILD: {{^(build: ok|skipped: no OpenCL device)}}
module {
  func.func @ctl(%p: !kir.ptr<i32> {kcc.name = "out", kcc.type = "*i32"},
                 %n: i32 {kcc.name = "n", kcc.type = "i32"})
      attributes {kcc.kernel, kcc.threads = 64 : i32, kcc.shared = 0 : i64} {
    // CHECK: /* ctl.py:3 */
    // CHECK-NEXT: uint [[Z:v[0-9]+]] = 0u;
    // CHECK-NEXT: uint [[ONE:v[0-9]+]] = 1u;
    // CHECK-NOT: ctl.py:3
    %c0 = arith.constant 0 : i32 loc("/src/ctl.py":3:4)
    %c1 = arith.constant 1 : i32 loc("/src/ctl.py":3:8)
    // CHECK: /* ctl.py:4 */
    // CHECK-NEXT: uint [[A:v[0-9]+]] = [[Z]];
    // CHECK-NEXT: uint [[B:v[0-9]+]] = [[ONE]];
    // CHECK-NEXT: for (uint [[I:v[0-9]+]] = [[Z]]; (int)[[I]] < (int)p_n; [[I]] = (uint)([[I]] + [[ONE]])) {
    // CHECK-NEXT: /* ctl.py:5 */
    // CHECK-NEXT: uint [[S:v[0-9]+]] = (uint)((uint)[[A]] + (uint)[[B]]);
    // CHECK-NEXT: {
    // CHECK-NEXT: uint t0_ = [[B]];
    // CHECK-NEXT: uint t1_ = [[S]];
    // CHECK-NEXT: [[A]] = t0_;
    // CHECK-NEXT: [[B]] = t1_;
    // CHECK-NEXT: }
    // CHECK-NEXT: }
    %fa:2 = scf.for %i = %c0 to %n step %c1 iter_args(%a = %c0, %b = %c1) -> (i32, i32) : i32 {
      %s = arith.addi %a, %b : i32 loc("/src/ctl.py":5:8)
      scf.yield %b, %s : i32, i32 loc("/src/ctl.py":5:8)
    } loc("/src/ctl.py":4:4)
    // CHECK: bool [[C:v[0-9]+]] = (int)[[A]] > (int)p_n;
    // CHECK-NEXT: uint [[R:v[0-9]+]];
    // CHECK-NEXT: if ([[C]]) {
    // CHECK-NEXT: [[R]] = [[A]];
    // CHECK-NEXT: } else {
    // CHECK-NEXT: [[R]] = [[B]];
    // CHECK-NEXT: }
    %c = arith.cmpi sgt, %fa#0, %n : i32 loc("/src/ctl.py":6:4)
    %r = scf.if %c -> (i32) {
      scf.yield %fa#0 : i32 loc("/src/ctl.py":6:4)
    } else {
      scf.yield %fa#1 : i32 loc("/src/ctl.py":6:4)
    } loc("/src/ctl.py":6:4)
    // CHECK: uint [[W:v[0-9]+]] = [[R]];
    // CHECK-NEXT: uint [[WR:v[0-9]+]];
    // CHECK-NEXT: for (;;) {
    // CHECK: bool [[WC:v[0-9]+]] = (int)[[W]] < (int)p_n;
    // CHECK-NEXT: [[WR]] = [[W]];
    // CHECK-NEXT: if (![[WC]]) break;
    // CHECK: uint [[D:v[0-9]+]] = (uint)((uint)[[WR]] * (uint){{v[0-9]+}});
    // CHECK-NEXT: [[W]] = [[D]];
    // CHECK-NEXT: }
    %w = scf.while (%x = %r) : (i32) -> i32 {
      %wc = arith.cmpi slt, %x, %n : i32 loc("/src/ctl.py":7:4)
      scf.condition(%wc) %x : i32 loc("/src/ctl.py":7:4)
    } do {
    ^bb0(%y: i32):
      %c2 = arith.constant 2 : i32 loc("/src/ctl.py":8:8)
      %d = arith.muli %y, %c2 : i32 loc("/src/ctl.py":8:8)
      scf.yield %d : i32 loc("/src/ctl.py":8:8)
    } loc("/src/ctl.py":7:4)
    // CHECK: *p_out = [[WR]];
    "kir.store"(%p, %w) : (!kir.ptr<i32>, i32) -> () loc("/src/ctl.py":9:4)
    return
  }
}

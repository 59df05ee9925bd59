// kir.print -> printf with the program ids and the prefix (the CPU target's format), kir.assert ->
// printf of "FILE:LINE:COL: pid (...): Assertion `MSG` failed" when the condition is false.
// RUN: %kcc-opt %s --emit-opencl | FileCheck %s
// RUN: %kcc-opt %s --emit-opencl -o %t.cl
// RUN: sh %root/tests/runtime/build.sh $(dirname %kcc)/../lib %t-run %S/Inputs/run_cl.c
// RUN: %t-run %t.cl build | FileCheck --check-prefix=BUILD %s
// BUILD: {{^(build: ok|skipped: no OpenCL device)}}
module {
  func.func @dbg(%x: f32 {kcc.name = "x", kcc.type = "fp32"}, %n: i32 {kcc.name = "n", kcc.type = "i32"},
                 %l: i64 {kcc.name = "l", kcc.type = "i64"}, %c: i8 {kcc.name = "c", kcc.type = "i8"})
      attributes {kcc.kernel, kcc.threads = 32 : i32, kcc.shared = 0 : i64} {
    // CHECK: /* dbg.py:4 */
    // CHECK-NEXT: printf("pid (%d, %d, %d) x: %f\n", (int)get_group_id(0), (int)get_group_id(1), (int)get_group_id(2), p_x);
    "kir.print"(%x) {prefix = " x: "} : (f32) -> () loc("dbg.py":4:4)
    // CHECK: printf("pid (%d, %d, %d) 100%% \"n\" %d\n", {{.*}}, (int)(int)p_n);
    "kir.print"(%n) {prefix = " 100% \"n\" "} : (i32) -> () loc("dbg.py":5:4)
    // CHECK: printf("pid (%d, %d, %d) %ld\n", {{.*}}, (long)p_l);
    "kir.print"(%l) {prefix = " "} : (i64) -> () loc("dbg.py":6:4)
    // CHECK: printf("pid (%d, %d, %d) c=%d\n", {{.*}}, (int)(char)p_c);
    "kir.print"(%c) {prefix = " c="} : (i8) -> () loc("dbg.py":7:4)
    // CHECK: printf("pid (%d, %d, %d) done\n", (int)get_group_id(0), (int)get_group_id(1), (int)get_group_id(2));
    "kir.print"() {prefix = " done"} : () -> () loc("dbg.py":8:4)
    %z = arith.constant 0 : i32 loc("dbg.py":9:11)
    %ok = arith.cmpi sgt, %n, %z : i32 loc("dbg.py":9:11)
    // CHECK: /* dbg.py:9 */
    // CHECK: if (![[OK:v[0-9]+]]) printf("dbg.py:9:11: pid (%d, %d, %d): Assertion `n > 0` failed\n", (int)get_group_id(0), (int)get_group_id(1), (int)get_group_id(2));
    "kir.assert"(%ok) {msg = "n > 0"} : (i1) -> () loc("dbg.py":9:11)
    return
  }
}

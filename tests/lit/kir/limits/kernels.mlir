// A module holds at most KIR_MAX_KERNELS (64) kernels: the 65th is a located error, never
// silently skipped by a lowering.
// RUN: not %kcc-opt %s 2>&1 | FileCheck %s

// CHECK: kernels.mlir:200:{{[0-9]+}}: error: a module holds at most 64 kernels; this is kernel 65
// CHECK-NOT: error
module {
  func.func @k0() attributes {kcc.kernel} {
    return
  }
  func.func @k1() attributes {kcc.kernel} {
    return
  }
  func.func @k2() attributes {kcc.kernel} {
    return
  }
  func.func @k3() attributes {kcc.kernel} {
    return
  }
  func.func @k4() attributes {kcc.kernel} {
    return
  }
  func.func @k5() attributes {kcc.kernel} {
    return
  }
  func.func @k6() attributes {kcc.kernel} {
    return
  }
  func.func @k7() attributes {kcc.kernel} {
    return
  }
  func.func @k8() attributes {kcc.kernel} {
    return
  }
  func.func @k9() attributes {kcc.kernel} {
    return
  }
  func.func @k10() attributes {kcc.kernel} {
    return
  }
  func.func @k11() attributes {kcc.kernel} {
    return
  }
  func.func @k12() attributes {kcc.kernel} {
    return
  }
  func.func @k13() attributes {kcc.kernel} {
    return
  }
  func.func @k14() attributes {kcc.kernel} {
    return
  }
  func.func @k15() attributes {kcc.kernel} {
    return
  }
  func.func @k16() attributes {kcc.kernel} {
    return
  }
  func.func @k17() attributes {kcc.kernel} {
    return
  }
  func.func @k18() attributes {kcc.kernel} {
    return
  }
  func.func @k19() attributes {kcc.kernel} {
    return
  }
  func.func @k20() attributes {kcc.kernel} {
    return
  }
  func.func @k21() attributes {kcc.kernel} {
    return
  }
  func.func @k22() attributes {kcc.kernel} {
    return
  }
  func.func @k23() attributes {kcc.kernel} {
    return
  }
  func.func @k24() attributes {kcc.kernel} {
    return
  }
  func.func @k25() attributes {kcc.kernel} {
    return
  }
  func.func @k26() attributes {kcc.kernel} {
    return
  }
  func.func @k27() attributes {kcc.kernel} {
    return
  }
  func.func @k28() attributes {kcc.kernel} {
    return
  }
  func.func @k29() attributes {kcc.kernel} {
    return
  }
  func.func @k30() attributes {kcc.kernel} {
    return
  }
  func.func @k31() attributes {kcc.kernel} {
    return
  }
  func.func @k32() attributes {kcc.kernel} {
    return
  }
  func.func @k33() attributes {kcc.kernel} {
    return
  }
  func.func @k34() attributes {kcc.kernel} {
    return
  }
  func.func @k35() attributes {kcc.kernel} {
    return
  }
  func.func @k36() attributes {kcc.kernel} {
    return
  }
  func.func @k37() attributes {kcc.kernel} {
    return
  }
  func.func @k38() attributes {kcc.kernel} {
    return
  }
  func.func @k39() attributes {kcc.kernel} {
    return
  }
  func.func @k40() attributes {kcc.kernel} {
    return
  }
  func.func @k41() attributes {kcc.kernel} {
    return
  }
  func.func @k42() attributes {kcc.kernel} {
    return
  }
  func.func @k43() attributes {kcc.kernel} {
    return
  }
  func.func @k44() attributes {kcc.kernel} {
    return
  }
  func.func @k45() attributes {kcc.kernel} {
    return
  }
  func.func @k46() attributes {kcc.kernel} {
    return
  }
  func.func @k47() attributes {kcc.kernel} {
    return
  }
  func.func @k48() attributes {kcc.kernel} {
    return
  }
  func.func @k49() attributes {kcc.kernel} {
    return
  }
  func.func @k50() attributes {kcc.kernel} {
    return
  }
  func.func @k51() attributes {kcc.kernel} {
    return
  }
  func.func @k52() attributes {kcc.kernel} {
    return
  }
  func.func @k53() attributes {kcc.kernel} {
    return
  }
  func.func @k54() attributes {kcc.kernel} {
    return
  }
  func.func @k55() attributes {kcc.kernel} {
    return
  }
  func.func @k56() attributes {kcc.kernel} {
    return
  }
  func.func @k57() attributes {kcc.kernel} {
    return
  }
  func.func @k58() attributes {kcc.kernel} {
    return
  }
  func.func @k59() attributes {kcc.kernel} {
    return
  }
  func.func @k60() attributes {kcc.kernel} {
    return
  }
  func.func @k61() attributes {kcc.kernel} {
    return
  }
  func.func @k62() attributes {kcc.kernel} {
    return
  }
  func.func @k63() attributes {kcc.kernel} {
    return
  }
  func.func @k64() attributes {kcc.kernel} {
    return
  }
}

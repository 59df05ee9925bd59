// Pointer facts: contiguity counts elements, divisibility is of the address in bytes; kir.addptr
// scales the offsets by the element size; casts keep runs only when the step size is unchanged.
// RUN: %kcc-opt %s --tile-facts | FileCheck %s

module {
  // CHECK-LABEL: func.func @ptrs
  // Unhinted pointer arguments are aligned to their element size.
  // CHECK-SAME: kcc.arg_facts = ["div=8", "div=1", "div=2"]
  func.func @ptrs(%d: !kir.ptr<f64> {kcc.name = "d", kcc.type = "*fp64"},
                  %b: !kir.ptr<i8> {kcc.name = "b", kcc.type = "*i8"},
                  %h: !kir.ptr<f16> {kcc.name = "h", kcc.type = "*fp16"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 16 : i32} : () -> tensor<16xi32>
    %c2 = arith.constant 2 : i32
    // scalar addptr: 8 + 2 * 8 bytes
    // CHECK: kir.addptr{{.*}}kcc.facts = "div=8"
    %d2 = "kir.addptr"(%d, %c2) : (!kir.ptr<f64>, i32) -> !kir.ptr<f64>
    %ds = "kir.splat"(%d2) : (!kir.ptr<f64>) -> tensor<16x!kir.ptr<f64>>
    // a run of doubles: 16-byte vectors need 16-byte alignment, which is not known
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[16] div=[8] const=[1] vec16=1"
    %dp = "kir.addptr"(%ds, %r) : (tensor<16x!kir.ptr<f64>>, tensor<16xi32>) -> tensor<16x!kir.ptr<f64>>
    // as integers the run is gone (steps of 8), the alignment stays
    // CHECK: kir.ptr_to_int{{.*}}kcc.facts = "contig=[1] div=[8] const=[1]"
    %di = "kir.ptr_to_int"(%dp) : (tensor<16x!kir.ptr<f64>>) -> tensor<16xi64>
    // reinterpreting doubles as i64: same step, same facts
    // CHECK: kir.bitcast{{.*}}kcc.facts = "contig=[16] div=[8] const=[1] vec16=1"
    %dl = "kir.bitcast"(%dp) : (tensor<16x!kir.ptr<f64>>) -> tensor<16x!kir.ptr<i64>>
    // ... as halves: no runs
    // CHECK: kir.bitcast{{.*}}kcc.facts = "contig=[1] div=[8] const=[1] vec16=1"
    %dh = "kir.bitcast"(%dp) : (tensor<16x!kir.ptr<f64>>) -> tensor<16x!kir.ptr<f16>>
    // bytes: an address run is an integer run and back
    %bs = "kir.splat"(%b) : (!kir.ptr<i8>) -> tensor<16x!kir.ptr<i8>>
    %bp = "kir.addptr"(%bs, %r) : (tensor<16x!kir.ptr<i8>>, tensor<16xi32>) -> tensor<16x!kir.ptr<i8>>
    // CHECK: kir.ptr_to_int{{.*}}kcc.facts = "contig=[16] div=[1] const=[1]"
    %bi = "kir.ptr_to_int"(%bp) : (tensor<16x!kir.ptr<i8>>) -> tensor<16xi64>
    // CHECK: kir.int_to_ptr{{.*}}kcc.facts = "contig=[16] div=[1] const=[1] vec16=1"
    %bq = "kir.int_to_ptr"(%bi) : (tensor<16xi64>) -> tensor<16x!kir.ptr<i8>>
    // halves at offsets 8 * arange: steps of 16 bytes from a 2-byte-aligned base: no runs, every
    // address divisible by 2 only
    %c8 = arith.constant dense<8> : tensor<16xi32>
    %r8 = arith.muli %r, %c8 : tensor<16xi32>
    %hs = "kir.splat"(%h) : (!kir.ptr<f16>) -> tensor<16x!kir.ptr<f16>>
    // CHECK: kir.addptr{{.*}}kcc.facts = "contig=[1] div=[2] const=[1] vec16=1"
    %hp = "kir.addptr"(%hs, %r8) : (tensor<16x!kir.ptr<f16>>, tensor<16xi32>) -> tensor<16x!kir.ptr<f16>>
    return
  }
}

// Feature lists: known x86 features compile silently; an unknown one is a diagnostic, never
// LLVM's "'+avx512' is not a recognized feature" line on stderr.
// REQUIRES: x86_64
// RUN: %kcc-opt %s --emit=asm -t cpu:x86-64+avx2,+fma 2>&1 >/dev/null | count 0
// RUN: %kcc-opt %s --emit=asm -t cpu 2>&1 >/dev/null | count 0
// RUN: not %kcc-opt %s --emit=asm -t cpu:x86-64+avx512 2>&1 | FileCheck %s
// CHECK: error: unknown x86-64 CPU feature 'avx512' in 'x86-64+avx512'
// CHECK-NOT: not a recognized feature

module {
  func.func @scale(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                   %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %r = "kir.arange"() {start = 0 : i32, end = 256 : i32} : () -> tensor<256xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<256xi32>
    %mask = arith.cmpi slt, %r, %ns : tensor<256xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<256x!kir.ptr<f32>>
    %xp = "kir.addptr"(%xs, %r) : (tensor<256x!kir.ptr<f32>>, tensor<256xi32>) -> tensor<256x!kir.ptr<f32>>
    %v = "kir.load"(%xp, %mask) : (tensor<256x!kir.ptr<f32>>, tensor<256xi1>) -> tensor<256xf32>
    %two = arith.addf %v, %v : tensor<256xf32>
    "kir.store"(%xp, %two, %mask) : (tensor<256x!kir.ptr<f32>>, tensor<256xf32>, tensor<256xi1>) -> ()
    return
  }
}

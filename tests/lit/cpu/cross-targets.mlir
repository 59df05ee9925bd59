// Objects for every CPU architecture, and the error for an unknown one.
// RUN: %kcc-opt %s --emit=obj -t cpu:x86-64 -o %t.x86.o && llvm-readelf -h %t.x86.o | FileCheck %s --check-prefix=X86
// RUN: %kcc-opt %s --emit=obj -t cpu:aarch64 -o %t.a64.o && llvm-readelf -h %t.a64.o | FileCheck %s --check-prefix=A64
// RUN: %kcc-opt %s --emit=obj -t cpu:loongarch64 -o %t.la.o && llvm-readelf -h %t.la.o | FileCheck %s --check-prefix=LA
// RUN: %kcc-opt %s --emit=obj -t cpu:riscv64 -o %t.rv.o && llvm-readelf -h %t.rv.o | FileCheck %s --check-prefix=RV
// RUN: %kcc-opt %s --emit=asm -t cpu:aarch64 | FileCheck %s --check-prefix=A64ASM
// RUN: not %kcc-opt %s --emit=obj -t cpu:sparc 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %kcc-opt %s --emit=obj -t gpu 2>&1 | FileCheck %s --check-prefix=BADT

// X86: Machine: Advanced Micro Devices X86-64
// A64: Machine: AArch64
// LA: Machine: LoongArch
// RV: Machine: RISC-V
// A64ASM: scale:
// BAD: error: unknown CPU architecture 'sparc' (known: x86-64
// BADT: error: unknown target 'gpu' (known: cpu

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

// The fusing tile emitter: a masked vector add becomes one loop (no stack buffers) whose
// guarded scalar loads/stores the loop vectorizer turns into masked vector loads and stores.
// RUN: %kcc-opt %s --cpu-lower-kir | FileCheck %s --check-prefix=KIR
// RUN: %kcc-opt %s --emit=llvm -t cpu:x86-64-v4 | FileCheck %s --check-prefix=AVX512
// RUN: %kcc-opt %s --emit=llvm -t cpu:x86-64+avx2,+fma | FileCheck %s --check-prefix=AVX2
// RUN: %kcc-opt %s --cpu-lower | %kcc-opt - | FileCheck %s --check-prefix=LLVMD

// KIR-LABEL: func.func @add(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32)
// KIR-NOT: memref.alloca
// KIR: scf.for
// KIR: arith.cmpi slt
// KIR: scf.if
// KIR: llvm.load
// KIR: llvm.load
// KIR: arith.addf
// KIR: llvm.store
// KIR: llvm.mlir.global external constant @kcc_meta_add("kcc-meta 1\0Akernel add\0Aparam x_ptr *fp32\0Aparam y_ptr *fp32\0Aparam out_ptr *fp32\0Aparam n i32\0Athreads 1\0Ashared 0\0Awrites out_ptr\0Aend\0A\00")

// AVX512: define void @add(
// AVX512: call <{{8|16}} x float> @llvm.masked.load.v{{8|16}}f32
// AVX512: fadd <{{8|16}} x float>
// AVX512: call void @llvm.masked.store.v{{8|16}}f32

// AVX2: call <8 x float> @llvm.masked.load.v8f32
// AVX2: call void @llvm.masked.store.v8f32

// LLVMD: llvm.func @add(
// LLVMD-NOT: scf.
// LLVMD-NOT: memref.
module {
  func.func @add(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                 %y: !kir.ptr<f32> {kcc.name = "y_ptr", kcc.type = "*fp32"},
                 %o: !kir.ptr<f32> {kcc.name = "out_ptr", kcc.type = "*fp32"},
                 %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %c1024 = arith.constant 1024 : i32
    %start = arith.muli %pid, %c1024 : i32
    %r = "kir.arange"() {start = 0 : i32, end = 1024 : i32} : () -> tensor<1024xi32>
    %s = "kir.splat"(%start) : (i32) -> tensor<1024xi32>
    %offs = arith.addi %s, %r : tensor<1024xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offs, %ns : tensor<1024xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %xp = "kir.addptr"(%xs, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    %ys = "kir.splat"(%y) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %yp = "kir.addptr"(%ys, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    %xv = "kir.load"(%xp, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi1>) -> tensor<1024xf32>
    %yv = "kir.load"(%yp, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi1>) -> tensor<1024xf32>
    %sum = arith.addf %xv, %yv : tensor<1024xf32>
    %os = "kir.splat"(%o) : (!kir.ptr<f32>) -> tensor<1024x!kir.ptr<f32>>
    %op = "kir.addptr"(%os, %offs) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xi32>) -> tensor<1024x!kir.ptr<f32>>
    "kir.store"(%op, %sum, %mask) : (tensor<1024x!kir.ptr<f32>>, tensor<1024xf32>, tensor<1024xi1>) -> ()
    return
  }
}

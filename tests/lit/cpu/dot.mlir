// kir.dot: operands packed into stack tiles, then a register-blocked micro-kernel of vector
// loads, broadcasts and contractable multiply-adds with the accumulators as loop-carried vectors;
// the accumulator is updated in place in the loop-carried buffer, and the pointer tiles advanced
// by a uniform step stay `base + scalar offset` (contiguous loads, no gathers).
// RUN: %kcc-opt %s --cpu-lower-kir | FileCheck %s
// RUN: %kcc-opt %s --emit=llvm -t cpu:x86-64-v4 | FileCheck %s --check-prefix=AVX512

// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %c0_i64, %{{.*}} = %c0_i64) -> (i64, i64)
// CHECK: vector.load
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<{{[0-9]+}}xf32>
// CHECK: vector.broadcast
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<
// CHECK: arith.addf {{.*}} fastmath<contract> : vector<
// CHECK: vector.store

// AVX512-NOT: gather
// AVX512: define void @matmul(
// AVX512: fmul contract <16 x float>
// the tiles must be square until that is fixed), pointer tiles advanced in the K loop,
// K tail and M/N edges masked (the tutorial's `% M` wrap without contiguity hints would make
// the operand loads gathers).
// stride_ak = stride_bn = stride_cn = 1 (specialised).
module {
  func.func @matmul(%a: !kir.ptr<f32> {kcc.name = "a_ptr", kcc.type = "*fp32"},
                    %b: !kir.ptr<f32> {kcc.name = "b_ptr", kcc.type = "*fp32"},
                    %c: !kir.ptr<f32> {kcc.name = "c_ptr", kcc.type = "*fp32"},
                    %M: i32 {kcc.name = "M", kcc.type = "i32"},
                    %N: i32 {kcc.name = "N", kcc.type = "i32"},
                    %K: i32 {kcc.name = "K", kcc.type = "i32"},
                    %sam: i32 {kcc.name = "stride_am", kcc.type = "i32"},
                    %sbk: i32 {kcc.name = "stride_bk", kcc.type = "i32"},
                    %scm: i32 {kcc.name = "stride_cm", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %c63 = arith.constant 63 : i32
    %c64 = arith.constant 64 : i32
    %c31 = arith.constant 63 : i32
    %c32 = arith.constant 64 : i32
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %n63 = arith.addi %N, %c63 : i32
    %npn = arith.divsi %n63, %c64 : i32
    %pid_m = arith.divsi %pid, %npn : i32
    %pid_n = arith.remsi %pid, %npn : i32
    %r64 = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %r32 = "kir.arange"() {start = 0 : i32, end = 64 : i32} : () -> tensor<64xi32>
    %m0 = arith.muli %pid_m, %c64 : i32
    %n0 = arith.muli %pid_n, %c64 : i32
    %m0s = "kir.splat"(%m0) : (i32) -> tensor<64xi32>
    %n0s = "kir.splat"(%n0) : (i32) -> tensor<64xi32>
    %offs_cm = arith.addi %m0s, %r64 : tensor<64xi32>
    %offs_cn = arith.addi %n0s, %r64 : tensor<64xi32>
    %zero64 = arith.constant dense<0> : tensor<64xi32>
    %offs_am = arith.addi %offs_cm, %zero64 : tensor<64xi32>
    %offs_bn = arith.addi %offs_cn, %zero64 : tensor<64xi32>
    %amm = "kir.expand_dims"(%offs_am) {axis = 1 : i32} : (tensor<64xi32>) -> tensor<64x1xi32>
    %Msa = "kir.splat"(%M) : (i32) -> tensor<64x1xi32>
    %amask = arith.cmpi slt, %amm, %Msa : tensor<64x1xi32>
    %amaskb = "kir.broadcast"(%amask) : (tensor<64x1xi1>) -> tensor<64x64xi1>
    %bnm = "kir.expand_dims"(%offs_bn) {axis = 0 : i32} : (tensor<64xi32>) -> tensor<1x64xi32>
    %Nsb = "kir.splat"(%N) : (i32) -> tensor<1x64xi32>
    %bmask = arith.cmpi slt, %bnm, %Nsb : tensor<1x64xi32>
    %bmaskb = "kir.broadcast"(%bmask) : (tensor<1x64xi1>) -> tensor<64x64xi1>
    // a_ptrs = a + offs_am[:, None] * sam + offs_k[None, :]
    %am2 = "kir.expand_dims"(%offs_am) {axis = 1 : i32} : (tensor<64xi32>) -> tensor<64x1xi32>
    %sams = "kir.splat"(%sam) : (i32) -> tensor<64x1xi32>
    %amo = arith.muli %am2, %sams : tensor<64x1xi32>
    %amb = "kir.broadcast"(%amo) : (tensor<64x1xi32>) -> tensor<64x64xi32>
    %k2r = "kir.expand_dims"(%r32) {axis = 0 : i32} : (tensor<64xi32>) -> tensor<1x64xi32>
    %k2rb = "kir.broadcast"(%k2r) : (tensor<1x64xi32>) -> tensor<64x64xi32>
    %aoff = arith.addi %amb, %k2rb : tensor<64x64xi32>
    %as = "kir.splat"(%a) : (!kir.ptr<f32>) -> tensor<64x64x!kir.ptr<f32>>
    %a_ptrs = "kir.addptr"(%as, %aoff) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi32>) -> tensor<64x64x!kir.ptr<f32>>
    // b_ptrs = b + offs_k[:, None] * sbk + offs_bn[None, :]
    %k2c = "kir.expand_dims"(%r32) {axis = 1 : i32} : (tensor<64xi32>) -> tensor<64x1xi32>
    %sbks = "kir.splat"(%sbk) : (i32) -> tensor<64x1xi32>
    %bko = arith.muli %k2c, %sbks : tensor<64x1xi32>
    %bkb = "kir.broadcast"(%bko) : (tensor<64x1xi32>) -> tensor<64x64xi32>
    %bn2 = "kir.expand_dims"(%offs_bn) {axis = 0 : i32} : (tensor<64xi32>) -> tensor<1x64xi32>
    %bnb = "kir.broadcast"(%bn2) : (tensor<1x64xi32>) -> tensor<64x64xi32>
    %boff = arith.addi %bkb, %bnb : tensor<64x64xi32>
    %bs = "kir.splat"(%b) : (!kir.ptr<f32>) -> tensor<64x64x!kir.ptr<f32>>
    %b_ptrs = "kir.addptr"(%bs, %boff) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi32>) -> tensor<64x64x!kir.ptr<f32>>
    %zero = arith.constant dense<0.0> : tensor<64x64xf32>
    %k31 = arith.addi %K, %c31 : i32
    %nk = arith.divsi %k31, %c32 : i32
    %bstep = arith.muli %sbk, %c32 : i32
    %res:3 = scf.for %kk = %c0 to %nk step %c1 iter_args(%acc = %zero, %ap = %a_ptrs, %bp = %b_ptrs)
        -> (tensor<64x64xf32>, tensor<64x64x!kir.ptr<f32>>, tensor<64x64x!kir.ptr<f32>>) : i32 {
      %kb = arith.muli %kk, %c32 : i32
      %krem = arith.subi %K, %kb : i32
      %krs = "kir.splat"(%krem) : (i32) -> tensor<1x64xi32>
      %kma = arith.cmpi slt, %k2r, %krs : tensor<1x64xi32>
      %kmab = "kir.broadcast"(%kma) : (tensor<1x64xi1>) -> tensor<64x64xi1>
      %krs2 = "kir.splat"(%krem) : (i32) -> tensor<64x1xi32>
      %kmb = arith.cmpi slt, %k2c, %krs2 : tensor<64x1xi32>
      %kmbb = "kir.broadcast"(%kmb) : (tensor<64x1xi1>) -> tensor<64x64xi1>
      %kmab2 = arith.andi %kmab, %amaskb : tensor<64x64xi1>
      %kmbb2 = arith.andi %kmbb, %bmaskb : tensor<64x64xi1>
      %av = "kir.load"(%ap, %kmab2) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi1>) -> tensor<64x64xf32>
      %bv = "kir.load"(%bp, %kmbb2) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi1>) -> tensor<64x64xf32>
      %acc2 = "kir.dot"(%av, %bv, %acc) : (tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
      %c32s = arith.constant dense<64> : tensor<64x64xi32>
      %ap2 = "kir.addptr"(%ap, %c32s) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi32>) -> tensor<64x64x!kir.ptr<f32>>
      %bsts = "kir.splat"(%bstep) : (i32) -> tensor<64x64xi32>
      %bp2 = "kir.addptr"(%bp, %bsts) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi32>) -> tensor<64x64x!kir.ptr<f32>>
      scf.yield %acc2, %ap2, %bp2 : tensor<64x64xf32>, tensor<64x64x!kir.ptr<f32>>, tensor<64x64x!kir.ptr<f32>>
    }
    // c_ptrs = c + scm * offs_cm[:, None] + offs_cn[None, :]; mask = (cm < M) & (cn < N)
    %cm2 = "kir.expand_dims"(%offs_cm) {axis = 1 : i32} : (tensor<64xi32>) -> tensor<64x1xi32>
    %scms = "kir.splat"(%scm) : (i32) -> tensor<64x1xi32>
    %cmo = arith.muli %cm2, %scms : tensor<64x1xi32>
    %cmb = "kir.broadcast"(%cmo) : (tensor<64x1xi32>) -> tensor<64x64xi32>
    %cn2 = "kir.expand_dims"(%offs_cn) {axis = 0 : i32} : (tensor<64xi32>) -> tensor<1x64xi32>
    %cnb = "kir.broadcast"(%cn2) : (tensor<1x64xi32>) -> tensor<64x64xi32>
    %coff = arith.addi %cmb, %cnb : tensor<64x64xi32>
    %cs = "kir.splat"(%c) : (!kir.ptr<f32>) -> tensor<64x64x!kir.ptr<f32>>
    %c_ptrs = "kir.addptr"(%cs, %coff) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xi32>) -> tensor<64x64x!kir.ptr<f32>>
    %Ms2 = "kir.splat"(%M) : (i32) -> tensor<64x1xi32>
    %mm = arith.cmpi slt, %cm2, %Ms2 : tensor<64x1xi32>
    %mmb = "kir.broadcast"(%mm) : (tensor<64x1xi1>) -> tensor<64x64xi1>
    %Ns2 = "kir.splat"(%N) : (i32) -> tensor<1x64xi32>
    %nm = arith.cmpi slt, %cn2, %Ns2 : tensor<1x64xi32>
    %nmb = "kir.broadcast"(%nm) : (tensor<1x64xi1>) -> tensor<64x64xi1>
    %cmask = arith.andi %mmb, %nmb : tensor<64x64xi1>
    "kir.store"(%c_ptrs, %res#0, %cmask) : (tensor<64x64x!kir.ptr<f32>>, tensor<64x64xf32>, tensor<64x64xi1>) -> ()
    return
  }
}

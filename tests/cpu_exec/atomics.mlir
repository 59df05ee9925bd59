// Atomics from every program: a histogram (masked atomic add of 1 into hist[x % 16]), a float
// sum (fadd), a maximum (max), and a compare-and-swap that lets exactly one program claim a slot.
module {
  func.func @atomics(%x: !kir.ptr<i32> {kcc.name = "x_ptr", kcc.type = "*i32"},
                     %hist: !kir.ptr<i32> {kcc.name = "hist_ptr", kcc.type = "*i32"},
                     %fsum: !kir.ptr<f32> {kcc.name = "fsum_ptr", kcc.type = "*fp32"},
                     %imax: !kir.ptr<i32> {kcc.name = "imax_ptr", kcc.type = "*i32"},
                     %claim: !kir.ptr<i32> {kcc.name = "claim_ptr", kcc.type = "*i32"},
                     %olds: !kir.ptr<i32> {kcc.name = "olds_ptr", kcc.type = "*i32"},
                     %n: i32 {kcc.name = "n", kcc.type = "i32"}) attributes {kcc.kernel} {
    %pid = "kir.program_id"() {axis = 0 : i32} : () -> i32
    %c128 = arith.constant 128 : i32
    %start = arith.muli %pid, %c128 : i32
    %r = "kir.arange"() {start = 0 : i32, end = 128 : i32} : () -> tensor<128xi32>
    %ss = "kir.splat"(%start) : (i32) -> tensor<128xi32>
    %offs = arith.addi %ss, %r : tensor<128xi32>
    %ns = "kir.splat"(%n) : (i32) -> tensor<128xi32>
    %mask = arith.cmpi slt, %offs, %ns : tensor<128xi32>
    %xs = "kir.splat"(%x) : (!kir.ptr<i32>) -> tensor<128x!kir.ptr<i32>>
    %xp = "kir.addptr"(%xs, %offs) : (tensor<128x!kir.ptr<i32>>, tensor<128xi32>) -> tensor<128x!kir.ptr<i32>>
    %xv = "kir.load"(%xp, %mask) : (tensor<128x!kir.ptr<i32>>, tensor<128xi1>) -> tensor<128xi32>
    %c16 = arith.constant dense<16> : tensor<128xi32>
    %bin = arith.remui %xv, %c16 : tensor<128xi32>
    %hs = "kir.splat"(%hist) : (!kir.ptr<i32>) -> tensor<128x!kir.ptr<i32>>
    %hp = "kir.addptr"(%hs, %bin) : (tensor<128x!kir.ptr<i32>>, tensor<128xi32>) -> tensor<128x!kir.ptr<i32>>
    %one = arith.constant dense<1> : tensor<128xi32>
    %o1 = "kir.atomic_rmw"(%hp, %one, %mask) {kind = "add", sem = "acq_rel"} : (tensor<128x!kir.ptr<i32>>, tensor<128xi32>, tensor<128xi1>) -> tensor<128xi32>
    %xf = arith.sitofp %xv : tensor<128xi32> to tensor<128xf32>
    %fs = "kir.splat"(%fsum) : (!kir.ptr<f32>) -> tensor<128x!kir.ptr<f32>>
    %o2 = "kir.atomic_rmw"(%fs, %xf, %mask) {kind = "fadd", sem = "relaxed"} : (tensor<128x!kir.ptr<f32>>, tensor<128xf32>, tensor<128xi1>) -> tensor<128xf32>
    %ms = "kir.splat"(%imax) : (!kir.ptr<i32>) -> tensor<128x!kir.ptr<i32>>
    %o3 = "kir.atomic_rmw"(%ms, %xv, %mask) {kind = "max", sem = "acq_rel"} : (tensor<128x!kir.ptr<i32>>, tensor<128xi32>, tensor<128xi1>) -> tensor<128xi32>
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %pid1 = arith.addi %pid, %c1 : i32
    %old = "kir.atomic_cas"(%claim, %c0, %pid1) {sem = "acq_rel"} : (!kir.ptr<i32>, i32, i32) -> i32
    %op = "kir.addptr"(%olds, %pid) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32>
    "kir.store"(%op, %old) : (!kir.ptr<i32>, i32) -> ()
    return
  }
}

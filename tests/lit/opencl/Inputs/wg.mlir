// Per-thread IR with a workgroup buffer, barriers and atomics: 64 threads, one element each.
module {
  func.func @wg(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                %sum: !kir.ptr<f32> {kcc.name = "sum_ptr", kcc.type = "*fp32"},
                %cnt: !kir.ptr<i32> {kcc.name = "cnt_ptr", kcc.type = "*i32"},
                %big: !kir.ptr<i64> {kcc.name = "big_ptr", kcc.type = "*i64"},
                %h: !kir.ptr<f16> {kcc.name = "half_ptr", kcc.type = "*fp16"},
                %n: i32 {kcc.name = "n", kcc.type = "i32"})
      attributes {kcc.kernel, kcc.threads = 64 : i32, kcc.shared = 256 : i64} {
    %buf = memref.alloca() : memref<64xf32, 3> loc("wg.py":2:4)
    %tid = gpu.thread_id x loc("wg.py":3:10)
    %pid = gpu.block_id x loc("wg.py":4:10)
    %c64 = arith.constant 64 : index loc("wg.py":5:10)
    %base = arith.muli %pid, %c64 : index loc("wg.py":5:10)
    %offi = arith.addi %base, %tid : index loc("wg.py":5:10)
    %off = arith.index_cast %offi : index to i32 loc("wg.py":5:10)
    %m = arith.cmpi slt, %off, %n : i32 loc("wg.py":6:10)
    %xp = "kir.addptr"(%x, %off) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32> loc("wg.py":7:8)
    %xv = "kir.load"(%xp, %m) : (!kir.ptr<f32>, i1) -> f32 loc("wg.py":7:8)
    gpu.barrier loc("wg.py":8:4)
    memref.store %xv, %buf[%tid] : memref<64xf32, 3> loc("wg.py":8:4)
    gpu.barrier loc("wg.py":8:4)
    %c0 = arith.constant 0 : index loc("wg.py":9:4)
    %c1 = arith.constant 1 : index loc("wg.py":9:4)
    %is0 = arith.cmpi eq, %tid, %c0 : index loc("wg.py":9:4)
    scf.if %is0 {
      %zero = arith.constant 0.0 : f32 loc("wg.py":10:8)
      %s = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> (f32) {
        %v = memref.load %buf[%i] : memref<64xf32, 3> loc("wg.py":10:8)
        %a = arith.addf %acc, %v : f32 loc("wg.py":10:8)
        scf.yield %a : f32 loc("wg.py":10:8)
      } loc("wg.py":10:8)
      %old = "kir.atomic_rmw"(%sum, %s) {kind = "fadd", sem = "acq_rel", scope = "gpu"} : (!kir.ptr<f32>, f32) -> f32 loc("wg.py":11:8)
    } loc("wg.py":9:4)
    %one = arith.constant 1 : i32 loc("wg.py":12:4)
    %c2 = "kir.atomic_rmw"(%cnt, %one, %m) {kind = "add", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i32>, i32, i1) -> i32 loc("wg.py":12:4)
    %cnt1 = "kir.addptr"(%cnt, %one) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("wg.py":13:4)
    %c3 = "kir.atomic_rmw"(%cnt1, %off, %m) {kind = "max", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i32>, i32, i1) -> i32 loc("wg.py":13:4)
    %off64 = arith.extsi %off : i32 to i64 loc("wg.py":14:4)
    %c4 = "kir.atomic_rmw"(%big, %off64, %m) {kind = "add", sem = "relaxed", scope = "gpu"} : (!kir.ptr<i64>, i64, i1) -> i64 loc("wg.py":14:4)
    %hone = arith.constant 1.0 : f16 loc("wg.py":15:4)
    %c5 = "kir.atomic_rmw"(%h, %hone, %m) {kind = "fadd", sem = "relaxed", scope = "gpu"} : (!kir.ptr<f16>, f16, i1) -> f16 loc("wg.py":15:4)
    return loc("wg.py":16:0)
  }
}

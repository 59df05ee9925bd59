// A per-thread IR vector add as simt-lower would write it: 128 threads, 4 elements each (one
// register per element), masked tail.
module {
  func.func @vadd(%x: !kir.ptr<f32> {kcc.name = "x_ptr", kcc.type = "*fp32"},
                  %y: !kir.ptr<f32> {kcc.name = "y_ptr", kcc.type = "*fp32"},
                  %o: !kir.ptr<f32> {kcc.name = "out_ptr", kcc.type = "*fp32"},
                  %n: i32 {kcc.name = "n", kcc.type = "i32"})
      attributes {kcc.kernel, kcc.threads = 128 : i32, kcc.shared = 0 : i64} {
    %tid = gpu.thread_id x loc("add.py":3:10)
    %pid = gpu.block_id x loc("add.py":4:11)
    %pid32 = arith.index_cast %pid : index to i32 loc("add.py":4:11)
    %t32 = arith.index_cast %tid : index to i32 loc("add.py":5:20)
    %c512 = arith.constant 512 : i32 loc("add.py":5:20)
    %c128 = arith.constant 128 : i32 loc("add.py":5:20)
    %base = arith.muli %pid32, %c512 : i32 loc("add.py":5:20)
    %off0 = arith.addi %base, %t32 : i32 loc("add.py":5:20)
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c1 = arith.constant 1 : index
    scf.for %r = %c0 to %c4 step %c1 {
      %r32 = arith.index_cast %r : index to i32 loc("add.py":5:20)
      %roff = arith.muli %r32, %c128 : i32 loc("add.py":5:20)
      %off = arith.addi %off0, %roff : i32 loc("add.py":5:20)
      %m = arith.cmpi slt, %off, %n : i32 loc("add.py":6:15)
      %xp = "kir.addptr"(%x, %off) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32> loc("add.py":7:8)
      %yp = "kir.addptr"(%y, %off) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32> loc("add.py":7:8)
      %xv = "kir.load"(%xp, %m) : (!kir.ptr<f32>, i1) -> f32 loc("add.py":7:8)
      %yv = "kir.load"(%yp, %m) : (!kir.ptr<f32>, i1) -> f32 loc("add.py":8:8)
      %s = arith.addf %xv, %yv : f32 loc("add.py":9:12)
      %op = "kir.addptr"(%o, %off) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32> loc("add.py":10:4)
      "kir.store"(%op, %s, %m) : (!kir.ptr<f32>, f32, i1) -> () loc("add.py":10:4)
    }
    return
  }
}

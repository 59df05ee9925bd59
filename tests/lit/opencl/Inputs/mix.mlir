// Per-thread IR run on the device by run-pocl.test: guarded signed division, fp16/bf16 rounding
// to nearest even, scf.while with two carried values, print and a failing assert. 32 threads.
module {
  func.func @mixed(%xi: !kir.ptr<i32> {kcc.name = "x", kcc.type = "*i32"},
                 %yi: !kir.ptr<i32> {kcc.name = "y", kcc.type = "*i32"},
                 %oq: !kir.ptr<i32> {kcc.name = "q", kcc.type = "*i32"},
                 %or: !kir.ptr<i32> {kcc.name = "r", kcc.type = "*i32"},
                 %of: !kir.ptr<i32> {kcc.name = "f", kcc.type = "*i32"},
                 %h: !kir.ptr<f16> {kcc.name = "h", kcc.type = "*fp16"},
                 %b: !kir.ptr<bf16> {kcc.name = "b", kcc.type = "*bf16"},
                 %cnt: !kir.ptr<i32> {kcc.name = "cnt", kcc.type = "*i32"})
      attributes {kcc.kernel, kcc.threads = 32 : i32, kcc.shared = 0 : i64} {
    %t = gpu.thread_id x loc("mix.py":2:4)
    %ti = arith.index_cast %t : index to i32 loc("mix.py":2:4)
    %xp = "kir.addptr"(%xi, %ti) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("mix.py":3:4)
    %x = "kir.load"(%xp) : (!kir.ptr<i32>) -> i32 loc("mix.py":3:4)
    %yp = "kir.addptr"(%yi, %ti) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("mix.py":3:4)
    %y = "kir.load"(%yp) : (!kir.ptr<i32>) -> i32 loc("mix.py":3:4)
    %q = arith.divsi %x, %y : i32 loc("mix.py":4:4)
    %r = arith.remsi %x, %y : i32 loc("mix.py":4:4)
    %f = arith.floordivsi %x, %y : i32 loc("mix.py":4:4)
    %qp = "kir.addptr"(%oq, %ti) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("mix.py":4:4)
    "kir.store"(%qp, %q) : (!kir.ptr<i32>, i32) -> () loc("mix.py":4:4)
    %rp = "kir.addptr"(%or, %ti) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("mix.py":4:4)
    "kir.store"(%rp, %r) : (!kir.ptr<i32>, i32) -> () loc("mix.py":4:4)
    %fp = "kir.addptr"(%of, %ti) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("mix.py":4:4)
    "kir.store"(%fp, %f) : (!kir.ptr<i32>, i32) -> () loc("mix.py":4:4)
    %c0 = arith.constant 0 : index loc("mix.py":5:4)
    %is0 = arith.cmpi eq, %t, %c0 : index loc("mix.py":5:4)
    scf.if %is0 {
      %hv = "kir.load"(%h) : (!kir.ptr<f16>) -> f16 loc("mix.py":6:8)
      %h3 = arith.constant 3.0 : f16 loc("mix.py":6:8)
      %hm = arith.mulf %hv, %h3 : f16 loc("mix.py":6:8)
      "kir.store"(%h, %hm) : (!kir.ptr<f16>, f16) -> () loc("mix.py":6:8)
      %bv = "kir.load"(%b) : (!kir.ptr<bf16>) -> bf16 loc("mix.py":7:8)
      %b3 = arith.constant 3.0 : bf16 loc("mix.py":7:8)
      %bm = arith.mulf %bv, %b3 : bf16 loc("mix.py":7:8)
      "kir.store"(%b, %bm) : (!kir.ptr<bf16>, bf16) -> () loc("mix.py":7:8)
      "kir.print"(%hm) {prefix = " h*3="} : (f16) -> () loc("mix.py":8:8)
    } loc("mix.py":5:4)
    %one = arith.constant 1 : i32 loc("mix.py":9:4)
    %zero = arith.constant 0 : i32 loc("mix.py":9:4)
    %lim = arith.constant 1000 : i32 loc("mix.py":9:4)
    %start = arith.addi %ti, %one : i32 loc("mix.py":9:4)
    %w:2 = scf.while (%v = %start, %n = %zero) : (i32, i32) -> (i32, i32) {
      %c = arith.cmpi slt, %v, %lim : i32 loc("mix.py":9:4)
      scf.condition(%c) %v, %n : i32, i32 loc("mix.py":9:4)
    } do {
    ^bb0(%v2: i32, %n2: i32):
      %two = arith.constant 2 : i32 loc("mix.py":10:8)
      %d = arith.muli %v2, %two : i32 loc("mix.py":10:8)
      %v3 = arith.addi %d, %one : i32 loc("mix.py":10:8)
      %n3 = arith.addi %n2, %one : i32 loc("mix.py":10:8)
      scf.yield %v3, %n3 : i32, i32 loc("mix.py":10:8)
    } loc("mix.py":9:4)
    %cp = "kir.addptr"(%cnt, %ti) : (!kir.ptr<i32>, i32) -> !kir.ptr<i32> loc("mix.py":11:4)
    "kir.store"(%cp, %w#1) : (!kir.ptr<i32>, i32) -> () loc("mix.py":11:4)
    %c31 = arith.constant 31 : i32 loc("mix.py":12:11)
    %ok = arith.cmpi slt, %ti, %c31 : i32 loc("mix.py":12:11)
    "kir.assert"(%ok) {msg = "t < 31"} : (i1) -> () loc("mix.py":12:11)
    return loc("mix.py":13:0)
  }
}

// kir: kcc's tile-level, target-independent dialect.
//
// Values are scalars or tensors of constexpr, power-of-two shape (builtin `tensor<...>`), whose
// elements are numbers or typed pointers `!kir.ptr<T>`. Elementwise arithmetic stays in upstream
// `arith`/`math` (on scalars or tensors), control flow in `scf`; this dialect holds only what they do
// not cover. IRDL ops print in generic form and are treated as side-effecting by upstream passes;
// kcc's own passes (dialects/*.c) fold, CSE and DCE them. Rules IRDL cannot state (shapes agree,
// optional operands, attribute ranges) are checked by the C verifier in dialects/verify.c.
// docs/kir.md documents every op.
irdl.dialect @kir {
  // A pointer to global memory holding elements of type `pointee`.
  irdl.type @ptr {
    %0 = irdl.any
    irdl.parameters(pointee: %0)
  }

  // ---- program grid -------------------------------------------------------------------------
  irdl.operation @program_id {
    %i32 = irdl.is i32
    irdl.results(result: %i32)
  }
  irdl.operation @num_programs {
    %i32 = irdl.is i32
    irdl.results(result: %i32)
  }

  // ---- creation and shape -------------------------------------------------------------------
  irdl.operation @arange {
    %t = irdl.base "!builtin.tensor"
    irdl.results(result: %t)
  }
  irdl.operation @splat {
    %s = irdl.any
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }
  irdl.operation @broadcast {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }
  irdl.operation @expand_dims {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }
  irdl.operation @reshape {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }
  irdl.operation @trans {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }
  irdl.operation @join {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %s, rhs: %s)
    irdl.results(result: %t)
  }
  irdl.operation @split {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %s)
    irdl.results(lhs: %t, rhs: %t)
  }
  irdl.operation @unsplat {
    %s = irdl.base "!builtin.tensor"
    %t = irdl.any
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }

  // ---- pointers -------------------------------------------------------------------------------
  irdl.operation @addptr {
    %p = irdl.any
    %o = irdl.any
    irdl.operands(ptr: %p, offset: %o)
    irdl.results(result: %p)
  }
  irdl.operation @ptr_to_int {
    %p = irdl.any
    %i = irdl.any
    irdl.operands(ptr: %p)
    irdl.results(result: %i)
  }
  irdl.operation @int_to_ptr {
    %i = irdl.any
    %p = irdl.any
    irdl.operands(value: %i)
    irdl.results(result: %p)
  }
  irdl.operation @bitcast {
    %s = irdl.any
    %t = irdl.any
    irdl.operands(value: %s)
    irdl.results(result: %t)
  }

  // ---- memory ---------------------------------------------------------------------------------
  // load(ptr [, mask]): masked-off lanes are never dereferenced and read 0. Triton's `other` is
  // arith.select(mask, load, other) on the result.
  irdl.operation @load {
    %p = irdl.any
    %m = irdl.any
    %v = irdl.any
    irdl.operands(ptr: %p, mask: variadic %m)
    irdl.results(result: %v)
  }
  // store(ptr, value [, mask])
  irdl.operation @store {
    %p = irdl.any
    %v = irdl.any
    %m = irdl.any
    irdl.operands(ptr: %p, value: %v, mask: variadic %m)
    irdl.results()
  }
  // atomic_rmw(ptr, value [, mask]) {kind = "add"|"max"|"min"|"umax"|"umin"|"and"|"or"|"xor"|"xchg"|"fadd"|"fmax"|"fmin", sem, scope}
  // (sem and scope are not declared: IRDL ops here carry no attribute constraints; docs/kir.md)
  irdl.operation @atomic_rmw {
    %p = irdl.any
    %v = irdl.any
    %m = irdl.any
    irdl.operands(ptr: %p, value: %v, mask: variadic %m)
    irdl.results(result: %v)
  }
  // atomic_cas(ptr, cmp, value) {sem, scope}
  irdl.operation @atomic_cas {
    %p = irdl.any
    %v = irdl.any
    irdl.operands(ptr: %p, cmp: %v, value: %v)
    irdl.results(result: %v)
  }

  // ---- compute --------------------------------------------------------------------------------
  // dot(a, b, acc) = acc + a @ b
  irdl.operation @dot {
    %a = irdl.base "!builtin.tensor"
    %b = irdl.base "!builtin.tensor"
    %c = irdl.base "!builtin.tensor"
    irdl.operands(a: %a, b: %b, acc: %c)
    irdl.results(result: %c)
  }
  // reduce(x0 [, x1 .. x5]) {axis}: combines along `axis` with a region
  // ^bb(lhs..., rhs...) ending in gpu.yield. Each operand has its own type (hence optional
  // operands + operandSegmentSizes/resultSegmentSizes: IRDL unifies a variadic's element types).
  irdl.operation @reduce {
    %i0 = irdl.any
    %i1 = irdl.any
    %i2 = irdl.any
    %i3 = irdl.any
    %i4 = irdl.any
    %i5 = irdl.any
    %o0 = irdl.any
    %o1 = irdl.any
    %o2 = irdl.any
    %o3 = irdl.any
    %o4 = irdl.any
    %o5 = irdl.any
    irdl.operands(x0: %i0, x1: optional %i1, x2: optional %i2, x3: optional %i3, x4: optional %i4, x5: optional %i5)
    irdl.results(r0: %o0, r1: optional %o1, r2: optional %o2, r3: optional %o3, r4: optional %o4, r5: optional %o5)
    %r = irdl.region
    irdl.regions(combine: %r)
  }

  // scan(x0 [, x1 .. x5]) {axis, reverse}: inclusive scan, same region and operands as reduce.
  irdl.operation @scan {
    %i0 = irdl.any
    %i1 = irdl.any
    %i2 = irdl.any
    %i3 = irdl.any
    %i4 = irdl.any
    %i5 = irdl.any
    %o0 = irdl.any
    %o1 = irdl.any
    %o2 = irdl.any
    %o3 = irdl.any
    %o4 = irdl.any
    %o5 = irdl.any
    irdl.operands(x0: %i0, x1: optional %i1, x2: optional %i2, x3: optional %i3, x4: optional %i4, x5: optional %i5)
    irdl.results(r0: %o0, r1: optional %o1, r2: optional %o2, r3: optional %o3, r4: optional %o4, r5: optional %o5)
    %r = irdl.region
    irdl.regions(combine: %r)
  }

  // sort(x) {axis, descending [, unsigned]}: x sorted along `axis` (a power-of-two extent);
  // `unsigned` (unit) compares integers as unsigned. Same type in and out.
  irdl.operation @sort {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(value: %t)
    irdl.results(result: %t)
  }

  // ---- debug ----------------------------------------------------------------------------------
  irdl.operation @assert {
    %c = irdl.any
    irdl.operands(cond: %c)
    irdl.results()
  }
  // print([value]) {prefix}: tl.device_print emits one per printed value
  irdl.operation @print {
    %v = irdl.any
    irdl.operands(value: variadic %v)
    irdl.results()
  }
  irdl.operation @barrier {
    irdl.operands()
    irdl.results()
  }
}

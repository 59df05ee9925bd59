/*
 * debug.c - the debug runtime of the CPU lowering: kir.assert calls __kcc_assert_fail (weak, set
 * by the host) or writes to stderr and aborts, with the op's location in the message; kir.print
 * is one printf per element with the program id and the index.
 */
#include "lower_internal.h"

static MlirValue global_string(Cpu *c, const char *text, size_t len) {
  CpuB *b = &c->b;
  char name[64];
  snprintf(name, sizeof name, "__kcc_str_%d", c->nstr++);
  MlirOperation g = cpu_string_global(b, name, text, len, "internal", b->loc);
  mlirBlockInsertOwnedOperation(mlirModuleGetBody(c->mod), 0, g);
  MlirNamedAttribute ga =
      cpu_nattr(b, "global_name", mlirFlatSymbolRefAttrGet(b->ctx, kir_str(name)));
  return cpu_op1(b, "llvm.mlir.addressof", 0, NULL, cpu_ptr_t(b), 1, &ga);
}

static void declare_func(Cpu *c, const char *name, const char *type, const char *linkage) {
  MlirModule m = c->mod;
  for (MlirOperation o = mlirBlockGetFirstOperation(mlirModuleGetBody(m)); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    MlirAttribute s = mlirOperationGetAttributeByName(o, kir_str("sym_name"));
    if (!mlirAttributeIsNull(s)) {
      MlirStringRef r = mlirStringAttrGetValue(s);
      if (r.length == strlen(name) && memcmp(r.data, name, r.length) == 0) return;
    }
  }
  CpuB *b = &c->b;
  char lk[64];
  snprintf(lk, sizeof lk, "#llvm.linkage<%s>", linkage);
  MlirNamedAttribute attrs[3] = {
      cpu_nattr(b, "function_type", mlirTypeAttrGet(mlirTypeParseGet(b->ctx, kir_str(type)))),
      cpu_nattr(b, "sym_name", mlirStringAttrGet(b->ctx, kir_str(name))),
      cpu_nattr(b, "linkage", cpu_parse_attr(b, lk)),
  };
  MlirRegion r = mlirRegionCreate();
  MlirOperationState st =
      mlirOperationStateGet(kir_str("llvm.func"), mlirLocationUnknownGet(b->ctx));
  mlirOperationStateAddAttributes(&st, 3, attrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  mlirBlockInsertOwnedOperation(mlirModuleGetBody(m), 0, mlirOperationCreate(&st));
}

static MlirValue call(Cpu *c, const char *callee, intptr_t n, const MlirValue *args, MlirType res,
                      const char *vararg_type) {
  CpuB *b = &c->b;
  /* llvm.call has no operand bundles here: op_bundle_sizes is an empty array */
  MlirNamedAttribute attrs[4] = {
      cpu_nattr(b, "callee", mlirFlatSymbolRefAttrGet(b->ctx, kir_str(callee))),
      cpu_nattr(b, "operandSegmentSizes",
                mlirDenseI32ArrayGet(b->ctx, 2, (int32_t[]){(int32_t)n, 0})),
      cpu_nattr(b, "op_bundle_sizes", mlirDenseI32ArrayGet(b->ctx, 0, NULL)),
      cpu_nattr(b, "var_callee_type",
                vararg_type ? mlirTypeAttrGet(mlirTypeParseGet(b->ctx, kir_str(vararg_type)))
                            : mlirAttributeGetNull()),
  };
  MlirOperation op = cpu_op(b, "llvm.call", n, args, mlirTypeIsNull(res) ? 0 : 1, &res,
                            vararg_type ? 4 : 3, attrs);
  return mlirTypeIsNull(res) ? (MlirValue){NULL} : mlirOperationGetResult(op, 0);
}

/* "file:line:col" of an op, or "" when it has no file location. */
static void op_where(MlirOperation op, char *out, size_t cap) {
  char file[512];
  int line = 0, col = 0;
  out[0] = 0;
  if (kir_loc_file_line_col(mlirOperationGetLocation(op), file, sizeof file, &line, &col))
    snprintf(out, cap, "%s:%d:%d", file, line, col);
}

static MlirValue str_attr_global(Cpu *c, MlirOperation op, const char *attr, const char *fmt_pre,
                                 const char *fmt_post) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(attr));
  MlirStringRef s = {"", 0};
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a)) s = mlirStringAttrGetValue(a);
  size_t cap = s.length + strlen(fmt_pre) + strlen(fmt_post) + 1;
  char *t = malloc(cap);
  snprintf(t, cap, "%s%.*s%s", fmt_pre, (int)s.length, s.data, fmt_post);
  MlirValue g = global_string(c, t, strlen(t));
  free(t);
  return g;
}

/* i1: whether the host defines the weak function `name` (declared extern_weak by the caller):
 * its address is not null. */
static MlirValue weak_defined(Cpu *c, const char *name) {
  CpuB *b = &c->b;
  MlirNamedAttribute ga =
      cpu_nattr(b, "global_name", mlirFlatSymbolRefAttrGet(b->ctx, kir_str(name)));
  MlirValue hook = cpu_op1(b, "llvm.mlir.addressof", 0, NULL, cpu_ptr_t(b), 1, &ga);
  MlirValue ops[2] = {hook, cpu_zero(b, cpu_ptr_t(b))};
  MlirNamedAttribute pr =
      cpu_nattr(b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 1));
  return cpu_op1(b, "llvm.icmp", 2, ops, cpu_int_t(b, 1), 1, &pr);
}

/* The fallback without a host hook: write(2, msg, len), then abort(). */
static void write_abort(Cpu *c, MlirValue msg, MlirValue len) {
  CpuB *b = &c->b;
  MlirValue wargs[3] = {cpu_cint(b, cpu_int_t(b, 32), 2), msg, len};
  call(c, "write", 3, wargs, cpu_int_t(b, 64), NULL);
  call(c, "abort", 0, NULL, (MlirType){NULL}, NULL);
}

/* kir.assert: a failing live lane calls __kcc_assert_fail(msg) when the host defines it (weak),
 * else writes msg to stderr (fd 2) and aborts. */
static void assert_fail(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  char where[600], pre[700];
  op_where(op, where, sizeof where);
  snprintf(pre, sizeof pre, "%s%sassertion failed: ", where, where[0] ? ": " : "");
  MlirValue msg = str_attr_global(c, op, "msg", pre, "\n");
  declare_func(c, "__kcc_assert_fail", "!llvm.func<void (ptr)>", "extern_weak");
  declare_func(c, "write", "!llvm.func<i64 (i32, ptr, i64)>", "external");
  declare_func(c, "abort", "!llvm.func<void ()>", "external");
  declare_func(c, "strlen", "!llvm.func<i64 (ptr)>", "external");
  CpuIf f;
  cpu_if_begin(b, &f, weak_defined(c, "__kcc_assert_fail"), 0, NULL);
  call(c, "__kcc_assert_fail", 1, &msg, (MlirType){NULL}, NULL);
  cpu_if_else(b, &f, NULL);
  write_abort(c, msg, call(c, "strlen", 1, &msg, cpu_int_t(b, 64), NULL));
  cpu_if_end(b, &f, NULL, NULL);
}

typedef struct DbgUd {
  MlirOperation op;
} DbgUd;

static void assert_body(Cpu *c, const MlirValue *idx, void *ud) {
  DbgUd *u = ud;
  MlirValue cond = mlirOperationGetOperand(u->op, 0);
  MlirValue v = idx ? elem(c, cond, idx) : scalar(c, cond);
  if (!mlirTypeEqual(mlirValueGetType(v), cpu_int_t(&c->b, 1)))
    v = cpu_cmpi(&c->b, PI_NE, v, cpu_zero(&c->b, mlirValueGetType(v)));
  MlirValue bad = cpu_bin(&c->b, "arith.xori", v, cpu_cint(&c->b, cpu_int_t(&c->b, 1), 1));
  CpuIf f;
  cpu_if_begin(&c->b, &f, bad, 0, NULL);
  assert_fail(c, u->op);
  cpu_if_end(&c->b, &f, NULL, NULL);
}

/* Converts a value for printf's varargs; appends its conversion spec to fmt. */
static MlirValue printf_arg(Cpu *c, MlirValue v, char *fmt, size_t cap) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(v);
  size_t n = strlen(fmt);
  if (mlirTypeIsALLVMPointerType(t)) {
    snprintf(fmt + n, cap - n, "%%p");
    return v;
  }
  if (mlirTypeIsAFloat(t)) {
    snprintf(fmt + n, cap - n, "%%f");
    if (!mlirTypeIsAF64(t)) v = cpu_cast(b, "arith.extf", v, mlirF64TypeGet(b->ctx));
    return v;
  }
  unsigned w = mlirIntegerTypeGetWidth(t);
  if (w == 64) {
    snprintf(fmt + n, cap - n, "%%lld");
    return v;
  }
  snprintf(fmt + n, cap - n, "%%d");
  if (w == 32) return v;
  return w == 1 ? cpu_cast(b, "arith.extui", v, cpu_int_t(b, 32))
                : cpu_cast(b, "arith.extsi", v, cpu_int_t(b, 32));
}

typedef struct PrintUd {
  MlirOperation op;
  intptr_t k;
  int rank;
} PrintUd;

static void print_body(Cpu *c, const MlirValue *idx, void *ud) {
  PrintUd *u = ud;
  CpuB *b = &c->b;
  char fmt[512] = "pid (%d, %d, %d) ";
  MlirValue args[16];
  int n = 1;
  for (int i = 0; i < 3; i++)
    args[n++] = c->grid[i];
  if (idx) {
    strcat(fmt, "idx (");
    for (int d = 0; d < u->rank && n < 12; d++) {
      strcat(fmt, d ? ", %d" : "%d");
      args[n++] = cpu_cast(b, "arith.index_cast", idx[d], cpu_int_t(b, 32));
    }
    strcat(fmt, ") ");
  }
  MlirAttribute a = mlirOperationGetAttributeByName(u->op, kir_str("prefix"));
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a)) {
    MlirStringRef s = mlirStringAttrGetValue(a);
    size_t l = strlen(fmt);
    for (size_t i = 0; i < s.length && l + 3 < 300; i++) {
      if (s.data[i] == '%') fmt[l++] = '%';
      fmt[l++] = s.data[i];
    }
    fmt[l] = 0;
  }
  MlirValue v = mlirOperationGetOperand(u->op, u->k);
  MlirValue x = idx ? elem(c, v, idx) : scalar(c, v);
  args[n++] = printf_arg(c, x, fmt, sizeof fmt);
  strcat(fmt, "\n");
  args[0] = global_string(c, fmt, strlen(fmt));
  declare_func(c, "printf", "!llvm.func<i32 (ptr, ...)>", "external");
  call(c, "printf", n, args, cpu_int_t(b, 32), "!llvm.func<i32 (ptr, ...)>");
}

void lower_assert(Cpu *c, MlirOperation op) {
  DbgUd u = {op};
  Info *ci = info(c, mlirOperationGetOperand(op, 0));
  if (ci->tensor)
    nest(c, ci->rank, ci->shape, assert_body, &u);
  else
    assert_body(c, NULL, &u);
}

void lower_print(Cpu *c, MlirOperation op) {
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); k++) {
    Info *vi = info(c, mlirOperationGetOperand(op, k));
    PrintUd u = {op, k, vi->rank};
    if (vi->tensor)
      nest(c, vi->rank, vi->shape, print_body, &u);
    else
      print_body(c, NULL, &u);
  }
}

void bounds_fail(Cpu *c, MlirOperation op, const char *kind, intptr_t param, MlirValue eoff,
                 MlirValue nel) {
  CpuB *b = &c->b;
  char where[600], text[1000];
  op_where(op, where, sizeof where);
  MlirStringRef pn = kernel_arg_name(c, param);
  char pbuf[32];
  if (!pn.length) { /* hand-written kir without kcc.name */
    snprintf(pbuf, sizeof pbuf, "argument %d", (int)param);
    pn = (MlirStringRef){pbuf, strlen(pbuf)};
  }
  snprintf(text, sizeof text, "%s%sout-of-bounds %s through '%.*s'", where, where[0] ? ": " : "",
           kind, (int)pn.length, pn.data);
  MlirValue msg = global_string(c, text, strlen(text));
  declare_func(c, "__kcc_bounds_fail", "!llvm.func<void (ptr, i64, i64)>", "extern_weak");
  declare_func(c, "write", "!llvm.func<i64 (i32, ptr, i64)>", "external");
  declare_func(c, "abort", "!llvm.func<void ()>", "external");
  CpuIf f;
  cpu_if_begin(b, &f, weak_defined(c, "__kcc_bounds_fail"), 0, NULL);
  MlirValue args[3] = {msg, eoff, nel};
  call(c, "__kcc_bounds_fail", 3, args, (MlirType){NULL}, NULL);
  cpu_if_else(b, &f, NULL);
  write_abort(c, msg, cpu_cint(b, cpu_int_t(b, 64), (int64_t)strlen(text)));
  cpu_if_end(b, &f, NULL, NULL);
}

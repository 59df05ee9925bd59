/*
 * print.c - the C-like printer of per-thread IR (clike.h): types and names, the kernel
 * signature and its workgroup buffers, structured control flow (scf.for / if / while with their
 * carried values as C variables), gpu ids and barriers, source locations as comments, and the
 * module: the kcc-meta comments, the helpers the kernels use, the kernels.
 */
#include "print.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- types ------------------------------------------------------------------------------------
 */
ClTy cl_ty(MlirType t) {
  if (mlirTypeIsAIndex(t)) return TY_INDEX;
  if (mlirTypeIsAInteger(t)) {
    switch (mlirIntegerTypeGetWidth(t)) {
    case 1:
      return TY_BOOL;
    case 8:
      return TY_I8;
    case 16:
      return TY_I16;
    case 32:
      return TY_I32;
    case 64:
      return TY_I64;
    default:
      return TY_BAD;
    }
  }
  if (mlirTypeIsAF16(t)) return TY_F16;
  if (mlirTypeIsABF16(t)) return TY_BF16;
  if (mlirTypeIsAF32(t)) return TY_F32;
  if (mlirTypeIsAF64(t)) return TY_F64;
  if (kir_is_ptr_type(t)) return TY_PTR;
  if (mlirTypeIsAMemRef(t)) return TY_MEMREF;
  return TY_BAD;
}

int cl_bits(ClTy t) {
  static const int bits[] = {
      [TY_BOOL] = 1, [TY_I8] = 8,    [TY_I16] = 16, [TY_I32] = 32, [TY_I64] = 64, [TY_INDEX] = 64,
      [TY_F16] = 16, [TY_BF16] = 16, [TY_F32] = 32, [TY_F64] = 64, [TY_PTR] = 64, [TY_MEMREF] = 0};
  return t < TY_BAD ? bits[t] : 0;
}

bool cl_is_float(ClTy t) {
  return t == TY_F16 || t == TY_BF16 || t == TY_F32 || t == TY_F64;
}

bool cl_is_int(ClTy t) {
  return t <= TY_INDEX;
}

static int width_index(int bits) {
  return bits <= 8 ? 0 : bits <= 16 ? 1 : bits <= 32 ? 2 : 3;
}

const char *cl_uint(Pr *p, int bits) {
  return p->L->uint_t[width_index(bits)];
}

const char *cl_sint(Pr *p, int bits) {
  return p->L->sint_t[width_index(bits)];
}

const char *cl_mtype(Pr *p, MlirType t, char *buf, size_t cap) {
  ClTy ty = cl_ty(t);
  if (ty == TY_F32) return p->L->f32_t;
  if (ty == TY_F64) {
    p->need[CL_NEED_FP64] = true;
    return p->L->f64_t;
  }
  snprintf(buf, cap, "%s", cl_uint(p, ty == TY_BOOL ? 8 : cl_bits(ty)));
  return buf;
}

const char *cl_vtype(Pr *p, MlirType t, char *buf, size_t cap) {
  ClTy ty = cl_ty(t);
  char m[64];
  switch (ty) {
  case TY_BOOL:
    return p->L->bool_t;
  case TY_F16:
    p->need[CL_NEED_F16] = true;
    return p->L->f32_t;
  case TY_BF16:
    p->need[CL_NEED_BF16] = true;
    return p->L->f32_t;
  case TY_F32:
  case TY_F64:
    return cl_mtype(p, t, buf, cap);
  case TY_PTR:
    snprintf(buf, cap, "%s %s *", p->L->global, cl_mtype(p, kir_ptr_pointee(t), m, sizeof m));
    return buf;
  default:
    return cl_uint(p, cl_bits(ty) ? cl_bits(ty) : 64);
  }
}

const char *cl_from_mem(Pr *p, MlirType t, const char *x, char *buf, size_t cap) {
  char m[64];
  switch (cl_ty(t)) {
  case TY_F16:
    p->need[CL_NEED_F16] = true;
    snprintf(buf, cap, "kcc_f16_from_bits(%s)", x);
    break;
  case TY_BF16:
    p->need[CL_NEED_BF16] = true;
    snprintf(buf, cap, "kcc_bf16_from_bits(%s)", x);
    break;
  case TY_BOOL:
    snprintf(buf, cap, "(%s != 0)", x);
    break;
  case TY_PTR:
    snprintf(buf, cap, "(%s)%s", cl_vtype(p, t, m, sizeof m), x);
    break;
  default:
    snprintf(buf, cap, "%s", x);
  }
  return buf;
}

const char *cl_to_mem(Pr *p, MlirType t, const char *x, char *buf, size_t cap) {
  switch (cl_ty(t)) {
  case TY_F16:
    p->need[CL_NEED_F16] = true;
    snprintf(buf, cap, "kcc_f16_bits(%s)", x);
    break;
  case TY_BF16:
    p->need[CL_NEED_BF16] = true;
    snprintf(buf, cap, "kcc_bf16_bits(%s)", x);
    break;
  case TY_BOOL:
    snprintf(buf, cap, "(%s)%s", cl_uint(p, 8), x);
    break;
  case TY_PTR:
    snprintf(buf, cap, "(%s)%s", cl_uint(p, 64), x);
    break;
  default:
    snprintf(buf, cap, "%s", x);
  }
  return buf;
}

/* ---- names and statements ---------------------------------------------------------------------
 */
static ClName *slot(Pr *p, const void *key) {
  if (p->nlen * 2 >= p->ncap) {
    ClName *old = p->names;
    size_t ocap = p->ncap;
    p->ncap = ocap ? 2 * ocap : 256;
    p->names = calloc(p->ncap, sizeof *p->names);
    if (!p->names) abort();
    p->nlen = 0;
    for (size_t i = 0; i < ocap; i++)
      if (old[i].key) {
        *slot(p, old[i].key) = old[i];
        p->nlen++;
      }
    free(old);
  }
  size_t h = ((size_t)key >> 4) * 0x9E3779B97F4A7C15ull;
  for (size_t i = h & (p->ncap - 1);; i = (i + 1) & (p->ncap - 1))
    if (p->names[i].key == key || !p->names[i].key) return &p->names[i];
}

void cl_bind(Pr *p, MlirValue v, const char *name) {
  ClName *s = slot(p, v.ptr);
  if (!s->key) p->nlen++;
  s->key = v.ptr;
  snprintf(s->name, sizeof s->name, "%s", name);
}

const char *cl_name(Pr *p, MlirValue v) {
  ClName *s = slot(p, v.ptr);
  if (!s->key) {
    char n[32];
    snprintf(n, sizeof n, "v%d", p->next++);
    cl_bind(p, v, n);
    s = slot(p, v.ptr);
  }
  return s->name;
}

const char *cl_opd(Pr *p, MlirOperation op, int i) {
  return cl_name(p, mlirOperationGetOperand(op, i));
}

MlirType cl_res_type(MlirOperation op, int i) {
  return mlirValueGetType(mlirOperationGetResult(op, i));
}

MlirType cl_opd_type(MlirOperation op, int i) {
  return mlirValueGetType(mlirOperationGetOperand(op, i));
}

MlirStringRef cl_str_attr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a)) return mlirStringRefCreate("", 0);
  return mlirStringAttrGetValue(a);
}

static void vline(Pr *p, const char *pre, const char *fmt, va_list ap) {
  char *text = NULL;
  if (vasprintf(&text, fmt, ap) < 0) abort();
  strbuf_printf(&p->out, "%*s%s%s\n", 2 * p->indent, "", pre, text);
  free(text);
}

void cl_line(Pr *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vline(p, "", fmt, ap);
  va_end(ap);
}

/* "T name" (no space after a pointer's '*') */
static const char *typed(Pr *p, MlirValue v, char *buf, size_t cap) {
  char t[128];
  const char *T = cl_vtype(p, mlirValueGetType(v), t, sizeof t);
  snprintf(buf, cap, "%s%s%s", T, T[strlen(T) - 1] == '*' ? "" : " ", cl_name(p, v));
  return buf;
}

void cl_decl(Pr *p, MlirValue v, const char *fmt, ...) {
  char pre[200];
  va_list ap;
  va_start(ap, fmt);
  char *text = NULL;
  if (vasprintf(&text, fmt, ap) < 0) abort();
  va_end(ap);
  cl_line(p, "%s = %s;", typed(p, v, pre, sizeof pre), text);
  free(text);
}

void cl_declare(Pr *p, MlirValue v) {
  char pre[200];
  cl_line(p, "%s;", typed(p, v, pre, sizeof pre));
}

/* "file:line:col: " of op, or "" */
static void where(MlirOperation op, char *buf, size_t cap) {
  char file[512];
  int line, col;
  buf[0] = 0;
  if (kir_loc_file_line_col(mlirOperationGetLocation(op), file, sizeof file, &line, &col))
    snprintf(buf, cap, "%s:%d:%d: ", file, line, col);
}

void cl_fail(Pr *p, MlirOperation op, const char *fmt, ...) {
  char w[600], *text = NULL;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&text, fmt, ap) < 0) abort();
  va_end(ap);
  where(op, w, sizeof w);
  diag_plain(p->d, "%s%s (%s)", w, text, p->L->name);
  free(text);
  p->failed = true;
}

/* A comment with the kernel-source line when op starts a new one. */
static void loc_comment(Pr *p, MlirOperation op) {
  char file[512];
  int line, col;
  if (!kir_loc_file_line_col(mlirOperationGetLocation(op), file, sizeof file, &line, &col)) return;
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  if (line == p->loc_line && strcmp(base, p->loc_file) == 0) return;
  p->loc_line = line;
  snprintf(p->loc_file, sizeof p->loc_file, "%s", base);
  for (const char *c = base; *c; c++) /* a file name ending a comment early: not printed */
    if (c[0] == '*' && c[1] == '/') return;
  cl_line(p, "/* %s:%d */", base, line);
}

/* ---- control flow -----------------------------------------------------------------------------
 */
static void print_op(Pr *p, MlirOperation op);

/* Prints the ops of b but its terminator, which it returns. */
static MlirOperation print_body(Pr *p, MlirBlock b) {
  MlirOperation term = mlirBlockGetTerminator(b);
  for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (!mlirOperationEqual(op, term)) print_op(p, op);
  return term;
}

/* dst[i] = operand (first + i) of term for i < n, as one parallel assignment (through
 * temporaries when a destination is also read). */
static void assign_all(Pr *p, const MlirValue *dst, int n, MlirOperation term, int first) {
  bool overlap = false;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      overlap |= i != j && strcmp(cl_name(p, dst[i]), cl_opd(p, term, first + j)) == 0;
  char t[128];
  if (overlap) cl_line(p, "{"), p->indent++;
  for (int i = 0; overlap && i < n; i++)
    cl_line(p, "%s t%d_ = %s;", cl_vtype(p, mlirValueGetType(dst[i]), t, sizeof t), i,
            cl_opd(p, term, first + i));
  for (int i = 0; i < n; i++) {
    char tmp[16];
    snprintf(tmp, sizeof tmp, "t%d_", i);
    const char *src = overlap ? tmp : cl_opd(p, term, first + i);
    if (strcmp(src, cl_name(p, dst[i])) != 0) cl_line(p, "%s = %s;", cl_name(p, dst[i]), src);
  }
  if (overlap) p->indent--, cl_line(p, "}");
}

static MlirValue *results(MlirOperation op, int *n) {
  *n = (int)mlirOperationGetNumResults(op);
  MlirValue *r = calloc((size_t)*n + 1, sizeof *r);
  for (int i = 0; i < *n; i++)
    r[i] = mlirOperationGetResult(op, i);
  return r;
}

static void print_for(Pr *p, MlirOperation op) {
  int n;
  MlirValue *res = results(op, &n);
  for (int i = 0; i < n; i++)
    cl_decl(p, res[i], "%s", cl_opd(p, op, 3 + i));
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  for (int i = 0; i < n; i++)
    cl_bind(p, mlirBlockGetArgument(body, 1 + i), cl_name(p, res[i]));
  MlirValue iv = mlirBlockGetArgument(body, 0);
  MlirType ivt = mlirValueGetType(iv);
  bool uns = !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("unsignedCmp")));
  int bits = cl_bits(cl_ty(ivt));
  char t[64];
  const char *T = cl_vtype(p, ivt, t, sizeof t), *S = uns ? T : cl_sint(p, bits);
  const char *ivn = cl_name(p, iv);
  cl_line(p, "for (%s %s = %s; (%s)%s < (%s)%s; %s = (%s)(%s + %s)) {", T, ivn, cl_opd(p, op, 0), S,
          ivn, S, cl_opd(p, op, 1), ivn, T, ivn, cl_opd(p, op, 2));
  p->indent++;
  MlirOperation y = print_body(p, body);
  assign_all(p, res, n, y, 0);
  p->indent--;
  cl_line(p, "}");
  free(res);
}

static void print_if(Pr *p, MlirOperation op) {
  int n;
  MlirValue *res = results(op, &n);
  for (int i = 0; i < n; i++)
    cl_declare(p, res[i]);
  cl_line(p, "if (%s) {", cl_opd(p, op, 0));
  for (int r = 0; r < 2; r++) {
    MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
    if (mlirBlockIsNull(b)) break;
    if (r == 1) cl_line(p, "} else {");
    p->indent++;
    MlirOperation y = print_body(p, b);
    assign_all(p, res, n, y, 0);
    p->indent--;
  }
  cl_line(p, "}");
  free(res);
}

static void print_while(Pr *p, MlirOperation op) {
  int n;
  MlirValue *res = results(op, &n);
  MlirBlock before = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirBlock after = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1));
  int nb = (int)mlirBlockGetNumArguments(before);
  MlirValue *bargs = calloc((size_t)nb + 1, sizeof *bargs);
  for (int i = 0; i < nb; i++) {
    bargs[i] = mlirBlockGetArgument(before, i);
    cl_decl(p, bargs[i], "%s", cl_opd(p, op, i));
  }
  for (int i = 0; i < n; i++) {
    cl_declare(p, res[i]);
    cl_bind(p, mlirBlockGetArgument(after, i), cl_name(p, res[i]));
  }
  cl_line(p, "for (;;) {");
  p->indent++;
  MlirOperation c = print_body(p, before);
  assign_all(p, res, n, c, 1);
  cl_line(p, "if (!%s) break;", cl_opd(p, c, 0));
  MlirOperation y = print_body(p, after);
  assign_all(p, bargs, nb, y, 0);
  p->indent--;
  cl_line(p, "}");
  free(res), free(bargs);
}

typedef enum { GPU_THREAD, GPU_BLOCK, GPU_GRID, GPU_BARRIER } GpuOp;
static const struct {
  const char *name;
  GpuOp op;
} gpu_ops[] = {{"gpu.thread_id", GPU_THREAD},
               {"gpu.block_id", GPU_BLOCK},
               {"gpu.grid_dim", GPU_GRID},
               {"gpu.barrier", GPU_BARRIER}};

static bool print_gpu(Pr *p, MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  for (size_t i = 0; i < sizeof gpu_ops / sizeof *gpu_ops; i++) {
    if (!mlirStringRefEqual(name, kir_str(gpu_ops[i].name))) continue;
    if (gpu_ops[i].op == GPU_BARRIER) {
      cl_line(p, "%s", p->L->barrier);
      return true;
    }
    int dim = kir_gpu_dim(op);
    if (dim < 0 || (gpu_ops[i].op == GPU_THREAD && dim != 0)) {
      cl_fail(p, op, "'%s' needs dimension x%s", gpu_ops[i].name,
              gpu_ops[i].op == GPU_THREAD ? " (workgroups are 1-D)" : ", y or z");
      return true;
    }
    const char *e = gpu_ops[i].op == GPU_THREAD  ? p->L->thread_id
                    : gpu_ops[i].op == GPU_BLOCK ? p->L->block_id[dim]
                                                 : p->L->grid_dim[dim];
    char t[64];
    cl_decl(p, mlirOperationGetResult(op, 0), "(%s)%s",
            cl_vtype(p, cl_res_type(op, 0), t, sizeof t), e);
    return true;
  }
  return false;
}

static void print_op(Pr *p, MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  if (k != KIR_OP_FUNC_RETURN) loc_comment(p, op);
  switch (k) {
  case KIR_OP_SCF_FOR:
    return print_for(p, op);
  case KIR_OP_SCF_IF:
    return print_if(p, op);
  case KIR_OP_SCF_WHILE:
    return print_while(p, op);
  case KIR_OP_FUNC_RETURN:
    return;
  default:
    break;
  }
  if (print_gpu(p, op) || cl_print_arith(p, op, k) || cl_print_mem(p, op, k)) return;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  cl_fail(p, op, "'%.*s' is not an op of the per-thread IR (docs/simt.md, section 2)",
          (int)name.length, name.data);
}

/* ---- kernels ----------------------------------------------------------------------------------
 */
static MlirAttribute arg_attr(MlirOperation f, int i, const char *name) {
  MlirAttribute all = mlirOperationGetAttributeByName(f, kir_str("arg_attrs"));
  if (mlirAttributeIsNull(all) || !mlirAttributeIsAArray(all) ||
      i >= mlirArrayAttrGetNumElements(all))
    return mlirAttributeGetNull();
  MlirAttribute dict = mlirArrayAttrGetElement(all, i);
  if (!mlirAttributeIsADictionary(dict)) return mlirAttributeGetNull();
  return mlirDictionaryAttrGetElementByName(dict, kir_str(name));
}

/* "p_NAME" from kcc.name (letters, digits and '_' kept), else "arg_I". */
static void param_name(MlirOperation f, int i, char *buf, size_t cap) {
  MlirAttribute a = arg_attr(f, i, "kcc.name");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a)) {
    snprintf(buf, cap, "arg_%d", i);
    return;
  }
  MlirStringRef s = mlirStringAttrGetValue(a);
  size_t n = (size_t)snprintf(buf, cap, "p_");
  for (size_t j = 0; j < s.length && n + 1 < cap; j++) {
    char c = s.data[j];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    buf[n++] = ok ? c : '_';
  }
  buf[n] = 0;
}

static int64_t func_int(MlirOperation f, const char *name, int64_t dflt) {
  MlirAttribute a = mlirOperationGetAttributeByName(f, kir_str(name));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a)
                                                               : dflt;
}

/* The kernel's source into `all` (its helpers are recorded in p->need). */
static void print_kernel(Pr *p, MlirOperation f, StrBuf *all) {
  MlirStringRef name =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(f, kir_str("sym_name")));
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  p->indent = 1;
  p->loc_line = 0;
  p->loc_file[0] = 0;
  StrBuf sig = {0};
  strbuf_printf(&sig, "%s ", p->L->kernel);
  if (mlirOperationGetAttributeByName(f, kir_str("kcc.threads")).ptr && p->L->threads_fmt) {
    strbuf_printf(&sig, p->L->threads_fmt, (int)func_int(f, "kcc.threads", 1));
    strbuf_printf(&sig, " ");
  }
  strbuf_printf(&sig, "void %.*s(", (int)name.length, name.data);
  int nargs = mlirBlockIsNull(entry) ? 0 : (int)mlirBlockGetNumArguments(entry);
  for (int i = 0; i < nargs; i++) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    MlirType t = mlirValueGetType(a);
    char pn[64], ct[128];
    param_name(f, i, pn, sizeof pn);
    ClTy ty = cl_ty(t);
    if (ty == TY_BAD || ty == TY_MEMREF || ty == TY_INDEX) {
      cl_fail(p, f, "kernel parameter %d has a type the per-thread IR does not pass", i);
      continue;
    }
    const char *c = ty == TY_PTR ? cl_vtype(p, t, ct, sizeof ct) : cl_mtype(p, t, ct, sizeof ct);
    strbuf_printf(&sig, "%s%s%s%s", i ? ", " : "", c, c[strlen(c) - 1] == '*' ? "" : " ", pn);
    if (ty == TY_F16 || ty == TY_BF16 || ty == TY_BOOL) { /* arrives as bits: a converted copy */
      char conv[160];
      cl_decl(p, a, "%s", cl_from_mem(p, t, pn, conv, sizeof conv));
    } else {
      cl_bind(p, a, pn);
    }
  }
  strbuf_printf(&sig, ")");
  /* the workgroup buffers (memref.alloca of the entry block) at kernel scope, then the body */
  char *sigs = strbuf_take(&sig, NULL);
  strbuf_printf(all, "%s {\n", sigs);
  free(sigs);
  if (!mlirBlockIsNull(entry)) print_body(p, entry);
  char *body = strbuf_take(&p->out, NULL);
  strbuf_printf(all, "%s}\n", body);
  free(body);
}

char *clike_print_module(MlirModule m, const CLike *lang, Diag *d, size_t *len) {
  Pr p = {.L = lang, .d = d};
  StrBuf head = {0}, kernels = {0};
  int n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (!kir_is_kernel(op)) continue;
    size_t ml;
    char *meta = kir_kernel_meta(op, &ml);
    strbuf_printf(&head, "/* %s*/\n", meta);
    free(meta);
    strbuf_printf(&kernels, "\n");
    print_kernel(&p, op, &kernels);
    n++;
  }
  if (n == 0) diag_plain(d, "the module holds no kernel (a func.func with kcc.kernel)");
  char *ks = strbuf_take(&kernels, len);
  strbuf_printf(&head, "/* %s generated by kcc from per-thread IR (docs/simt.md) */\n", lang->name);
  for (int i = 0; i < CL_NEED_COUNT; i++)
    if (p.need[i] && lang->helpers[i]) strbuf_printf(&head, "%s", lang->helpers[i]);
  strbuf_printf(&head, "%s", ks);
  free(ks);
  free(p.names);
  free(strbuf_take(&p.out, NULL));
  char *text = strbuf_take(&head, len);
  if (p.failed || n == 0) {
    free(text);
    return NULL;
  }
  return text;
}

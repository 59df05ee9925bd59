/*
 * print_mem.c - memory, atomics and debug ops of the per-thread IR as C: kir pointer ops and
 * scalar loads/stores (a false mask never dereferences), workgroup buffers (memref), atomics
 * (native integer atomics where the language has them, else a compare-and-swap loop on the
 * containing 32- or 64-bit word), kir.print and kir.assert through printf.
 */
#include "print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_attr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(name));
  if (mlirAttributeIsNull(a)) return false;
  return !mlirAttributeIsABool(a) || mlirBoolAttrGetValue(a);
}

/* "*p" or "*(volatile __global M *)p" */
static const char *deref(Pr *p, MlirOperation op, MlirType elem, const char *ptr, char *buf,
                         size_t cap) {
  char m[64];
  if (has_attr(op, "volatile"))
    snprintf(buf, cap, "*(volatile %s %s *)%s", p->L->global, cl_mtype(p, elem, m, sizeof m), ptr);
  else
    snprintf(buf, cap, "*%s", ptr);
  return buf;
}

static void print_load(Pr *p, MlirOperation op) {
  MlirType t = cl_res_type(op, 0);
  intptr_t n = mlirOperationGetNumOperands(op);
  char d[256], v[320], T[64];
  cl_from_mem(p, t, deref(p, op, t, cl_opd(p, op, 0), d, sizeof d), v, sizeof v);
  MlirValue r = mlirOperationGetResult(op, 0);
  if (n == 1) {
    cl_decl(p, r, "%s", v);
    return;
  }
  char other[80];
  if (n > 2)
    snprintf(other, sizeof other, "%s", cl_opd(p, op, 2));
  else
    snprintf(other, sizeof other, "(%s)0", cl_vtype(p, t, T, sizeof T));
  cl_decl(p, r, "%s ? %s : %s", cl_opd(p, op, 1), v, other);
}

static void print_store(Pr *p, MlirOperation op) {
  MlirType t = cl_opd_type(op, 1);
  char d[256], v[320];
  deref(p, op, t, cl_opd(p, op, 0), d, sizeof d);
  cl_to_mem(p, t, cl_opd(p, op, 1), v, sizeof v);
  if (mlirOperationGetNumOperands(op) > 2)
    cl_line(p, "if (%s) %s = %s;", cl_opd(p, op, 2), d, v);
  else
    cl_line(p, "%s = %s;", d, v);
}

static void print_ptr_op(Pr *p, MlirOperation op, KirOpKind k) {
  MlirValue r = mlirOperationGetResult(op, 0);
  char tb[128];
  const char *T = cl_vtype(p, cl_res_type(op, 0), tb, sizeof tb);
  const char *a = cl_opd(p, op, 0), *u64 = cl_uint(p, 64);
  if (k == KIR_OP_ADDPTR) {
    int w = cl_bits(cl_ty(cl_opd_type(op, 1)));
    if (w == 1)
      cl_decl(p, r, "%s + (%s ? -1 : 0)", a, cl_opd(p, op, 1));
    else
      cl_decl(p, r, "%s + (%s)(%s)%s", a, cl_sint(p, 64), cl_sint(p, w), cl_opd(p, op, 1));
  } else if (k == KIR_OP_PTR_TO_INT) {
    cl_decl(p, r, "(%s)(%s)%s", T, u64, a);
  } else if (k == KIR_OP_INT_TO_PTR) {
    cl_decl(p, r, "(%s)(%s)%s", T, u64, a);
  } else { /* bitcast of pointers */
    cl_decl(p, r, "(%s)%s", T, a);
  }
}

/* ---- workgroup memory -------------------------------------------------------------------------
 */
static bool print_memref(Pr *p, MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  char m[64], v[320], e[200];
  if (mlirStringRefEqual(name, kir_str("memref.alloca"))) {
    MlirType t = cl_res_type(op, 0);
    if (!mlirTypeIsAMemRef(t) || mlirShapedTypeGetRank(t) != 1 ||
        !mlirShapedTypeHasStaticShape(t) || cl_ty(mlirShapedTypeGetElementType(t)) == TY_BAD) {
      cl_fail(p, op, "a workgroup buffer must be a 1-D memref of static size of a scalar type");
      return true;
    }
    cl_line(p, "%s %s %s[%lld] __attribute__((aligned(16)));", p->L->local,
            cl_mtype(p, mlirShapedTypeGetElementType(t), m, sizeof m),
            cl_name(p, mlirOperationGetResult(op, 0)), (long long)mlirShapedTypeGetDimSize(t, 0));
    return true;
  }
  if (mlirStringRefEqual(name, kir_str("memref.view"))) { /* a typed buffer inside the pool */
    MlirType t = cl_res_type(op, 0);
    if (!mlirTypeIsAMemRef(t) || cl_ty(mlirShapedTypeGetElementType(t)) == TY_BAD) {
      cl_fail(p, op, "a workgroup view must be a 1-D memref of a scalar type");
      return true;
    }
    const char *T = cl_mtype(p, mlirShapedTypeGetElementType(t), m, sizeof m);
    const char *pool = cl_opd(p, op, 0);
    snprintf(e, sizeof e, "%s", cl_opd(p, op, 1));
    cl_line(p, "%s %s *%s = (%s %s *)(%s + %s);", p->L->local, T,
            cl_name(p, mlirOperationGetResult(op, 0)), p->L->local, T, pool, e);
    return true;
  }
  if (mlirStringRefEqual(name, kir_str("memref.load"))) {
    MlirType t = cl_res_type(op, 0);
    snprintf(e, sizeof e, "%s[%s]", cl_opd(p, op, 0), cl_opd(p, op, 1));
    cl_decl(p, mlirOperationGetResult(op, 0), "%s", cl_from_mem(p, t, e, v, sizeof v));
    return true;
  }
  if (mlirStringRefEqual(name, kir_str("memref.store"))) {
    MlirType t = cl_opd_type(op, 0);
    cl_line(p, "%s[%s] = %s;", cl_opd(p, op, 1), cl_opd(p, op, 2),
            cl_to_mem(p, t, cl_opd(p, op, 0), v, sizeof v));
    return true;
  }
  return false;
}

/* ---- atomics ----------------------------------------------------------------------------------
 */
static const char *const atomic_kinds[CL_AT_COUNT] = {
    [CL_AT_ADD] = "add", [CL_AT_FADD] = "fadd", [CL_AT_MAX] = "max",   [CL_AT_UMAX] = "umax",
    [CL_AT_MIN] = "min", [CL_AT_UMIN] = "umin", [CL_AT_FMAX] = "fmax", [CL_AT_FMIN] = "fmin",
    [CL_AT_AND] = "and", [CL_AT_OR] = "or",     [CL_AT_XOR] = "xor",   [CL_AT_XCHG] = "xchg",
};
/* The new value from the old one x_: @V the operand, @T its C type, @S the signed type of its
 * width, @X / @N the language's fmax / fmin. */
static const char *const atomic_new[CL_AT_COUNT] = {
    [CL_AT_ADD] = "(@T)(x_ + @V)",
    [CL_AT_FADD] = "x_ + @V",
    [CL_AT_MAX] = "(@S)x_ > (@S)@V ? x_ : @V",
    [CL_AT_UMAX] = "x_ > @V ? x_ : @V",
    [CL_AT_MIN] = "(@S)x_ < (@S)@V ? x_ : @V",
    [CL_AT_UMIN] = "x_ < @V ? x_ : @V",
    [CL_AT_FMAX] = "@X(x_, @V)",
    [CL_AT_FMIN] = "@N(x_, @V)",
    [CL_AT_AND] = "(@T)(x_ & @V)",
    [CL_AT_OR] = "(@T)(x_ | @V)",
    [CL_AT_XOR] = "(@T)(x_ ^ @V)",
    [CL_AT_XCHG] = "@V",
};

/* tpl with @K replaced by vals[index of K in keys] */
static void subst(char *out, size_t cap, const char *tpl, const char *keys,
                  const char *const *vals) {
  size_t n = 0;
  for (const char *c = tpl; *c && n + 1 < cap; c++) {
    const char *k = c[0] == '@' && c[1] ? strchr(keys, c[1]) : NULL;
    if (k) {
      n += (size_t)snprintf(out + n, cap - n, "%s", vals[k - keys]);
      if (n >= cap) n = cap - 1;
      c++;
    } else {
      out[n++] = *c;
    }
  }
  out[n] = 0;
}

/* The compare-and-swap loop on the word holding *ptr: x_ the old value (type t), the new one
 * from `next` (an expression over x_, or NULL for atomic_cas: cmp/val); result -> res. */
static void cas_loop(Pr *p, MlirType t, const char *ptr, const char *next, const char *cmp,
                     const char *val, MlirValue res) {
  int bits = cl_bits(cl_ty(t));
  if (bits == 1) bits = 8;
  int wb = bits <= 32 ? 32 : 64;
  bool narrow = bits < wb;
  const char *WT = cl_uint(p, wb), *B = cl_uint(p, bits), *u64 = cl_uint(p, 64);
  char tb[64], e[400], e2[400];
  const char *T = cl_vtype(p, t, tb, sizeof tb);
  if (wb == 64) p->need[CL_NEED_ATOM64] = true;
  if (narrow) {
    cl_line(p, "volatile %s %s *w_ = (volatile %s %s *)((%s)%s & ~(%s)3);", p->L->global, WT,
            p->L->global, WT, u64, ptr, u64);
    cl_line(p, "uint sh_ = ((uint)(%s)%s & 3u) * 8u;", u64, ptr);
  } else {
    cl_line(p, "volatile %s %s *w_ = (volatile %s %s *)%s;", p->L->global, WT, p->L->global, WT,
            ptr);
  }
  cl_line(p, "%s old_ = *w_, seen_;", WT);
  cl_line(p, "%s x_;", T);
  cl_line(p, "do {");
  p->indent++;
  cl_line(p, "seen_ = old_;");
  cl_line(p, "%s m_ = (%s)%s;", B, B, narrow ? "(seen_ >> sh_)" : "seen_");
  cl_line(p, "x_ = %s;", cl_from_bits(p, t, "m_", e, sizeof e));
  if (next)
    cl_line(p, "%s n_ = (%s)(%s);", B, B, cl_to_bits(p, t, next, e2, sizeof e2));
  else
    cl_line(p, "%s n_ = m_ == (%s)%s ? (%s)%s : m_;", B, B, cl_to_bits(p, t, cmp, e, sizeof e), B,
            cl_to_bits(p, t, val, e2, sizeof e2));
  if (narrow)
    cl_line(p, "old_ = %s(w_, seen_, (seen_ & ~((%s)%s << sh_)) | ((%s)n_ << sh_));",
            wb == 32 ? p->L->cas32 : p->L->cas64, WT, bits == 8 ? "0xffu" : "0xffffu", WT);
  else
    cl_line(p, "old_ = %s(w_, seen_, (%s)n_);", wb == 32 ? p->L->cas32 : p->L->cas64, WT);
  p->indent--;
  cl_line(p, "} while (old_ != seen_);");
  cl_line(p, "%s = x_;", cl_name(p, res));
}

static void print_atomic(Pr *p, MlirOperation op, bool cas) {
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType t = cl_opd_type(op, 1);
  ClTy ty = cl_ty(t);
  int bits = cl_bits(ty);
  MlirStringRef ks = cl_str_attr(op, "kind");
  int kind = -1;
  for (int i = 0; !cas && i < CL_AT_COUNT; i++)
    if (mlirStringRefEqual(ks, kir_str(atomic_kinds[i]))) kind = i;
  if (!cas && kind < 0) {
    cl_fail(p, op, "unknown kir.atomic_rmw kind '%.*s'", (int)ks.length, ks.data);
    return;
  }
  if (ty == TY_BAD || ty == TY_PTR) {
    cl_fail(p, op, "an atomic on this type is not supported");
    return;
  }
  bool fl = cl_is_float(ty);
  bool fkind = kind == CL_AT_FADD || kind == CL_AT_FMAX || kind == CL_AT_FMIN;
  if (!cas && kind != CL_AT_XCHG && fkind != fl) {
    cl_fail(p, op, "kir.atomic_rmw kind '%s' on %s", atomic_kinds[kind],
            fl ? "a float" : "an integer");
    return;
  }
  char tb[64];
  const char *T = cl_vtype(p, t, tb, sizeof tb);
  bool ordered = !mlirStringRefEqual(cl_str_attr(op, "sem"), kir_str("relaxed"));
  const char *ptr = cl_opd(p, op, 0), *val = cl_opd(p, op, cas ? 2 : 1);
  bool masked = !cas && mlirOperationGetNumOperands(op) > 2;
  cl_decl(p, res, "(%s)0", T);
  if (masked)
    cl_line(p, "if (%s) {", cl_opd(p, op, 2));
  else
    cl_line(p, "{");
  p->indent++;
  if (ordered) cl_line(p, "%s", p->L->fence);
  const char *native = NULL;
  if (!fl && (bits == 32 || bits == 64))
    native = cas ? (bits == 32 ? p->L->cas32 : p->L->cas64)
                 : (bits == 32 ? p->L->atomic32 : p->L->atomic64)[kind];
  if (native) {
    bool sgn = !cas && (kind == CL_AT_MAX || kind == CL_AT_MIN);
    const char *W = sgn ? cl_sint(p, bits) : cl_uint(p, bits);
    if (bits == 64) p->need[CL_NEED_ATOM64] = true;
    if (cas)
      cl_line(p, "%s = (%s)%s((volatile %s %s *)%s, (%s)%s, (%s)%s);", cl_name(p, res), T, native,
              p->L->global, W, ptr, W, cl_opd(p, op, 1), W, val);
    else
      cl_line(p, "%s = (%s)%s((volatile %s %s *)%s, (%s)%s);", cl_name(p, res), T, native,
              p->L->global, W, ptr, W, val);
  } else if (cas) {
    cas_loop(p, t, ptr, NULL, cl_opd(p, op, 1), val, res);
  } else {
    char next[512], tpl[128];
    const char *vals[] = {T, val, cl_sint(p, bits), cl_math_fn(p, KIR_OP_ARITH_MAXNUMF),
                          cl_math_fn(p, KIR_OP_ARITH_MINNUMF)};
    /* fp16/bf16 results are rounded like those of any op */
    snprintf(tpl, sizeof tpl,
             ty == TY_F16    ? "kcc_f16_round(%s)"
             : ty == TY_BF16 ? "kcc_bf16_round(%s)"
                             : "%s",
             atomic_new[kind]);
    subst(next, sizeof next, tpl, "TVSXN", vals);
    cas_loop(p, t, ptr, next, NULL, NULL, res);
  }
  if (ordered) cl_line(p, "%s", p->L->fence);
  p->indent--;
  cl_line(p, "}");
}

/* ---- debug ------------------------------------------------------------------------------------
 */
/* s as the inside of a C string literal that is also a printf format */
static void escape(StrBuf *b, MlirStringRef s) {
  for (size_t i = 0; i < s.length; i++) {
    unsigned char c = (unsigned char)s.data[i];
    if (c == '%')
      strbuf_printf(b, "%%%%");
    else if (c == '"' || c == '\\')
      strbuf_printf(b, "\\%c", c);
    else if (c == '\n')
      strbuf_printf(b, "\\n");
    else if (c < 32 || c >= 127)
      strbuf_printf(b, "\\%03o", c);
    else
      strbuf_printf(b, "%c", c);
  }
}

static void group_ids(Pr *p, StrBuf *args) {
  for (int i = 0; i < 3; i++) {
    strbuf_printf(args, ", ");
    strbuf_printf(args, p->L->group_id_int, i);
  }
}

static void print_print(Pr *p, MlirOperation op) {
  StrBuf fmt = {0}, args = {0};
  strbuf_printf(&fmt, "pid (%%d, %%d, %%d) ");
  escape(&fmt, cl_str_attr(op, "prefix"));
  group_ids(p, &args);
  if (mlirOperationGetNumOperands(op) > 0) {
    MlirType t = cl_opd_type(op, 0);
    ClTy ty = cl_ty(t);
    const char *v = cl_opd(p, op, 0);
    if (cl_is_float(ty))
      strbuf_printf(&fmt, "%%f"), strbuf_printf(&args, ", %s", v);
    else if (ty == TY_PTR)
      strbuf_printf(&fmt, "%%p"), strbuf_printf(&args, ", %s", v);
    else if (cl_bits(ty) == 64)
      strbuf_printf(&fmt, "%%ld"), strbuf_printf(&args, ", (%s)%s", cl_sint(p, 64), v);
    else if (ty == TY_BOOL)
      strbuf_printf(&fmt, "%%d"), strbuf_printf(&args, ", (%s)%s", cl_sint(p, 32), v);
    else
      strbuf_printf(&fmt, "%%d"),
          strbuf_printf(&args, ", (%s)(%s)%s", cl_sint(p, 32), cl_sint(p, cl_bits(ty)), v);
  }
  char *f = strbuf_take(&fmt, NULL), *a = strbuf_take(&args, NULL);
  cl_line(p, "%s(\"%s\\n\"%s);", p->L->printf_fn, f, a);
  free(f), free(a);
}

static void print_assert(Pr *p, MlirOperation op) {
  char file[512];
  int line = 0, col = 0;
  StrBuf fmt = {0}, args = {0};
  if (kir_loc_file_line_col(mlirOperationGetLocation(op), file, sizeof file, &line, &col)) {
    escape(&fmt, mlirStringRefCreateFromCString(file));
    strbuf_printf(&fmt, ":%d:%d: ", line, col);
  }
  strbuf_printf(&fmt, "pid (%%d, %%d, %%d): Assertion `");
  escape(&fmt, cl_str_attr(op, "msg"));
  strbuf_printf(&fmt, "` failed");
  group_ids(p, &args);
  char *f = strbuf_take(&fmt, NULL), *a = strbuf_take(&args, NULL);
  cl_line(p, "if (!%s) %s(\"%s\\n\"%s);", cl_opd(p, op, 0), p->L->printf_fn, f, a);
  free(f), free(a);
}

bool cl_print_mem(Pr *p, MlirOperation op, KirOpKind k) {
  switch (k) {
  case KIR_OP_LOAD:
    print_load(p, op);
    return true;
  case KIR_OP_STORE:
    print_store(p, op);
    return true;
  case KIR_OP_ADDPTR:
  case KIR_OP_PTR_TO_INT:
  case KIR_OP_INT_TO_PTR:
  case KIR_OP_BITCAST:
    print_ptr_op(p, op, k);
    return true;
  case KIR_OP_ATOMIC_RMW:
  case KIR_OP_ATOMIC_CAS:
    print_atomic(p, op, k == KIR_OP_ATOMIC_CAS);
    return true;
  case KIR_OP_PRINT:
    print_print(p, op);
    return true;
  case KIR_OP_ASSERT:
    print_assert(p, op);
    return true;
  case KIR_OP_UNKNOWN:
    return print_memref(p, op);
  default:
    return false;
  }
}

/*
 * test_sema.c - unit tests of the typing rules in frontend/sema.c: binary promotion (Triton 3.2+
 * computation_type_impl, reference section 4.2 including its examples), integer promotion,
 * literal typing (section 4.1) and broadcasting (section 4.4).
 */
#include "sema.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures, checks;

#define T(k) sema_dtype(DT_##k)
#define NAME(t) ((t) ? sema_dtype_name(t) : "error")

/* promote(a, b) == want (want NULL: an error is expected) */
static void check_promote(int line, const DType *a, PyKind apy, const DType *b, PyKind bpy,
                          const char *op, const DType *want) {
  const char *err = NULL;
  const DType *got = sema_promote(a, apy, b, bpy, op, &err);
  checks++;
  bool ok = want ? got && sema_dtype_eq(got, want) : got == NULL && err && *err;
  if (!ok) {
    failures++;
    fprintf(stderr, "test_sema.c:%d: promote(%s%s %s %s%s): got %s, want %s\n", line, NAME(a),
            apy ? " (python)" : "", op, NAME(b), bpy ? " (python)" : "", NAME(got), NAME(want));
  }
}

/* tensor op tensor */
#define TT(a, op, b, want) check_promote(__LINE__, T(a), PY_NONE, T(b), PY_NONE, op, want)
/* tensor op python scalar of kind `py` (its literal dtype `b`) */
#define TS(a, op, py, b, want) check_promote(__LINE__, T(a), PY_NONE, T(b), py, op, want)
#define ST(py, a, op, b, want) check_promote(__LINE__, T(a), py, T(b), PY_NONE, op, want)

static void check(int line, bool cond, const char *what) {
  checks++;
  if (!cond) {
    failures++;
    fprintf(stderr, "test_sema.c:%d: %s\n", line, what);
  }
}
#define CHECK(c) check(__LINE__, (c), #c)

static void test_promote_scalar_step0(void) {
  /* the examples of section 4.2 step 0 */
  TS(F16, "*", PY_FLOAT, F32, T(F16));   /* x_fp16 * 0.5 -> fp16 */
  TS(I8, "+", PY_INT, I32, T(I8));       /* x_i8 + 1 -> i8 */
  TS(U8, "<<", PY_INT, I32, T(U8));      /* x_u8 << 2 -> u8 */
  TS(F16, "/", PY_INT, I32, T(F32));     /* x_fp16 / 2 -> fp32 */
  TS(I32, "*", PY_FLOAT, F32, T(F32));   /* x_i32 * 0.5 -> fp32 (a float scalar outranks ints) */
  /* more of the same rule */
  TS(BF16, "+", PY_FLOAT, F32, T(BF16)); /* bf16 + 1.0 -> bf16 */
  TS(BF16, "%", PY_FLOAT, F32, T(F32));  /* bf16 % 1.0 -> fp32 */
  TS(F16, "%", PY_INT, I32, T(F32));
  TS(F64, "*", PY_FLOAT, F32, T(F64));
  TS(F32, "-", PY_INT, I32, T(F32));
  TS(I64, "+", PY_INT, I32, T(I64));
  TS(U32, "-", PY_INT, I32, T(U32));
  TS(I16, "&", PY_BOOL, I1, T(I16));     /* bool scalar with an int tensor */
  TS(I8, "//", PY_INT, I32, T(I8));
  TS(U8, "%", PY_INT, I32, T(U8));       /* no signedness error: the scalar does not take part */
  TS(I32, "/", PY_INT, I32, T(F32));     /* int / int scalar -> fp32 */
  TS(U16, "/", PY_INT, I32, T(F32));
  ST(PY_INT, I32, "-", I8, T(I8));       /* scalar on the left */
  ST(PY_FLOAT, F32, "*", F16, T(F16));
  ST(PY_FLOAT, F32, "+", I8, T(F32));
  /* an int scalar outranks a bool tensor: i1 vs i32 by integer promotion */
  TS(I1, "+", PY_INT, I32, T(I32));
  TS(I1, "&", PY_BOOL, I1, T(I1));
  /* two Python scalars: ordinary promotion of their literal types */
  check_promote(__LINE__, T(I32), PY_INT, T(F32), PY_FLOAT, "+", T(F32));
}

static void test_promote_steps(void) {
  /* 1. fp64 wins */
  TT(F64, "+", F16, T(F64));
  TT(I64, "*", F64, T(F64));
  TT(F64, "/", F32, T(F64));
  /* 2. fp32 */
  TT(F32, "+", F16, T(F32));
  TT(BF16, "*", F32, T(F32));
  TT(I64, "-", F32, T(F32));
  /* 3. fp16 (fp32 for / and %); bf16 + fp16 = fp16 */
  TT(F16, "+", F16, T(F16));
  TT(F16, "+", I32, T(F16));
  TT(F16, "/", F16, T(F32));
  TT(F16, "%", I8, T(F32));
  TT(BF16, "+", F16, T(F16));
  TT(F16, "*", BF16, T(F16));
  TT(BF16, "/", F16, T(F32));
  /* 4. bf16 */
  TT(BF16, "+", BF16, T(BF16));
  TT(BF16, "/", BF16, T(F32));
  TT(BF16, "%", BF16, T(F32));
  TT(BF16, "+", I32, T(F32));
  TT(I8, "*", BF16, T(F32));
  /* 5. fp8 */
  TT(F8E5, "+", F8E5, T(F8E5));
  TT(F8E4, "*", F8E4, T(F8E4));
  TT(F8E5, "+", F8E4, T(F16));
  /* 6. integers: C usual arithmetic conversions */
  TT(I32, "+", I32, T(I32));
  TT(I8, "+", I16, T(I16));
  TT(I32, "+", I64, T(I64));
  TT(U8, "+", U16, T(U16));
  TT(I32, "+", U32, T(U32));   /* example: i32 + u32 -> u32 */
  TT(I64, "+", U32, T(I64));   /* example: i64 + u32 -> i64 */
  TT(I8, "+", U8, T(U8));      /* example: i8 + u8 -> u8 */
  TT(U8, "*", I16, T(I16));
  TT(U64, "-", I64, T(U64));
  TT(I1, "+", I8, T(I8));
  TT(I1, "|", I1, T(I1));
  TT(I16, "<<", U16, T(U16));
  TT(I32, "==", U32, T(U32));
  TT(I32, "<", F32, T(F32));
  /* / on ints is fp32, even for int64 */
  TT(I32, "/", I32, T(F32));
  TT(I64, "/", I64, T(F32));
  TT(U8, "/", U8, T(F32));
  /* /, // and % on mixed signedness are errors */
  TT(I32, "//", U32, NULL);
  TT(U8, "%", I8, NULL);
  TT(I64, "/", U32, NULL);
  TT(U64, "//", I32, NULL);
  /* same signedness is fine */
  TT(I8, "//", I32, T(I32));
  TT(U16, "%", U32, T(U32));
  TT(I1, "//", I32, T(I32));
  /* pointers never promote */
  {
    Arena *a = arena_create();
    const char *err = NULL;
    const DType *p = sema_ptr(a, T(F32));
    CHECK(sema_promote(p, PY_NONE, T(I32), PY_NONE, "+", &err) == NULL && err);
    err = NULL;
    CHECK(sema_promote(T(I32), PY_NONE, p, PY_NONE, "<", &err) == NULL && err);
    err = NULL;
    CHECK(sema_promote(p, PY_NONE, T(I32), PY_INT, "+", &err) == NULL && err);
    arena_destroy(a);
  }
}

static void test_int_promote(void) {
  CHECK(sema_int_promote(T(I8), T(I8))->kind == DT_I8);
  CHECK(sema_int_promote(T(I8), T(I32))->kind == DT_I32);
  CHECK(sema_int_promote(T(I64), T(I16))->kind == DT_I64);
  CHECK(sema_int_promote(T(U8), T(U64))->kind == DT_U64);
  CHECK(sema_int_promote(T(I32), T(U32))->kind == DT_U32);
  CHECK(sema_int_promote(T(U32), T(I32))->kind == DT_U32);
  CHECK(sema_int_promote(T(I64), T(U32))->kind == DT_I64);
  CHECK(sema_int_promote(T(U32), T(I64))->kind == DT_I64);
  CHECK(sema_int_promote(T(I8), T(U8))->kind == DT_U8);
  CHECK(sema_int_promote(T(U16), T(I8))->kind == DT_U16);
  CHECK(sema_int_promote(T(U8), T(I16))->kind == DT_I16);
  CHECK(sema_int_promote(T(U64), T(I64))->kind == DT_U64);
  CHECK(sema_int_promote(T(I1), T(I1))->kind == DT_I1);
  CHECK(sema_int_promote(T(I1), T(I8))->kind == DT_I8);
  CHECK(sema_int_promote(T(U8), T(I1))->kind == DT_U8);
}

static void check_literal(int line, PyKind k, int64_t i, bool big, double f, const DType *want) {
  const char *err = NULL;
  const DType *got = sema_literal_dtype(k, i, big, f, &err);
  checks++;
  if (!got || !sema_dtype_eq(got, want)) {
    failures++;
    fprintf(stderr, "test_sema.c:%d: literal (%lld, %g): got %s, want %s\n", line, (long long)i, f,
            NAME(got), NAME(want));
  }
}
#define LIT_I(v, want) check_literal(__LINE__, PY_INT, (v), false, 0, T(want))
#define LIT_F(v, want) check_literal(__LINE__, PY_FLOAT, 0, false, (v), T(want))

static void test_literal_dtype(void) {
  check_literal(__LINE__, PY_BOOL, 1, false, 0, T(I1));
  check_literal(__LINE__, PY_BOOL, 0, false, 0, T(I1));
  LIT_I(0, I32);
  LIT_I(1, I32);
  LIT_I(-1, I32);
  LIT_I(INT32_MAX, I32);
  LIT_I(INT32_MIN, I32);
  LIT_I((int64_t)INT32_MAX + 1, U32); /* [2^31, 2^32) -> uint32 */
  LIT_I((int64_t)UINT32_MAX, U32);
  LIT_I((int64_t)UINT32_MAX + 1, I64);
  LIT_I((int64_t)INT32_MIN - 1, I64);
  LIT_I(INT64_MAX, I64);
  LIT_I(INT64_MIN, I64);
  check_literal(__LINE__, PY_INT, (int64_t)UINT64_C(0x8000000000000000), true, 0, T(U64));
  check_literal(__LINE__, PY_INT, -1, true, 0, T(U64)); /* 2^64 - 1 */
  LIT_F(0.5, F32);
  LIT_F(0.0, F32);
  LIT_F(-0.0, F32);
  LIT_F(3.4e38, F32);
  LIT_F(1.2e-38, F32);
  LIT_F(INFINITY, F32);
  LIT_F(-INFINITY, F32);
  LIT_F(NAN, F32);
  LIT_F(1e300, F64);  /* finite, outside the fp32 range */
  LIT_F(-1e39, F64);
  LIT_F(1e-300, F64); /* non-zero, below the fp32 normal range */
  LIT_F(1e-40, F64);
  const char *err = NULL;
  CHECK(sema_literal_dtype(PY_NONE, 0, false, 0, &err) == NULL && err);
}

static Type shape(const DType *dt, int rank, int64_t d0, int64_t d1, int64_t d2) {
  int64_t s[3] = {d0, d1, d2};
  return sema_block(dt, rank, s);
}

static void check_bcast(int line, Type a, Type b, bool ok, int rank, int64_t d0, int64_t d1,
                        int64_t d2) {
  Type out;
  const char *err = NULL;
  bool got = sema_broadcast(a, b, &out, &err);
  checks++;
  int64_t want[3] = {d0, d1, d2};
  bool good = got == ok;
  if (good && ok) {
    good = out.rank == rank;
    for (int i = 0; good && i < rank; i++)
      good = out.shape[i] == want[i];
  }
  if (good && !ok)
    good = err && *err;
  if (!good) {
    failures++;
    Arena *ar = arena_create();
    fprintf(stderr, "test_sema.c:%d: broadcast(%s, %s): got %s%s\n", line, sema_type_str(ar, a),
            sema_type_str(ar, b), got ? "" : "error", got ? sema_type_str(ar, out) : "");
    arena_destroy(ar);
  }
}

static void test_broadcast(void) {
  const DType *f = T(F32);
  Type s = sema_scalar(f);
  check_bcast(__LINE__, s, s, true, 0, 0, 0, 0);
  check_bcast(__LINE__, s, shape(f, 1, 16, 0, 0), true, 1, 16, 0, 0);
  check_bcast(__LINE__, shape(f, 1, 16, 0, 0), s, true, 1, 16, 0, 0);
  check_bcast(__LINE__, shape(f, 1, 16, 0, 0), shape(f, 1, 16, 0, 0), true, 1, 16, 0, 0);
  check_bcast(__LINE__, shape(f, 2, 16, 1, 0), shape(f, 2, 1, 32, 0), true, 2, 16, 32, 0);
  check_bcast(__LINE__, shape(f, 2, 1, 32, 0), shape(f, 2, 16, 1, 0), true, 2, 16, 32, 0);
  /* a lower-rank operand gets leading 1-dims */
  check_bcast(__LINE__, shape(f, 1, 32, 0, 0), shape(f, 2, 16, 32, 0), true, 2, 16, 32, 0);
  check_bcast(__LINE__, shape(f, 2, 16, 32, 0), shape(f, 1, 1, 0, 0), true, 2, 16, 32, 0);
  check_bcast(__LINE__, shape(f, 1, 16, 0, 0), shape(f, 3, 4, 1, 16), true, 3, 4, 1, 16);
  check_bcast(__LINE__, shape(f, 3, 1, 8, 1), shape(f, 2, 1, 4, 0), true, 3, 1, 8, 4);
  check_bcast(__LINE__, shape(f, 2, 1, 1, 0), shape(f, 2, 1, 1, 0), true, 2, 1, 1, 0);
  /* mismatches */
  check_bcast(__LINE__, shape(f, 1, 16, 0, 0), shape(f, 1, 32, 0, 0), false, 0, 0, 0, 0);
  check_bcast(__LINE__, shape(f, 2, 16, 32, 0), shape(f, 1, 16, 0, 0), false, 0, 0, 0, 0);
  check_bcast(__LINE__, shape(f, 2, 2, 4, 0), shape(f, 2, 4, 2, 0), false, 0, 0, 0, 0);
  /* the result keeps a's dtype; callers set the element type */
  Type out;
  const char *err;
  CHECK(sema_broadcast(shape(T(I32), 1, 8, 0, 0), shape(f, 1, 8, 0, 0), &out, &err) &&
        out.dt->kind == DT_I32);
}

static void test_dtypes(void) {
  Arena *a = arena_create();
  CHECK(sema_dtype_parse(a, "fp32")->kind == DT_F32);
  CHECK(sema_dtype_parse(a, "float32")->kind == DT_F32);
  CHECK(sema_dtype_parse(a, "bfloat16")->kind == DT_BF16);
  CHECK(sema_dtype_parse(a, "u8")->kind == DT_U8);
  CHECK(sema_dtype_parse(a, "int1")->kind == DT_I1);
  CHECK(sema_dtype_parse(a, "nope") == NULL);
  const DType *p = sema_dtype_parse(a, "*fp16");
  CHECK(p && p->kind == DT_PTR && p->pointee->kind == DT_F16);
  const DType *k = sema_dtype_parse(a, "*kbf16");
  CHECK(k && k->kind == DT_PTR && k->pointee->kind == DT_BF16);
  CHECK(sema_dtype_parse(a, "*nope") == NULL);
  CHECK(strcmp(sema_dtype_sig(a, p), "*fp16") == 0);
  CHECK(strcmp(sema_dtype_sig(a, T(U32)), "u32") == 0);
  CHECK(strcmp(sema_dtype_name(T(I64)), "int64") == 0);
  CHECK(sema_is_signed(T(I8)) && !sema_is_signed(T(U8)) && !sema_is_signed(T(I1)));
  CHECK(sema_is_int(T(I1)) && !sema_is_int(T(F16)) && sema_is_float(T(BF16)));
  CHECK(sema_bits(T(I1)) == 1 && sema_bits(T(BF16)) == 16 && sema_bits(p) == 64);
  CHECK(sema_mantissa(T(F16)) > sema_mantissa(T(BF16)));
  int64_t sh[2] = {4, 8};
  Type t = sema_block(T(F32), 2, sh);
  CHECK(sema_numel(t) == 32);
  CHECK(strcmp(sema_type_str(a, t), "<4x8xfp32>") == 0);
  CHECK(strcmp(sema_type_str(a, sema_scalar(p)), "pointer<fp16>") == 0);
  CHECK(sema_is_pow2(1) && sema_is_pow2(1024) && !sema_is_pow2(0) && !sema_is_pow2(-4) &&
        !sema_is_pow2(24));
  arena_destroy(a);
}

int main(void) {
  test_promote_scalar_step0();
  test_promote_steps();
  test_int_promote();
  test_literal_dtype();
  test_broadcast();
  test_dtypes();
  if (failures) {
    fprintf(stderr, "test_sema: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("test_sema: %d checks passed\n", checks);
  return 0;
}

/*
 * layout.c - layouts as tensor encodings (layout.h): reading and writing the dictionary
 * attribute, the default blocked layout, slicing, and the register enumeration every step of
 * the SIMT lowering shares.
 */
#include "layout.h"
#include "kir.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static MlirAttribute dict_get(MlirAttribute d, const char *key) {
  return mlirDictionaryAttrGetElementByName(d, kir_str(key));
}

static bool read_i32s(MlirAttribute d, const char *key, int *out, int n) {
  MlirAttribute a = dict_get(d, key);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseI32Array(a) ||
      mlirDenseArrayGetNumElements(a) != n)
    return false;
  for (int i = 0; i < n; i++)
    out[i] = mlirDenseI32ArrayGetElement(a, i);
  return true;
}

static bool read_layout(MlirAttribute d, Layout *l, int depth) {
  if (mlirAttributeIsNull(d) || !mlirAttributeIsADictionary(d) || depth > LAYOUT_MAX_RANK)
    return false;
  MlirAttribute kind = dict_get(d, "kgpu");
  if (mlirAttributeIsNull(kind) || !mlirAttributeIsAString(kind)) return false;
  MlirStringRef k = mlirStringAttrGetValue(kind);
  if (k.length == 5 && memcmp(k.data, "slice", 5) == 0) {
    MlirAttribute dim = dict_get(d, "dim");
    if (mlirAttributeIsNull(dim) || !mlirAttributeIsAInteger(dim) ||
        !read_layout(dict_get(d, "parent"), l, depth + 1))
      return false;
    int64_t t = mlirIntegerAttrGetValueInt(dim),
            tile_rank = l->rank - __builtin_popcount(l->sliced);
    if (t < 0 || t >= tile_rank) return false;
    *l = layout_slice(l, (int)t);
    return true;
  }
  if (k.length != 7 || memcmp(k.data, "blocked", 7) != 0) return false;
  MlirAttribute spt = dict_get(d, "spt");
  if (mlirAttributeIsNull(spt) || !mlirAttributeIsADenseI32Array(spt)) return false;
  memset(l, 0, sizeof *l);
  l->rank = (int)mlirDenseArrayGetNumElements(spt);
  if (l->rank < 1 || l->rank > LAYOUT_MAX_RANK) return false;
  if (!read_i32s(d, "spt", l->spt, l->rank) || !read_i32s(d, "tpw", l->tpw, l->rank) ||
      !read_i32s(d, "wpc", l->wpc, l->rank) || !read_i32s(d, "order", l->order, l->rank))
    return false;
  unsigned seen = 0;
  for (int i = 0; i < l->rank; i++) {
    int o = l->order[i];
    if (o < 0 || o >= l->rank || (seen & (1u << o)) || l->spt[i] < 1 || l->tpw[i] < 1 ||
        l->wpc[i] < 1 || (l->spt[i] & (l->spt[i] - 1)) || (l->tpw[i] & (l->tpw[i] - 1)) ||
        (l->wpc[i] & (l->wpc[i] - 1)))
      return false;
    seen |= 1u << o;
  }
  return true;
}

bool layout_of_type(MlirType t, Layout *l) {
  if (!mlirTypeIsARankedTensor(t)) return false;
  return read_layout(mlirRankedTensorTypeGetEncoding(t), l, 0);
}

bool tile_of_type(MlirType type, Tile *t) {
  memset(t, 0, sizeof *t);
  if (!layout_of_type(type, &t->l)) return false;
  t->rank = (int)mlirShapedTypeGetRank(type);
  if (t->rank != t->l.rank - __builtin_popcount(t->l.sliced)) return false;
  t->elem = mlirShapedTypeGetElementType(type);
  t->numel = 1;
  t->nregs = 1;
  for (int d = 0, i = 0; d < t->l.rank; d++) {
    const Layout *l = &t->l;
    if (l->sliced & (1u << d)) {
      t->ext[d] = 1, t->regs[d] = 1;
      continue;
    }
    t->shape[i] = mlirShapedTypeGetDimSize(type, i);
    t->ext[d] = t->shape[i++];
    int64_t cover = (int64_t)l->spt[d] * l->tpw[d] * l->wpc[d];
    t->regs[d] = t->ext[d] >= cover ? t->ext[d] / (l->tpw[d] * l->wpc[d])
                                    : (t->ext[d] < l->spt[d] ? t->ext[d] : l->spt[d]);
    t->numel *= t->ext[d];
    t->nregs *= t->regs[d];
  }
  return true;
}

static MlirAttribute i32s(MlirContext ctx, const int *v, int n) {
  int32_t tmp[LAYOUT_MAX_RANK];
  for (int i = 0; i < n; i++)
    tmp[i] = v[i];
  return mlirDenseI32ArrayGet(ctx, n, tmp);
}

static MlirNamedAttribute named(MlirContext ctx, const char *k, MlirAttribute a) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, kir_str(k)), a);
}

/* The layout without its last-sliced dimension, as a nested slice attribute: slices are written
 * from the blocked parent outwards, lowest dimension first. */
MlirAttribute layout_attr(MlirContext ctx, const Layout *l) {
  MlirNamedAttribute b[5] = {
      named(ctx, "kgpu", mlirStringAttrGet(ctx, kir_str("blocked"))),
      named(ctx, "order", i32s(ctx, l->order, l->rank)),
      named(ctx, "spt", i32s(ctx, l->spt, l->rank)),
      named(ctx, "tpw", i32s(ctx, l->tpw, l->rank)),
      named(ctx, "wpc", i32s(ctx, l->wpc, l->rank)),
  };
  MlirAttribute a = mlirDictionaryAttrGet(ctx, 5, b);
  /* slicing expanded dimension d removes tile dimension (d minus the slices below it) */
  for (int d = 0, removed = 0; d < l->rank; d++) {
    if (!(l->sliced & (1u << d))) continue;
    MlirNamedAttribute s[3] = {
        named(ctx, "dim", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 32), d - removed)),
        named(ctx, "kgpu", mlirStringAttrGet(ctx, kir_str("slice"))),
        named(ctx, "parent", a),
    };
    a = mlirDictionaryAttrGet(ctx, 3, s);
    removed++;
  }
  return a;
}

MlirType layout_type(MlirType t, const Layout *l) {
  int64_t shape[LAYOUT_MAX_RANK];
  intptr_t r = mlirShapedTypeGetRank(t);
  for (intptr_t i = 0; i < r; i++)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  MlirContext ctx = mlirTypeGetContext(t);
  return mlirRankedTensorTypeGet(r, shape, mlirShapedTypeGetElementType(t), layout_attr(ctx, l));
}

bool layout_equal(const Layout *a, const Layout *b) {
  if (a->rank != b->rank || a->sliced != b->sliced) return false;
  for (int i = 0; i < a->rank; i++)
    if (a->spt[i] != b->spt[i] || a->tpw[i] != b->tpw[i] || a->wpc[i] != b->wpc[i] ||
        a->order[i] != b->order[i])
      return false;
  return true;
}

Layout layout_default(int rank, const int64_t *shape, int warp_size, int num_warps, int vec) {
  Layout l = {.rank = rank > 0 ? rank : 1};
  int64_t ext[LAYOUT_MAX_RANK], numel = 1;
  for (int d = 0; d < l.rank; d++) {
    ext[d] = rank > 0 ? shape[d] : 1;
    numel *= ext[d];
    l.order[d] = l.rank - 1 - d;
    l.spt[d] = l.tpw[d] = l.wpc[d] = 1;
  }
  int fast = l.order[0];
  int64_t threads = (int64_t)warp_size * num_warps;
  while (vec > 1 && (vec > ext[fast] || numel / vec < threads))
    vec /= 2;
  l.spt[fast] = vec > 1 ? vec : 1;
  int left = warp_size;
  for (int i = 0; i < l.rank && left > 1; i++) {
    int d = l.order[i];
    while (left > 1 && (int64_t)l.spt[d] * l.tpw[d] * 2 <= ext[d])
      l.tpw[d] *= 2, left /= 2;
  }
  l.tpw[fast] *= left;
  left = num_warps;
  for (int i = l.rank - 1; i >= 0 && left > 1; i--) { /* warps along the slowest first */
    int d = l.order[i];
    while (left > 1 && (int64_t)l.spt[d] * l.tpw[d] * l.wpc[d] * 2 <= ext[d])
      l.wpc[d] *= 2, left /= 2;
  }
  l.wpc[l.order[l.rank - 1]] *= left;
  return l;
}

int layout_expanded_dim(const Layout *l, int dim) {
  for (int d = 0, i = 0; d < l->rank; d++) {
    if (l->sliced & (1u << d)) continue;
    if (i++ == dim) return d;
  }
  return -1;
}

Layout layout_slice(const Layout *l, int dim) {
  Layout s = *l;
  int d = layout_expanded_dim(l, dim);
  if (d >= 0) s.sliced |= 1u << d;
  return s;
}

void tile_reg_split(const Tile *t, int64_t r, int64_t *j) {
  for (int i = 0; i < t->l.rank; i++) {
    int d = t->l.order[i];
    j[d] = r % t->regs[d];
    r /= t->regs[d];
  }
}

int64_t tile_reg_join(const Tile *t, const int64_t *j) {
  int64_t r = 0;
  for (int i = t->l.rank - 1; i >= 0; i--) {
    int d = t->l.order[i];
    r = r * t->regs[d] + j[d];
  }
  return r;
}

int64_t tile_reg_offset(const Tile *t, int d, int64_t j) {
  const Layout *l = &t->l;
  int64_t cover = (int64_t)l->spt[d] * l->tpw[d] * l->wpc[d];
  return (j / l->spt[d]) * cover + j % l->spt[d];
}

bool tile_dim_wraps(const Tile *t, int d) {
  const Layout *l = &t->l;
  return (int64_t)l->spt[d] * l->tpw[d] * l->wpc[d] > t->ext[d];
}

static int fmt_arr(char *buf, size_t cap, const char *k, const int *v, int n) {
  int w = snprintf(buf, cap, "%s=[", k);
  for (int i = 0; i < n && (size_t)w < cap; i++)
    w += snprintf(buf + w, cap - (size_t)w, "%s%d", i ? "," : "", v[i]);
  if ((size_t)w < cap) w += snprintf(buf + w, cap - (size_t)w, "] ");
  return w;
}

void layout_format(const Layout *l, char *buf, size_t cap) {
  size_t w = (size_t)snprintf(buf, cap, "blocked{");
  if (w < cap) w += (size_t)fmt_arr(buf + w, cap - w, "spt", l->spt, l->rank);
  if (w < cap) w += (size_t)fmt_arr(buf + w, cap - w, "tpw", l->tpw, l->rank);
  if (w < cap) w += (size_t)fmt_arr(buf + w, cap - w, "wpc", l->wpc, l->rank);
  if (w < cap) w += (size_t)fmt_arr(buf + w, cap - w, "order", l->order, l->rank);
  if (w < cap) snprintf(buf + w, cap - w, "sliced=%#x}", l->sliced);
}

void simt_error(MlirOperation op, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  if (n >= 0 && (size_t)n < sizeof msg)
    snprintf(msg + n, sizeof msg - (size_t)n, " ('%.*s')", (int)name.length, name.data);
  mlirEmitError(mlirOperationGetLocation(op), msg);
}

bool simt_is_tensor(MlirValue v) {
  return mlirTypeIsARankedTensor(mlirValueGetType(v));
}

int simt_module_int(MlirOperation m, const char *name, int dflt) {
  MlirAttribute a = mlirOperationGetAttributeByName(m, kir_str(name));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? (int)mlirIntegerAttrGetValueInt(a)
                                                               : dflt;
}

int simt_log2(int64_t v) {
  int n = 0;
  while ((int64_t)1 << n < v)
    n++;
  return n;
}

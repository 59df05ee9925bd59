/*
 * options.c - the compile options bag of kcc.h (kcc_options_*): every key is parsed and validated
 * here, once, so the pipeline and the cache key see only canonical values. Also the table of
 * signature types (Triton spellings, their libffi types) and the usage-error helpers.
 */
#include "rt.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- signature types --------------------------------------------------------------------------
 */
static const struct {
  const char *name;
  ffi_type *ffi;
} scalar_types[] = {
    {"i1", &ffi_type_uint8},    {"i8", &ffi_type_sint8},    {"i16", &ffi_type_sint16},
    {"i32", &ffi_type_sint32},  {"i64", &ffi_type_sint64},  {"u8", &ffi_type_uint8},
    {"u16", &ffi_type_uint16},  {"u32", &ffi_type_uint32},  {"u64", &ffi_type_uint64},
    {"fp16", &ffi_type_uint16}, {"bf16", &ffi_type_uint16}, {"fp32", &ffi_type_float},
    {"fp64", &ffi_type_double},
};
enum { NSCALAR = sizeof scalar_types / sizeof *scalar_types };

/* Canonical pointer spellings, indexed like scalar_types: "*" + scalar name. */
static const char *const pointer_types[NSCALAR] = {
    "*i1",  "*i8",  "*i16",  "*i32",  "*i64",  "*u8",   "*u16",
    "*u32", "*u64", "*fp16", "*bf16", "*fp32", "*fp64",
};

const char *rt_type_canon(const char *type) {
  bool ptr = false;
  if (type[0] == '*') {
    ptr = true;
    type++;
    if (type[0] == 'k') /* "*kfp32": a const pointer in Triton's spelling */
      type++;
  }
  for (int i = 0; i < NSCALAR; i++)
    if (strcmp(type, scalar_types[i].name) == 0)
      return ptr ? pointer_types[i] : scalar_types[i].name;
  return NULL;
}

ffi_type *rt_type_ffi(const char *type) {
  if (type[0] == '*') return rt_type_canon(type) ? &ffi_type_pointer : NULL;
  for (int i = 0; i < NSCALAR; i++)
    if (strcmp(type, scalar_types[i].name) == 0) return scalar_types[i].ffi;
  return NULL;
}

/* ---- errors -----------------------------------------------------------------------------------
 */
KccStatus rt_usage(char **diag, const char *fmt, ...) {
  if (diag) {
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(msg) + sizeof "kcc: error: \n";
    *diag = malloc(n);
    if (*diag) snprintf(*diag, n, "kcc: error: %s\n", msg);
  }
  return KCC_ERR_USAGE;
}

KccStatus rt_diag_out(Diag *d, char **diag, KccStatus st) {
  char *text = diag_take(d);
  if (diag)
    *diag = text ? text : NULL;
  else
    free(text);
  diag_free(d);
  return st;
}

/* ---- the bag ----------------------------------------------------------------------------------
 */
KccOptions *kcc_options_create(void) {
  KccOptions *o = calloc(1, sizeof *o);
  if (o) o->opt = 3;
  return o;
}

static void free_params(GenParam *p, int n) {
  for (int i = 0; i < n; i++) {
    free((char *)p[i].name);
    free((char *)p[i].type);
  }
  free(p);
}

void kcc_options_destroy(KccOptions *o) {
  if (!o) return;
  free(o->kernel);
  free_params(o->sig, o->nsig);
  free_params(o->defs, o->ndefs);
  free(o->target);
  free(o->cache_dir);
  free(o);
}

static char *xstrdup(const char *s) {
  return s ? strdup(s) : NULL;
}

KccOptions *rt_options_clone(const KccOptions *o) {
  KccOptions *c = kcc_options_create();
  if (!c || !o) return c;
  c->opt = o->opt;
  c->line_offset = o->line_offset;
  c->col_offset = o->col_offset;
  c->debug = o->debug;
  c->kernel = xstrdup(o->kernel);
  c->target = xstrdup(o->target);
  c->cache_dir = xstrdup(o->cache_dir);
  c->sig = calloc((size_t)o->nsig + 1, sizeof *c->sig);
  c->defs = calloc((size_t)o->ndefs + 1, sizeof *c->defs);
  for (int i = 0; i < o->nsig; i++)
    c->sig[i] = (GenParam){xstrdup(o->sig[i].name), xstrdup(o->sig[i].type)};
  for (int i = 0; i < o->ndefs; i++)
    c->defs[i] = (GenParam){xstrdup(o->defs[i].name), xstrdup(o->defs[i].type)};
  c->nsig = c->capsig = o->nsig;
  c->ndefs = c->capdefs = o->ndefs;
  return c;
}

static bool is_ident(const char *s, size_t n) {
  if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
  for (size_t i = 1; i < n; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_')) return false;
  return true;
}

/* Sets or replaces name -> value in a parameter list. */
static void put_param(GenParam **list, int *n, int *cap, const char *name, size_t nlen,
                      const char *value) {
  for (int i = 0; i < *n; i++)
    if (strlen((*list)[i].name) == nlen && memcmp((*list)[i].name, name, nlen) == 0) {
      free((char *)(*list)[i].type);
      (*list)[i].type = strdup(value);
      return;
    }
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *list = realloc(*list, (size_t)*cap * sizeof **list);
  }
  (*list)[(*n)++] = (GenParam){strndup(name, nlen), strdup(value)};
}

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* signature := entry (',' entry)* ; entry := NAME '=' TYPE  (spaces allowed around tokens).
 * Parsed completely before anything is added, so a bad signature leaves the options as they were.
 */
static KccStatus set_signature(KccOptions *o, const char *text, char **diag) {
  struct {
    const char *name;
    size_t nlen;
    const char *type;
  } ent[256];
  int n = 0;
  const char *p = skip_ws(text);
  if (!*p) return KCC_OK;
  for (;;) {
    const char *name = p;
    while (isalnum((unsigned char)*p) || *p == '_')
      p++;
    size_t nlen = (size_t)(p - name);
    p = skip_ws(p);
    if (!is_ident(name, nlen) || *p != '=')
      return rt_usage(diag, "bad signature '%s': expected NAME=TYPE entries separated by ','",
                      text);
    p = skip_ws(p + 1);
    const char *ty = p;
    while (*p && *p != ',' && *p != ' ' && *p != '\t')
      p++;
    char tbuf[32];
    size_t tlen = (size_t)(p - ty);
    snprintf(tbuf, sizeof tbuf, "%.*s", (int)(tlen < 31 ? tlen : 31), ty);
    const char *canon = tlen < 31 ? rt_type_canon(tbuf) : NULL;
    if (!canon)
      return rt_usage(diag,
                      "bad signature '%s': unknown type '%.*s' for '%.*s' (expected i1, i8..i64, "
                      "u8..u64, fp16, bf16, fp32, fp64, or a pointer '*fp32', ...)",
                      text, (int)tlen, ty, (int)nlen, name);
    for (int i = 0; i < n; i++)
      if (ent[i].nlen == nlen && memcmp(ent[i].name, name, nlen) == 0)
        return rt_usage(diag, "bad signature '%s': '%.*s' is given twice", text, (int)nlen, name);
    if (n == (int)(sizeof ent / sizeof *ent))
      return rt_usage(diag, "bad signature: more than %d parameters", n);
    ent[n].name = name;
    ent[n].nlen = nlen;
    ent[n].type = canon;
    n++;
    p = skip_ws(p);
    if (!*p) break;
    if (*p != ',') return rt_usage(diag, "bad signature '%s': expected ',' before '%s'", text, p);
    p = skip_ws(p + 1);
  }
  for (int i = 0; i < n; i++)
    put_param(&o->sig, &o->nsig, &o->capsig, ent[i].name, ent[i].nlen, ent[i].type);
  return KCC_OK;
}

static bool parse_int(const char *s, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

KccStatus kcc_options_set(KccOptions *o, const char *key, const char *value, char **diag) {
  if (diag) *diag = NULL;
  if (!o || !key) return rt_usage(diag, "kcc_options_set: null options or key");
  if (!value) return rt_usage(diag, "option '%s' needs a value", key);

  if (strcmp(key, "kernel") == 0) {
    if (!is_ident(value, strlen(value))) return rt_usage(diag, "bad kernel name '%s'", value);
    free(o->kernel);
    o->kernel = strdup(value);
  } else if (strcmp(key, "signature") == 0) {
    return set_signature(o, value, diag);
  } else if (strcmp(key, "define") == 0) {
    const char *eq = strchr(value, '=');
    size_t nlen = eq ? (size_t)(eq - value) : strlen(value);
    if (!eq || !is_ident(value, nlen))
      return rt_usage(diag, "bad define '%s': expected NAME=VALUE", value);
    if (!eq[1]) return rt_usage(diag, "bad define '%s': missing value", value);
    put_param(&o->defs, &o->ndefs, &o->capdefs, value, nlen, eq + 1);
  } else if (strcmp(key, "target") == 0) {
    KccTargetConfig cfg;
    Diag d;
    diag_init(&d);
    if (!target_resolve(value, o->opt, &cfg, &d)) return rt_diag_out(&d, diag, KCC_ERR_USAGE);
    diag_free(&d);
    free(o->target);
    o->target = strdup(value);
  } else if (strcmp(key, "opt") == 0) {
    if (!parse_int(value, 0, 3, &o->opt))
      return rt_usage(diag, "bad optimisation level '%s' (expected 0, 1, 2 or 3)", value);
  } else if (strcmp(key, "cache-dir") == 0) {
    free(o->cache_dir);
    o->cache_dir = strdup(value);
  } else if (strcmp(key, "line-offset") == 0) {
    if (!parse_int(value, 0, 1 << 30, &o->line_offset))
      return rt_usage(diag, "bad line offset '%s'", value);
  } else if (strcmp(key, "col-offset") == 0) {
    if (!parse_int(value, 0, 1 << 20, &o->col_offset))
      return rt_usage(diag, "bad column offset '%s'", value);
  } else if (strcmp(key, "debug") == 0) {
    if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0)
      o->debug = true;
    else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0)
      o->debug = false;
    else
      return rt_usage(diag, "bad debug value '%s' (expected 0 or 1)", value);
  } else {
    return rt_usage(diag,
                    "unknown option '%s' (expected kernel, signature, define, target, opt, "
                    "cache-dir, line-offset, col-offset, debug)",
                    key);
  }
  return KCC_OK;
}

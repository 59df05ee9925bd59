/*
 * cache.c - the on-disk kernel cache: content-addressed shared objects under
 * `<dir>/<2 hex>/<key>.so`.
 *
 * The key is the SHA-256 of everything that decides the generated code (kcc and LLVM versions,
 * source, file name, kernel, canonical signature (with divisibility hints) and defines, target
 * triple/cpu/features, opt level, debug, location offsets, launch parameters num_warps/num_stages/
 * num_ctas). An entry is written to a temporary file in its own directory and renamed into place,
 * so readers (other threads or processes) see either nothing or a whole entry; two writers racing
 * on one key both succeed and the last rename wins with identical content. Each entry carries a
 * trailer with its size and SHA-256 (see rt.h), checked before use: a truncated or corrupt entry
 * is removed and rebuilt.
 */
#include "rt.h"

#include <llvm-c/Core.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[8] = {'K', 'C', 'C', 'S', 'O', ' ', 'v', '1'};
enum { TRAILER_FIXED = 4 + 8 + 32 + 8, MAX_NAME = 1024 };

char *rt_read_file(const char *path, size_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  char *buf = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    size_t cap = (size_t)st.st_size + 1, n = 0;
    buf = malloc(cap);
    for (ssize_t r; buf; n += (size_t)r) {
      if (n + 1 == cap) { /* the file grew: keep reading */
        char *nb = realloc(buf, cap *= 2);
        if (!nb) {
          free(buf);
          buf = NULL;
          break;
        }
        buf = nb;
      }
      r = read(fd, buf + n, cap - 1 - n);
      if (r < 0 && errno == EINTR) {
        r = 0;
        continue;
      }
      if (r < 0) {
        free(buf);
        buf = NULL;
        break;
      }
      if (r == 0) {
        buf[n] = 0;
        *size = n;
        break;
      }
    }
  } else if (fstat(fd, &st) == 0) {
    errno = EISDIR;
  }
  int saved = errno;
  close(fd);
  errno = saved;
  return buf;
}

static bool write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    c += w, n -= (size_t)w;
  }
  return true;
}

/* mkdir -p, mode 0755. */
static bool make_dirs(const char *path) {
  char *p = strdup(path);
  if (!p) return false;
  bool ok = true;
  for (char *s = p + 1;; s++) {
    if (*s == '/' || *s == 0) {
      char c = *s;
      *s = 0;
      if (mkdir(p, 0755) != 0 && errno != EEXIST) {
        ok = false;
        break;
      }
      *s = c;
      if (!c) break;
    }
  }
  free(p);
  struct stat st;
  return ok && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *rt_cache_dir(const KccOptions *o) {
  char buf[4096];
  const char *dir = o ? o->cache_dir : NULL;
  if (!dir) dir = getenv("KCC_CACHE_DIR");
  if (!dir) {
    const char *home = getenv("HOME");
    if (!home || !*home) {
      struct passwd *pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : NULL;
    }
    if (!home) return NULL;
    snprintf(buf, sizeof buf, "%s/.cache/kcc", home);
    dir = buf;
  }
  if (!*dir || !make_dirs(dir)) return NULL;
  return strdup(dir);
}

/* Each field is hashed as an 8-byte length then its bytes, so no two field lists collide. */
static void put(RtSha256 *s, const char *field) {
  uint64_t n = field ? strlen(field) : UINT64_MAX;
  uint8_t len[8];
  for (int i = 0; i < 8; i++)
    len[i] = (uint8_t)(n >> (8 * i));
  rt_sha256_update(s, len, 8);
  if (field) rt_sha256_update(s, field, (size_t)n);
}

static int cmp_param(const void *a, const void *b) {
  return strcmp(((const GenParam *)a)->name, ((const GenParam *)b)->name);
}

/* Parameters sorted by name: their order in the options does not change the code. */
static void put_params(RtSha256 *s, const GenParam *p, int n) {
  GenParam *sorted = malloc(sizeof *sorted * (size_t)(n ? n : 1));
  if (n) memcpy(sorted, p, sizeof *sorted * (size_t)n);
  qsort(sorted, (size_t)n, sizeof *sorted, cmp_param);
  char num[32];
  snprintf(num, sizeof num, "%d", n);
  put(s, num);
  for (int i = 0; i < n; i++) {
    put(s, sorted[i].name);
    put(s, sorted[i].type);
    snprintf(num, sizeof num, "%d", sorted[i].divisibility);
    put(s, num);
  }
  free(sorted);
}

/* Identifies the compiler binary that holds this code (libkcc.so, or an executable linking
 * libkcc.a): its path, size and modification time. Folded into every key, so a rebuilt compiler
 * never reuses kernels an older build wrote, even at the same version string. */
static char build_id[512];
static pthread_once_t build_id_once = PTHREAD_ONCE_INIT;

static void compute_build_id(void) {
  Dl_info info;
  struct stat st;
  if (dladdr((void *)compute_build_id, &info) && info.dli_fname && stat(info.dli_fname, &st) == 0)
    snprintf(build_id, sizeof build_id, "%s %lld %lld.%09ld", info.dli_fname, (long long)st.st_size,
             (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  else
    snprintf(build_id, sizeof build_id, "unknown build");
}

void rt_cache_key(const KccKernel *k, char key[65]) {
  RtSha256 s;
  rt_sha256_init(&s);
  unsigned maj, min, pat;
  LLVMGetVersion(&maj, &min, &pat);
  char buf[128];
  snprintf(buf, sizeof buf, "kcc-cache 1 kcc %s llvm %u.%u.%u", RT_VERSION, maj, min, pat);
  put(&s, buf);
  pthread_once(&build_id_once, compute_build_id);
  put(&s, build_id);
  put(&s, k->source);
  put(&s, k->filename);
  const KccOptions *o = k->opts;
  put(&s, o->kernel);
  put_params(&s, o->sig, o->nsig);
  put_params(&s, o->defs, o->ndefs);
  put(&s, k->cfg.target ? k->cfg.target->name : "");
  put(&s, k->cfg.triple);
  put(&s, k->cfg.cpu);
  put(&s, k->cfg.features);
  snprintf(buf, sizeof buf, "O%d debug=%d lines+%d cols+%d warps=%d stages=%d ctas=%d", o->opt,
           o->debug, o->line_offset, o->col_offset, o->num_warps, o->num_stages, o->num_ctas);
  put(&s, buf);
  uint8_t h[32];
  rt_sha256_final(&s, h);
  rt_hex(h, 32, key);
}

static void entry_path(char *out, size_t cap, const char *dir, const char *key) {
  snprintf(out, cap, "%s/%.2s/%s.so", dir, key, key);
}

static uint64_t get_le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static void set_le(uint8_t *p, uint64_t v, int n) {
  for (int i = 0; i < n; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

/* Checksum over the object and the name, as stored in the trailer. */
static void entry_sum(const char *so, size_t size, const char *name, size_t nlen, uint8_t out[32]) {
  RtSha256 s;
  rt_sha256_init(&s);
  rt_sha256_update(&s, so, size);
  rt_sha256_update(&s, name, nlen);
  rt_sha256_final(&s, out);
}

char *rt_cache_strip(char *bytes, size_t *size) {
  size_t n = *size;
  if (n < TRAILER_FIXED) return NULL;
  const uint8_t *t = (const uint8_t *)bytes + n - TRAILER_FIXED;
  if (memcmp(t + 44, MAGIC, 8) != 0) return NULL;
  uint64_t nlen = get_le(t, 4), osize = get_le(t + 4, 8);
  if (nlen == 0 || nlen > MAX_NAME || osize > n || osize + nlen + TRAILER_FIXED != n) return NULL;
  uint8_t sum[32];
  entry_sum(bytes, (size_t)osize, bytes + osize, (size_t)nlen, sum);
  if (memcmp(sum, t + 12, 32) != 0) return NULL;
  char *name = strndup(bytes + osize, (size_t)nlen);
  bytes[osize] = 0;
  *size = (size_t)osize;
  return name;
}

bool rt_cache_lookup(const char *dir, const char *key, char **so, size_t *size, char **name,
                     char **path) {
  char p[4352];
  entry_path(p, sizeof p, dir, key);
  size_t n;
  char *bytes = rt_read_file(p, &n);
  if (!bytes) return false;
  char *kname = rt_cache_strip(bytes, &n);
  if (!kname) {
    /* Truncated or corrupt (a crash mid-write cannot produce this, but a full disk or a user
     * can): drop it so it is rebuilt. */
    unlink(p);
    free(bytes);
    return false;
  }
  *so = bytes;
  *size = n;
  *name = kname;
  *path = strdup(p);
  return true;
}

char *rt_cache_tmp(const char *dir, const char *key) {
  char p[4352];
  snprintf(p, sizeof p, "%s/%.2s", dir, key);
  if (!make_dirs(p)) return NULL;
  snprintf(p, sizeof p, "%s/%.2s/%s.so.tmp.XXXXXX", dir, key, key);
  int fd = mkostemp(p, O_CLOEXEC);
  if (fd < 0) return NULL;
  close(fd);
  return strdup(p);
}

char *rt_cache_commit(const char *dir, const char *key, const char *tmp, const char *so,
                      size_t size, const char *name) {
  size_t nlen = strlen(name);
  uint8_t t[TRAILER_FIXED];
  set_le(t, nlen, 4);
  set_le(t + 4, size, 8);
  entry_sum(so, size, name, nlen, t + 12);
  memcpy(t + 44, MAGIC, 8);
  int fd = open(tmp, O_WRONLY | O_APPEND | O_CLOEXEC);
  bool ok = fd >= 0 && write_all(fd, name, nlen) && write_all(fd, t, sizeof t);
  if (fd >= 0 && close(fd) != 0) ok = false;
  char p[4352];
  entry_path(p, sizeof p, dir, key);
  if (ok) chmod(tmp, 0644);
  if (!ok || rename(tmp, p) != 0) {
    unlink(tmp);
    return NULL;
  }
  return strdup(p);
}

/*
 * cache.c - the on-disk kernel cache: content-addressed shared objects under
 * `<dir>/<2 hex>/<key>.so`, trusted only as far as the user owns them.
 *
 * The key is the SHA-256 of everything that decides the generated code (kcc and LLVM versions,
 * source, file name, kernel, canonical signature (with divisibility hints) and defines, target
 * triple/cpu/features, opt level, debug, location offsets, launch parameters num_warps/num_stages/
 * num_ctas). An entry is written to a private temporary file in its own directory and renamed
 * into place, so readers (other threads or processes) see either nothing or a whole entry; two
 * writers racing on one key both succeed and the last rename wins with identical content.
 *
 * Trust (docs/architecture.md, "Runtime"): the root must be a directory of the effective user
 * that nobody else can write; everything below it is reached with openat from the root's
 * descriptor, without following symbolic links, and checked the same way (the `<2 hex>`
 * directories, the entries: regular files). Each entry's trailer carries an HMAC-SHA-256 under
 * the per-user key `<dir>/key` (32 random bytes, 0600, created once with O_EXCL and published
 * with link(2)), so an object placed by someone without the key never verifies. An entry is read
 * and checked from one descriptor, which the loader then dlopens; a directory, link or foreign
 * file at an entry's path, or a tag that does not verify, is a miss: the kernel is rebuilt and the
 * new entry renamed over it. When the root or the key is refused, the caller builds in a private
 * temporary directory; every refusal is explained by rt_cache_note.
 */
#include "rt.h"

#include <llvm-c/Core.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[8] = {'K', 'C', 'C', 'S', 'O', ' ', 'v', '2'};
enum { TRAILER_FIXED = 4 + 8 + 32 + 8, MAX_NAME = 1024 };

char *rt_read_fd(int fd, size_t *size) {
  struct stat st;
  if (fstat(fd, &st) != 0) return NULL;
  if (!S_ISREG(st.st_mode)) {
    errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    return NULL;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = malloc(cap);
  for (ssize_t r; buf; n += (size_t)r) {
    if (n + 1 == cap) { /* the file grew: keep reading */
      char *nb = realloc(buf, cap *= 2);
      if (!nb) break;
      buf = nb;
    }
    r = pread(fd, buf + n, cap - 1 - n, (off_t)n);
    if (r < 0 && errno == EINTR) {
      r = 0;
      continue;
    }
    if (r < 0) break;
    if (r == 0) {
      buf[n] = 0;
      *size = n;
      return buf;
    }
  }
  int saved = errno;
  free(buf);
  errno = saved;
  return NULL;
}

char *rt_read_file(const char *path, size_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return NULL;
  char *buf = rt_read_fd(fd, size);
  int saved = errno;
  close(fd);
  errno = saved;
  return buf;
}

bool rt_write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    c += w, n -= (size_t)w;
  }
  return true;
}

static bool random_bytes(void *p, size_t n) {
  for (size_t got = 0; got < n;) {
    ssize_t r = getrandom((char *)p + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += (size_t)r;
  }
  return true;
}

void rt_cache_note(const char *fmt, ...) {
  const char *on = getenv("KCC_CACHE_DEBUG");
  if (!on || !*on || strcmp(on, "0") == 0) return;
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "kcc: note: %s\n", buf);
}

/* Whether the file open at fd is of `type` (S_IFDIR, S_IFREG), belongs to the effective user and
 * is writable by nobody else; otherwise why not, in why. */
static bool trusted(int fd, mode_t type, char *why, size_t cap) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    snprintf(why, cap, "cannot be examined: %s", strerror(errno));
    return false;
  }
  if ((st.st_mode & S_IFMT) != type) {
    snprintf(why, cap, "is not a %s", type == S_IFDIR ? "directory" : "regular file");
    return false;
  }
  if (st.st_uid != geteuid()) {
    snprintf(why, cap, "belongs to uid %u, not to the current user (uid %u)", (unsigned)st.st_uid,
             (unsigned)geteuid());
    return false;
  }
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    snprintf(why, cap, "is writable by %s (mode %04o)",
             st.st_mode & S_IWOTH ? "other users" : "its group", (unsigned)(st.st_mode & 07777));
    return false;
  }
  return true;
}

/* Why an openat(O_NOFOLLOW) failed, in words. */
static const char *open_error(int err) {
  return err == ELOOP     ? "is a symbolic link"
         : err == ENOTDIR ? "is not a directory"
                          : strerror(err);
}

/* mkdir -p; the directories it creates are 0700 whatever the umask. */
static bool make_dirs(const char *path) {
  char *p = strdup(path);
  if (!p) return false;
  bool ok = true;
  for (char *s = p + 1;; s++) {
    if (*s == '/' || *s == 0) {
      char c = *s;
      *s = 0;
      if (mkdir(p, 0700) == 0)
        chmod(p, 0700);
      else if (errno != EEXIST) {
        ok = false;
        break;
      }
      *s = c;
      if (!c) break;
    }
  }
  free(p);
  return ok;
}

/* A name in the cache no one else can predict: PREFIX.tmp.<16 hex>. */
static bool temp_name(char *out, size_t cap, const char *prefix) {
  uint8_t r[8];
  char hex[17];
  if (!random_bytes(r, sizeof r)) return false;
  rt_hex(r, sizeof r, hex);
  snprintf(out, cap, "%s.tmp.%s", prefix, hex);
  return true;
}

/* Creates `<root>/key` (32 random bytes, 0600): written under a temporary name opened with O_EXCL,
 * then published with link(2), which never replaces a key another process published first. */
static void create_key(int root) {
  uint8_t key[32];
  char tmp[64];
  if (!random_bytes(key, sizeof key) || !temp_name(tmp, sizeof tmp, "key")) return;
  int fd = openat(root, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  bool ok = fchmod(fd, 0600) == 0 && rt_write_all(fd, key, sizeof key);
  if (close(fd) != 0) ok = false;
  if (ok) linkat(root, tmp, root, "key", 0); /* EEXIST: someone else's key is the key */
  unlinkat(root, tmp, 0);
}

/* Reads the key of the cache open at root (creating it when missing). */
static bool read_key(int root, uint8_t key[32], char *why, size_t cap) {
  int fd = openat(root, "key", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    create_key(root);
    fd = openat(root, "key", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  }
  if (fd < 0) {
    snprintf(why, cap, "%s", open_error(errno));
    return false;
  }
  struct stat st;
  bool ok = trusted(fd, S_IFREG, why, cap) && fstat(fd, &st) == 0;
  if (ok && (st.st_mode & 077)) {
    snprintf(why, cap, "has mode %04o (expected 0600)", (unsigned)(st.st_mode & 07777));
    ok = false;
  }
  if (ok && (st.st_size != 32 || pread(fd, key, 32, 0) != 32)) {
    snprintf(why, cap, "is not 32 bytes long");
    ok = false;
  }
  close(fd);
  return ok;
}

bool rt_cache_open(const KccOptions *o, RtCache *c) {
  c->fd = -1;
  c->dir = NULL;
  char buf[4096], why[256];
  const char *dir = o ? o->cache_dir : NULL;
  if (!dir) dir = getenv("KCC_CACHE_DIR");
  if (!dir) {
    const char *home = getenv("HOME");
    if (!home || !*home) {
      struct passwd *pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : NULL;
    }
    if (!home) return false;
    snprintf(buf, sizeof buf, "%s/.cache/kcc", home);
    dir = buf;
  }
  if (!*dir) return false; /* disabled */
  int fd = make_dirs(dir) ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (fd < 0) {
    rt_cache_note("cache '%s' not used: cannot open it: %s; building in a private temporary "
                  "directory",
                  dir, strerror(errno));
    return false;
  }
  if (!trusted(fd, S_IFDIR, why, sizeof why)) {
    rt_cache_note("cache '%s' not used: it %s; building in a private temporary directory", dir,
                  why);
    close(fd);
    return false;
  }
  if (!read_key(fd, c->key, why, sizeof why)) {
    rt_cache_note("cache '%s' not used: its key file '%s/key' %s; building in a private temporary "
                  "directory",
                  dir, dir, why);
    close(fd);
    return false;
  }
  c->fd = fd;
  c->dir = strdup(dir);
  return true;
}

void rt_cache_close(RtCache *c) {
  if (c->fd >= 0) close(c->fd);
  free(c->dir);
  c->fd = -1;
  c->dir = NULL;
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
  if (k->cfg.bitcode[0]) { /* the linked bitcode library (libdevice): its path, size and time */
    struct stat bst;
    bool have = stat(k->cfg.bitcode, &bst) == 0;
    snprintf(buf, sizeof buf, "bitcode %lld %lld", have ? (long long)bst.st_size : -1LL,
             have ? (long long)bst.st_mtime : 0LL);
    put(&s, k->cfg.bitcode);
    put(&s, buf);
  }
  snprintf(buf, sizeof buf, "O%d debug=%d lines+%d cols+%d warps=%d stages=%d ctas=%d", o->opt,
           o->debug, o->line_offset, o->col_offset, o->num_warps, o->num_stages, o->num_ctas);
  put(&s, buf);
  if (o->check_bounds) put(&s, "check-bounds");
  uint8_t h[32];
  rt_sha256_final(&s, h);
  rt_hex(h, 32, key);
}

/* The entry's directory `<2 hex>` open (created 0700 when `create`), or -1 (noted unless missing).
 */
static int open_sub(const RtCache *c, const char *key, bool create) {
  char sub[3] = {key[0], key[1], 0}, why[256];
  int fd = openat(c->fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create && mkdirat(c->fd, sub, 0700) == 0) {
    fd = openat(c->fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) fchmod(fd, 0700);
  } else if (fd < 0 && errno == EEXIST) {
    fd = openat(c->fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  }
  if (fd < 0) {
    if (errno != ENOENT)
      rt_cache_note("cache directory '%s/%s' not used: it %s", c->dir, sub, open_error(errno));
    return -1;
  }
  if (!trusted(fd, S_IFDIR, why, sizeof why)) {
    rt_cache_note("cache directory '%s/%s' not used: it %s", c->dir, sub, why);
    close(fd);
    return -1;
  }
  return fd;
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

/* The trailer at the end of bytes[0..n) (any version), or NULL; its lengths in *nlen, *osize. */
static const uint8_t *trailer(const char *bytes, size_t n, size_t *nlen, size_t *osize) {
  if (n < TRAILER_FIXED) return NULL;
  const uint8_t *t = (const uint8_t *)bytes + n - TRAILER_FIXED;
  if (memcmp(t + 44, MAGIC, 7) != 0 || (t[51] != '1' && t[51] != '2')) return NULL;
  uint64_t nl = get_le(t, 4), os = get_le(t + 4, 8);
  if (nl == 0 || nl > MAX_NAME || os > n || os + nl + TRAILER_FIXED != n) return NULL;
  *nlen = (size_t)nl;
  *osize = (size_t)os;
  return t;
}

/* HMAC under the cache's key of the cache key, the trailer's lengths, the object and the name. */
static void entry_tag(const RtCache *c, const char *key, const uint8_t lengths[12], const char *so,
                      size_t size, const char *name, size_t nlen, uint8_t out[32]) {
  RtHmac m;
  rt_hmac_init(&m, c->key, sizeof c->key);
  rt_hmac_update(&m, key, 64);
  rt_hmac_update(&m, lengths, 12);
  rt_hmac_update(&m, so, size);
  rt_hmac_update(&m, name, nlen);
  rt_hmac_final(&m, out);
}

char *rt_cache_strip(char *bytes, size_t *size) {
  size_t nlen, osize;
  if (!trailer(bytes, *size, &nlen, &osize)) return NULL;
  char *name = strndup(bytes + osize, nlen);
  bytes[osize] = 0;
  *size = osize;
  return name;
}

bool rt_cache_lookup(RtCache *c, const char *key, char **so, size_t *size, char **name, int *out) {
  if (c->fd < 0) return false;
  int sd = open_sub(c, key, false);
  if (sd < 0) return false;
  char file[80], why[256];
  snprintf(file, sizeof file, "%s.so", key);
  int fd = openat(sd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  int err = errno;
  close(sd);
  if (fd < 0) {
    if (err != ENOENT)
      rt_cache_note("cache entry '%s/%.2s/%s' not used: it %s; rebuilding", c->dir, key, file,
                    open_error(err));
    return false;
  }
  size_t n, nlen, osize;
  char *bytes = NULL;
  const uint8_t *t = NULL;
  uint8_t tag[32];
  if (!trusted(fd, S_IFREG, why, sizeof why))
    ;
  else if (!(bytes = rt_read_fd(fd, &n)))
    snprintf(why, sizeof why, "cannot be read: %s", strerror(errno));
  else if (!(t = trailer(bytes, n, &nlen, &osize)) || t[51] != MAGIC[7])
    snprintf(why, sizeof why, "has no kcc trailer (v2)");
  else if (entry_tag(c, key, t, bytes, osize, bytes + osize, nlen, tag), memcmp(tag, t + 12, 32))
    snprintf(why, sizeof why, "has a tag that does not verify under this cache's key");
  else {
    *name = strndup(bytes + osize, nlen);
    bytes[osize] = 0;
    *so = bytes;
    *size = osize;
    *out = fd;
    return true;
  }
  rt_cache_note("cache entry '%s/%.2s/%s' not used: it %s; rebuilding", c->dir, key, file, why);
  free(bytes);
  close(fd);
  return false;
}

bool rt_cache_store(RtCache *c, const char *key, const char *so, size_t size, const char *name) {
  if (c->fd < 0) return false;
  int sd = open_sub(c, key, true);
  if (sd < 0) return false;
  char file[80], tmp[128];
  snprintf(file, sizeof file, "%s.so", key);
  size_t nlen = strlen(name);
  uint8_t t[TRAILER_FIXED];
  set_le(t, nlen, 4);
  set_le(t + 4, size, 8);
  entry_tag(c, key, t, so, size, name, nlen, t + 12);
  memcpy(t + 44, MAGIC, 8);
  int fd = temp_name(tmp, sizeof tmp, file)
               ? openat(sd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)
               : -1;
  bool ok = fd >= 0 && fchmod(fd, 0600) == 0 && rt_write_all(fd, so, size) &&
            rt_write_all(fd, name, nlen) && rt_write_all(fd, t, sizeof t);
  if (fd >= 0 && close(fd) != 0) ok = false;
  int err = errno;
  if (ok && renameat(sd, tmp, sd, file) != 0) {
    err = errno;
    ok = false;
  }
  if (!ok) {
    rt_cache_note("cache entry '%s/%.2s/%s' not written: %s", c->dir, key, file,
                  err == EISDIR || err == ENOTEMPTY || err == EEXIST
                      ? "a directory is in the way (remove it)"
                      : strerror(err));
    if (fd >= 0) unlinkat(sd, tmp, 0);
  }
  close(sd);
  return ok;
}

char *rt_private_dir(void) {
  const char *dir = getenv("TMPDIR");
  char p[4096];
  snprintf(p, sizeof p, "%s/kcc-XXXXXX", dir && *dir ? dir : "/tmp");
  if (!mkdtemp(p) || chmod(p, 0700) != 0) return NULL;
  return strdup(p);
}

int rt_private_file(const char *bytes, size_t size) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) { /* no O_TMPFILE here: a named file, unlinked at once */
    char p[4096];
    snprintf(p, sizeof p, "%s/kcc-XXXXXX", dir);
    if ((fd = mkostemp(p, O_CLOEXEC)) >= 0) unlink(p);
  }
  if (fd >= 0 && (fchmod(fd, 0600) != 0 || !rt_write_all(fd, bytes, size))) {
    close(fd);
    fd = -1;
  }
  return fd;
}

/*
 * test_cache.c - the on-disk kernel cache, through the whole pipeline (needs the frontend and the
 * CPU backend): two processes compiling one kernel into a fresh cache both succeed and leave one
 * valid entry; a hit rewrites nothing, skips the frontend (the kernel name comes from the entry)
 * and can still print kir; a truncated or corrupted entry is detected and rebuilt; "" disables
 * the cache; threads compiling at once are serialised safely. Trust (runtime/cache.c): whatever
 * the umask, directories are 0700 and files 0600; a world-writable cache, a key file with a bad
 * mode, a planted object whose tag is not the cache's HMAC and a directory at an entry's path are
 * all refused, and the compile still works (tests/lit/cli/cache-trust.test adds another user).
 *
 * Usage: test_cache            (re-executes itself as `test_cache child DIR` for the processes;
 *                               `test_cache child DIR` alone compiles and runs one kernel)
 * Link with -rdynamic (kernels find __kcc_assert_fail in the executable).
 */
#include "kcc/kcc.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/check.h" /* CHECK: report and go on; `failures` */

static const char SRC[] = "import triton\n"
                          "import triton.language as tl\n"
                          "\n"
                          "\n"
                          "@triton.jit\n"
                          "def add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK_SIZE: tl.constexpr):\n"
                          "    pid = tl.program_id(axis=0)\n"
                          "    offs = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)\n"
                          "    mask = offs < n\n"
                          "    x = tl.load(x_ptr + offs, mask=mask)\n"
                          "    y = tl.load(y_ptr + offs, mask=mask)\n"
                          "    tl.store(out_ptr + offs, x + y, mask=mask)\n";

static KccKernel *compile(const char *cache_dir, const char *block, char **diag_out) {
  KccOptions *o = kcc_options_create();
  char def[64];
  snprintf(def, sizeof def, "BLOCK_SIZE=%s", block);
  kcc_options_set(o, "signature", "x_ptr=*fp32, y_ptr=*fp32, out_ptr=*fp32, n=i32", NULL);
  kcc_options_set(o, "define", def, NULL);
  kcc_options_set(o, "cache-dir", cache_dir, NULL);
  KccKernel *k = NULL;
  char *diag = NULL;
  if (kcc_compile("add.py", SRC, o, &k, &diag) != KCC_OK)
    fprintf(stderr, "compile failed:\n%s", diag ? diag : "?\n");
  if (diag_out)
    *diag_out = diag;
  else
    kcc_free(diag);
  kcc_options_destroy(o);
  return k;
}

/* Runs the kernel on n elements and checks out = x + y. */
static bool run_add(KccKernel *k, int n) {
  float *x = malloc(sizeof *x * (size_t)n), *y = malloc(sizeof *y * (size_t)n);
  float *out = calloc((size_t)n, sizeof *out);
  for (int i = 0; i < n; i++)
    x[i] = (float)i, y[i] = 0.5f * (float)i;
  void *px = x, *py = y, *po = out;
  int32_t nn = n;
  void *args[] = {&px, &py, &po, &nn};
  char *diag = NULL;
  bool ok = kcc_launch(k, (unsigned[3]){(unsigned)(n + 1023) / 1024, 1, 1}, args, &diag) == KCC_OK;
  if (!ok) fprintf(stderr, "launch failed: %s", diag ? diag : "?\n");
  kcc_free(diag);
  for (int i = 0; ok && i < n; i++)
    ok = out[i] == x[i] + y[i];
  free(x), free(y), free(out);
  return ok;
}

/* The cache's entries: fills paths (up to cap) and counts leftover temporaries. */
static int entries(const char *dir, char paths[][4200], int cap, int *temps) {
  int n = 0;
  *temps = 0;
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    char sub[2048];
    snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
    DIR *s = opendir(sub);
    for (struct dirent *f; s && (f = readdir(s));) {
      if (f->d_name[0] == '.') continue;
      if (strstr(f->d_name, ".tmp"))
        ++*temps;
      else if (n < cap)
        snprintf(paths[n++], 4200, "%s/%s", sub, f->d_name);
    }
    if (s) closedir(s);
  }
  if (d) closedir(d);
  return n;
}

static char *slurp(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  *size = fread(b, 1, (size_t)n, f);
  fclose(f);
  return b;
}

static unsigned mode_of(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 01000000;
}

/* Writes bytes to path (created 0600). */
static bool spill(const char *path, const char *bytes, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  bool ok = fd >= 0 && write(fd, bytes, size) == (ssize_t)size;
  if (fd >= 0) close(fd);
  return ok;
}

/* Runs the trust checks in a fresh cache below `base`. */
static void trust(const char *base) {
  char dir[4200], key[4300], paths[4][4200];
  int temps;
  mode_t old = umask(0); /* what is created must still be private */
  snprintf(dir, sizeof dir, "%s/trust/cache", base);
  KccKernel *k = compile(dir, "1024", NULL);
  CHECK(k && run_add(k, 1000));
  kcc_kernel_destroy(k);
  umask(old);
  snprintf(key, sizeof key, "%s/key", dir);
  CHECK(entries(dir, paths, 4, &temps) == 1 && temps == 0);
  char sub[4200];
  snprintf(sub, sizeof sub, "%s", paths[0]);
  *strrchr(sub, '/') = 0;
  CHECK(mode_of(dir) == 0700 && mode_of(sub) == 0700 && mode_of(paths[0]) == 0600 &&
        mode_of(key) == 0600);
  size_t full_size;
  char *full = slurp(paths[0], &full_size);

  /* A planted object: another kernel under this entry's name, with a well-formed trailer whose
   * tag is not the cache's HMAC. It is rebuilt (x + y again) and replaced by a valid entry. */
  KccKernel *sub_k = NULL;
  {
    char *src = strdup(SRC);
    *strstr(src, "x + y") = 'y'; /* "y + y": another result under the same name */
    KccOptions *o = kcc_options_create();
    kcc_options_set(o, "signature", "x_ptr=*fp32, y_ptr=*fp32, out_ptr=*fp32, n=i32", NULL);
    kcc_options_set(o, "define", "BLOCK_SIZE=1024", NULL);
    kcc_options_set(o, "cache-dir", "", NULL);
    CHECK(kcc_compile("add.py", src, o, &sub_k, NULL) == KCC_OK);
    kcc_options_destroy(o);
    free(src);
  }
  char *planted = NULL;
  size_t psize = 0;
  CHECK(sub_k && kcc_kernel_emit(sub_k, "so", &planted, &psize, NULL) == KCC_OK);
  CHECK(sub_k && !run_add(sub_k, 100)); /* it really computes something else */
  kcc_kernel_destroy(sub_k);
  if (planted && full) {
    size_t tlen = 52 + strlen("add_kernel");
    char *p = malloc(psize + tlen);
    memcpy(p, planted, psize);
    memcpy(p + psize, full + full_size - tlen, tlen); /* name and trailer of the real entry */
    uint64_t sz = psize;
    for (int i = 0; i < 8; i++)
      p[psize + 10 + 4 + i] = (char)(sz >> (8 * i));
    for (int i = 0; i < 32; i++) /* a tag anyone could compute: not the HMAC */
      p[psize + 10 + 12 + i] ^= (char)0x5a;
    CHECK(unlink(paths[0]) == 0 && spill(paths[0], p, psize + tlen));
    free(p);
    k = compile(dir, "1024", NULL);
    CHECK(k && run_add(k, 3000));
    kcc_kernel_destroy(k);
    size_t again_size = 0;
    char *again = slurp(paths[0], &again_size);
    CHECK(again && again_size == full_size && memcmp(again, full, full_size) == 0);
    free(again);
  }
  kcc_free(planted);

  /* A directory at the entry's path: the compile still works (outside the cache), the directory
   * stays; once it is gone the entry comes back. */
  CHECK(unlink(paths[0]) == 0 && mkdir(paths[0], 0700) == 0);
  k = compile(dir, "1024", NULL);
  CHECK(k && run_add(k, 2000));
  kcc_kernel_destroy(k);
  struct stat st;
  CHECK(stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode));
  CHECK(entries(dir, paths, 4, &temps) == 1 && temps == 0);
  CHECK(rmdir(paths[0]) == 0);
  k = compile(dir, "1024", NULL);
  CHECK(k && run_add(k, 2000));
  kcc_kernel_destroy(k);
  CHECK(stat(paths[0], &st) == 0 && S_ISREG(st.st_mode));

  /* A key file anyone can read, then a cache directory writable by everyone: each time the cache
   * is refused (nothing new is written) and the compile works; then it is usable again. */
  const char *bad[2] = {key, dir};
  for (int i = 0; i < 3; i++) {
    if (i < 2) CHECK(chmod(bad[i], 0644 | 0133 * i) == 0);
    k = compile(dir, "512", NULL);
    CHECK(k && run_add(k, 500));
    kcc_kernel_destroy(k);
    CHECK(entries(dir, paths, 4, &temps) == (i < 2 ? 1 : 2) && temps == 0);
    if (i < 2) CHECK(chmod(bad[i], 0600 | 0100 * i) == 0);
  }
  free(full);
}

static int child(const char *dir) {
  KccKernel *k = compile(dir, "1024", NULL);
  int rc = k && run_add(k, 5000) ? 0 : 1;
  kcc_kernel_destroy(k);
  return rc;
}

static void *thread_compile(void *arg) {
  KccKernel *k = compile((const char *)arg, "1024", NULL);
  bool ok = k && run_add(k, 3000);
  kcc_kernel_destroy(k);
  return (void *)(intptr_t)ok;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "child") == 0) return child(argv[2]);

  char dir[] = "/tmp/kcc-test-cache-XXXXXX";
  if (!mkdtemp(dir)) return perror("mkdtemp"), 1;

  /* Two processes, one fresh cache. */
  pid_t pids[2];
  for (int i = 0; i < 2; i++) {
    pids[i] = fork();
    if (pids[i] == 0) {
      execl("/proc/self/exe", argv[0], "child", dir, (char *)NULL);
      _exit(127);
    }
  }
  for (int i = 0; i < 2; i++) {
    int status = 0;
    waitpid(pids[i], &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  char paths[4][4200];
  int temps;
  CHECK(entries(dir, paths, 4, &temps) == 1 && temps == 0);
  struct stat st0, st1;
  CHECK(stat(paths[0], &st0) == 0);
  size_t full_size;
  char *full = slurp(paths[0], &full_size);

  /* A hit rewrites nothing and names the kernel without the frontend. */
  KccKernel *k = compile(dir, "1024", NULL);
  CHECK(k && strcmp(kcc_kernel_name(k), "add_kernel") == 0 && kcc_kernel_num_params(k) == 4);
  /* only out_ptr is written ("writes" in the cached metadata) */
  CHECK(k && !kcc_kernel_param_writes(k, 0) && !kcc_kernel_param_writes(k, 1) &&
        kcc_kernel_param_writes(k, 2) && !kcc_kernel_param_writes(k, 3) &&
        !kcc_kernel_param_writes(k, 4) && !kcc_kernel_param_writes(k, -1));
  CHECK(stat(paths[0], &st1) == 0 && st1.st_ino == st0.st_ino && st1.st_mtime == st0.st_mtime);
  CHECK(k && run_add(k, 5000));
  char *data = NULL;
  size_t size = 0;
  CHECK(k && kcc_kernel_emit(k, "kir", &data, &size, NULL) == KCC_OK && strstr(data, "kir.load"));
  kcc_free(data);
  CHECK(k && kcc_kernel_emit(k, "so", &data, &size, NULL) == KCC_OK && size < full_size &&
        memcmp(data, full, size) == 0 && memcmp(data, "\177ELF", 4) == 0);
  kcc_free(data);
  kcc_kernel_destroy(k);

  /* A truncated entry is detected and rebuilt. */
  CHECK(truncate(paths[0], (off_t)(full_size / 2)) == 0);
  k = compile(dir, "1024", NULL);
  CHECK(k && run_add(k, 4097));
  kcc_kernel_destroy(k);
  size_t again_size = 0;
  char *again = slurp(paths[0], &again_size);
  CHECK(again && again_size == full_size);
  free(again);

  /* So is a corrupted one (one byte flipped in the middle). */
  FILE *f = fopen(paths[0], "r+b");
  CHECK(f != NULL);
  if (f) {
    fseek(f, (long)(full_size / 3), SEEK_SET);
    int c = fgetc(f);
    fseek(f, (long)(full_size / 3), SEEK_SET);
    fputc(c ^ 0x40, f);
    fclose(f);
  }
  k = compile(dir, "1024", NULL);
  CHECK(k && run_add(k, 100));
  kcc_kernel_destroy(k);
  again = slurp(paths[0], &again_size);
  CHECK(again && again_size == full_size && memcmp(again, full, full_size) == 0);
  free(again);
  free(full);

  /* Other defines: another entry. No cache: no new entry. */
  k = compile(dir, "512", NULL);
  CHECK(k != NULL);
  kcc_kernel_destroy(k);
  CHECK(entries(dir, paths, 4, &temps) == 2 && temps == 0);
  k = compile("", "256", NULL);
  CHECK(k && kcc_kernel_num_params(k) == 4);
  kcc_kernel_destroy(k);
  CHECK(entries(dir, paths, 4, &temps) == 2 && temps == 0);

  /* Threads compiling at once (one uncached, so both run the whole pipeline). */
  pthread_t t[4];
  const char *dirs[4] = {"", "", dir, dir};
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, thread_compile, (void *)dirs[i]);
  for (int i = 0; i < 4; i++) {
    void *ok;
    pthread_join(t[i], &ok);
    CHECK(ok);
  }

  /* kcc_compile_kir builds nothing until asked: every stage on demand, then a lazy launch. */
  KccOptions *lo = kcc_options_create();
  kcc_options_set(lo, "signature", "x_ptr=*fp32, y_ptr=*fp32, out_ptr=*fp32, n=i32", NULL);
  kcc_options_set(lo, "define", "BLOCK_SIZE=1024", NULL);
  kcc_options_set(lo, "cache-dir", "", NULL);
  KccKernel *lazy = NULL;
  CHECK(kcc_compile_kir("add.py", SRC, lo, &lazy, NULL) == KCC_OK && lazy);
  CHECK(lazy && kcc_kernel_param_writes(lazy, 2) && !kcc_kernel_param_writes(lazy, 0)); /* kir */
  const char *stages[] = {"kir", "kir-loc", "mlir-llvm", "llvm", "asm", "obj", "so", "header"};
  const char *expect[] = {"kir.load",   "loc(",    "llvm.func", "define void @add_kernel",
                          "add_kernel", "\177ELF", "\177ELF",   "add_kernel_launch"};
  for (int i = 0; lazy && i < 8; i++) {
    data = NULL;
    CHECK(kcc_kernel_emit(lazy, stages[i], &data, &size, NULL) == KCC_OK && data && size > 0);
    CHECK(data &&
          (i == 5 || i == 6 ? memcmp(data, expect[i], 4) == 0 : strstr(data, expect[i]) != NULL));
    kcc_free(data);
  }
  CHECK(lazy && run_add(lazy, 2049));
  kcc_kernel_destroy(lazy);
  kcc_options_destroy(lo);

  /* Bad input: a compile error, with located diagnostics. */
  KccOptions *o = kcc_options_create();
  KccKernel *bad = NULL;
  char *diag = NULL;
  kcc_options_set(o, "cache-dir", dir, NULL);
  CHECK(kcc_compile("bad.py", "@triton.jit\ndef k(x):\n    y = = 1\n", o, &bad, &diag) ==
            KCC_ERR_COMPILE &&
        !bad && diag && strstr(diag, "bad.py:3:"));
  kcc_free(diag);
  kcc_options_destroy(o);

  trust(dir);

  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  if (failures)
    fprintf(stderr, "test_cache: %d failures\n", failures);
  else
    printf("test_cache: ok\n");
  return failures != 0;
}

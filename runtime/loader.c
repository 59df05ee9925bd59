/*
 * loader.c - CPU shared objects to callable kernels: dlopen (RTLD_LOCAL), the kernel symbol and
 * its `kcc_meta_NAME` description (docs/kir.md, "CPU kernel ABI"), its `kcc_entry_NAME` (the
 * kernel taking an array of argument pointers, what launches call), and the libffi call interface
 * for `void NAME(params..., i32 pid_x, pid_y, pid_z, nprog_x, nprog_y, nprog_z)`, prepared once
 * per kernel: the call path for objects without an entry, and for all when KCC_CALL=ffi (libffi
 * costs about 250 ns per program on the development machine; the entry, nothing measurable).
 * Also kcc_kernel_load and the accessors of kcc.h.
 */
#include "rt.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Device code calls __kcc_assert_fail (launch.c), defined in libkcc. A kernel object is opened
 * RTLD_LOCAL and resolves it from the global scope, where libkcc is missing when it was itself
 * opened RTLD_LOCAL (Python's ctypes does that): promote libkcc to the global scope, once. (A
 * dlsym(RTLD_DEFAULT) test cannot tell: called from libkcc it also searches libkcc's own scope.)
 * An executable linking libkcc statically must export the symbol itself (-rdynamic). */
static void promote_self(void) {
  extern void __kcc_assert_fail(const char *msg);
  Dl_info info;
  if (dladdr((void *)(uintptr_t)__kcc_assert_fail, &info) && info.dli_fname) {
    void *self = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    (void)self; /* keeps its reference: libkcc stays loaded while kernels may call into it */
  }
}

static pthread_once_t promote_once = PTHREAD_ONCE_INIT;

static void export_runtime_symbols(void) {
  pthread_once(&promote_once, promote_self);
}

bool rt_meta_parse(KccKernel *k, const char *meta, const char *want_name, Diag *d) {
  const char *p = meta;
  char word[64], a[256], b[64];
  int n = 0, cap = 0;
  char **names = NULL, **types = NULL, *name = NULL;
  bool *writes = NULL;
  bool ok = strncmp(p, "kcc-meta 1\n", 11) == 0;
  for (p = ok ? p + 11 : p; ok && *p;) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char line[512];
    if (len >= sizeof line) {
      ok = false;
      break;
    }
    memcpy(line, p, len);
    line[len] = 0;
    p += len + (e ? 1 : 0);
    if (sscanf(line, "%63s", word) != 1) continue;
    if (strcmp(word, "kernel") == 0) {
      ok = sscanf(line, "kernel %255s", a) == 1 && !name;
      if (ok) name = strdup(a);
    } else if (strcmp(word, "param") == 0) {
      const char *canon;
      ok = sscanf(line, "param %255s %63s", a, b) == 2 && (canon = rt_type_canon(b)) != NULL;
      if (ok) {
        if (n == cap) {
          cap = cap ? 2 * cap : 8;
          names = realloc(names, sizeof *names * (size_t)cap);
          types = realloc(types, sizeof *types * (size_t)cap);
          writes = realloc(writes, sizeof *writes * (size_t)cap);
        }
        writes[n] = false;
        names[n] = strdup(a);
        types[n++] = strdup(canon);
      }
    } else if (strcmp(word, "threads") == 0) {
      ok = sscanf(line, "threads %d", &k->threads) == 1 && k->threads >= 1;
    } else if (strcmp(word, "shared") == 0) {
      ok = sscanf(line, "shared %lld", &k->shared_bytes) == 1 && k->shared_bytes >= 0;
    } else if (strcmp(word, "writes") == 0) { /* after the params: names one of them */
      int i = 0;
      ok = sscanf(line, "writes %255s", a) == 1;
      while (ok && i < n && strcmp(names[i], a) != 0)
        i++;
      ok = ok && i < n && strncmp(types[i], "*", 1) == 0;
      if (ok) writes[i] = true;
    } else if (strcmp(word, "end") == 0) {
      break; /* the text may be embedded in a larger artefact */
    }        /* other keys: later versions of the format; ignored */
  }
  if (ok && (!name || (want_name && strcmp(name, want_name) != 0))) ok = false;
  if (ok)
    ok = rt_kernel_set_params(k, name, n, (const char *const *)names, (const char *const *)types,
                              writes, d);
  else
    diag_plain(d, "malformed kernel metadata (kcc_meta_%s)", want_name ? want_name : "?");
  for (int i = 0; i < n; i++)
    free(names[i]), free(types[i]);
  free(names), free(types), free(writes), free(name);
  return ok;
}

/* The kernel of an ELF64 shared object with exactly one `kcc_meta_NAME` dynamic symbol. */
static char *find_kernel_name(const char *bytes, size_t size, Diag *d, const char *path) {
  const Elf64_Ehdr *eh = (const void *)bytes;
  char *found = NULL;
  int count = 0;
  if (size >= sizeof *eh && memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 &&
      eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_shentsize == sizeof(Elf64_Shdr) &&
      eh->e_shoff < size && eh->e_shnum <= (size - eh->e_shoff) / sizeof(Elf64_Shdr)) {
    const Elf64_Shdr *sh = (const void *)(bytes + eh->e_shoff);
    for (int i = 0; i < eh->e_shnum; i++) {
      if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum) continue;
      const Elf64_Shdr *str = &sh[sh[i].sh_link];
      if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset ||
          str->sh_offset > size || str->sh_size > size - str->sh_offset)
        continue;
      const Elf64_Sym *sym = (const void *)(bytes + sh[i].sh_offset);
      size_t nsym = sh[i].sh_size / sizeof *sym;
      for (size_t j = 0; j < nsym; j++) {
        if (sym[j].st_shndx == SHN_UNDEF || sym[j].st_name >= str->sh_size) continue;
        const char *nm = bytes + str->sh_offset + sym[j].st_name;
        size_t max = str->sh_size - sym[j].st_name;
        if (strnlen(nm, max) < max && strncmp(nm, "kcc_meta_", 9) == 0 && nm[9]) {
          if (!count++) found = strdup(nm + 9);
        }
      }
    }
  }
  if (count != 1) {
    diag_plain(d, "'%s' holds %s kcc kernel: name the kernel to load", path,
               count ? "more than one" : "no");
    free(found);
    return NULL;
  }
  return found;
}

/* Whether the loaded object h was mapped from the file open at fd: the mapping that holds its
 * dynamic section, found in /proc/self/maps, has the file's device and inode. */
static bool maps_file(void *h, int fd) {
  struct link_map *lm = NULL;
  struct stat st;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || !lm || fstat(fd, &st) != 0) return false;
  FILE *f = fopen("/proc/self/maps", "re");
  if (!f) return false;
  uintptr_t at = (uintptr_t)lm->l_ld;
  bool same = false;
  char line[4352];
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi, maj, min, ino;
    if (sscanf(line, "%lx-%lx %*s %*s %lx:%lx %lu", &lo, &hi, &maj, &min, &ino) != 5) continue;
    if (at < lo || at >= hi) continue;
    same = maj == major(st.st_dev) && min == minor(st.st_dev) && ino == st.st_ino;
    break;
  }
  fclose(f);
  return same;
}

/* dlopens the file open at fd through /proc/self/fd/N, the very file whose bytes were checked.
 * glibc knows a loaded object by every name it was opened under (a second open of the same file
 * under another name adds that name to it), so a number whose name still belongs to a loaded
 * object (that descriptor since closed and the number reused) hands back that object, not this
 * file: the object is checked against the file, and on a mismatch the descriptor is duplicated
 * to a higher number and tried again. */
static void *dlopen_fd(int fd) {
  enum { TRIES = 64 };
  void *h = NULL;
  char p[64];
  int f = fd;
  for (int i = 0; i < TRIES && f >= 0; i++) {
    snprintf(p, sizeof p, "/proc/self/fd/%d", f);
    h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    bool stale = h && !maps_file(h, fd);
    if (stale) dlclose(h), h = NULL;
    int next = stale ? fcntl(fd, F_DUPFD_CLOEXEC, f + 1) : -1;
    if (f != fd) close(f);
    f = next;
  }
  return h;
}

/* Without /proc: a private copy of the bytes in a fresh 0700 directory, loaded and removed. */
static void *dlopen_copy(const char *bytes, size_t size) {
  char *dir = rt_private_dir(), p[4200];
  if (!dir) return NULL;
  snprintf(p, sizeof p, "%s/kernel.so", dir);
  void *h = NULL;
  int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    bool ok = rt_write_all(fd, bytes, size);
    if (close(fd) == 0 && ok) h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    unlink(p);
  }
  rmdir(dir);
  free(dir);
  return h;
}

bool rt_load(KccKernel *k, int fd, const char *path, const char *name, const char *bytes,
             size_t size, Diag *d) {
  char *found = NULL;
  if (!name) name = k->name;
  if (!name && bytes && !(name = found = find_kernel_name(bytes, size, d, path))) return false;
  if (!name) {
    diag_plain(d, "no kernel name given for '%s'", path);
    return false;
  }
  export_runtime_symbols();
  void *h = access("/proc/self/fd", X_OK) == 0 ? dlopen_fd(fd) : NULL;
  /* no /proc, or every name dlopen_fd tried is still another live object's: a private copy */
  if (!h && bytes) h = dlopen_copy(bytes, size);
  if (!h) {
    const char *why = dlerror();
    diag_plain(d, "cannot load '%s': %s%s", path, why ? why : "unknown error",
               why && strstr(why, "__kcc_assert_fail")
                   ? " (link the program with -rdynamic so that kernels find libkcc's runtime)"
                   : "");
    free(found);
    return false;
  }
  char sym[300];
  snprintf(sym, sizeof sym, "kcc_meta_%s", name);
  const char *meta = dlsym(h, sym);
  void *fn = dlsym(h, name);
  bool ok = meta && fn;
  if (!ok) diag_plain(d, "'%s' has no kernel '%s' (symbols %s and %s)", path, name, name, sym);
  if (ok && !k->name) /* else the frontend already described the kernel */
    ok = rt_meta_parse(k, meta, name, d);
  if (ok) {
    int n = k->nparams;
    /* compiled with check-bounds: n array sizes (int64) follow the program ids */
    k->check_bounds = strstr(meta, "\ncheck-bounds 1\n") != NULL;
    int nb = k->check_bounds ? n : 0;
    k->atypes = calloc((size_t)n + 6 + (size_t)nb, sizeof *k->atypes);
    for (int i = 0; ok && i < n; i++)
      ok = (k->atypes[i] = rt_type_ffi(k->ptypes[i])) != NULL;
    for (int i = 0; i < 6; i++)
      k->atypes[n + i] = &ffi_type_sint32;
    for (int i = 0; i < nb; i++)
      k->atypes[n + 6 + i] = &ffi_type_sint64;
    if (!ok || ffi_prep_cif(&k->cif, FFI_DEFAULT_ABI, (unsigned)(n + 6 + nb), &ffi_type_void,
                            k->atypes) != FFI_OK) {
      diag_plain(d, "cannot prepare the call interface of kernel '%s'", name);
      ok = false;
    }
  }
  free(found);
  if (!ok) {
    free(k->atypes);
    k->atypes = NULL;
    dlclose(h);
    return false;
  }
  k->dl = h;
  k->fn = (void (*)(void))(uintptr_t)fn;
  snprintf(sym, sizeof sym, "kcc_entry_%s", name);
  const char *call = getenv("KCC_CALL");
  k->entry = call && strcmp(call, "ffi") == 0 ? NULL : (void (*)(void **))(uintptr_t)dlsym(h, sym);
  atomic_store_explicit(&k->loaded, true, memory_order_release);
  return true;
}

void rt_unload(KccKernel *k) {
  if (k->dl) dlclose(k->dl);
  k->dl = NULL;
  k->fn = NULL;
  k->entry = NULL;
  free(k->atypes);
  k->atypes = NULL;
  atomic_store(&k->loaded, false);
}

KccStatus kcc_kernel_load(const char *so_path, const char *kernel, KccKernel **out, char **diag) {
  if (diag) *diag = NULL;
  if (!out) return rt_usage(diag, "kcc_kernel_load: null output");
  *out = NULL;
  if (!so_path) return rt_usage(diag, "kcc_kernel_load: null path");
  size_t size;
  int fd = open(so_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* read and loaded from one open */
  char *bytes = fd >= 0 ? rt_read_fd(fd, &size) : NULL;
  if (!bytes) {
    int err = errno;
    if (fd >= 0) close(fd);
    return rt_usage(diag, "cannot open '%s': %s", so_path, strerror(err));
  }
  KccKernel *k = rt_kernel_new();
  Diag d;
  diag_init(&d);
  char *cached = rt_cache_strip(bytes, &size); /* a cache entry: the object without its trailer */
  k->so = bytes;
  k->so_size = size;
  KccArtefact kind;
  bool ok = rt_device_artefact(bytes, size, &kind) /* a device kernel (launch.c): never dlopened */
                ? rt_kernel_load_source(k, bytes, size, kind, kernel ? kernel : cached, &d)
                : rt_load(k, fd, so_path, kernel ? kernel : cached, bytes, size, &d);
  close(fd); /* the mapping stays */
  if (!ok) {
    free(cached);
    kcc_kernel_destroy(k);
    return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  }
  free(cached);
  diag_free(&d);
  *out = k;
  return KCC_OK;
}

/* ---- accessors --------------------------------------------------------------------------------
 */
const char *kcc_kernel_name(const KccKernel *k) {
  return rt_kernel_ok(k) ? k->name : NULL;
}

int kcc_kernel_num_params(const KccKernel *k) {
  return rt_kernel_ok(k) ? k->nparams : 0;
}

const char *kcc_kernel_param_name(const KccKernel *k, int i) {
  return rt_kernel_ok(k) && i >= 0 && i < k->nparams ? k->pnames[i] : NULL;
}

const char *kcc_kernel_param_type(const KccKernel *k, int i) {
  return rt_kernel_ok(k) && i >= 0 && i < k->nparams ? k->ptypes[i] : NULL;
}

int kcc_kernel_param_writes(const KccKernel *k, int i) {
  return rt_kernel_ok(k) && i >= 0 && i < k->nparams && k->pwrites && k->pwrites[i];
}

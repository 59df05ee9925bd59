/*
 * driver_lib.c - what the dlopen'd drivers (driver_opencl.c, driver_cuda.c, driver_hip.c) share:
 * opening their library once per process, and the device-index check of `open`.
 */
#include "driver.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *rt_driver_dlopen(const char *env, const char *lib, const char *need, RtDriverLoad *s) {
  const char *path = getenv(env);
  if (!path || !*path) path = lib;
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) snprintf(s->error, sizeof s->error, "cannot load %s: %s; %s", path, dlerror(), need);
  s->library = path;
  return h;
}

bool rt_driver_loaded(RtDriverLoad *s, void (*load)(void), int *count, Diag *d) {
  pthread_once(&s->once, load);
  if (s->error[0]) {
    diag_plain(d, "%s", s->error);
    return false;
  }
  *count = s->count;
  return true;
}

bool rt_driver_index_ok(const char *api, int index, int count, Diag *d) {
  if (index >= 0 && index < count) return true;
  diag_plain(d, "%s device index %d is out of range: %d device%s found (0..%d)", api, index, count,
             count == 1 ? "" : "s", count - 1);
  return false;
}

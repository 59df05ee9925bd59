/*
 * driver_host.c - the "cpu" row of the driver table: one device, this process, whose buffers are
 * host memory. It builds no programs (CPU kernels are shared objects run by kcc_launch on the
 * thread pool); it exists so that host code written against kcc_device_open / kcc_buffer_* runs
 * unchanged on the CPU, and a device launch of a CPU kernel can later hand the buffers' memory to
 * the CPU entry.
 */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int host_device; /* the device handle's address; nothing to keep per device */

static bool host_load(int *count, Diag *d) {
  *count = 1;
  return true;
}

static void *host_open(int index, RtDeviceInfo *info, Diag *d) {
  if (index != 0) {
    diag_plain(d, "cpu device index %d is out of range: 1 device (0)", index);
    return NULL;
  }
  memset(info, 0, sizeof *info);
  snprintf(info->name, sizeof info->name, "host");
  snprintf(info->platform, sizeof info->platform, "kcc");
  snprintf(info->version, sizeof info->version, "kcc cpu");
  /* A program runs on one host thread (KccTargetKind KCC_TARGET_CPU). */
  info->max_workgroup = 1;
  for (int i = 0; i < 3; i++)
    info->max_workgroup_dim[i] = 1;
  info->max_buffer_bytes = INT64_MAX;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  info->global_bytes = pages > 0 && page > 0 ? (int64_t)pages * page : 0;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  info->compute_units = cpus > 0 ? (int)cpus : 1;
  info->subgroup_size = 1;
  info->fp16 = info->fp64 = true;
  return &host_device;
}

static void host_close(void *dev) {}

static void *host_alloc(void *dev, size_t bytes, Diag *d) {
  void *p = calloc(1, bytes);
  if (!p) diag_plain(d, "out of memory: a host buffer of %zu bytes", bytes);
  return p;
}

static void host_free(void *dev, void *buf) {
  free(buf);
}

static bool host_write(void *dev, void *buf, size_t off, const void *src, size_t n, Diag *d) {
  memcpy((char *)buf + off, src, n);
  return true;
}

static bool host_read(void *dev, void *buf, size_t off, void *dst, size_t n, Diag *d) {
  memcpy(dst, (const char *)buf + off, n);
  return true;
}

static bool host_finish(void *dev, Diag *d) {
  return true;
}

const RtDriver rt_driver_host = {
    .name = "cpu",
    .load = host_load,
    .open = host_open,
    .close = host_close,
    .alloc = host_alloc,
    .free = host_free,
    .write = host_write,
    .read = host_read,
    .finish = host_finish,
};

/*
 * expect.h - what the runtime C tests share (test_device.c, test_simt.c): EXPECT_ERR (a call fails
 * with a status and a message holding each '|'-separated substring; the message is printed after
 * "expected: ", later lines indented with "  | ") and OK (a call succeeds). Both use and free the
 * caller's `char *diag`; failures are counted in check.h's `failures`.
 */
#ifndef KCC_TESTS_RUNTIME_EXPECT_H
#define KCC_TESTS_RUNTIME_EXPECT_H

#include "kcc/kcc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/check.h" /* CHECK: report and go on; `failures` */

/* Checks that a call failed with `want` and a message containing each of the '|'-separated
 * substrings of `needles`; prints the message. Frees diag. */
#define EXPECT_ERR(call, want, needles) expect_err(__FILE__, __LINE__, (call), want, &diag, needles)
static void expect_err(const char *file, int line, KccStatus st, KccStatus want, char **diag,
                       const char *needles) {
  const char *msg = *diag ? *diag : "";
  if (st != want) {
    fprintf(stderr, "%s:%d: status %d, expected %d: %s\n", file, line, st, want, msg);
    failures++;
  }
  char buf[256];
  for (const char *p = needles; *p;) {
    const char *e = strchr(p, '|');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    snprintf(buf, sizeof buf, "%.*s", (int)n, p);
    if (!strstr(msg, buf)) {
      fprintf(stderr, "%s:%d: message lacks '%s': %s\n", file, line, buf, msg);
      failures++;
    }
    p += n + (e != NULL);
  }
  printf("expected: "); /* every line of the message, the later ones indented */
  for (const char *l = msg; *l;) {
    size_t n = strcspn(l, "\n");
    printf("%s%.*s\n", l == msg ? "" : "  | ", (int)n, l);
    l += n + (l[n] == '\n');
  }
  if (!*msg) printf("\n");
  kcc_free(*diag);
  *diag = NULL;
}

#define OK(call)                                                                                   \
  do {                                                                                             \
    KccStatus st_ = (call);                                                                        \
    if (st_ != KCC_OK) {                                                                           \
      fprintf(stderr, "%s:%d: %s failed (%d): %s", __FILE__, __LINE__, #call, st_,                 \
              diag ? diag : "?\n");                                                                \
      failures++;                                                                                  \
    }                                                                                              \
    kcc_free(diag);                                                                                \
    diag = NULL;                                                                                   \
  } while (0)

/* The number of OpenCL devices; 0 after printing "skipped: no OpenCL device (<reason>)". */
/* Writes `text` to DIR/NAME (its path into path[0..cap)); exits on failure. */
static inline void write_file(const char *dir, const char *name, const char *text, char *path,
                              size_t cap) {
  snprintf(path, cap, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

static inline int opencl_devices_or_skip(void) {
  char *diag = NULL;
  int count = 0;
  KccStatus st = kcc_device_count("opencl", &count, &diag);
  if (st != KCC_OK || count == 0) {
    const char *why = st != KCC_OK && diag ? diag : "the OpenCL library lists no device";
    if (strncmp(why, "kcc: error: ", 12) == 0) why += 12;
    printf("skipped: no OpenCL device (%.*s)\n", (int)strcspn(why, "\n"), why);
    count = 0;
  }
  kcc_free(diag);
  return count;
}

#endif /* KCC_TESTS_RUNTIME_EXPECT_H */

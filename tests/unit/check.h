/*
 * check.h - the unit tests' assertions: each failing CHECK prints its file and line and the run
 * goes on; main returns `failures != 0`. Include once per test executable.
 */
#ifndef KCC_TESTS_UNIT_CHECK_H
#define KCC_TESTS_UNIT_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures, checks;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    checks++;                                                                                      \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                     \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

#define CHECK_STR(got, want)                                                                       \
  do {                                                                                             \
    const char *g_ = (got), *w_ = (want);                                                          \
    checks++;                                                                                      \
    if (!g_ || strcmp(g_, w_) != 0) {                                                              \
      fprintf(stderr, "%s:%d: CHECK_STR failed:\n  got:  [%s]\n  want: [%s]\n", __FILE__,          \
              __LINE__, g_ ? g_ : "(null)", w_);                                                   \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

#endif

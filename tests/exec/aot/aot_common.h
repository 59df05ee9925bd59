/* aot_common.h - helpers of the hand-written AOT hosts in tests/exec/aot: a deterministic
 * generator, fp16 conversions and comparisons. Each host includes "kernel.h", the header that
 * `kcc ... -o libK.so --header kernel.h` wrote, and checks the kernel against a plain C reference. */
#ifndef AOT_COMMON_H
#define AOT_COMMON_H
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t aot_state = 0x9E3779B97F4A7C15ull;
/* uniform in [-1, 1) */
static inline float aot_rand(void) {
  aot_state = aot_state * 6364136223846793005ull + 1442695040888963407ull;
  return (float)((aot_state >> 40) & 0xFFFFFF) / (float)(1 << 23) - 1.0f;
}

static inline float aot_h2f(uint16_t h) {
  uint32_t s = (uint32_t)(h >> 15) << 31, e = (h >> 10) & 0x1f, m = h & 0x3ff, x;
  if (e == 0) {
    if (m == 0) {
      x = s;
    } else { /* subnormal */
      e = 127 - 15 + 1;
      while (!(m & 0x400)) {
        m <<= 1;
        e--;
      }
      x = s | (e << 23) | ((m & 0x3ff) << 13);
    }
  } else if (e == 31) {
    x = s | 0x7f800000u | (m << 13);
  } else {
    x = s | ((e + 127 - 15) << 23) | (m << 13);
  }
  float f;
  memcpy(&f, &x, 4);
  return f;
}

/* round to nearest even; inputs are in the normal fp16 range here */
static inline uint16_t aot_f2h(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u;
  int e = (int)((x >> 23) & 0xff) - 127 + 15;
  uint32_t m = x & 0x7fffffu;
  if (e <= 0)
    return (uint16_t)sign; /* flush tiny values (not produced by these tests) */
  if (e >= 31)
    return (uint16_t)(sign | 0x7c00u);
  uint32_t h = ((uint32_t)e << 10) | (m >> 13), rem = m & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1)))
    h++;
  return (uint16_t)(sign | h);
}

static inline int aot_close(double got, double ref, double rtol, double atol) {
  return fabs(got - ref) <= atol + rtol * fabs(ref);
}

#define AOT_CHECK(cond, ...)                                                                   \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      fprintf(stderr, __VA_ARGS__);                                                            \
      fputc('\n', stderr);                                                                     \
      return 1;                                                                                \
    }                                                                                          \
  } while (0)

#endif

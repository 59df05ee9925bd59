/*
 * kernels.c - hand-written kernels in the CPU kernel ABI of docs/kir.md (each with its
 * kcc_meta_NAME text), compiled into a shared object by test_launch.c. They test the loader and
 * the launcher without the compiler: which programs run, in which order, and device assertions.
 */
#include <stdint.h>
#include <time.h>

#pragma GCC diagnostic ignored "-Wunused-parameter" /* the ABI passes all six grid values */

void __kcc_assert_fail(const char *msg);

/* Records each program: seen[linear id] += 1, order[k] = linear id of the k-th started program. */
const char kcc_meta_record[] = "kcc-meta 1\nkernel record\nparam seen *i32\nparam order *i64\n"
                               "param counter *i64\n";
void record(int32_t *seen, int64_t *order, int64_t *counter, int32_t x, int32_t y, int32_t z,
            int32_t nx, int32_t ny, int32_t nz) {
  int64_t id = ((int64_t)z * ny + y) * nx + x;
  __atomic_fetch_add(&seen[id], 1, __ATOMIC_RELAXED);
  int64_t k = __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
  order[k] = id;
}

/* Program p spins until program p-1 has published: deadlocks unless ids are handed out in
 * ascending order and every taken id is running. */
const char kcc_meta_chain[] = "kcc-meta 1\nkernel chain\nparam flags *i32\n";
void chain(int32_t *flags, int32_t x, int32_t y, int32_t z, int32_t nx, int32_t ny, int32_t nz) {
  if (x > 0)
    while (!__atomic_load_n(&flags[x - 1], __ATOMIC_ACQUIRE))
      ;
  __atomic_store_n(&flags[x], 1, __ATOMIC_RELEASE);
}

/* Scalars of every ABI class: out[x] = a + b + c + d + (flag ? 1 : 0) + h. */
const char kcc_meta_scalars[] = "kcc-meta 1\nkernel scalars\nparam out *fp64\nparam a i8\n"
                                "param b i64\nparam c fp32\nparam d fp64\nparam flag i1\n"
                                "param h fp16\n";
void scalars(double *out, int8_t a, int64_t b, float c, double d, uint8_t flag, uint16_t h,
             int32_t x, int32_t y, int32_t z, int32_t nx, int32_t ny, int32_t nz) {
  out[x] = a + (double)b + c + d + (flag ? 1 : 0) + h;
}

/* Fails its assertion in program `bad` (and writes done[x] = 1 in the others). */
const char kcc_meta_checked[] = "kcc-meta 1\nkernel checked\nparam done *i32\nparam bad i32\n";
void checked(int32_t *done, int32_t bad, int32_t x, int32_t y, int32_t z, int32_t nx, int32_t ny,
             int32_t nz) {
  if (x == bad) __kcc_assert_fail("checked.py:3:5: device assertion failed: x != bad");
  done[x] = 1;
}

/* Sleeps about 1 ms per program and counts the programs that ran: for kcc_launch_cancel. */
const char kcc_meta_slow[] = "kcc-meta 1\nkernel slow\nparam count *i64\n";
void slow(int64_t *count, int32_t x, int32_t y, int32_t z, int32_t nx, int32_t ny, int32_t nz) {
  struct timespec ts = {0, 1000000};
  nanosleep(&ts, 0);
  __atomic_fetch_add(count, 1, __ATOMIC_RELAXED);
}

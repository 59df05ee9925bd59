/* roofline.c - this machine's limits for bench/run, measured in the same run as the kernels.
 *
 *   roofline stream N THREADS REPS   best-of-REPS copy (c = a) and triad (a = b + s * c) over
 *                                    fp32 arrays of N elements, each thread on its own contiguous
 *                                    slice (first touched by that thread); prints
 *                                    `copy GB/s triad GB/s` counting the bytes the loop names
 *                                    (copy 8 N, triad 12 N), as STREAM does.
 *   roofline fma THREADS REPS        a register-only loop of independent vector FMAs on every
 *                                    thread; prints the best fp32 GFLOP/s (2 per lane per FMA).
 *
 * Built by bench/bench.py with the system clang, -O3 -march=native -fno-builtin (no memcpy: the
 * copy uses ordinary stores, as the kernels do). Threads are pthreads, so no OpenMP runtime is
 * needed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__AVX512F__)
#define VBYTES 64
#elif defined(__AVX__)
#define VBYTES 32
#else
#define VBYTES 16
#endif
#define LANES (VBYTES / 4)
#define CHAINS 12 /* independent FMA chains: 12 + 2 constants fit in 16 vector registers */
typedef float vf __attribute__((vector_size(VBYTES)));

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct job {
  int mode; /* 0 stream, 1 fma */
  int id, threads, reps;
  long n;
  float *a, *b, *c;
  pthread_barrier_t *bar;
  double t_copy, t_triad, t_fma; /* best times, measured by thread 0 */
  long iters;
  float sink;
};

/* Every thread runs the same step between two barriers; thread 0 times the step. */
#define TIMED(best, body)                                                                          \
  do {                                                                                             \
    pthread_barrier_wait(j->bar);                                                                  \
    double t0 = now();                                                                             \
    body;                                                                                          \
    pthread_barrier_wait(j->bar);                                                                  \
    double t = now() - t0;                                                                         \
    if (t < (best)) (best) = t;                                                                    \
  } while (0)

static void *stream_thread(void *p) {
  struct job *j = p;
  long lo = j->n * j->id / j->threads, hi = j->n * (j->id + 1) / j->threads;
  float *a = j->a, *b = j->b, *c = j->c;
  const float s = 3.0f;
  for (long i = lo; i < hi; i++) {
    a[i] = 1.0f;
    b[i] = 2.0f;
    c[i] = 0.5f;
  }
  j->t_copy = j->t_triad = 1e30;
  for (int r = 0; r < j->reps; r++) {
    TIMED(j->t_copy, for (long i = lo; i < hi; i++) c[i] = a[i]);
    TIMED(j->t_triad, for (long i = lo; i < hi; i++) a[i] = b[i] + s * c[i]);
  }
  return NULL;
}

static void *fma_thread(void *p) {
  struct job *j = p;
  vf acc[CHAINS], m, add;
  for (int k = 0; k < LANES; k++) {
    m[k] = 0.999999f;
    add[k] = 1e-6f;
  }
  for (int c = 0; c < CHAINS; c++)
    acc[c] = add * (float)(c + 1);
  j->t_fma = 1e30;
  for (int r = 0; r < j->reps; r++) {
    TIMED(
        j->t_fma, for (long i = 0; i < j->iters; i++) {
          for (int c = 0; c < CHAINS; c++)
            acc[c] = acc[c] * m + add;
          __asm__ volatile("" : "+x"(m)); /* keep the loop: m may change */
        });
  }
  float s = 0;
  for (int c = 0; c < CHAINS; c++)
    for (int k = 0; k < LANES; k++)
      s += acc[c][k];
  j->sink = s;
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: roofline stream N THREADS REPS | roofline fma THREADS REPS\n");
    return 2;
  }
  int stream = strcmp(argv[1], "stream") == 0;
  int arg = stream ? 3 : 2;
  long n = stream ? atol(argv[2]) : 0;
  int threads = atoi(argv[arg]);
  int reps = argc > arg + 1 ? atoi(argv[arg + 1]) : 5;
  if (threads < 1 || reps < 1 || (stream && n < threads)) return 2;
  float *a = NULL, *b = NULL, *c = NULL;
  if (stream) {
    a = aligned_alloc(64, (n * 4 + 63) / 64 * 64);
    b = aligned_alloc(64, (n * 4 + 63) / 64 * 64);
    c = aligned_alloc(64, (n * 4 + 63) / 64 * 64);
    if (!a || !b || !c) return 1;
  }
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, NULL, threads);
  struct job *jobs = calloc(threads, sizeof *jobs);
  pthread_t *tid = calloc(threads, sizeof *tid);
  for (int t = 0; t < threads; t++) {
    jobs[t] = (struct job){.mode = !stream,
                           .id = t,
                           .threads = threads,
                           .reps = reps,
                           .n = n,
                           .a = a,
                           .b = b,
                           .c = c,
                           .bar = &bar,
                           .iters = 10000000 / CHAINS};
    pthread_create(&tid[t], NULL, stream ? stream_thread : fma_thread, &jobs[t]);
  }
  for (int t = 0; t < threads; t++)
    pthread_join(tid[t], NULL);
  if (stream) {
    printf("copy %.3f triad %.3f\n", 8.0 * n / jobs[0].t_copy * 1e-9,
           12.0 * n / jobs[0].t_triad * 1e-9);
  } else {
    double flops = 2.0 * LANES * CHAINS * (double)jobs[0].iters * threads;
    printf("fma %.3f lanes %d sink %g\n", flops / jobs[0].t_fma * 1e-9, LANES,
           (double)jobs[0].sink);
  }
  return 0;
}

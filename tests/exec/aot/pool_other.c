/* pool_other.c - the second translation unit of the AOT pool test (pool_main.c): it includes
 * one of the two headers on its own, in strict C11 (no feature-test macros), and launches from
 * here must use the same pool as those of pool_main.c (the runtime's functions are weak). */
#include "chain_kernel.h"

int pool_other_chain(int32_t *flags, unsigned n);

/* Runs chain_kernel on n programs; 0, or -1 with kcc_aot_last_error(). */
int pool_other_chain(int32_t *flags, unsigned n) {
  memset(flags, 0, sizeof *flags * n);
  return chain_kernel_launch(n, 1, 1, flags);
}

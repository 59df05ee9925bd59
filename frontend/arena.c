/*
 * arena.c - the per-compilation bump allocator.
 *
 * Tokens, AST nodes and strings are never freed one by one: they all live in one Arena that is
 * released with arena_destroy. Memory comes in chunks that double from 4 KiB to 64 KiB (small
 * inputs stay cheap), plus one chunk per oversized request; every allocation is zeroed and
 * 16-byte aligned. Running out of memory is the one
 * failure the library does not report through a Diag: it prints a message and aborts.
 */
#include "ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_FIRST_CHUNK = 4 * 1024, ARENA_CHUNK = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct Chunk {
  struct Chunk *next;
  size_t used, cap; /* bytes of data[] in use / available */
  _Alignas(ARENA_ALIGN) unsigned char data[];
} Chunk;

struct Arena {
  Chunk *head;     /* the chunk being filled; older chunks follow */
  size_t next_cap; /* size of the next regular chunk */
};

static void *arena_xcalloc(size_t n) {
  void *p = calloc(1, n);
  if (!p) {
    fprintf(stderr, "kcc: fatal error: out of memory (%zu bytes)\n", n);
    abort();
  }
  return p;
}

Arena *arena_create(void) {
  return arena_xcalloc(sizeof(Arena));
}

void arena_destroy(Arena *a) {
  if (!a) return;
  for (Chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}

static Chunk *arena_new_chunk(size_t cap) {
  Chunk *c = arena_xcalloc(sizeof(Chunk) + cap);
  c->cap = cap;
  return c;
}

void *arena_alloc(Arena *a, size_t size) {
  size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (need < size) { /* overflow */
    fprintf(stderr, "kcc: fatal error: out of memory (%zu bytes)\n", size);
    abort();
  }
  if (need == 0) need = ARENA_ALIGN;
  Chunk *c = a->head;
  if (!c || c->cap - c->used < need) {
    if (!a->next_cap) a->next_cap = ARENA_FIRST_CHUNK;
    if (need > a->next_cap / 4) {
      /* Oversized: a chunk of its own, linked behind the current one so that the current
       * chunk's free space stays usable. */
      Chunk *big = arena_new_chunk(need);
      big->used = need;
      if (c) {
        big->next = c->next;
        c->next = big;
      } else {
        a->head = big;
      }
      return big->data;
    }
    c = arena_new_chunk(a->next_cap);
    if (a->next_cap < ARENA_CHUNK) a->next_cap *= 2;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += need;
  return p; /* calloc'd chunks are zero, and nothing is ever reused */
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return arena_strndup(a, "", 0);
  if ((size_t)n < sizeof small) return arena_strndup(a, small, (size_t)n);
  char *p = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

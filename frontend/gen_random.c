/*
 * gen_random.c - tl.philox, tl.randint[4x], tl.rand[4x], tl.randn[4x], uint_to_uniform_float and
 * pair_uniform_to_normal. Triton defines these in the kernel language itself; so does kcc: the
 * prelude below is a kernel-language module, parsed once per compilation and called through the
 * ordinary jit-function inliner, so the counter-based Philox 4x32-10 generator (4x64-10 on uint64
 * counters) gives bit-exact
 * the same integers as Triton (and as Random123's published test vectors).
 */
#include "gen_internal.h"

#include <string.h>

static const char prelude[] =
    "import triton.language as tl\n"
    "\n"
    "\n"
    "@jit\n"
    "def umulhi64(a, b):\n"
    "    # The high half of a 64x64-bit product from four 32x32->64 products (no 128-bit type).\n"
    "    a_lo = a & 0xFFFFFFFF\n"
    "    a_hi = a >> 32\n"
    "    b_lo = b & 0xFFFFFFFF\n"
    "    b_hi = b >> 32\n"
    "    hi_lo = a_hi * b_lo\n"
    "    mid = ((a_lo * b_lo) >> 32) + (hi_lo & 0xFFFFFFFF) + a_lo * b_hi\n"
    "    return a_hi * b_hi + (hi_lo >> 32) + (mid >> 32)\n"
    "\n"
    "\n"
    "@jit\n"
    "def philox_impl(c0, c1, c2, c3, k0, k1, n_rounds: tl.constexpr = 10):\n"
    "    # One Philox round per iteration: two multiplies (high and low halves), xor with the\n"
    "    # key, then the Weyl-sequence key bump; 4x32 on uint32 counters, 4x64 on uint64 ones.\n"
    "    if c0.dtype == tl.uint32:\n"
    "        mul_a: tl.constexpr = 0xD2511F53\n"
    "        mul_b: tl.constexpr = 0xCD9E8D57\n"
    "        key_a: tl.constexpr = 0x9E3779B9\n"
    "        key_b: tl.constexpr = 0xBB67AE85\n"
    "    else:\n"
    "        tl.static_assert(c0.dtype == tl.uint64, 'philox counters must be uint32 or uint64')\n"
    "        mul_a: tl.constexpr = 0xD2E7470EE14C6C93\n"
    "        mul_b: tl.constexpr = 0xCA5A826395121157\n"
    "        key_a: tl.constexpr = 0x9E3779B97F4A7C15\n"
    "        key_b: tl.constexpr = 0xBB67AE8584CAA73B\n"
    "    wide: tl.constexpr = c0.dtype == tl.uint64\n"
    "    for _ in tl.static_range(n_rounds):\n"
    "        a = c0\n"
    "        b = c2\n"
    "        if wide:\n"
    "            c0 = umulhi64(b, tl.full(b.shape, mul_b, tl.uint64)) ^ c1 ^ k0\n"
    "            c2 = umulhi64(a, tl.full(a.shape, mul_a, tl.uint64)) ^ c3 ^ k1\n"
    "        else:\n"
    "            c0 = tl.umulhi(mul_b, b) ^ c1 ^ k0\n"
    "            c2 = tl.umulhi(mul_a, a) ^ c3 ^ k1\n"
    "        c1 = b * mul_b\n"
    "        c3 = a * mul_a\n"
    "        k0 = k0 + key_a\n"
    "        k1 = k1 + key_b\n"
    "    return c0, c1, c2, c3\n"
    "\n"
    "\n"
    "@jit\n"
    "def philox(seed, c0, c1, c2, c3, n_rounds: tl.constexpr = 10):\n"
    "    seed = tl.to_tensor(seed)\n"
    "    tl.static_assert(seed.dtype.is_int(), 'the philox seed must be an integer')\n"
    "    seed = seed.to(tl.uint64)\n"
    "    c0 = tl.to_tensor(c0)\n"
    "    if c0.dtype.primitive_bitwidth == 32:\n"
    "        k1 = ((seed >> 32) & 0xFFFFFFFF).to(tl.uint32)\n"
    "        k0 = (seed & 0xFFFFFFFF).to(tl.uint32)\n"
    "        udt: tl.constexpr = tl.uint32\n"
    "    else:\n"
    "        tl.static_assert(c0.dtype.primitive_bitwidth == 64,\n"
    "                         'philox counters must be 32- or 64-bit integers')\n"
    "        k0 = seed\n"
    "        k1 = seed * 0\n"
    "        udt: tl.constexpr = tl.uint64\n"
    "    c0 = c0.to(udt, bitcast=True)\n"
    "    c1 = tl.to_tensor(c1).to(udt, bitcast=True)\n"
    "    c2 = tl.to_tensor(c2).to(udt, bitcast=True)\n"
    "    c3 = tl.to_tensor(c3).to(udt, bitcast=True)\n"
    "    return philox_impl(c0, c1, c2, c3, k0, k1, n_rounds)\n"
    "\n"
    "\n"
    "@jit\n"
    "def randint4x(seed, offset, n_rounds: tl.constexpr = 10):\n"
    "    # 64-bit offsets: the low 32 bits in the first counter word, the high ones in the second\n"
    "    offset = tl.to_tensor(offset)\n"
    "    lo = offset.to(tl.uint32)\n"
    "    zero = lo * 0\n"
    "    if offset.dtype.primitive_bitwidth > 32:\n"
    "        hi = (offset >> 32).to(tl.uint32)\n"
    "    else:\n"
    "        hi = zero\n"
    "    return philox(seed, lo, hi, zero, zero, n_rounds)\n"
    "\n"
    "\n"
    "@jit\n"
    "def randint(seed, offset, n_rounds: tl.constexpr = 10):\n"
    "    r0, r1, r2, r3 = randint4x(seed, offset, n_rounds)\n"
    "    return r0\n"
    "\n"
    "\n"
    "@jit\n"
    "def uint_to_uniform_float(x):\n"
    "    # Maps the integer to [0, 1): fold negatives onto non-negatives, then scale by the largest\n"
    "    # factor that keeps INT_MAX * scale < 1 after float rounding.\n"
    "    if x.dtype == tl.uint32 or x.dtype == tl.int32:\n"
    "        x = x.to(tl.int32, bitcast=True)\n"
    "        scale = 4.6566127342e-10\n"
    "    else:\n"
    "        tl.static_assert(x.dtype == tl.uint64 or x.dtype == tl.int64)\n"
    "        x = x.to(tl.int64, bitcast=True)\n"
    "        scale = 1.0842020432385337e-19\n"
    "    x = tl.where(x < 0, -x - 1, x)\n"
    "    return x * scale\n"
    "\n"
    "\n"
    "@jit\n"
    "def rand(seed, offset, n_rounds: tl.constexpr = 10):\n"
    "    return uint_to_uniform_float(randint(seed, offset, n_rounds))\n"
    "\n"
    "\n"
    "@jit\n"
    "def rand4x(seed, offset, n_rounds: tl.constexpr = 10):\n"
    "    i1, i2, i3, i4 = randint4x(seed, offset, n_rounds)\n"
    "    return (uint_to_uniform_float(i1), uint_to_uniform_float(i2), uint_to_uniform_float(i3),\n"
    "            uint_to_uniform_float(i4))\n"
    "\n"
    "\n"
    "@jit\n"
    "def pair_uniform_to_normal(u1, u2):\n"
    "    # Box-Muller\n"
    "    u1 = tl.maximum(1.0e-7, u1)\n"
    "    th = 6.283185307179586 * u2\n"
    "    r = tl.sqrt(-2.0 * tl.log(u1))\n"
    "    return r * tl.cos(th), r * tl.sin(th)\n"
    "\n"
    "\n"
    "@jit\n"
    "def randn(seed, offset, n_rounds: tl.constexpr = 10):\n"
    "    i1, i2, i3, i4 = randint4x(seed, offset, n_rounds)\n"
    "    n1, n2 = pair_uniform_to_normal(uint_to_uniform_float(i1), uint_to_uniform_float(i2))\n"
    "    return n1\n"
    "\n"
    "\n"
    "@jit\n"
    "def randn4x(seed, offset, n_rounds: tl.constexpr = 10):\n"
    "    u1, u2, u3, u4 = rand4x(seed, offset, n_rounds)\n"
    "    n1, n2 = pair_uniform_to_normal(u1, u2)\n"
    "    n3, n4 = pair_uniform_to_normal(u3, u4)\n"
    "    return n1, n2, n3, n4\n";

static const SourceFile prelude_file = {"<kcc random>", prelude, sizeof prelude - 1, 0};

bool gen_call_prelude(Gen *g, const Node *call, const char *name, Value *args, int nargs,
                      const char **kwnames, Value *kwargs, int nkw, Value *out) {
  if (!g->prelude) {
    Diag d;
    diag_init(&d);
    g->prelude = parse_module(g->a, &d, &prelude_file);
    diag_free(&d);
    if (!g->prelude)
      gen_fail(g, call, "internal error: the random-number prelude does not parse");
  }
  for (int i = 0; i < g->prelude->body.len; i++) {
    const Node *f = g->prelude->body.items[i];
    if (f->kind != N_FUNCTION || strcmp(f->name, name) != 0 || strcmp(name, "umulhi64") == 0)
      continue;
    /* The prelude's names resolve in the prelude; the call's arguments were evaluated already. */
    const Node *saved = g->module, *saved_call = g->prelude_call;
    g->module = g->prelude;
    if (!saved_call)
      g->prelude_call = call;
    *out = gen_call_function(g, call, f, args, nargs, kwnames, kwargs, nkw);
    g->module = saved;
    g->prelude_call = saved_call;
    return true;
  }
  return false;
}

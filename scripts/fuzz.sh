#!/usr/bin/env bash
# Fuzzes with libFuzzer under ASan and UBSan, FUZZ_SECONDS each: the MLIR-free frontend (lexer,
# parser, AST printer), then the whole compile path to kir (tests/fuzz/fuzz_compile.c; a fixed
# seed and run count, at most FUZZ_SECONDS).
#   FUZZ_SECONDS=30 scripts/fuzz.sh      (default 30 s)
# The seed corpus is examples/*.py and every lit test; it is copied to a temporary directory so
# the checkout stays clean. Exits non-zero on a finding; the crashing input is kept as
# build/fuzz-crash-* (or leak-*/timeout-*/oom-*) for reproduction:
#   build/fuzz_frontend build/fuzz-crash-...   build-fuzz/bin/fuzz_compile build/fuzz-compile-...
set -euo pipefail
cd "$(dirname "$0")/.."

CLANG="${CLANG:-/usr/lib/llvm-22/bin/clang}"
mkdir -p build
"$CLANG" -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Isupport -Idialects -Ifrontend support/diag.c frontend/{arena,lex,parse,ast_dump}.c tests/fuzz/fuzz_frontend.c \
  -o build/fuzz_frontend

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
shopt -s nullglob globstar
for f in examples/*.py tests/lit/**/*.py tests/exec/kernels/*.py; do
  cp "$f" "$corpus/$(printf '%s' "$f" | tr '/' '_')"
done
# Generated seeds: long postfix chains ([0], .to(...), attributes, calls) and a long sum, the
# shapes that once overflowed the stack (issue 11); each fits in -max_len.
chain() { # NAME START LINK: a kernel whose expression is START followed by LINK repeated
  local body="$2"
  for _ in $(seq 1 $((3600 / ${#3}))); do body+="$3"; done
  printf 'import triton\nimport triton.language as tl\n\n@triton.jit\ndef k(X):\n    x = tl.load(X)\n    y = %s\n' \
    "$body" >"$corpus/gen_chain_$1.py"
}
chain sub "(x,)" "[0]"
chain to x ".to(tl.float32)"
chain attr x ".T"
chain call tl.float32 "(x)"
chain sum x " + x"

build/fuzz_frontend -max_len=4096 -timeout=5 -max_total_time="${FUZZ_SECONDS:-30}" \
  -print_final_stats=1 -artifact_prefix=build/fuzz- "$corpus"

# The whole compile path to kir (parse, generate, verify) under ASan/UBSan: the library built
# with clang and libFuzzer's coverage (build-fuzz), the same seeds.
echo "fuzz: the compile path to kir (tests/fuzz/fuzz_compile.c)"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER="$CLANG" \
  -DKCC_SANITIZE=ON -DKCC_FUZZ=ON >/dev/null
ninja -C build-fuzz fuzz_compile >/dev/null
# A fixed seed and number of runs: the same inputs on every machine, so a run that passed here
# passes in CI (longer exploration: FUZZ_COMPILE_RUNS=-1 FUZZ_COMPILE_SEED=0 for a random one).
build-fuzz/bin/fuzz_compile -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  -seed="${FUZZ_COMPILE_SEED:-1}" -runs="${FUZZ_COMPILE_RUNS:-30000}" \
  -max_total_time="${FUZZ_SECONDS:-30}" -print_final_stats=1 -artifact_prefix=build/fuzz-compile- \
  "$corpus"

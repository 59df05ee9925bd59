#!/usr/bin/env bash
# Writes the CPU target's lowered output (kcc --emit=mlir-llvm for every example with a `# kcc:`
# line, kcc-opt --cpu-lower-kir for every hand-written kir file) into DIR, one file per input, so
# a refactoring of the lowering can be checked for unchanged output: run it before and after and
# `diff -r` the two directories.  Usage: scripts/snapshot-cpu.sh BUILD DIR
set -uo pipefail
build=${1:?usage: snapshot-cpu.sh BUILD DIR}; out=${2:?usage: snapshot-cpu.sh BUILD DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for f in "$root"/examples/*.py "$root"/tests/exec/kernels/*.py; do
  line=$(grep -m1 '^# kcc:' "$f" | sed 's/^# kcc://') || continue
  [ -n "$line" ] || continue
  eval "args=($line)"
  name=$(basename "$(dirname "$f")")_$(basename "$f" .py)
  "$build/bin/kcc" --cache-dir '' -t cpu:x86-64-v3 --emit=mlir-llvm "${args[@]}" "$f" >"$out/$name.mlir" 2>&1
done
for f in "$root"/tests/cpu_exec/*.mlir "$root"/tests/lit/cpu/*.mlir; do
  name=$(basename "$(dirname "$f")")_$(basename "$f" .mlir)
  "$build/bin/kcc-opt" --cpu-lower-kir "$f" >"$out/$name.mlir" 2>&1
done
ls "$out" | wc -l

#!/usr/bin/env bash
# Runs every test: unit + lit (ctest), the sanitizer build of the unit tests, the two fuzzers
# for a bounded time, and the Python suite. Called by `make test` after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
export KCC_CACHE_DIR="${KCC_CACHE_DIR:-$PWD/build/test-cache}"
echo "== ctest (unit + lit)"
ctest --test-dir build --output-on-failure
echo "== OpenCL device (the device tests run on it, or say why they are skipped)"
ocl=$(/usr/lib/llvm-22/bin/lit --param kcc_build="$PWD/build" tests/lit/cli/device-opencl.test 2>&1 |
  grep -E 'skipped: no OpenCL device|OpenCL device found' || true)
echo "${ocl:-skipped: no OpenCL device (the probe printed nothing)}" | head -1
echo "== opencl (the SIMT lowering executed on the OpenCL device; PoCL on CPU-only machines)"
# The whole execution suite and the Python examples at num_warps 4, and the example kernels at
# num_warps 1, 2 and 8, as two jobs on the two cores; programs are built at -cl-opt-disable
# (PoCL optimises large unrolled kernels for minutes; the tests check results, not speed).
ocl_log=$(mktemp -d "${TMPDIR:-/tmp}/kcc-test-opencl-XXXXXX")
export KCC_OPENCL_OPTIONS="${KCC_OPENCL_OPTIONS--cl-opt-disable}"
WARPS=4 scripts/test-opencl.sh >"$ocl_log/w4.txt" 2>&1 &
ocl_a=$!
WARPS="1 2 8" scripts/test-opencl.sh -k "test_example_c_api or test_examples" >"$ocl_log/w128.txt" 2>&1 &
ocl_b=$!
ocl_rc=0
wait $ocl_a || ocl_rc=1
wait $ocl_b || ocl_rc=1
cat "$ocl_log/w4.txt" "$ocl_log/w128.txt" | grep -E '^(skipped|opencl runs|  num_warps|test-opencl)' | sort -u
unset KCC_OPENCL_OPTIONS
if [ $ocl_rc -ne 0 ]; then
  echo "opencl: FAILED (logs in $ocl_log)"
  exit 1
fi
echo "== opencl with emulated mma.sync (KCC_OPENCL_MMA=emulate: the nvidia mma path's fragments)"
# The fp16/bf16 dots of the dot tests and the matmul/attention examples at num_warps 2 take the
# m16n8k16 fragments of the nvidia target, each mma emulated through workgroup memory: the
# fragment mapping checked by execution (docs/simt.md, "The mma path of dot"); a few minutes.
ocl_rc=0
KCC_OPENCL_OPTIONS="${KCC_OPENCL_OPTIONS--cl-opt-disable}" KCC_OPENCL_MMA=emulate WARPS=2 \
  scripts/test-opencl.sh -k "test_dot or matmul or attention" >"$ocl_log/mma.txt" 2>&1 || ocl_rc=1
grep -E '^(skipped|opencl runs|  num_warps|test-opencl)' "$ocl_log/mma.txt" || true
if [ $ocl_rc -ne 0 ]; then
  echo "opencl (emulated mma): FAILED (logs in $ocl_log)"
  exit 1
fi
echo "== GPU codegen (nvidia sm_80/sm_90 through ptxas, amdgpu gfx906/gfx90a/gfx942 hsaco + readelf)"
# Every example, execution-test and lit kernel compiled for the LLVM GPU targets (no device
# needed); a visible skip line when ptxas is absent (then PTX only).
/usr/bin/python3 tests/gpu/compile_all.py build
echo "== sanitizers (ASan/UBSan: frontend unit tests, and kcc over the syntax/diagnostics/kir/simt/nvidia/amdgpu lit tests)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKCC_SANITIZE=ON >/dev/null
ninja -C build-asan kcc kcc-opt $(ninja -C build-asan -t targets all | sed -n 's/^\(unit_[a-z_0-9]*\):.*/\1/p')
ctest --test-dir build-asan -R '^unit/' --output-on-failure
/usr/lib/llvm-22/bin/lit -q --param kcc_build="$PWD/build-asan" tests/lit/syntax tests/lit/diagnostics tests/lit/kir \
  tests/lit/simt tests/lit/nvidia tests/lit/amdgpu
if [ -x scripts/fuzz.sh ]; then
  echo "== fuzz (frontend, then the compile path to kir; ${FUZZ_SECONDS:-60}s each)"
  FUZZ_SECONDS="${FUZZ_SECONDS:-60}" scripts/fuzz.sh
fi
if [ -d tests/python ]; then
  echo "== pytest"
  .venv/bin/python -m pytest -q tests/python
fi

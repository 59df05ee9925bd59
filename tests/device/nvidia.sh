#!/bin/sh
# tests/device/nvidia.sh - the GPU check: on a fresh Debian machine with an NVIDIA GPU, its driver
# (libcuda.so.1) and Debian's packages, builds kcc (`make build`: scripts/deps.sh installs what is
# missing), then on the nvidia target (KCC_TARGET=nvidia, as scripts/test-opencl.sh does for
# opencl):
#   1. the CUDA driver's own test against the mock, and the device's name and numbers (kcc-run
#      --devices is not needed: libkcc answers through Python);
#   2. the execution suite (tests/exec) and the Python examples (tests/python/test_examples.py):
#      numpy arrays and CPU tensors are copied into device buffers, the kernels run on the GPU;
#   3. bench/run --gpu --quick: kcc against torch (and Triton where installed) on the GPU, which
#      needs a CUDA build of torch (Debian's python3-torch is CPU-only: the bench then says so).
# Prints one summary block; exits 1 when a step failed, 2 when there is no GPU to test. Meant to
# finish in under 8 minutes on an H100: each step has its own time limit (build 240 s, the suites
# 120 s and 60 s, the bench 100 s), a step past it is reported as timed out.
#
#   tests/device/nvidia.sh [PYTEST ARGS...]      e.g. -k vector_add
# Environment: KCC_BUILD (default build/), JOBS (build jobs, default nproc), SHARDS (parallel
# pytest processes per suite), KCC_DEVICE.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=${KCC_BUILD:-$root/build}
py=/usr/bin/python3
log=$(mktemp -d "${TMPDIR:-/tmp}/kcc-nvidia-XXXXXX")
t0=$(date +%s)
summary=""
status=0
note() { summary="$summary
  $1"; echo "nvidia: $1"; }
took() { echo "$(($(date +%s) - $1))s"; }

# ---- build ----------------------------------------------------------------------------------
t=$(date +%s)
if ! timeout 240 make build BUILD="$build" JOBS="${JOBS:-$(nproc)}" >"$log/build.txt" 2>&1; then
  tail -20 "$log/build.txt"
  echo "nvidia: the build failed (log $log/build.txt)"
  exit 1
fi
note "build: ok ($(took $t))"

# ---- the device -----------------------------------------------------------------------------
dev=$(KCC_LIBRARY="$build/lib/libkcc.so" PYTHONPATH="$root/python" $py -c '
import ctypes, kcc._lib as L
lib = L.library(); n = ctypes.c_int(0); d = ctypes.c_void_p()
st = lib.kcc_device_count(b"cuda", ctypes.byref(n), ctypes.byref(d))
if st or not n.value:
    t = L.take_string(d.value).strip().replace("kcc: error: ", "")
    print("NONE", t.splitlines()[0] if st else "the driver lists no device"); raise SystemExit
dv = L.Device("cuda", 0)
q = lambda k: (lib.kcc_device_query(dv.handle, k.encode(), ctypes.byref(v), None), v.value)[1]
v = ctypes.c_int64()
lib.kcc_device_query.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p]
print("%s, %d SMs, %d KiB shared memory per block, %d GiB (%d device%s)" % (dv.name,
      q("compute-units"), q("local-memory-bytes") // 1024, q("global-memory-bytes") >> 30,
      n.value, "" if n.value == 1 else "s"))
' 2>&1)
case $dev in
NONE*|"")
  echo "nvidia: no CUDA device (${dev#NONE })"
  exit 2 ;;
esac
note "device: $dev"

# ---- the driver against the mock (fast; the same test make test runs) -------------------------
t=$(date +%s)
if /usr/lib/llvm-22/bin/lit -q --param kcc_build="$build" tests/lit/cli/device-cuda.test \
  >"$log/lit.txt" 2>&1; then
  note "driver (mock libcuda): ok ($(took $t))"
else
  note "driver (mock libcuda): FAILED (log $log/lit.txt)"
  status=1
fi

# ---- the execution suite and the Python examples on -t nvidia ----------------------------------
# Each suite is split into $SHARDS pytest processes (default: half the cores, at most 8) that share
# the GPU and the kernel cache; the counts of their summary lines are added up.
run_suite() { # NAME LIMIT_S PATH [PYTEST ARGS...]
  name=$1 limit=$2 dir=$3
  shift 3
  t=$(date +%s)
  env="KCC_BUILD=$build KCC_TARGET=nvidia KCC_CACHE_DIR=$log/cache"
  env $env $py -m pytest --co -q -p no:cacheprovider "$dir" "$@" 2>/dev/null | grep '::' \
    >"$log/$name.ids"
  shards=${SHARDS:-$(($(nproc) / 2))}
  [ "$shards" -ge 1 ] || shards=1
  [ "$shards" -le 8 ] || shards=8
  rm -f "$log/$name".part.*
  split -n "l/$shards" "$log/$name.ids" "$log/$name.part."
  for part in "$log/$name".part.*; do
    [ -s "$part" ] || continue
    # shellcheck disable=SC2046 # one node id per line, no spaces
    (env $env timeout "$limit" $py -m pytest -q -p no:cacheprovider -rfEx $(cat "$part") \
      >"$part.txt" 2>&1
    echo $? >"$part.rc") &
  done
  wait
  res=$(cat "$log/$name".part.*.txt 2>/dev/null |
    grep -E '^(=+ )?[0-9]+ (passed|failed|error|errors|xfailed|skipped)' |
    sed 's/^=* *//; s/ in [0-9.]*s.*//; s/, /\n/g' | awk '
      { n[$2] += $1 } END { for (k in n) printf "%s%d %s", (s++ ? ", " : ""), n[k], k }')
  rcs=$(cat "$log/$name".part.*.rc 2>/dev/null | sort -u | tr '\n' ' ')
  case " $rcs" in *" 124 "*) res="${res:+$res; }a shard timed out after ${limit}s" ;; esac
  [ -s "$log/$name.ids" ] || res="no tests collected"
  [ "$rcs" = "0 " ] || status=1
  note "$name (-t nvidia, $shards shards): ${res:-no result} ($(took $t), logs $log/$name.part.*.txt)"
}
run_suite exec 120 tests/exec "$@"
run_suite python-examples 60 tests/python/test_examples.py "$@"

# ---- bench --------------------------------------------------------------------------------------
t=$(date +%s)
timeout 100 bench/run --gpu --quick >"$log/bench.txt" 2>"$log/bench-err.txt"
rc=$?
if [ $rc -eq 0 ]; then
  note "bench --gpu ($(took $t)):"
  summary="$summary
$(sed 's/^/    /' "$log/bench.txt")"
  sed 's/^/    /' "$log/bench.txt"
elif [ $rc -eq 2 ]; then
  note "bench --gpu: skipped ($(tail -1 "$log/bench-err.txt"))"
else
  note "bench --gpu: FAILED, rc $rc ($(tail -1 "$log/bench-err.txt"); log $log/bench-err.txt)"
  status=1
fi

echo
echo "tests/device/nvidia.sh summary ($(took $t0) in all; logs in $log):$summary"
[ $status -eq 0 ] && echo "nvidia: all passed" || echo "nvidia: FAILURES (see the logs)"
exit $status

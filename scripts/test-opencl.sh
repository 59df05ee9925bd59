#!/bin/sh
# test-opencl.sh - the execution suite (tests/exec) and the Python examples
# (tests/python/test_examples.py) on the opencl target, once per num_warps in 1 2 4 8, with the
# same references as on the CPU; prints one summary line per run and a total. Without an OpenCL
# device it prints "skipped: no OpenCL device (...)" and exits 0. `make test` runs it (scripts/test.sh).
#
#   scripts/test-opencl.sh [PYTEST ARGS...]     e.g. -k vector_add, -x
# Environment: KCC_BUILD (build tree, default build/), WARPS (default "1 2 4 8"), KCC_DEVICE.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KCC_BUILD:-$root/build}
py=/usr/bin/python3 # Debian's python3 has numpy and torch
warps=${WARPS:-1 2 4 8}

# Is there an OpenCL device? (the library's own answer, in a child process)
why=$(KCC_LIBRARY="$build/lib/libkcc.so" PYTHONPATH="$root/python" $py -c '
import ctypes, kcc._lib as L
lib = L.library(); n = ctypes.c_int(0); d = ctypes.c_void_p()
st = lib.kcc_device_count(b"opencl", ctypes.byref(n), ctypes.byref(d))
t = L.take_string(d.value).strip().replace("kcc: error: ", "")
print(t.splitlines()[0] if st else ("" if n.value else "the OpenCL library lists no device"))
' 2>&1) || { echo "test-opencl: cannot ask libkcc for devices: $why" >&2; exit 2; }
if [ -n "$why" ]; then
  echo "skipped: no OpenCL device ($why)"
  exit 0
fi

log=$(mktemp -d "${TMPDIR:-/tmp}/kcc-opencl-XXXXXX")
status=0
summary=""
for w in $warps; do
  for suite in exec python-examples; do
    case $suite in
    exec) dir=$root/tests/exec ;;
    python-examples) dir=$root/tests/python/test_examples.py ;;
    esac
    out=$log/$suite-w$w.txt
    KCC_BUILD=$build KCC_TARGET=opencl KCC_NUM_WARPS=$w KCC_CACHE_DIR=$log/cache \
      $py -m pytest -q -p no:cacheprovider -rfEx "$dir" "$@" >"$out" 2>&1
    rc=$?
    [ $rc -eq 0 ] || status=1
    line=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error|xfailed|skipped|deselected)' "$out" | tail -1 |
      sed 's/^=* *//; s/ *=*$//')
    summary="$summary
  num_warps=$w  $suite: ${line:-no result (rc $rc, see $out)}"
  done
done
echo "opencl runs (logs in $log):$summary"
[ $status -eq 0 ] && echo "test-opencl: all passed" || echo "test-opencl: FAILURES (see the logs)"
exit $status

#!/bin/sh
# Runs a Triton checkout's language unit tests on kcc and summarises them.
#
#   tests/compat/triton-suite.sh [options] PATH [FILE...]
#
# PATH is a Triton (or triton-cpu) checkout: the tests are PATH/python/test/unit/language/FILE
# (default: the files docs/compatibility.md reports). Each file runs unchanged through
# `python -m kcc.triton -m pytest` with tests/compat/triton_conftest.py (the device fixture
# "cpu" and test glue, nothing written into the checkout); then summarize.py prints per file
# the cases passed / failed / skipped and the main failure causes.
#
# Options:
#   --sample N        run N cases of each file (fixed seed; test_core has ~9,400)
#   --timeout S       per-test time limit in seconds (default 60)
#   --file-timeout S  time limit of one file's run (default 3600); a file cut short is
#                     reported "(incomplete)" with the cases that ran
#   --logs DIR        where the per-test logs go (default: a new temporary directory)
#   --markdown        print the per-file table in Markdown
# Environment: PYTHON (default /usr/bin/python3, which has numpy and torch), KCC_LIBRARY.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
SAMPLE=0 TIMEOUT=60 FILE_TIMEOUT=3600 LOGS='' MD=''
while [ $# -gt 0 ]; do
  case $1 in
    --sample) SAMPLE=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --file-timeout) FILE_TIMEOUT=$2; shift 2 ;;
    --logs) LOGS=$2; shift 2 ;;
    --markdown) MD=--markdown; shift ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d;s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "triton-suite.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "usage: tests/compat/triton-suite.sh [--sample N] [--timeout S] PATH [FILE...]" >&2
  exit 2
fi
CHECKOUT=$(cd "$1" 2>/dev/null && pwd) || { echo "triton-suite.sh: no directory $1" >&2; exit 2; }
shift
DIR=$CHECKOUT/python/test/unit/language
[ -d "$DIR" ] || { echo "triton-suite.sh: $DIR does not exist (not a Triton checkout?)" >&2; exit 2; }
[ $# -gt 0 ] || set -- test_core.py test_block_pointer.py test_matmul.py test_standard.py \
  test_random.py test_compile_errors.py test_libdevice.py test_tuple.py test_annotations.py
[ -n "$LOGS" ] || LOGS=$(mktemp -d /tmp/kcc-triton-suite.XXXXXX)
mkdir -p "$LOGS"
# the checkout's own conftest (when there is one) declares --device; the device is the CPU
DEVICE=
[ -f "$CHECKOUT/python/test/conftest.py" ] && DEVICE="--device=cpu"
for f in "$@"; do
  name=${f%.py}
  rm -f "$LOGS/$name.jsonl" "$LOGS/$name.incomplete" "$LOGS/$name.out"
  echo "== $f" >&2
  # a test that kills the process (a crash in native code) is logged as crashed and the run
  # resumes after it, up to 20 times
  resume=0 tries=0
  while :; do
    (cd "$DIR" && PYTHONPATH="$ROOT/tests/compat:$ROOT/python${PYTHONPATH:+:$PYTHONPATH}" \
       KCC_SUITE_LOG="$LOGS/$name.jsonl" KCC_SUITE_SAMPLE=$SAMPLE KCC_SUITE_TIMEOUT=$TIMEOUT \
       KCC_SUITE_RESUME=$resume timeout -k 10 "$FILE_TIMEOUT" "$PY" -m kcc.triton -m pytest \
         -p triton_conftest -q -p no:cacheprovider -o addopts= $DEVICE "$f" \
         >> "$LOGS/$name.out" 2>&1)
    rc=$?
    tail -n 1 "$LOGS/$name.out" >&2
    [ $rc -eq 124 ] || [ $rc -eq 137 ] && { touch "$LOGS/$name.incomplete"; break; }
    [ $rc -gt 128 ] || [ $rc -eq 134 ] || break
    tries=$((tries + 1))
    [ $tries -le 20 ] || { touch "$LOGS/$name.incomplete"; break; }
    echo "(the test process died, status $rc: resuming after the test it was running)" >&2
    resume=1
  done
done
"$PY" "$ROOT/tests/compat/summarize.py" "$LOGS" $MD
echo "(logs: $LOGS)"

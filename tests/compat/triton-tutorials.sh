#!/bin/sh
# Runs a Triton checkout's tutorials unchanged under `python -m kcc.triton` and says which ran.
#
#   tests/compat/triton-tutorials.sh [--full] [--timeout S] PATH [NAME.py...]
#
# PATH is a Triton (or triton-cpu) checkout: the tutorials are PATH/python/tutorials/*.py
# (default: all of them). Each runs in a fresh temporary directory with MPLBACKEND=Agg and,
# unless --full, KCC_BENCH_QUICK=1 (the benchmark sections measure the first point of each
# sweep only). torch_compat.py supplies the torch 2 names an older torch lacks (torch.compile
# as eager, CPU streams as no-ops). Prints one line per tutorial: ok (exit status 0 with a benchmark table printed),
# FAIL and the program's last error line, or TIMEOUT; the output of each is kept in the logs.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
QUICK=1 TIMEOUT=900
while [ $# -gt 0 ]; do
  case $1 in
    --full) QUICK=; shift ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    -*) echo "triton-tutorials.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: tests/compat/triton-tutorials.sh [--full] [--timeout S] PATH [NAME.py...]" >&2; exit 2; }
DIR=$(cd "$1" 2>/dev/null && pwd)/python/tutorials
shift
[ -d "$DIR" ] || { echo "triton-tutorials.sh: $DIR does not exist" >&2; exit 2; }
if [ $# -eq 0 ]; then  # every tutorial (gilbert_d2xy.py is a helper module of one)
  for t in "$DIR"/*.py; do
    case ${t##*/} in gilbert_*) ;; *) set -- "$@" "${t##*/}" ;; esac
  done
fi
LOGS=$(mktemp -d /tmp/kcc-triton-tutorials.XXXXXX)
nok=0 n=0
for t in "$@"; do
  n=$((n + 1))
  work=$LOGS/${t%.py}
  mkdir -p "$work"
  start=$(date +%s)
  (cd "$work" && PYTHONPATH="$ROOT/python:$ROOT/tests/compat${PYTHONPATH:+:$PYTHONPATH}" \
     MPLBACKEND=Agg KCC_BENCH_QUICK=$QUICK timeout -k 10 "$TIMEOUT" \
     "$PY" -m kcc.triton -m torch_compat "$DIR/$t" \
     > "$work/out.txt" 2>&1)
  rc=$? secs=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ]; then
    nok=$((nok + 1))
    tables=$(grep -c -E '^[A-Za-z0-9_. -]+(\(.*\))?:$' "$work/out.txt")
    printf '%-42s ok      %4ss  (%s table(s) printed)\n' "$t" "$secs" "$tables"
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    printf '%-42s TIMEOUT %4ss\n' "$t" "$secs"
  else
    why=$(grep -E '^[A-Za-z_.]*(Error|Exception|error)[A-Za-z_.]*:|: error: ' "$work/out.txt" | tail -n 1)
    printf '%-42s FAIL    %4ss  %s\n' "$t" "$secs" "$(echo "$why" | cut -c1-160)"
  fi
done
echo "$nok of $n ran (logs: $LOGS)"

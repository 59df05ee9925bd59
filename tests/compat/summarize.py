"""Summarises triton-suite.sh's logs (one JSON line per test, from triton_conftest.py):
per file the cases that passed, failed (errors included), were skipped (xfail included: the
tests mark with it what a backend does not run), and the main failure causes, grouped by the exception message with numbers and locations taken out.

usage: summarize.py LOGDIR [--causes N] [--markdown]"""

import collections
import glob
import json
import os
import re
import sys

#: a test's records: "started", then its outcome(s); only "started" means its process died
_RANK = {"error": 4, "failed": 3, "xpass": 2, "passed": 1, "xfail": 0, "skipped": 0,
         "started": -1}
_LOC = re.compile(r"^\S+?:\d+:\d+: (?:error|warning): ")


def cause_key(msg):
    """A failure message reduced to its kind: kcc's ``file:line:col: error:`` prefix, numbers,
    hex addresses and long literals removed, the first line only."""
    line = msg.strip().splitlines()[0] if msg.strip() else "(no message)"
    line = re.sub(r"^(?:E\s+)?", "", line)
    m = re.search(r"\S+?\.py:\d+:\d+: error: (.*)", line)
    if m:
        line = "CompilationError: " + m.group(1)
    line = re.sub(r"0x[0-9a-fA-F]+", "0x?", line)
    line = re.sub(r"\b\d+(\.\d+)?(e[-+]?\d+)?\b", "N", line)
    line = re.sub(r"'[^']{40,}'", "'...'", line)
    return line[:160]


def load(logdir):
    """{file: {test: (outcome, cause)}} keeping each test's worst record."""
    files = collections.OrderedDict()
    for path in sorted(glob.glob(os.path.join(logdir, "*.jsonl"))):
        tests = files.setdefault(os.path.basename(path)[:-len(".jsonl")], {})
        with open(path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                old = tests.get(r["test"])
                if old is None or _RANK[r["outcome"]] > _RANK[old[0]]:
                    tests[r["test"]] = (r["outcome"], r.get("cause", ""))
    return files


def main(argv):
    logdir = argv[0]
    ncauses = int(argv[argv.index("--causes") + 1]) if "--causes" in argv else 8
    md = "--markdown" in argv
    files = load(logdir)
    total = collections.Counter()
    if md:
        print("| file | cases | passed | failed/error | skipped/xfail | pass rate (of run) |")
        print("|---|---|---|---|---|---|")
    else:
        print("%-28s %7s %7s %7s %7s %9s" % ("file", "cases", "passed", "failed", "skipped",
                                             "pass/run"))
    for name, tests in files.items():
        for t, (o, cause) in list(tests.items()):
            if o == "started":
                tests[t] = ("error", cause)
        c = collections.Counter(o for o, _ in tests.values())
        # xfail: Triton's tests call pytest.xfail where a backend (the CPU's among them) does
        # not run the case, so it counts with the skips; an xpass ran and passed
        passed = c["passed"] + c["xpass"]
        failed = c["failed"] + c["error"]
        skipped = c["skipped"] + c["xfail"]
        run = passed + failed
        rate = "%.1f%%" % (100.0 * passed / run) if run else "-"
        incomplete = os.path.exists(os.path.join(logdir, name + ".incomplete"))
        label = name + (" (incomplete)" if incomplete else "")
        if md:
            print("| %s | %d | %d | %d | %d | %s |" % (label, len(tests), passed, failed,
                                                       skipped, rate))
        else:
            print("%-28s %7d %7d %7d %7d %9s" % (label, len(tests), passed, failed, skipped,
                                                 rate))
        total.update(passed=passed, failed=failed, skipped=skipped, cases=len(tests))
    print("%-28s %7d %7d %7d %7d" % ("total", total["cases"], total["passed"], total["failed"],
                                     total["skipped"]) if not md else "")
    for name, tests in files.items():
        causes = collections.Counter(cause_key(c) for o, c in tests.values()
                                     if o in ("failed", "error"))
        if not causes:
            continue
        print("\n%s: main failure causes" % name)
        for cause, n in causes.most_common(ncauses):
            print("  %5d  %s" % (n, cause))
    return 0


if __name__ == "__main__":
    if not sys.argv[1:]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))

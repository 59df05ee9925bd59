"""Draws bench/run's results: per kernel, the speedup against its baseline and the fraction of
the machine's limit it reaches (one bar each, 1.0 = baseline / limit).

    python3 bench/plot.py RESULTS.txt OUT.png    (RESULTS.txt: bench/run's standard output)

bench/run --plot OUT.png calls plot() on the lines it just printed.
"""
import re
import sys

LINE = re.compile(r"^(\S+) (\S+) (?:speedup=([0-9.]+)|refused\b.*)$")
KERNELS = ("add", "softmax", "layernorm", "matmul")


def parse(text):
    """{kernel: {"baseline": name, "speedup": x or None (refused), "limit": x}} from the
    `NAME BASELINE speedup=X`, `NAME BASELINE refused ...` and `NAME limit speedup=X` lines."""
    res = {}
    for ln in text.splitlines():
        m = LINE.match(ln.strip())
        if not m or m.group(1) not in KERNELS:
            continue
        name, base, x = m.group(1), m.group(2), m.group(3)
        r = res.setdefault(name, {"baseline": None, "speedup": None, "limit": None})
        if base == "limit":
            r["limit"] = float(x) if x else None
        else:
            r["baseline"] = base
            r["speedup"] = float(x) if x else None
    return res


def plot(res, path, title="kcc CPU kernels: speedup and fraction of the machine's limit"):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [k for k in KERNELS if k in res] + sorted(k for k in res if k not in KERNELS)
    if not names:
        raise ValueError("no kernel results to plot")
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    w = 0.38
    xs = range(len(names))
    top = 1.2
    for i, n in enumerate(names):
        r = res[n]
        for dx, key, color, label in ((-w / 2, "speedup", "tab:blue", "vs baseline"),
                                      (w / 2, "limit", "tab:orange", "fraction of limit")):
            v = r.get(key)
            lab = label if i == 0 else None
            if v is None:
                ax.bar(i + dx, 0, w, color=color, label=lab)
                ax.text(i + dx, 0.02, "refused" if key == "speedup" else "n/a",
                        rotation=90, ha="center", va="bottom", fontsize=8)
                continue
            ax.bar(i + dx, v, w, color=color, label=lab)
            ax.text(i + dx, v + 0.02, f"{v:.2f}", ha="center", va="bottom", fontsize=8)
            top = max(top, v + 0.2)
    ax.axhline(1.0, color="black", linewidth=1, linestyle="--")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([f"{n}\n({res[n].get('baseline') or '?'})" for n in names])
    ax.set_ylim(0, top)
    ax.set_ylabel("time(baseline or limit) / time(kcc)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        res = parse(f.read())
    plot(res, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

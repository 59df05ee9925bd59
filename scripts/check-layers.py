#!/usr/bin/env python3
"""Checks that kcc's layers point one way (docs/architecture.md): each directory may include only
the headers of the directories listed for it. Prints each violation as FILE:LINE and exits 1.
Usage: check-layers.py ROOT"""
import os
import re
import sys

ALLOWED = {
    "support": {"support"},
    "dialects": {"support", "dialects"},
    "frontend": {"support", "dialects", "frontend"},
    "backends": {"support", "dialects", "backends"},
    "runtime": {"support", "dialects", "frontend", "backends", "runtime", "include"},
}


def main(root):
    where = {}  # header name -> directory that holds it
    for layer in list(ALLOWED) + ["include"]:
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for f in files:
                if f.endswith((".h", ".def")):
                    rel = os.path.relpath(os.path.join(dirpath, f), os.path.join(root, layer))
                    where[rel] = layer
                    where.setdefault(f, layer)
    bad = 0
    for layer, allowed in ALLOWED.items():
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, f)
                with open(path) as fh:
                    for n, line in enumerate(fh, 1):
                        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                        if not m:
                            continue
                        inc = m.group(1)
                        owner = where.get(inc) or where.get(os.path.basename(inc))
                        local = os.path.exists(os.path.join(dirpath, inc))
                        if owner and owner not in allowed and not local:
                            print("%s:%d: %s includes %s from %s/" %
                                  (os.path.relpath(path, root), n, layer, inc, owner))
                            bad += 1
    print("layers: %d violation(s)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

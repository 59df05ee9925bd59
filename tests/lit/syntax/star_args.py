# RUN: not %kcc --emit=ast %s 2>&1 | FileCheck %s
# CHECK: {{.*}}star_args.py:4:3: error: star arguments ('*') are not supported
# Calls take positional and keyword arguments, not *args/**kwargs.
f(*args)

#!/usr/bin/env bash
# `make run`: compiles the vector-add example and runs it on the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f examples/python/01-vector-add.py ]; then
  exec .venv/bin/python examples/python/01-vector-add.py
fi
exec build/bin/kcc --emit=kir --signature 'x_ptr=*fp32,y_ptr=*fp32,output_ptr=*fp32,n_elements=i32' \
  -D BLOCK_SIZE=1024 examples/vector_add.py

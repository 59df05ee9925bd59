# kcc quick start. Both entry points are idempotent on a fresh Debian 12 machine:
#   make run    installs what is missing, builds, and runs a kernel on the CPU
#   make test   the same set-up, then every test (lit, unit, fuzz, sanitizers, pytest)
BUILD    ?= build
JOBS     ?= $(shell nproc)
PYTHON   := /usr/bin/python3
VENV     := .venv
FUZZ_SECONDS ?= 60

.PHONY: all deps build venv run test test-lit test-unit test-asan test-fuzz test-python bench clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(BUILD) -j $(JOBS)

# A venv over Debian's python3 that sees numpy/torch and imports kcc from python/.
venv: build
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv --system-site-packages $(VENV)
	@$(VENV)/bin/python -c "import sys, pathlib; p = pathlib.Path(sys.prefix, 'lib', 'python%d.%d' % sys.version_info[:2], 'site-packages', 'kcc-dev.pth'); p.write_text('$(CURDIR)/python\n')"

run: venv
	@scripts/run-example.sh

test: venv
	@scripts/test.sh

bench: venv
	@bench/run --quick

clean:
	rm -rf $(BUILD) build-asan build-fuzz $(VENV)

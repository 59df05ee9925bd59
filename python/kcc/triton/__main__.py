"""``python -m kcc.triton SCRIPT.py [ARGS]``: runs an unmodified Triton program on kcc.

``import triton`` and every ``import triton.X`` in the program (and in what it imports) give
kcc's modules (see ``kcc.triton._alias``); the program then runs as ``__main__`` with
``sys.argv``, ``__file__`` and ``sys.path[0]`` as ``python SCRIPT.py ARGS`` sets them.
``python -m kcc.triton -m MODULE [ARGS]`` runs a module the same way (``-m pytest ...`` runs
Triton's tests), ``-c CODE [ARGS]`` a string."""

import os
import runpy
import sys
import traceback

from . import _alias

USAGE = """usage: python -m kcc.triton SCRIPT.py [ARGS...]
       python -m kcc.triton -m MODULE [ARGS...]
       python -m kcc.triton -c CODE [ARGS...]
Runs a Triton program with 'triton' (and every triton.X) provided by kcc."""


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0] in ("-m", "-c") and len(argv) < 2:
        print("python -m kcc.triton: %s needs an argument\n%s" % (argv[0], USAGE),
              file=sys.stderr)
        return 2
    _alias.install()
    if argv[0] == "-m":
        sys.argv = [argv[1]] + argv[2:]  # runpy replaces argv[0] by the module's file
        sys.path[0] = os.getcwd()
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    elif argv[0] == "-c":
        sys.argv = ["-c"] + argv[2:]
        sys.path[0] = ""
        code = compile(argv[1], "<string>", "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
    else:
        path = argv[0]
        if not os.path.exists(path):
            print("python -m kcc.triton: can't open file '%s': no such file" % path,
                  file=sys.stderr)
            return 2
        sys.argv = list(argv)
        sys.path[0] = os.path.dirname(os.path.abspath(path))
        runpy.run_path(path, run_name="__main__")
    return 0


def _user_traceback(tb):
    """The traceback from the program's own first frame on (runpy's and this module's frames
    left out, as ``python program.py`` shows none)."""
    while tb is not None and (tb.tb_frame.f_code.co_filename in (__file__, runpy.__file__) or
                              tb.tb_frame.f_code.co_filename.startswith("<frozen runpy")):
        tb = tb.tb_next
    return tb


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # the program failed: report it as python would
        traceback.print_exception(type(e), e, _user_traceback(e.__traceback__))
        status = 1
    sys.exit(status)

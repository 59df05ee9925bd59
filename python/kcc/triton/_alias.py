"""Module aliases: ``triton`` -> ``kcc.triton`` (behind ``python -m kcc.triton``) and
``kcc.triton.language`` -> ``kcc.language``.

:func:`add` puts a finder first on ``sys.meta_path`` that answers for the alias and every
``alias.X.Y``: the module is ``target.X.Y`` itself (one object under two names, so
``triton.language.float32 is kcc.triton.language.float32``). No list of submodules is kept: a
name kcc does not provide fails with an ImportError that says so, instead of finding some other
installed Triton half-way."""

import importlib
import importlib.abc
import importlib.machinery
import sys



class _ExistingModule(importlib.abc.Loader):
    """Loads a spec by handing back a module that is already imported."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class AliasFinder(importlib.abc.MetaPathFinder):
    """``find_spec(alias + '.a.b')`` imports ``target + '.a.b'`` and returns it under the
    alias name."""

    def __init__(self, alias, target):
        self.alias = alias
        self.target = target

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.alias and not fullname.startswith(self.alias + "."):
            return None
        real = self.target + fullname[len(self.alias):]
        try:
            module = importlib.import_module(real)
        except ModuleNotFoundError as e:
            if e.name is not None and real != e.name and not real.startswith(e.name + "."):
                raise  # a dependency of kcc's module is missing: report that one
            raise ModuleNotFoundError(
                "No module named '%s': kcc does not provide %s (%s is an alias of %s here)"
                % (fullname, real, self.alias, self.target),
                name=fullname) from None
        spec = importlib.machinery.ModuleSpec(fullname, _ExistingModule(module),
                                              is_package=hasattr(module, "__path__"))
        return spec


def _names(prefix):
    return [n for n in list(sys.modules) if n == prefix or n.startswith(prefix + ".")]


def add(alias, target):
    """Makes ``import alias...`` give ``target``'s modules in this process (idempotent).
    Modules imported under the alias name before are replaced by the target's."""
    for f in sys.meta_path:
        if isinstance(f, AliasFinder) and f.alias == alias:
            break
    else:
        sys.meta_path.insert(0, AliasFinder(alias, target))
    for name in _names(alias):
        real = sys.modules.get(target + name[len(alias):])
        if real is None:
            del sys.modules[name]
        else:
            sys.modules[name] = real
    for name in _names(target):  # the target's submodules imported so far
        sys.modules[alias + name[len(target):]] = sys.modules[name]


def remove(alias):
    """Removes the alias finder of ``alias`` and the module names it created."""
    sys.meta_path[:] = [f for f in sys.meta_path
                        if not (isinstance(f, AliasFinder) and f.alias == alias)]
    for name in _names(alias):
        del sys.modules[name]


def install():
    """``import triton`` (and every ``triton.X``) is kcc.triton from now on, in this process."""
    add("triton", "kcc.triton")
    importlib.import_module("triton")

"""Module-level ``__getattr__`` factory: every attribute is a kcc builtin placeholder."""

from .core import _Builtin


def module_getattr(module_name):
    cache = {}

    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in cache:
            cache[name] = _Builtin(name, module_name)
        return cache[name]
    return __getattr__

"""Low-level ctypes binding of libkcc.so (the public C API in include/kcc/kcc.h).

Nothing here knows about Python kernels: this module loads the library, declares the C
prototypes, turns status codes into exceptions, and wraps the two handle types:

* :class:`Options` - a ``KccOptions *`` bag (``kernel``, ``signature``, ``define``, ``target``...)
* :class:`Kernel`  - a compiled ``KccKernel *``: its name, runtime parameters, stages and launch.
* :func:`param_types` - the library's table of signature types (``kcc_param_type``).

The library is found through ``$KCC_LIBRARY``, else ``../../build/lib/libkcc.so`` relative to this
package (the in-tree build), else ``ctypes.util.find_library("kcc")``.
"""

import atexit
import collections
import ctypes
import ctypes.util
import os
import signal as _signal
try:  # the C module: signal.getsignal wraps it in an enum conversion that costs microseconds
    from _signal import getsignal as _getsignal
except ImportError:  # not CPython
    _getsignal = _signal.getsignal
import threading

from .errors import CompilationError, KccError, LaunchError, UsageError

__all__ = ["library", "library_path", "version", "Options", "Kernel", "compile_source",
           "load_kernel", "Device", "default_device",
           "param_types", "ParamType",
           "KCC_OK", "KCC_ERR_COMPILE", "KCC_ERR_USAGE", "KCC_ERR_RUNTIME", "KCC_ERR_CANCELLED",
           "cancel_on_sigint", "raise_cancelled"]

KCC_OK, KCC_ERR_COMPILE, KCC_ERR_USAGE, KCC_ERR_RUNTIME, KCC_ERR_CANCELLED = 0, 1, 2, 3, 4

_lib = None
_lib_path = None
_exiting = False  # at interpreter exit handles are left to the OS (the library may be torn down)


@atexit.register
def _at_exit():
    global _exiting
    _exiting = True

_lock = threading.Lock()


def _after_fork_in_child():
    # A thread of the parent may have held the lock when another forked: the child has only the
    # forking thread, so the lock is made anew (the same is done for the kernels' locks, jit.py).
    global _lock
    _lock = threading.Lock()
    # device contexts do not survive fork (OpenCL): the child opens its own, and never releases
    # the parent's (their handles are dropped, not destroyed)
    for dev in _devices.values():
        dev._h = None
    _devices.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _candidates():
    env = os.environ.get("KCC_LIBRARY")
    if env:
        yield env
        return  # an explicit choice is never second-guessed
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.normpath(os.path.join(here, "..", "..", "build", "lib", "libkcc.so"))
    found = ctypes.util.find_library("kcc")
    if found:
        yield found


class _KccParamType(ctypes.Structure):
    """``KccParamType`` of kcc.h: one row of the library's parameter-type table."""
    _fields_ = [("name", ctypes.c_char_p), ("ctype", ctypes.c_char_p), ("size", ctypes.c_int),
                ("kind", ctypes.c_int), ("abi_bits", ctypes.c_int), ("abi_float", ctypes.c_int)]


#: ``kind`` of a :class:`ParamType` (``KccTypeKind`` of kcc.h)
KIND_SINT, KIND_UINT, KIND_FLOAT, KIND_BOOL, KIND_POINTER = 0, 1, 2, 3, 4

ParamType = collections.namedtuple("ParamType", "name ctype size kind abi_bits abi_float")
_param_types = None


def param_types():
    """The library's table of signature types (``kcc_param_type``), as a tuple of
    :class:`ParamType` rows: every scalar type, then the pointer row (name ``"*"``)."""
    global _param_types
    if _param_types is None:
        lib = library()
        rows = []
        while True:
            r = lib.kcc_param_type(len(rows))
            if not r:
                break
            r = r.contents
            rows.append(ParamType(r.name.decode(), r.ctype.decode(), r.size, r.kind, r.abi_bits,
                                  bool(r.abi_float)))
        _param_types = tuple(rows)
    return _param_types


def _declare(lib):
    c = ctypes
    sigs = {
        "kcc_version": (c.c_char_p, []),
        "kcc_free": (None, [c.c_void_p]),
        "kcc_options_create": (c.c_void_p, []),
        "kcc_options_destroy": (None, [c.c_void_p]),
        "kcc_options_set": (c.c_int, [c.c_void_p, c.c_char_p, c.c_char_p, c.POINTER(c.c_void_p)]),
        "kcc_compile": (c.c_int, [c.c_char_p, c.c_char_p, c.c_void_p, c.POINTER(c.c_void_p),
                                  c.POINTER(c.c_void_p)]),
        "kcc_compile_kir": (c.c_int, [c.c_char_p, c.c_char_p, c.c_void_p, c.POINTER(c.c_void_p),
                                      c.POINTER(c.c_void_p)]),
        "kcc_kernel_load": (c.c_int, [c.c_char_p, c.c_char_p, c.POINTER(c.c_void_p),
                                      c.POINTER(c.c_void_p)]),
        "kcc_kernel_destroy": (None, [c.c_void_p]),
        "kcc_kernel_name": (c.c_char_p, [c.c_void_p]),
        "kcc_kernel_num_params": (c.c_int, [c.c_void_p]),
        "kcc_kernel_param_name": (c.c_char_p, [c.c_void_p, c.c_int]),
        "kcc_kernel_param_type": (c.c_char_p, [c.c_void_p, c.c_int]),
        "kcc_kernel_param_writes": (c.c_int, [c.c_void_p, c.c_int]),
        "kcc_kernel_emit": (c.c_int, [c.c_void_p, c.c_char_p, c.POINTER(c.c_void_p),
                                      c.POINTER(c.c_size_t), c.POINTER(c.c_void_p)]),
        # grid and args are passed as raw addresses (c_void_p) to keep the launch path cheap.
        "kcc_launch": (c.c_int, [c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p]),
        "kcc_launch_sized": (c.c_int, [c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p,
                                       c.c_void_p]),
        "kcc_param_type": (c.POINTER(_KccParamType), [c.c_int]),
        "kcc_launch_on": (c.c_int, [c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p,
                                    c.c_void_p]),
        "kcc_kernel_device_target": (c.c_char_p, [c.c_void_p]),
        "kcc_launch_with": (c.c_int, [c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p,
                                      c.c_void_p]),
        "kcc_device_count": (c.c_int, [c.c_char_p, c.POINTER(c.c_int), c.POINTER(c.c_void_p)]),
        "kcc_device_open": (c.c_int, [c.c_char_p, c.c_int, c.POINTER(c.c_void_p),
                                      c.POINTER(c.c_void_p)]),
        "kcc_device_destroy": (None, [c.c_void_p]),
        "kcc_device_name": (c.c_char_p, [c.c_void_p]),
        "kcc_buffer_create": (c.c_int, [c.c_void_p, c.c_size_t, c.POINTER(c.c_void_p),
                                        c.POINTER(c.c_void_p)]),
        "kcc_buffer_destroy": (None, [c.c_void_p]),
        # host addresses are passed as raw integers (c_void_p)
        "kcc_buffer_write": (c.c_int, [c.c_void_p, c.c_size_t, c.c_void_p, c.c_size_t,
                                       c.POINTER(c.c_void_p)]),
        "kcc_buffer_read": (c.c_int, [c.c_void_p, c.c_size_t, c.c_void_p, c.c_size_t,
                                      c.POINTER(c.c_void_p)]),
        "kcc_launch_cancel": (None, []),
        "kcc_launch_cancel_on_signal": (c.c_int, [c.c_int, c.POINTER(c.c_void_p)]),
    }
    for name, (res, args) in sigs.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args


def library():
    """Returns the loaded ``ctypes.CDLL`` of libkcc, loading it on first use.

    Raises :class:`KccError` (an ``OSError`` subclass is not used on purpose: a missing library is a
    set-up problem, and the message lists every place that was tried)."""
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for path in _candidates():
            if os.path.sep in path and not os.path.exists(path):
                tried.append("%s (no such file)" % path)
                continue
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
                continue
            try:
                _declare(lib)
            except AttributeError as e:
                tried.append("%s (not the kcc library: %s)" % (path, e))
                continue
            _lib, _lib_path = lib, path
            return lib
        raise KccError("cannot load libkcc.so; tried: %s. Build it with `ninja -C build` or set "
                       "KCC_LIBRARY to its path." % ("; ".join(tried) or "nothing (find_library "
                                                       "found no libkcc)"))


def library_path():
    """The path libkcc was loaded from (loads it if needed)."""
    library()
    return _lib_path


def version():
    """The library's version string, e.g. ``'0.1.0 (LLVM 22.1.8)'``."""
    return library().kcc_version().decode()


def take_string(p):
    """Decodes a library-owned ``char *`` (a c_void_p value) and releases it with kcc_free."""
    if not p:
        return ""
    try:
        return ctypes.string_at(p).decode("utf-8", "replace")
    finally:
        library().kcc_free(p)


_sigint_seen = None  # the Python SIGINT handler that kcc's cancelling handler was put in front of


def cancel_on_sigint():
    """Makes Ctrl-C cancel a running launch (kcc_launch_cancel_on_signal(SIGINT)): Python runs its
    signal handlers only between bytecodes, so without this a KeyboardInterrupt would wait for the
    whole grid. Cheap when nothing changed: one ``_signal.getsignal`` per call (~0.1 us). A new Python handler
    (``signal.signal``) replaces kcc's C handler, so it is put in front again when the Python
    handler changes; with the default action or SIG_IGN nothing is installed."""
    global _sigint_seen
    h = _getsignal(_signal.SIGINT)
    if h is _sigint_seen:
        return
    _sigint_seen = h
    if callable(h):
        diag = ctypes.c_void_p()
        if library().kcc_launch_cancel_on_signal(_signal.SIGINT, ctypes.byref(diag)) != KCC_OK:
            take_string(diag.value)  # best effort: a launch is then not interruptible


def raise_cancelled(diag, what):
    """After a launch returned KCC_ERR_CANCELLED: the KeyboardInterrupt of the Ctrl-C that
    cancelled it (Python's handler has recorded the signal; PyErr_CheckSignals runs it now), or
    LaunchError when kcc_launch_cancel was called by someone else."""
    text = take_string(diag)
    ctypes.pythonapi.PyErr_CheckSignals()  # raises KeyboardInterrupt (or the handler's error)
    raise LaunchError("%s: %s" % (what, text) if text else what)


def _raise(status, diag, what):
    text = take_string(diag.value) if diag is not None else ""
    if status == KCC_ERR_COMPILE:
        raise CompilationError(text)
    if status == KCC_ERR_USAGE:
        raise UsageError("%s: %s" % (what, text) if text else what)
    if status == KCC_ERR_RUNTIME:
        raise LaunchError("%s: %s" % (what, text) if text else what)
    raise KccError("%s failed with status %d: %s" % (what, status, text))


class Options:
    """A ``KccOptions`` bag. ``set(key, value)`` validates at once (UsageError on a bad value)."""

    __slots__ = ("_h", "_lib")

    def __init__(self, items=()):
        self._lib = library()
        self._h = self._lib.kcc_options_create()
        if not self._h:
            raise KccError("kcc_options_create failed")
        for key, value in items:
            self.set(key, value)

    def set(self, key, value):
        diag = ctypes.c_void_p()
        st = self._lib.kcc_options_set(self._h, key.encode(), str(value).encode(), ctypes.byref(diag))
        if st != KCC_OK:
            _raise(st, diag, "option %s=%r" % (key, value))
        elif diag.value:
            take_string(diag.value)

    @property
    def handle(self):
        return self._h

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h and not _exiting:
            self._lib.kcc_options_destroy(h)


class Kernel:
    """An owned ``KccKernel *``: compiled code plus its runtime parameter list."""

    __slots__ = ("_h", "_lib", "name", "params", "writes", "device_target", "_emitted")

    def __init__(self, handle):
        self._lib = library()
        self._h = handle
        lib = self._lib
        self.name = lib.kcc_kernel_name(handle).decode()
        n = lib.kcc_kernel_num_params(handle)
        self.params = tuple((lib.kcc_kernel_param_name(handle, i).decode(),
                             lib.kcc_kernel_param_type(handle, i).decode()) for i in range(n))
        # names of the pointer parameters the kernel may write through (kcc-meta "writes")
        self.writes = frozenset(self.params[i][0] for i in range(n)
                                if lib.kcc_kernel_param_writes(handle, i))
        # the device family a device (SIMT) kernel runs on ("opencl"); None: runs in this process
        dt = lib.kcc_kernel_device_target(handle)
        self.device_target = dt.decode() if dt else None
        self._emitted = {}

    @property
    def handle(self):
        return self._h

    def emit(self, stage):
        """One stage of the pipeline as bytes: kir, kir-loc, mlir-llvm, llvm, asm, obj, so, header."""
        if stage in self._emitted:
            return self._emitted[stage]
        data, size, diag = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        st = self._lib.kcc_kernel_emit(self._h, stage.encode(), ctypes.byref(data),
                                       ctypes.byref(size), ctypes.byref(diag))
        if st != KCC_OK:
            _raise(st, diag, "emit %s" % stage)
        try:
            out = ctypes.string_at(data.value, size.value)
        finally:
            self._lib.kcc_free(data.value)
        self._emitted[stage] = out
        return out

    def launch(self, grid, arg_ptrs):
        """Runs the kernel. ``grid`` is a ctypes ``c_uint * 3``, ``arg_ptrs`` a ``c_void_p * n``
        whose entries point at the argument values (see kcc_launch)."""
        diag = ctypes.c_void_p()
        st = self._lib.kcc_launch(self._h, ctypes.addressof(grid), ctypes.addressof(arg_ptrs),
                                  ctypes.addressof(diag))
        if st != KCC_OK:
            _raise(st, diag, "launch of %s" % self.name)

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h and not _exiting:
            self._lib.kcc_kernel_destroy(h)

    def __repr__(self):
        return "<kcc.Kernel %s(%s)>" % (self.name, ", ".join("%s: %s" % p for p in self.params))


def compile_source(filename, source, options, frontend_only=False):
    """Compiles the text of a Python file. ``options`` is an :class:`Options` or an iterable of
    ``(key, value)`` pairs. Returns a :class:`Kernel`; raises CompilationError / UsageError /
    LaunchError (for toolchain or cache failures)."""
    if not isinstance(options, Options):
        options = Options(options)
    lib = library()
    out, diag = ctypes.c_void_p(), ctypes.c_void_p()
    fn = lib.kcc_compile_kir if frontend_only else lib.kcc_compile
    st = fn(os.fsencode(filename), source.encode("utf-8"), options.handle, ctypes.byref(out),
            ctypes.byref(diag))
    if st != KCC_OK:
        _raise(st, diag, "compile of %s" % filename)
    if diag.value:
        take_string(diag.value)
    return Kernel(out.value)


def load_kernel(path, kernel=None):
    """Loads a kernel from a file (``kcc_kernel_load``): a shared object of a CPU target, or the
    source artefact of a device target (OpenCL C with its ``kcc-meta`` comment). Returns a
    :class:`Kernel`."""
    lib = library()
    out, diag = ctypes.c_void_p(), ctypes.c_void_p()
    st = lib.kcc_kernel_load(os.fsencode(path), kernel.encode() if kernel else None,
                             ctypes.byref(out), ctypes.byref(diag))
    if st != KCC_OK:
        _raise(st, diag, "load of %s" % path)
    return Kernel(out.value)


class LaunchOptions(ctypes.Structure):
    """``KccLaunchOptions`` of kcc.h (kcc_launch_with)."""
    _fields_ = [("device", ctypes.c_void_p), ("sizes", ctypes.c_void_p),
                ("stream", ctypes.c_void_p), ("device_pointers", ctypes.c_int)]


class Device:
    """An open ``KccDeviceHandle *`` (device ``index`` of family ``target``: "opencl", "cuda",
    "hip", "cpu")
    with the buffer calls device launches need. Raises LaunchError when there is no such device
    (the message names the library, or the platforms found)."""

    __slots__ = ("_h", "_lib", "target", "index", "name")

    def __init__(self, target, index=0):
        self._lib = lib = library()
        self._h = None
        out, diag = ctypes.c_void_p(), ctypes.c_void_p()
        st = lib.kcc_device_open(target.encode(), index, ctypes.byref(out), ctypes.byref(diag))
        if st != KCC_OK:
            _raise(st, diag, "%s device %d" % (target, index))
        self._h, self.target, self.index = out.value, target, index
        self.name = lib.kcc_device_name(self._h).decode("utf-8", "replace")

    @property
    def handle(self):
        return self._h

    def buffer(self, nbytes):
        """A new ``KccBuffer *`` (an int) of ``nbytes`` (at least 1); free it with free()."""
        out, diag = ctypes.c_void_p(), ctypes.c_void_p()
        st = self._lib.kcc_buffer_create(self._h, max(nbytes, 1), ctypes.byref(out),
                                         ctypes.byref(diag))
        if st != KCC_OK:
            _raise(st, diag, "buffer of %d bytes on %s" % (nbytes, self.name))
        return out.value

    def free(self, buf):
        self._lib.kcc_buffer_destroy(buf)

    def write(self, buf, address, nbytes):
        """Copies ``nbytes`` from host ``address`` into ``buf``."""
        self._copy(self._lib.kcc_buffer_write, buf, address, nbytes, "copy to")

    def read(self, buf, address, nbytes):
        """Copies ``nbytes`` of ``buf`` to host ``address``."""
        self._copy(self._lib.kcc_buffer_read, buf, address, nbytes, "copy from")

    def _copy(self, fn, buf, address, nbytes, what):
        diag = ctypes.c_void_p()
        st = fn(buf, 0, address, nbytes, ctypes.byref(diag))
        if st != KCC_OK:
            _raise(st, diag, "%s %s" % (what, self.name))

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h and not _exiting:
            self._lib.kcc_device_destroy(h)

    def __repr__(self):
        return "<kcc.Device %s:%d %s>" % (self.target, self.index, self.name)


_devices = {}


def default_device(target, index=None):
    """The device launches of ``target``'s kernels use: device ``index`` (None: ``$KCC_DEVICE``,
    default 0) of that family, opened on first use and kept. Raises LaunchError when there is
    none."""
    if index is None:
        index = int(os.environ.get("KCC_DEVICE") or 0)
    dev = _devices.get((target, index))
    if dev is None:
        with _lock:
            dev = _devices.get((target, index))
            if dev is None:
                dev = _devices[(target, index)] = Device(target, index)
    return dev

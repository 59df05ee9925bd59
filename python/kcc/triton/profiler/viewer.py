"""``triton.profiler.viewer``: kcc's no-op profiler writes no profiles; ``parse`` says so."""


def parse(metrics, filename, include=None, exclude=None, threshold=None):
    raise FileNotFoundError("%s: kcc.triton's profiler is a no-op and writes no profile"
                            % (filename,))


def print_tree(tree, metrics, depth=100, format=None, print_sorted=False):
    print("(no profile: kcc.triton's profiler is a no-op)")

@triton.jit
def k(x):
    y = = 1

from .shell import quoted

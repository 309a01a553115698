import _trace

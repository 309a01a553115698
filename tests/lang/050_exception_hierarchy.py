pairs = [
    (KeyError, LookupError), (IndexError, LookupError), (LookupError, Exception),
    (ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError),
    (ArithmeticError, Exception), (UnboundLocalError, NameError),
    (RecursionError, RuntimeError), (NotImplementedError, RuntimeError),
    (ModuleNotFoundError, ImportError), (TabError, IndentationError),
    (IndentationError, SyntaxError), (StopIteration, Exception),
    (GeneratorExit, Exception), (GeneratorExit, BaseException),
    (KeyboardInterrupt, Exception), (SystemExit, BaseException),
    (Exception, BaseException), (TimeoutError, OSError), (AssertionError, Exception),
    (TypeError, ValueError), (ValueError, Exception), (AttributeError, Exception),
    (bool, int), (int, object), (KeyError, IndexError),
]
for sub, sup in pairs:
    print(sub.__name__, sup.__name__, issubclass(sub, sup))
print(issubclass(KeyError, (TypeError, LookupError)))
print(isinstance(ZeroDivisionError(), ArithmeticError))
try:
    1 // 0
except ArithmeticError as e:
    print("ArithmeticError caught", type(e).__name__)
try:
    [][1]
except LookupError as e:
    print("LookupError caught", type(e).__name__)
try:
    def f():
        print(undefined_local_xyz)
        undefined_local_xyz = 1
    f()
except NameError as e:
    print("NameError caught", type(e).__name__)
try:
    raise NotImplementedError
except RuntimeError as e:
    print("RuntimeError caught", type(e).__name__)
try:
    try:
        raise KeyboardInterrupt
    except Exception:
        print("not here")
except BaseException as e:
    print("BaseException caught", type(e).__name__)

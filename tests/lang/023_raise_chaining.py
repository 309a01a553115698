try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("converted") from e
except ValueError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
    print(type(e.__context__).__name__)
try:
    try:
        {}['k']
    except KeyError:
        raise RuntimeError("during handling")
except RuntimeError as e:
    print(repr(e), e.__cause__, repr(e.__context__), e.__suppress_context__)
try:
    try:
        raise ValueError("a")
    except ValueError:
        raise TypeError("b") from None
except TypeError as e:
    print(e.__cause__, repr(e.__context__), e.__suppress_context__)
try:
    raise ValueError("no chain")
except ValueError as e:
    print(e.__cause__, e.__context__)
def deep():
    try:
        raise KeyError("x")
    except KeyError as k:
        raise LookupError("wrapped") from k
try:
    deep()
except LookupError as e:
    print(type(e).__name__, e, "cause:", type(e.__cause__).__name__, e.__cause__)
e = ValueError("made")
try:
    raise e
except ValueError as caught:
    print(caught is e)
try:
    raise IndexError
except IndexError as e:
    print(repr(e))
class MyErr(Exception):
    pass
try:
    raise MyErr("custom") from ValueError("origin")
except MyErr as e:
    print(repr(e), repr(e.__cause__))

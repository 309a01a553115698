# BaseException's and BaseExceptionGroup's C methods, called through the
# class on objects that are not exceptions (a Future has no dict at all).
import asyncio
f = asyncio.Future.__new__(asyncio.Future)
for call in [lambda: ExceptionGroup.__str__(f), lambda: ExceptionGroup.__str__(1),
             lambda: ExceptionGroup.derive(f, []), lambda: ExceptionGroup.derive(ValueError(), []),
             lambda: Exception.__repr__(1), lambda: Exception.__repr__(f),
             lambda: Exception.__init__(1), lambda: Exception.__init__(f, 2),
             lambda: Exception.with_traceback(1, None),
             lambda: ExceptionGroup.__new__(1, "m", [ValueError()]),
             lambda: ExceptionGroup.__new__(int, "m", [ValueError()])]:
    try:
        print(call())
    except TypeError as e:
        print(e)

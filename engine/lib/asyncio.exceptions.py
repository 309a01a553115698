# SPDX-License-Identifier: GPL-3.0-or-later
# asyncio's exception types, named and placed as in CPython 3.11's
# asyncio/exceptions.py, so tracebacks read "asyncio.exceptions.CancelledError".


class CancelledError(BaseException):
    pass


# asyncio.TimeoutError is the builtin one since 3.11.
TimeoutError = TimeoutError


class InvalidStateError(Exception):
    pass


class SendfileNotAvailableError(RuntimeError):
    pass


class IncompleteReadError(EOFError):
    def __init__(self, partial, expected):
        r_expected = 'undefined' if expected is None else repr(expected)
        super().__init__(f'{len(partial)} bytes read on a total of '
                         f'{r_expected} expected bytes')
        self.partial = partial
        self.expected = expected


class LimitOverrunError(Exception):
    def __init__(self, message, consumed):
        super().__init__(message)
        self.consumed = consumed


class BrokenBarrierError(RuntimeError):
    pass

class AppError(Exception):
    pass
class CodeError(AppError):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg
    def __str__(self):
        return f"[{self.code}] {self.msg}"
class Plain(Exception):
    def __init__(self, value):
        self.value = value
try:
    raise AppError("bad thing")
except AppError as e:
    print(type(e).__name__, e, e.args, repr(e))
try:
    raise CodeError(404, "not found")
except AppError as e:
    print(type(e).__name__, e, e.args, e.code, e.msg)
    print(repr(e))
try:
    raise Plain(7)
except Exception as e:
    print(e.value, e.args, str(e) == "", repr(e))
print(issubclass(CodeError, Exception), issubclass(CodeError, BaseException))
e = AppError()
print(repr(e), str(e) == "", e.args)
e2 = AppError(1, 2)
print(repr(e2), str(e2))
try:
    raise CodeError
except TypeError as te:
    print("TypeError while raising class:", type(te).__name__)
class Quiet(ValueError):
    pass
try:
    int("x")
except ValueError as v:
    print(type(v).__name__)
try:
    raise Quiet("q")
except ValueError as v:
    print(type(v).__name__, v)
def thrower():
    raise AppError("from function")
try:
    thrower()
except AppError as e:
    print("caught", e)

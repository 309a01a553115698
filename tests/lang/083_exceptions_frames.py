def level3(x):
    print("level3 start")
    if x:
        raise ValueError(f"bad x={x}")
    return "ok"
def level2(x):
    try:
        return level3(x)
    finally:
        print("level2 finally")
def level1(x):
    try:
        r = level2(x)
        print("level1 got", r)
    except TypeError:
        print("wrong handler")
    print("level1 end")
level1(0)
try:
    level1(1)
except ValueError as e:
    print("top caught", e)
def cleanup_order():
    log = []
    try:
        try:
            log.append("try")
            raise KeyError("k")
        except KeyError:
            log.append("except")
            raise IndexError("i")
        finally:
            log.append("inner finally")
    except IndexError as e:
        log.append("outer except " + str(e))
    finally:
        log.append("outer finally")
    return log
print(cleanup_order())
def retry(attempts):
    for i in range(attempts):
        try:
            if i < 2:
                raise ConnectionError(f"attempt {i}")
            return f"succeeded on {i}"
        except ConnectionError as e:
            print("retrying after", e)
    return "gave up"
print(retry(5), retry(2))
def gen_raises():
    yield 1
    raise ValueError("from generator")
try:
    for v in gen_raises():
        print("gen value", v)
except ValueError as e:
    print("caught", e)
errors = []
for val in ["1", "x", "3", None]:
    try:
        errors.append(int(val))
    except (ValueError, TypeError) as e:
        errors.append(type(e).__name__)
print(errors)
def reraise_different():
    try:
        {}["a"]
    except KeyError as e:
        raise RuntimeError("lookup failed") from e
try:
    reraise_different()
except RuntimeError as e:
    print(e, "<-", repr(e.__cause__))
def exception_var_scope():
    e = "before"
    try:
        raise ValueError
    except ValueError as e:
        pass
    try:
        return e
    except UnboundLocalError:
        return "cleared"
print(exception_var_scope())

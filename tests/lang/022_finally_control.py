def ret_in_try():
    try:
        return "try"
    finally:
        print("finally after return")
print(ret_in_try())
def ret_override():
    try:
        return "try"
    finally:
        return "finally"
print(ret_override())
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(swallow())
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)
def loop_ret():
    for i in range(3):
        try:
            if i == 2:
                return i
        finally:
            print("cleanup", i)
print(loop_ret())
def nested():
    try:
        try:
            return 1
        finally:
            print("inner")
    finally:
        print("outer")
print(nested())
def exc_in_except():
    try:
        try:
            raise ValueError("first")
        except ValueError:
            raise TypeError("second")
        finally:
            print("finally sees exception")
    except TypeError as e:
        return f"{type(e).__name__}: {e}; context={e.__context__!r}"
print(exc_in_except())
count = 0
while True:
    try:
        count += 1
        if count < 3:
            continue
        break
    finally:
        print("while finally", count)
def finally_break():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return "broke out, exception discarded"
print(finally_break())
def try_else_return():
    try:
        x = 1
    except Exception:
        return "except"
    else:
        return "else"
    finally:
        print("finally before else-return")
print(try_else_return())

def div(a, b):
    try:
        r = a / b
    except ZeroDivisionError as e:
        print("caught:", e)
        return None
    else:
        print("no error")
        return r
    finally:
        print("finally for", a, b)
print(div(1, 2))
print(div(1, 0))
for exc in [ValueError("v"), KeyError("k"), TypeError("t"), IndexError("i")]:
    try:
        raise exc
    except (ValueError, TypeError) as e:
        print("group1", type(e).__name__, e)
    except LookupError as e:
        print("lookup", type(e).__name__, e)
try:
    try:
        raise ValueError("inner")
    finally:
        print("inner finally")
except ValueError as e:
    print("outer caught", e)
try:
    pass
except Exception:
    print("never")
else:
    print("else runs")
finally:
    print("finally runs")
try:
    [][0]
except:
    print("bare except")
try:
    {}["missing"]
except Exception as e:
    print(type(e).__name__, e, repr(e))
def name_unbound():
    try:
        raise ValueError("x")
    except ValueError as err:
        pass
    try:
        return err
    except NameError as ne:
        return "err deleted: " + type(ne).__name__
print(name_unbound())
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise
except ZeroDivisionError as e:
    print("re-raised", e)
def f():
    try:
        raise KeyError("a")
    except KeyError:
        print("handling")
        raise
try:
    f()
except KeyError as e:
    print("propagated", repr(e))
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args)

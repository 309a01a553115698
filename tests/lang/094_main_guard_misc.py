"""Module docstring is just an expression statement."""
def helper():
    """Docstring."""
    pass
class Empty:
    """Only a docstring."""
def main():
    print("main running, __name__ =", __name__)
    print(helper(), Empty.__name__)
    for _ in range(2):
        pass
    else:
        pass
    while False:
        pass
    if True:
        pass
    try:
        pass
    except Exception:
        pass
    finally:
        pass
    ...
    print(..., type(...).__name__)
    return 0
if __name__ == "__main__":
    rc = main()
    print("rc", rc)
print(__name__)

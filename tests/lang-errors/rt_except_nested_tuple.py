try:
    raise ValueError("boom")
except (TypeError, (ValueError,)):
    print("caught")

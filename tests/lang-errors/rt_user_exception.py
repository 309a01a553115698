class MyError(Exception):
    pass

def work():
    raise MyError("message")

work()

def greet():
    print("hello", name)

greet()

class Sink:
    def write(self, text):
        pass

print("hello", file=Sink())

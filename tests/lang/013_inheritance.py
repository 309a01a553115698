class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return "animal"
class Dog(Animal):
    sound = "woof"
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def kind(self):
        return "dog/" + super().kind()
class Puppy(Dog):
    def speak(self):
        return super().speak() + "!"
a = Animal("generic")
d = Dog("rex", "lab")
p = Puppy("bit", "pug")
print(a.speak())
print(d.speak(), d.breed)
print(p.speak(), p.kind())
print(isinstance(p, Animal), isinstance(a, Dog))
print(issubclass(Puppy, Animal), issubclass(Animal, Puppy), issubclass(Dog, Dog))
print(Dog.__name__, Puppy.__name__)
print(issubclass(Animal, object))
class Base:
    def __init__(self):
        self.log = ["base"]
    def hook(self):
        return "base-hook"
    def run(self):
        return self.hook()
class Derived(Base):
    def __init__(self):
        super().__init__()
        self.log.append("derived")
    def hook(self):
        return "derived-hook"
x = Derived()
print(x.log, x.run())
print(Base.run(x))
print(isinstance(3, (str, int)), isinstance("s", (list, tuple)))

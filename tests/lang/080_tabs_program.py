class Shape:
	def __init__(self, name):
		self.name = name

	def area(self):
		raise NotImplementedError

	def describe(self):
		try:
			return f"{self.name}: {self.area()}"
		except NotImplementedError:
			return f"{self.name}: unknown"

class Square(Shape):
	def __init__(self, side):
		super().__init__("square")
		self.side = side
	def area(self):
		return self.side ** 2

for s in [Shape("blob"), Square(3)]:
	print(s.describe())
	i = 0
	while i < 2:
		if i:
			print("\t-> tab-indented while", i)
		else:
			pass
		i += 1
with_tabs = [
	1,
		2,
]
print(with_tabs)

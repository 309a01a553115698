def g(x):
	if x:
		return "tab-yes"
	else:
		# tab comment
		return "tab-no"

print(g(1))
print(g(0))
for i in range(2):
	print("tab loop", i)
	if i:
		print("tab inner")
class T:
	x = 5
	def get(self):
		return self.x
print(T().get())
while True:
	break
print("end tabs")

def tabbed(n):
	return [i for i in range(n)]

def spaced(n):
    return tuple(range(n))

def mixed_blocks(flag):
	if flag:
		return "tab block"
	else:
		return "tab else"

class Both:
    def a(self):
        return 1
class Tabs:
	def b(self):
		return 2
print(tabbed(3), spaced(3), mixed_blocks(1), mixed_blocks(0), Both().a(), Tabs().b())
if True:
	if True:
		print("two tabs")
	print("one tab")
print("zero")

def h(n):
    total = 0
	# tab-indented comment inside a space-indented block
    for i in range(n):
        total += i
		# another tab comment

    return total

print(h(5))
if 1:
    x = 1
  	  # mixed whitespace comment
    print("x", x)

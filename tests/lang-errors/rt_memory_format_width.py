text = format(1, ">1000000000000")

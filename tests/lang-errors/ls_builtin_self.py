builtins = print.__self__
builtins.open("x")

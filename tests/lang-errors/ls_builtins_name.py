opener = __builtins__.open
opener("/etc/passwd")

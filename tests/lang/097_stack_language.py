class StackError(Exception):
    pass
def run(program):
    stack = []
    words = {}
    tokens = program.split()
    def pop():
        if not stack:
            raise StackError("stack underflow")
        return stack.pop()
    ops = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a // b,
        "<": lambda a, b: int(a < b),
    }
    def execute(toks):
        i = 0
        while i < len(toks):
            t = toks[i]
            if t in ops:
                b, a = pop(), pop()
                stack.append(ops[t](a, b))
            elif t == "dup":
                v = pop(); stack.extend([v, v])
            elif t == "swap":
                b, a = pop(), pop(); stack.extend([b, a])
            elif t == ".":
                print(pop(), end=" ")
            elif t == ":":
                end = toks.index(";", i)
                words[toks[i + 1]] = toks[i + 2:end]
                i = end
            elif t in words:
                execute(words[t])
            else:
                try:
                    stack.append(int(t))
                except ValueError:
                    raise StackError(f"unknown word {t!r}") from None
            i += 1
    execute(tokens)
    print()
    return stack
print(run("1 2 + 3 * ."))
print(run(": sq dup * ; 7 sq . 3 sq 4 sq + ."))
print(run("10 3 / 10 3 swap - 5 2 <"))
for bad in ["1 +", "1 2 frob"]:
    try:
        run(bad)
    except StackError as e:
        print("StackError:", e, "| cause:", e.__cause__, "| suppressed:", e.__suppress_context__)
    except ZeroDivisionError:
        print("zero")
try:
    run("1 0 /")
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)

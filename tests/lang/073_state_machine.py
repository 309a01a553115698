TRANSITIONS = {
    ("idle", "start"): "running",
    ("running", "pause"): "paused",
    ("paused", "resume"): "running",
    ("running", "stop"): "idle",
    ("paused", "stop"): "idle",
}
class InvalidTransition(Exception):
    def __init__(self, state, event):
        super().__init__(f"cannot {event} while {state}")
        self.state = state
        self.event = event
class Machine:
    def __init__(self):
        self.state = "idle"
        self.history = []
    def fire(self, event):
        key = (self.state, event)
        if key not in TRANSITIONS:
            raise InvalidTransition(self.state, event)
        old = self.state
        self.state = TRANSITIONS[key]
        self.history.append(f"{old}->{self.state}")
        return self
m = Machine()
for ev in ["start", "pause", "resume", "stop", "stop", "start"]:
    try:
        m.fire(ev)
        print(f"{ev:>7}: now {m.state}")
    except InvalidTransition as e:
        print(f"{ev:>7}: error: {e} (state={e.state!r}, event={e.event!r})")
print(m.history)
def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(src) and src[j].isdigit():
                j += 1
            tokens.append(("NUM", int(src[i:j])))
            i = j
        elif c in "+-*/()":
            tokens.append(("OP", c))
            i += 1
        else:
            raise ValueError(f"bad char {c!r} at {i}")
    return tokens
def parse_expr(toks, pos=0):
    val, pos = parse_term(toks, pos)
    while pos < len(toks) and toks[pos][1] in ("+", "-"):
        op = toks[pos][1]
        rhs, pos = parse_term(toks, pos + 1)
        val = val + rhs if op == "+" else val - rhs
    return val, pos
def parse_term(toks, pos):
    val, pos = parse_atom(toks, pos)
    while pos < len(toks) and toks[pos][1] in ("*", "/"):
        op = toks[pos][1]
        rhs, pos = parse_atom(toks, pos + 1)
        val = val * rhs if op == "*" else val // rhs
    return val, pos
def parse_atom(toks, pos):
    kind, v = toks[pos]
    if v == "(":
        val, pos = parse_expr(toks, pos + 1)
        return val, pos + 1
    if v == "-":
        val, pos = parse_atom(toks, pos + 1)
        return -val, pos
    return v, pos + 1
for src in ["1 + 2 * 3", "(1 + 2) * 3", "100 / 7 - -3", "2 * (3 + (4 - 1)) * 2", "1 $ 2"]:
    try:
        print(src, "=", parse_expr(tokenize(src))[0])
    except ValueError as e:
        print(src, "->", e)

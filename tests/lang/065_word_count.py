text = """The quick brown fox jumps over the lazy dog.
The dog sleeps; the fox runs!
A quick, quick fox."""
words = []
for line in text.splitlines():
    for raw in line.split():
        w = raw.strip(".,;!").lower()
        if w:
            words.append(w)
print(len(words), words[:6])
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(counts)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
for w, c in top:
    print(f"{w:>6}: {'*' * c} ({c})")
lengths = {}
for w in words:
    lengths.setdefault(len(w), []).append(w)
for k in sorted(lengths):
    print(k, sorted(set(lengths[k])))
first_letters = {w[0] for w in words}
print(sorted(first_letters))
print(" ".join(w.capitalize() for w in words[:4]))
print(text.count("fox"), text.find("dog"), text.rfind("dog"), text.upper()[:9])
caesar = "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.islower() else c for c in "hello, world")
print(caesar)
vowels = sum(1 for c in text.lower() if c in "aeiou")
print("vowels", vowels)
print(text.replace("\n", " | "))
acronym = "".join(w[0].upper() for w in "portable network graphics".split())
print(acronym)
print(",".join(reversed("a b c".split())), "abc"[::-1] == "cba")
pal = [w for w in ["level", "abc", "noon", "x"] if w == w[::-1]]
print(pal)

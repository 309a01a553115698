d = {'b': 2, 'a': 1}
d['c'] = 3
d['b'] = 20
print(d, len(d), d['a'])
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
print('a' in d, 'z' in d, 'z' not in d, 2 in d.values())
print(d.get('a'), d.get('zz'), d.get('zz', 'default'))
print(d.setdefault('a', 100), d.setdefault('new', []), d)
d['new'].append(1)
print(d['new'])
print(d.pop('new'), d.pop('zz', 'nope'), d)
print(d.popitem(), d)
d.update({'x': 9, 'b': 200})
d.update(y=10)
d.update([('z', 11)])
print(d)
del d['x']
print(d)
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(k, '->', v)
e = dict(a=1, b=2)
print(e, dict(zip(['k1', 'k2'], [1, 2])), dict([('p', 1)]), dict(), dict(e))
print(dict.fromkeys(['a', 'b']), dict.fromkeys('xy', 0))
c = e.copy(); c['a'] = 99
print(e, c)
print(e | {'c': 3}, {'a': 0} | e)
e |= {'z': 26}
print(e)
d2 = {}
d2[1] = 'int'; d2[1.0] = 'float'; d2[(1, 2)] = 'tuple'
print(d2)
try:
    d['missing']
except KeyError as ex:
    print("KeyError", ex)
order = {}
for ch in "hello world":
    order[ch] = order.get(ch, 0) + 1
print(order)
print({k: v for k, v in sorted(order.items(), key=lambda kv: (-kv[1], kv[0]))})
d3 = {'a': 1}
d3.clear()
print(d3, {} == dict(), {'a': 1, 'b': 2} == {'b': 2, 'a': 1})
print(sorted({'b': 1, 'a': 2}), min({'b': 1, 'a': 2}), len({}))
print(d.keys(), d.values(), d.items())

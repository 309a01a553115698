# A Future has no attribute dict until one is set (ls_instance_ensure_dict);
# functools' natives read and wrote any instance's dict through the class.
import asyncio
import functools
f = asyncio.Future.__new__(asyncio.Future)
for call in [lambda: functools.partial.__call__(f),
             lambda: type(functools.lru_cache(lambda: 1)).cache_info(f),
             lambda: type(functools.lru_cache(lambda: 1)).cache_clear(f),
             lambda: type(functools.cmp_to_key(lambda a, b: 0)(1)).__lt__(f, f)]:
    try:
        call()
    except TypeError as e:
        print(e)
g = asyncio.Future.__new__(asyncio.Future)
functools.partial.__init__(g, print)
print(sorted(g.__dict__))

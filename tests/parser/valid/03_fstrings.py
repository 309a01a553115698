f1 = f'{a}' f'{b!r}' f'{c!s:>10}' f'{d!a}'
f2 = f'{x:{w}.{p}f}' f'{x:>{w}}' f'{x=}' f'{x = }' f'{x=!s}' f'{x=:>3}' f'{ x = !r:^5}'
f3 = f'{{}}' f'{{{a}}}' f'a{{b' f'}}' f'{a}{{' f'{"{"}'
f4 = f'{a!=b}' f'{a==b}' f'{a<=b}' f'{a>b}' f'{a<b}' f'{[1,2][0]}' f'{ {"a": 1}["a"] }'
f5 = f'{(lambda x: x)(1)}' f'{a if b else c}' f'{"nested" + "no"}'
f6 = f"{'single'}" f'{"double"}' f'''{"""triple"""}''' f"""{'''t'''}"""
f7 = f'''
line {a}
  {b +
 c} end
{
d}'''
f8 = (f'{a}'
      f'{b}' 'c'
      'd' f'{e:{f}}')
f9 = f'\n{a}\t' rf'\n{a}\t' f'\x41{a}\u4e2d'
f10 = f'{a:}' f'{a!r:}' f'{a:{b}}' f'{a:x{b}y{c}z}' f'{3.14:.{2}f}'
f11 = f'{a, b}' f'{*a,}' f'{yield_}' f'{a:=5}' f'{(a:=5)}'
f12 = 'x' f'' 'y', f'' '', u'a' f'{b}' 'c'
f13 = f'{a["b"]}' f"{a['b']}" f'{a[b]:{c}}' f'{a.b.c}' f'{f(a, b=c)}'
f14 = f'中{文}字' f'{中}' f'é{a}é'

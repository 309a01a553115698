for n in [0, 1, 5, 255, 1023, -1, -8, 2**62]:
    print(n, bin(n), hex(n), oct(n), n.bit_length() if n >= 0 else (-n).bit_length())
print(0b1100 & 0b1010, 0b1100 | 0b1010, 0b1100 ^ 0b1010, ~0b1100)
flags = 0
READ, WRITE, EXEC = 1, 2, 4
flags |= READ | EXEC
print(flags, bool(flags & WRITE), bool(flags & EXEC))
flags &= ~READ
print(flags)
print(1 << 0, 1 << 10, 1 << 40, 1 << 62, (1 << 62) - 1 + (1 << 62))
print(-1 << 3, -5 >> 1, -1024 >> 5, 5 >> 10, 1 >> 1)
def popcount(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c
print([popcount(i) for i in range(17)])
print(bin(0b1011 << 2), int('1011', 2) << 2, 0xff >> 4, 0xdeadbeef & 0xffff)
x = 0x12345678
print(hex((x >> 16) & 0xff), hex(x & 0xff), hex(((x & 0xff) << 24) | ((x >> 8) & 0xff)))
print(-7 & 0xf, -7 | 0, -7 ^ -1, ~-8, 6 & -6)
def gray(n):
    return n ^ (n >> 1)
print([gray(i) for i in range(8)], [bin(gray(i))[2:].zfill(3) for i in range(8)])
print(int("-0x1f", 16), int("0o777", 0), int("0b1_0", 0), format(10, "b"), format(10, "#o"))
mask = 9223372036854775807
print(mask, mask & -1, mask >> 62, -mask - 1)

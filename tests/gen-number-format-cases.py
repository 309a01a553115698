#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerates the case tables of tests/test-number-format.c.

Every expected value comes from the running CPython (it must be 3.11), so
the C module is checked against the real thing, never against memory.

    python3 tests/gen-number-format-cases.py [tests/test-number-format.c]

rewrites the text between the BEGIN/END GENERATED CASES markers in place.
"""

import math
import os
import random
import struct
import sys

BEGIN = "/* BEGIN GENERATED CASES */\n"
END = "/* END GENERATED CASES */\n"

INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def c_string(text):
    """A C literal for UTF-8 text; octal escapes cannot swallow digits."""
    out = ['"']
    for byte in text.encode("utf-8", "surrogatepass"):
        ch = chr(byte)
        if ch in '"\\?':
            out.append("\\" + ch)
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append("\\%03o" % byte)
    out.append('"')
    return "S (" + "".join(out) + ")"


def c_int(v):
    if v == INT64_MIN:
        return "G_MININT64"
    return "I (%d)" % v


def c_bits(x):
    return "B (0x%016x)" % bits(x)


def c_bool(b):
    return "TRUE" if b else "FALSE"


def c_char(c):
    return "'%s'" % c


# ----------------------------------------------------------------------------
# Values

def special_floats():
    vals = [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375,
            2.675, 1.005, 1e16, 1e15, 9999999999999998.0, 1e16 - 2, 2e16 + 8,
            123456789012345.0, 1234567890123456.0, 12345678901234567.0,
            1e-4, 1e-5, 0.0001, 0.00001234, 1.5e-7, 3.14159, 12345.678,
            1234.5, 100.0, 1e22, 1e23, 1e300, -1e300, 1e-300, 5e-324,
            -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
            1.7976931348623157e308, -1.7976931348623157e308, 2 ** 53,
            2 ** 53 + 2, 2 ** 63, 0.3, 2 / 3, 1 / 3, 9.5, 0.05, 0.15, 0.25,
            0.35, 999.9999, 0.999999, 9.9999995, 99999.95,
            math.pi * 1e10, math.e, -math.pi, 4.35, 0.045, 1e-10,
            float("inf"), float("-inf"), float("nan")]
    return [float(v) for v in vals]


def random_floats(rng, n):
    out = []
    while len(out) < n:
        x = from_bits(rng.getrandbits(64))
        if math.isfinite(x):
            out.append(x)
    return out


def nice_floats(rng, n):
    """Short decimals, where halfway and repr questions get interesting."""
    out = []
    for _ in range(n):
        digits = rng.randint(1, 17)
        mant = rng.randint(1, 10 ** digits - 1)
        exp = rng.randint(-25, 25)
        out.append(float("%de%d" % (mant, exp)) * rng.choice((1, -1)))
    return out


# ----------------------------------------------------------------------------
# Case builders

def repr_cases(rng):
    vals = special_floats() + random_floats(rng, 300) + nice_floats(rng, 300)
    # powers of two stress the lopsided round-trip interval
    vals += [math.ldexp(1.0, e) for e in range(-1074, 1024, 3)]
    # and every power of two whose correctly rounded shortest-length digits
    # do not read back, so the neighbouring digit string is the answer
    for e in range(-1074, 1024):
        x = math.ldexp(1.0, e)
        mantissa = repr(x).split("e")[0].replace(".", "").strip("0")
        if float("%.*e" % (len(mantissa) - 1, x)) != x:
            vals.append(x)
    # just beside powers of ten
    for e in range(-30, 30):
        p = float("1e%d" % e)
        vals += [math.nextafter(p, 0), math.nextafter(p, math.inf)]
    rows = []
    for x in vals:
        rows.append("  { %s, %s }," % (c_bits(x), c_string(repr(x))))
    return rows


FLOAT_SPECS = [
    "", "e", "E", "f", "F", "g", "G", "n", "%", ".0e", ".3e", ".0f", ".2f",
    ".17f", ".0g", ".1g", ".3g", ".17g", ".30e", "#g", "#.0f", "#.0e", "#",
    "#.3", ".3", ".0", ".1", ".16", "+", "-", " ", "+e", " f", "z", "z.1f",
    "z.0f", "+z.2e", "z%", "010.3f", "010", "<10", ">12", "^12.2e",
    "*>15,.2f", "_f", ",.3f", ",", "_", "015,.2f", "0=12", "0<12", "x^9.1%",
    ",.2%", "+015_.4e", "-08.3g", "09n", ".2n", "20.6", "010,", "d", "s",
    "c", "x", "b", ".f", ",_", "_,", ".2147483648f", "99999999999999999999",
    "ee", "\u00e9^+12.3F", "\U0001f600<10", "=+14,.1f", "\x00", "#.0%",
]

INT_SPECS = [
    "", "d", "b", "o", "x", "X", "#b", "#o", "#x", "#X", "c", "n", ",", "_",
    "_x", "_b", "_o", "_X", "#_x", ",x", ",b", "_n", "+d", " d", "-d", "08d",
    "08,d", "010_x", "#010x", "#010_b", "=+10", "^10", "<10", ">10", "*^11,",
    "e", "E", "f", "F", "g", "G", "%", ".1%", ".2f", ",.2f", ".2", "z", "zd",
    "s", "+c", "#c", "05c", "*^5c", "X<#12_X", "0=", "020,", "0<8", "020_",
    "+#x", " #o", "\u0661\u0660", "\u00e9", "\x00", "\x7f", ".3e", "0=+15,",
    "12,", "_d", "-#30b",
]

STR_SPECS = [
    "", "s", "10", "<10", ">10", "^10", "^11", "*^11", ".2", "10.2s", ".0",
    "05", "0^7", "=10", "+", " ", "-", "z", "#", ",", "_", ",s", "d",
    "\u00fc^9", "\U0001f600>6", "x<3", ".1000", "3.1", "\u0663", "020",
]


def format_row(v, spec, emit_value, type_):
    try:
        result, ok, kind = format(v, spec), True, "V"
    except ValueError as e:
        result, ok, kind = str(e), False, "V"
    except OverflowError as e:
        result, ok, kind = str(e), False, "O"
    extra = ", '%s'" % kind if type_ == "int" else ""
    return "  { %s, %s, %s, %s%s }," % (
        emit_value(v), c_string(spec), c_bool(ok), c_string(result), extra)


def format_rows(values, specs, emit_value, type_):
    return [format_row(v, spec, emit_value, type_)
            for v in values for spec in specs]


def sampled_format_rows(rng, values, specs, per_value, emit_value, type_):
    """Random values meet a random handful of specs, to keep the table small."""
    return [format_row(v, spec, emit_value, type_)
            for v in values for spec in rng.sample(specs, per_value)]


FORMAT_FLOATS = [0.0, -0.0, 1.0, -1.5, 0.5, 2.5, 0.125, 2.675, 1e16,
                 123456789012345.0, 1e-5, 1.5e-7, 12345.678, 1234.5, 100.0,
                 9.9999995, 1e300, 5e-324, 1.7976931348623157e308, -0.004,
                 1 / 3, float("inf"), float("-inf"), float("nan")]


def float_format_cases(rng):
    rows = format_rows(FORMAT_FLOATS, FLOAT_SPECS, c_bits, "float")
    others = [v for v in special_floats() if v not in FORMAT_FLOATS]
    others += random_floats(rng, 20) + nice_floats(rng, 20)
    return rows + sampled_format_rows(rng, others, FLOAT_SPECS, 12, c_bits, "float")


def int_format_cases(rng):
    vals = [0, 1, -1, 42, -42, 65, 255, 1234567, -1234567, 0x10FFFF,
            0x110000, 0x1F600, INT64_MAX, INT64_MIN]
    rows = format_rows(vals, INT_SPECS, c_int, "int")
    others = [7, -255, 1000, INT64_MIN + 1, 2 ** 53 + 1, 10 ** 18]
    others += [rng.randint(INT64_MIN, INT64_MAX) for _ in range(8)]
    others += [rng.randint(-10 ** 6, 10 ** 6) for _ in range(8)]
    return rows + sampled_format_rows(rng, others, INT_SPECS, 12, c_int, "int")


def str_format_cases():
    vals = ["", "a", "abc", "h\u00e9llo", "\u65e5\u672c\u8a9e",
            "\U0001f600x", "a\x00b", "a much longer string than widths"]
    return format_rows(vals, STR_SPECS, c_string, "str")


def round_cases(rng):
    vals = special_floats() + random_floats(rng, 60) + nice_floats(rng, 100)
    vals += [2.675, 0.125, 0.375, 2.5, 3.5, -2.5, 250.0, 350.0, -250.0,
             12345.0, 1.7976931348623157e308, 5e-324, 0.5, 1.5, 0.285,
             1.0000000000000002, 15.0, 25.0, 5e15, 4.5e15, 5.5e15]
    ndigits_choices = [0, 1, 2, 3, 5, 10, 15, 17, 20, 300, 323, 324, 400,
                       -1, -2, -3, -10, -15, -16, -17, -22, -300, -307,
                       -308, -309, -1000]
    rows = []
    for x in vals:
        for nd in rng.sample(ndigits_choices, 3) + [0, -1, 2]:
            try:
                r, overflow = round(x, nd), False
            except OverflowError:
                r, overflow = math.inf, True
            rows.append("  { %s, %d, %s, %s }," % (
                c_bits(x), nd, c_bool(overflow), c_bits(r)))
    return rows


def round_int_cases(rng):
    vals = [v for v in special_floats() if math.isfinite(v)]
    vals += [i / 2 for i in range(-11, 12)] + nice_floats(rng, 60)
    vals += [2.0 ** 52 + 0.5, 2.0 ** 52 + 1.5, 4503599627370495.5,
             0.49999999999999994, -0.49999999999999994]
    rows = []
    for x in vals:
        rows.append("  { %s, %s }," % (c_bits(x), c_bits(float(round(x)))))
    return rows


FLOAT_TEXTS = [
    "1", "1.5", "-1.5", "+1.5", " 1.5 ", "\t\n1.5\r\f\v", "1_0", "1__0", "_1",
    "1_", "1_.5", "1._5", "1.5_", "1e1_0", "1_0e1", "0x10", "1e", ".e1",
    "1.e1", "+.5", ".", "-", "", "   ", "e5", "1e+", "1e-5", "1E5", "1e500",
    "-1e500", "1e-500", "-1e-500", "inf", "-inf", "+inf", "INF", "Infinity",
    "-iNfInItY", "infinit", "infinityy", "nan", "-nan", "+NaN", "nan1",
    "in f", "- 1", "1 2", "1\x00", "\x1c1.5", "1.5\x1c", "\x851",
    "\u30001.5\u3000", "\u0661.\u0665", "\u0967\u0968\u0969", "1.5\u00e9",
    "0.1", "0.3", "2.675", "1.7976931348623157e308", "1.7976931348623159e308",
    "5e-324", "2e-324", "3e-324", "0", "-0", "-0.0", "00001", "1" * 400,
    "0." + "0" * 400 + "1", "9007199254740993", "9007199254740992.5",
    "1e99999999999999999999", "1e-99999999999999999999",
    "0e99999999999999999999", "123456789012345678901234567890e-20",
    "2.2250738585072011e-308", "4.9406564584124654e-324", "1_2.3_4e5_6",
    "1.2e+0_5", "1.2e_5", "١_٢", "0_0", "-_1", "+_1", "١٢٣.٤٥٦",
]


def float_parse_cases(rng):
    texts = list(FLOAT_TEXTS)
    for x in random_floats(rng, 40) + nice_floats(rng, 40):
        texts.append(repr(x))
        texts.append("%.25e" % x)
    rows = []
    for t in texts:
        try:
            v, ok = float(t), True
        except ValueError:
            v, ok = 0.0, False
        rows.append("  { %s, %s, %s }," % (c_string(t), c_bool(ok), c_bits(v)))
    return rows


INT_TEXTS = [
    ("0", 0), ("0", 10), ("12", 10), (" -12 ", 10), ("+7", 0), ("- 1", 0),
    ("0_0", 0), ("0_7", 0), ("00", 0), ("07", 0), ("0", 0), ("-0", 0),
    ("0x", 0), ("0x_1", 0), ("0x__1", 0), ("-0x_f", 0), ("0X1F", 0),
    ("0o17", 0), ("0O17", 0), ("0b101", 0), ("0B101", 0), ("0b102", 0),
    ("0x1f", 16), ("0b1", 16), ("0b1", 2), ("0o7", 8), ("0x1f", 10),
    ("1_000", 10), ("1__000", 10), ("_1", 10), ("1_", 10), ("1 ", 10),
    ("1\x1c", 0), ("\x1c1", 0), ("\u00a012\u3000", 10), ("\u0661\u0662", 10),
    ("\u0661\u0662", 16), ("zz", 36), ("ZZ", 36), ("z", 35), ("10", 2),
    ("12", 2), ("777", 8), ("8", 8), ("ff", 16), ("FF", 16), ("g", 16),
    ("9223372036854775807", 10), ("9223372036854775808", 10),
    ("-9223372036854775808", 10), ("-9223372036854775809", 10),
    ("0x7fffffffffffffff", 0), ("0x8000000000000000", 0),
    ("-0x8000000000000000", 0), ("-0x8000000000000001", 0),
    ("1" * 30, 10), ("1" * 30 + "_", 10), ("1" * 30 + "x", 10),
    ("0" * 4300 + "1", 10), ("0" * 4301 + "1", 10), ("0" * 5000 + "1", 16),
    ("", 10), (" ", 10), ("+", 10), ("-", 0), ("1\x00", 10), ("1.0", 10),
    ("0_", 0), ("0__0", 0), ("00_0", 0), ("0x1_f", 0), ("1_2_3", 0),
    ("0b_", 0), ("0o_8", 0), ("10", 36), ("-zz", 36), ("07", 8),
    ("0o7", 16), ("0x", 16), ("x1", 16), ("  0b1010  ", 0),
    ("\t+0o777\n", 0), ("1e5", 10), ("12", 3), ("3", 3), ("1111", 4),
]


def int_parse_cases(rng):
    cases = list(INT_TEXTS)
    for _ in range(40):
        base = rng.choice([0, 2, 8, 10, 16, 36, 7])
        v = rng.randint(-2 ** 70, 2 ** 70)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        b = base or 10
        m, s = abs(v), ""
        while True:
            s = digits[m % b] + s
            m //= b
            if m == 0:
                break
        cases.append((("-" if v < 0 else "") + s, base))
    rows = []
    for text, base in cases:
        try:
            v, ok = int(text, base), True
        except ValueError:
            v, ok = 0, False
        overflow = ok and not (INT64_MIN <= v <= INT64_MAX)
        rows.append("  { %s, %d, %s, %s, %s }," % (
            c_string(text), base, c_bool(ok), c_bool(overflow),
            c_int(0 if (overflow or not ok) else v)))
    return rows


PERCENT_FLAGS = ["", "-", "+", " ", "#", "0", "-0", "+0", " 0", "#0", "-#",
                 "+#0", "- ", "-+#0"]


def percent_spec(flags, width, prec, conv):
    return "%" + flags + (str(width) if width >= 0 else "") + \
        ("." + str(prec) if prec >= 0 else "") + conv


def percent_int_cases(rng):
    values = [0, 5, -42, 255, -255, 65535, INT64_MAX, INT64_MIN]
    rows = []
    must = [(-42, "0", 5, -1, "d"), (3, "-", 5, -1, "d"), (255, "", -1, -1, "x"),
            (255, "#", -1, -1, "x"), (42, "+", -1, -1, "d"), (255, "#", 10, 5, "X")]
    combos = list(must)
    for _ in range(700):
        combos.append((rng.choice(values), rng.choice(PERCENT_FLAGS),
                       rng.choice([-1, 0, 1, 3, 5, 12, 25]),
                       rng.choice([-1, -1, 0, 1, 4, 20]),
                       rng.choice("diuoxXeEfFgG")))
    for v, flags, width, prec, conv in combos:
        expected = percent_spec(flags, width, prec, conv) % v
        rows.append("  { %s, %s, %d, %d, %s, %s }," % (
            c_int(v), c_string(flags), width, prec, c_char(conv),
            c_string(expected)))
    return rows


def percent_float_cases(rng):
    values = special_floats() + random_floats(rng, 10) + nice_floats(rng, 10)
    must = [(3.14159, "", 5, 2, "f"), (12345.678, "", -1, -1, "e"),
            (0.00001234, "", -1, -1, "g"), (3.7, "", -1, -1, "d"),
            (-2.5, "0", 5, -1, "d"), (1e30, "", -1, -1, "d"),
            (-0.5, "+", -1, -1, "i"), (1e300, "", -1, 3, "u")]
    combos = list(must)
    for _ in range(900):
        combos.append((rng.choice(values), rng.choice(PERCENT_FLAGS),
                       rng.choice([-1, 0, 1, 5, 12, 30]),
                       rng.choice([-1, -1, 0, 1, 3, 17, 25]),
                       rng.choice("eEfFgGeEfFgGd")))
    rows = []
    for v, flags, width, prec, conv in combos:
        if conv in "diu" and not math.isfinite(v):
            continue  # the VM raises before calling the formatter
        expected = percent_spec(flags, width, prec, conv) % v
        rows.append("  { %s, %s, %d, %d, %s, %s }," % (
            c_bits(v), c_string(flags), width, prec, c_char(conv),
            c_string(expected)))
    return rows


def table(ctype, name, rows):
    return ["static const %s %s[] = {" % (ctype, name)] + rows + ["};", ""]


def generate():
    if sys.version_info[:2] != (3, 11):
        sys.exit("expected CPython 3.11, this is %s" % sys.version)
    rng = random.Random(20240611)
    lines = ["/* Generated by tests/gen-number-format-cases.py from CPython %s;"
             " do not edit. */" % sys.version.split()[0], ""]
    lines += table("ReprCase", "repr_cases", repr_cases(rng))
    lines += table("FloatFormatCase", "float_format_cases", float_format_cases(rng))
    lines += table("IntFormatCase", "int_format_cases", int_format_cases(rng))
    lines += table("StrFormatCase", "str_format_cases", str_format_cases())
    lines += table("RoundCase", "round_cases", round_cases(rng))
    lines += table("RoundIntCase", "round_int_cases", round_int_cases(rng))
    lines += table("FloatParseCase", "float_parse_cases", float_parse_cases(rng))
    lines += table("IntParseCase", "int_parse_cases", int_parse_cases(rng))
    lines += table("PercentIntCase", "percent_int_cases", percent_int_cases(rng))
    lines += table("PercentFloatCase", "percent_float_cases", percent_float_cases(rng))
    return "\n".join(lines)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "test-number-format.c")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + generate() + END + tail)


if __name__ == "__main__":
    main()

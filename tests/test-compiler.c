/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-compiler.c — the compiler, the symbol table and the disassembler.
 *
 * The listings below were written from CPython 3.10's compiler (our
 * bytecode is 3.10-like): what is evaluated in which order, where a
 * coroutine suspends, which block a return unwinds, and the line every
 * instruction reports.  A change in a listing is a change in behaviour;
 * read the diff against `python3.10 -m dis` before updating one.
 */
#include "config.h"

#include <string.h>

#include "ls-ast.h"
#include "ls-compiler.h"
#include "ls-opcodes.h"
#include "ls-symtable.h"
#include "ls-syntax-error.h"
#include "ls-vm.h"

typedef struct
{
  const char *name;
  const char *source;
  const char *listing;
} ListingCase;

static const ListingCase listing_cases[] = {
  {
    "closure",
    "def f(a, b=2, *args, c, d=4, **kw):\n"
    "    y = a + b\n"
    "    def g():\n"
    "        return y + a\n"
    "    return g\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 3, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 (2)\n"
    "           1 BUILD_TUPLE               1\n"
    "           2 LOAD_CONST                1 ('d')\n"
    "           3 LOAD_CONST                2 (4)\n"
    "           4 BUILD_MAP                 1\n"
    "           5 LOAD_CONST                3 (<code f, line 1>)\n"
    "           6 MAKE_FUNCTION             3 (defaults kwdefaults)\n"
    "           7 STORE_NAME                0 (f)\n"
    "           8 LOAD_CONST                4 (None)\n"
    "           9 RETURN_VALUE\n"
    "\n"
    "code f (f), line 1: args 2 kwonly 2, locals 7, stack 2, blocks 0, flags: varargs varkeywords\n"
    "  varnames: a, b, c, d, args, kw, g\n"
    "  cellvars: a, y\n"
    "   2       0 LOAD_DEREF                0 (a)\n"
    "           1 LOAD_FAST                 1 (b)\n"
    "           2 BINARY_OP                 0 (+)\n"
    "           3 STORE_DEREF               1 (y)\n"
    "   3       4 LOAD_CLOSURE              0 (a)\n"
    "           5 LOAD_CLOSURE              1 (y)\n"
    "           6 BUILD_TUPLE               2\n"
    "           7 LOAD_CONST                0 (<code g, line 3>)\n"
    "           8 MAKE_FUNCTION             4 (closure)\n"
    "           9 STORE_FAST                6 (g)\n"
    "   5      10 LOAD_FAST                 6 (g)\n"
    "          11 RETURN_VALUE\n"
    "\n"
    "code f.<locals>.g (g), line 3: args 0, locals 0, stack 2, blocks 0, flags:\n"
    "  freevars: a, y\n"
    "   4       0 LOAD_DEREF                1 (y)\n"
    "           1 LOAD_DEREF                0 (a)\n"
    "           2 BINARY_OP                 0 (+)\n"
    "           3 RETURN_VALUE\n",
  },
  {
    "calls",
    "f(1, x=2)\n"
    "f(*a, b, *c, k=1, **d, j=2)\n"
    "o.m(1, k=2)\n"
    "o.n(x)\n"
    "g(**kw)\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 5, blocks 0, flags: module\n"
    "   1       0 LOAD_NAME                 0 (f)\n"
    "           1 LOAD_CONST                0 (1)\n"
    "           2 LOAD_CONST                1 (2)\n"
    "           3 LOAD_CONST                2 (('x',))\n"
    "           4 CALL_KW                   2\n"
    "           5 POP_TOP\n"
    "   2       6 LOAD_NAME                 0 (f)\n"
    "           7 BUILD_LIST                0\n"
    "           8 LOAD_NAME                 1 (a)\n"
    "           9 LIST_EXTEND               1\n"
    "          10 LOAD_NAME                 2 (b)\n"
    "          11 LIST_APPEND               1\n"
    "          12 LOAD_NAME                 3 (c)\n"
    "          13 LIST_EXTEND               1\n"
    "          14 LIST_TO_TUPLE\n"
    "          15 LOAD_CONST                3 ('k')\n"
    "          16 LOAD_CONST                0 (1)\n"
    "          17 BUILD_MAP                 1\n"
    "          18 LOAD_NAME                 4 (d)\n"
    "          19 DICT_MERGE                1\n"
    "          20 LOAD_CONST                4 ('j')\n"
    "          21 LOAD_CONST                1 (2)\n"
    "          22 BUILD_MAP                 1\n"
    "          23 DICT_MERGE                1\n"
    "          24 CALL_EX                   1\n"
    "          25 POP_TOP\n"
    "   3      26 LOAD_NAME                 5 (o)\n"
    "          27 LOAD_METHOD               6 (m)\n"
    "          28 LOAD_CONST                0 (1)\n"
    "          29 LOAD_CONST                1 (2)\n"
    "          30 LOAD_CONST                5 (('k',))\n"
    "          31 CALL_METHOD_KW            2\n"
    "          32 POP_TOP\n"
    "   4      33 LOAD_NAME                 5 (o)\n"
    "          34 LOAD_METHOD               7 (n)\n"
    "          35 LOAD_NAME                 8 (x)\n"
    "          36 CALL_METHOD               1\n"
    "          37 POP_TOP\n"
    "   5      38 LOAD_NAME                 9 (g)\n"
    "          39 BUILD_TUPLE               0\n"
    "          40 BUILD_MAP                 0\n"
    "          41 LOAD_NAME                10 (kw)\n"
    "          42 DICT_MERGE                1\n"
    "          43 CALL_EX                   1\n"
    "          44 POP_TOP\n"
    "          45 LOAD_CONST                6 (None)\n"
    "          46 RETURN_VALUE\n",
  },
  {
    "try-except",
    "try:\n"
    "    a()\n"
    "except (KeyError, IndexError):\n"
    "    b()\n"
    "except Exception as e:\n"
    "    c(e)\n"
    "except:\n"
    "    raise\n"
    "else:\n"
    "    d()\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 3, blocks 2, flags: module\n"
    "   1       0 SETUP_FINALLY             6 (to 6)\n"
    "   2       1 LOAD_NAME                 0 (a)\n"
    "           2 CALL                      0\n"
    "           3 POP_TOP\n"
    "   1       4 POP_BLOCK\n"
    "           5 JUMP                     39 (to 39)\n"
    "   3 >>    6 LOAD_NAME                 1 (KeyError)\n"
    "           7 LOAD_NAME                 2 (IndexError)\n"
    "           8 BUILD_TUPLE               2\n"
    "           9 JUMP_IF_NOT_EXC_MATCH    16 (to 16)\n"
    "          10 POP_TOP\n"
    "   4      11 LOAD_NAME                 3 (b)\n"
    "          12 CALL                      0\n"
    "          13 POP_TOP\n"
    "   3      14 POP_EXCEPT\n"
    "          15 JUMP                     42 (to 42)\n"
    "   5 >>   16 LOAD_NAME                 4 (Exception)\n"
    "          17 JUMP_IF_NOT_EXC_MATCH    34 (to 34)\n"
    "          18 STORE_NAME                5 (e)\n"
    "          19 SETUP_FINALLY            30 (to 30)\n"
    "   6      20 LOAD_NAME                 6 (c)\n"
    "          21 LOAD_NAME                 5 (e)\n"
    "          22 CALL                      1\n"
    "          23 POP_TOP\n"
    "   5      24 POP_BLOCK\n"
    "          25 POP_EXCEPT\n"
    "          26 LOAD_CONST                0 (None)\n"
    "          27 STORE_NAME                5 (e)\n"
    "          28 DELETE_NAME               5 (e)\n"
    "          29 JUMP                     42 (to 42)\n"
    "     >>   30 LOAD_CONST                0 (None)\n"
    "          31 STORE_NAME                5 (e)\n"
    "          32 DELETE_NAME               5 (e)\n"
    "          33 RERAISE\n"
    "   7 >>   34 POP_TOP\n"
    "   8      35 RAISE_VARARGS             0\n"
    "   7      36 POP_EXCEPT\n"
    "          37 JUMP                     42 (to 42)\n"
    "   1      38 RERAISE\n"
    "  10 >>   39 LOAD_NAME                 7 (d)\n"
    "          40 CALL                      0\n"
    "          41 POP_TOP\n"
    "     >>   42 LOAD_CONST                0 (None)\n"
    "          43 RETURN_VALUE\n",
  },
  {
    "try-finally",
    "def f(x):\n"
    "    try:\n"
    "        return g(x)\n"
    "    except ValueError as e:\n"
    "        return e\n"
    "    finally:\n"
    "        print(\"done\")\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 1, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 (<code f, line 1>)\n"
    "           1 MAKE_FUNCTION             0\n"
    "           2 STORE_NAME                0 (f)\n"
    "           3 LOAD_CONST                1 (None)\n"
    "           4 RETURN_VALUE\n"
    "\n"
    "code f (f), line 1: args 1, locals 2, stack 3, blocks 3, flags:\n"
    "  varnames: x, e\n"
    "   2       0 SETUP_FINALLY            47 (to 47)\n"
    "           1 SETUP_FINALLY            14 (to 14)\n"
    "   3       2 LOAD_GLOBAL               0 (g)\n"
    "           3 LOAD_FAST                 0 (x)\n"
    "           4 CALL                      1\n"
    "           5 POP_BLOCK\n"
    "           6 POP_BLOCK\n"
    "   7       7 LOAD_GLOBAL               1 (print)\n"
    "           8 LOAD_CONST                0 ('done')\n"
    "           9 CALL                      1\n"
    "          10 POP_TOP\n"
    "   3      11 RETURN_VALUE\n"
    "   2      12 POP_BLOCK\n"
    "          13 JUMP                     41 (to 41)\n"
    "   4 >>   14 LOAD_GLOBAL               2 (ValueError)\n"
    "          15 JUMP_IF_NOT_EXC_MATCH    40 (to 40)\n"
    "          16 STORE_FAST                1 (e)\n"
    "          17 SETUP_FINALLY            36 (to 36)\n"
    "   5      18 LOAD_FAST                 1 (e)\n"
    "          19 POP_BLOCK\n"
    "          20 POP_EXCEPT\n"
    "          21 LOAD_CONST                1 (None)\n"
    "          22 STORE_FAST                1 (e)\n"
    "          23 DELETE_FAST               1 (e)\n"
    "          24 POP_BLOCK\n"
    "   7      25 LOAD_GLOBAL               1 (print)\n"
    "          26 LOAD_CONST                0 ('done')\n"
    "          27 CALL                      1\n"
    "          28 POP_TOP\n"
    "   5      29 RETURN_VALUE\n"
    "   4      30 POP_BLOCK\n"
    "          31 POP_EXCEPT\n"
    "          32 LOAD_CONST                1 (None)\n"
    "          33 STORE_FAST                1 (e)\n"
    "          34 DELETE_FAST               1 (e)\n"
    "          35 JUMP                     41 (to 41)\n"
    "     >>   36 LOAD_CONST                1 (None)\n"
    "          37 STORE_FAST                1 (e)\n"
    "          38 DELETE_FAST               1 (e)\n"
    "          39 RERAISE\n"
    "   2 >>   40 RERAISE\n"
    "     >>   41 POP_BLOCK\n"
    "   7      42 LOAD_GLOBAL               1 (print)\n"
    "          43 LOAD_CONST                0 ('done')\n"
    "          44 CALL                      1\n"
    "          45 POP_TOP\n"
    "   2      46 JUMP                     52 (to 52)\n"
    "   7 >>   47 LOAD_GLOBAL               1 (print)\n"
    "          48 LOAD_CONST                0 ('done')\n"
    "          49 CALL                      1\n"
    "          50 POP_TOP\n"
    "   2      51 RERAISE\n"
    "   7 >>   52 LOAD_CONST                1 (None)\n"
    "          53 RETURN_VALUE\n",
  },
  {
    "loops",
    "def f(xs):\n"
    "    for x in xs:\n"
    "        if x:\n"
    "            continue\n"
    "        if g(x):\n"
    "            break\n"
    "    else:\n"
    "        return 1\n"
    "    while True:\n"
    "        with lock:\n"
    "            break\n"
    "    while x < 3:\n"
    "        x += 1\n"
    "    return 0\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 1, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 (<code f, line 1>)\n"
    "           1 MAKE_FUNCTION             0\n"
    "           2 STORE_NAME                0 (f)\n"
    "           3 LOAD_CONST                1 (None)\n"
    "           4 RETURN_VALUE\n"
    "\n"
    "code f (f), line 1: args 1, locals 2, stack 4, blocks 1, flags:\n"
    "  varnames: xs, x\n"
    "   2       0 LOAD_FAST                 0 (xs)\n"
    "           1 GET_ITER\n"
    "     >>    2 FOR_ITER                 14 (to 14)\n"
    "           3 STORE_FAST                1 (x)\n"
    "   3       4 LOAD_FAST                 1 (x)\n"
    "           5 POP_JUMP_IF_FALSE         7 (to 7)\n"
    "   4       6 JUMP                      2 (to 2)\n"
    "   5 >>    7 LOAD_GLOBAL               0 (g)\n"
    "           8 LOAD_FAST                 1 (x)\n"
    "           9 CALL                      1\n"
    "          10 POP_JUMP_IF_FALSE        13 (to 13)\n"
    "   6      11 POP_TOP\n"
    "          12 JUMP                     16 (to 16)\n"
    "   2 >>   13 JUMP                      2 (to 2)\n"
    "   8 >>   14 LOAD_CONST                0 (1)\n"
    "          15 RETURN_VALUE\n"
    "  10 >>   16 LOAD_GLOBAL               1 (lock)\n"
    "          17 BEFORE_WITH\n"
    "          18 POP_TOP\n"
    "          19 SETUP_FINALLY            34 (to 34)\n"
    "          20 POP_BLOCK\n"
    "          21 LOAD_CONST                1 (None)\n"
    "          22 LOAD_CONST                1 (None)\n"
    "          23 LOAD_CONST                1 (None)\n"
    "          24 CALL                      3\n"
    "          25 POP_TOP\n"
    "  11      26 JUMP                     41 (to 41)\n"
    "  10      27 POP_BLOCK\n"
    "          28 LOAD_CONST                1 (None)\n"
    "          29 LOAD_CONST                1 (None)\n"
    "          30 LOAD_CONST                1 (None)\n"
    "          31 CALL                      3\n"
    "          32 POP_TOP\n"
    "          33 JUMP                     40 (to 40)\n"
    "     >>   34 WITH_EXCEPT_START\n"
    "          35 POP_JUMP_IF_TRUE         37 (to 37)\n"
    "          36 RERAISE\n"
    "     >>   37 POP_TOP\n"
    "          38 POP_EXCEPT\n"
    "          39 POP_TOP\n"
    "   9 >>   40 JUMP                     16 (to 16)\n"
    "  12 >>   41 LOAD_FAST                 1 (x)\n"
    "          42 LOAD_CONST                2 (3)\n"
    "          43 COMPARE_OP                2 (<)\n"
    "          44 POP_JUMP_IF_FALSE        50 (to 50)\n"
    "  13      45 LOAD_FAST                 1 (x)\n"
    "          46 LOAD_CONST                0 (1)\n"
    "          47 BINARY_OP               256 (+=)\n"
    "          48 STORE_FAST                1 (x)\n"
    "  12      49 JUMP                     41 (to 41)\n"
    "  14 >>   50 LOAD_CONST                3 (0)\n"
    "          51 RETURN_VALUE\n",
  },
  {
    "with",
    "with open(p) as f, lock:\n"
    "    f.read()\n"
    "with cm as self.x:\n"
    "    pass\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 5, blocks 2, flags: module\n"
    "   1       0 LOAD_NAME                 0 (open)\n"
    "           1 LOAD_NAME                 1 (p)\n"
    "           2 CALL                      1\n"
    "           3 BEFORE_WITH\n"
    "           4 STORE_NAME                2 (f)\n"
    "           5 SETUP_FINALLY            34 (to 34)\n"
    "           6 LOAD_NAME                 3 (lock)\n"
    "           7 BEFORE_WITH\n"
    "           8 POP_TOP\n"
    "           9 SETUP_FINALLY            21 (to 21)\n"
    "   2      10 LOAD_NAME                 2 (f)\n"
    "          11 LOAD_METHOD               4 (read)\n"
    "          12 CALL_METHOD               0\n"
    "          13 POP_TOP\n"
    "   1      14 POP_BLOCK\n"
    "          15 LOAD_CONST                0 (None)\n"
    "          16 LOAD_CONST                0 (None)\n"
    "          17 LOAD_CONST                0 (None)\n"
    "          18 CALL                      3\n"
    "          19 POP_TOP\n"
    "          20 JUMP                     27 (to 27)\n"
    "     >>   21 WITH_EXCEPT_START\n"
    "          22 POP_JUMP_IF_TRUE         24 (to 24)\n"
    "          23 RERAISE\n"
    "     >>   24 POP_TOP\n"
    "          25 POP_EXCEPT\n"
    "          26 POP_TOP\n"
    "     >>   27 POP_BLOCK\n"
    "          28 LOAD_CONST                0 (None)\n"
    "          29 LOAD_CONST                0 (None)\n"
    "          30 LOAD_CONST                0 (None)\n"
    "          31 CALL                      3\n"
    "          32 POP_TOP\n"
    "          33 JUMP                     40 (to 40)\n"
    "     >>   34 WITH_EXCEPT_START\n"
    "          35 POP_JUMP_IF_TRUE         37 (to 37)\n"
    "          36 RERAISE\n"
    "     >>   37 POP_TOP\n"
    "          38 POP_EXCEPT\n"
    "          39 POP_TOP\n"
    "   3 >>   40 LOAD_NAME                 5 (cm)\n"
    "          41 BEFORE_WITH\n"
    "          42 SETUP_FINALLY            48 (to 48)\n"
    "          43 LOAD_NAME                 6 (self)\n"
    "          44 STORE_ATTR                7 (x)\n"
    "          45 POP_BLOCK\n"
    "          46 SETUP_FINALLY            58 (to 58)\n"
    "          47 JUMP                     51 (to 51)\n"
    "     >>   48 ROT_TWO\n"
    "          49 POP_TOP\n"
    "          50 JUMP                     58 (to 58)\n"
    "     >>   51 POP_BLOCK\n"
    "          52 LOAD_CONST                0 (None)\n"
    "          53 LOAD_CONST                0 (None)\n"
    "          54 LOAD_CONST                0 (None)\n"
    "          55 CALL                      3\n"
    "          56 POP_TOP\n"
    "          57 JUMP                     64 (to 64)\n"
    "     >>   58 WITH_EXCEPT_START\n"
    "          59 POP_JUMP_IF_TRUE         61 (to 61)\n"
    "          60 RERAISE\n"
    "     >>   61 POP_TOP\n"
    "          62 POP_EXCEPT\n"
    "          63 POP_TOP\n"
    "   4 >>   64 LOAD_CONST                0 (None)\n"
    "          65 RETURN_VALUE\n",
  },
  {
    "comprehensions",
    "def f(xs, n):\n"
    "    a = [y * n for y in xs if y]\n"
    "    b = {k: v for k, v in xs}\n"
    "    c = (z for z in xs for w in z)\n"
    "    return a, b, c, {s for s in xs}\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 1, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 (<code f, line 1>)\n"
    "           1 MAKE_FUNCTION             0\n"
    "           2 STORE_NAME                0 (f)\n"
    "           3 LOAD_CONST                1 (None)\n"
    "           4 RETURN_VALUE\n"
    "\n"
    "code f (f), line 1: args 2, locals 5, stack 5, blocks 0, flags:\n"
    "  varnames: xs, n, a, b, c\n"
    "  cellvars: n\n"
    "   2       0 LOAD_CLOSURE              0 (n)\n"
    "           1 BUILD_TUPLE               1\n"
    "           2 LOAD_CONST                0 (<code <listcomp>, line 2>)\n"
    "           3 MAKE_FUNCTION             4 (closure)\n"
    "           4 LOAD_FAST                 0 (xs)\n"
    "           5 GET_ITER\n"
    "           6 CALL                      1\n"
    "           7 STORE_FAST                2 (a)\n"
    "   3       8 LOAD_CONST                1 (<code <dictcomp>, line 3>)\n"
    "           9 MAKE_FUNCTION             0\n"
    "          10 LOAD_FAST                 0 (xs)\n"
    "          11 GET_ITER\n"
    "          12 CALL                      1\n"
    "          13 STORE_FAST                3 (b)\n"
    "   4      14 LOAD_CONST                2 (<code <genexpr>, line 4>)\n"
    "          15 MAKE_FUNCTION             0\n"
    "          16 LOAD_FAST                 0 (xs)\n"
    "          17 GET_ITER\n"
    "          18 CALL                      1\n"
    "          19 STORE_FAST                4 (c)\n"
    "   5      20 LOAD_FAST                 2 (a)\n"
    "          21 LOAD_FAST                 3 (b)\n"
    "          22 LOAD_FAST                 4 (c)\n"
    "          23 LOAD_CONST                3 (<code <setcomp>, line 5>)\n"
    "          24 MAKE_FUNCTION             0\n"
    "          25 LOAD_FAST                 0 (xs)\n"
    "          26 GET_ITER\n"
    "          27 CALL                      1\n"
    "          28 BUILD_TUPLE               4\n"
    "          29 RETURN_VALUE\n"
    "\n"
    "code f.<locals>.<listcomp> (<listcomp>), line 2: args 1, locals 2, stack 4, blocks 0, flags: comprehension\n"
    "  varnames: .0, y\n"
    "  freevars: n\n"
    "   2       0 BUILD_LIST                0\n"
    "           1 LOAD_FAST                 0 (.0)\n"
    "     >>    2 FOR_ITER                 11 (to 11)\n"
    "           3 STORE_FAST                1 (y)\n"
    "           4 LOAD_FAST                 1 (y)\n"
    "           5 POP_JUMP_IF_FALSE        10 (to 10)\n"
    "           6 LOAD_FAST                 1 (y)\n"
    "           7 LOAD_DEREF                0 (n)\n"
    "           8 BINARY_OP                 2 (*)\n"
    "           9 LIST_APPEND               2\n"
    "     >>   10 JUMP                      2 (to 2)\n"
    "     >>   11 RETURN_VALUE\n"
    "\n"
    "code f.<locals>.<dictcomp> (<dictcomp>), line 3: args 1, locals 3, stack 4, blocks 0, flags: comprehension\n"
    "  varnames: .0, k, v\n"
    "   3       0 BUILD_MAP                 0\n"
    "           1 LOAD_FAST                 0 (.0)\n"
    "     >>    2 FOR_ITER                 10 (to 10)\n"
    "           3 UNPACK_SEQUENCE           2\n"
    "           4 STORE_FAST                1 (k)\n"
    "           5 STORE_FAST                2 (v)\n"
    "           6 LOAD_FAST                 1 (k)\n"
    "           7 LOAD_FAST                 2 (v)\n"
    "           8 MAP_ADD                   2\n"
    "           9 JUMP                      2 (to 2)\n"
    "     >>   10 RETURN_VALUE\n"
    "\n"
    "code f.<locals>.<genexpr> (<genexpr>), line 4: args 1, locals 3, stack 3, blocks 0, flags: generator comprehension\n"
    "  varnames: .0, z, w\n"
    "   4       0 LOAD_FAST                 0 (.0)\n"
    "     >>    1 FOR_ITER                 12 (to 12)\n"
    "           2 STORE_FAST                1 (z)\n"
    "           3 LOAD_FAST                 1 (z)\n"
    "           4 GET_ITER\n"
    "     >>    5 FOR_ITER                 11 (to 11)\n"
    "           6 STORE_FAST                2 (w)\n"
    "           7 LOAD_FAST                 1 (z)\n"
    "           8 YIELD_VALUE\n"
    "           9 POP_TOP\n"
    "          10 JUMP                      5 (to 5)\n"
    "     >>   11 JUMP                      1 (to 1)\n"
    "     >>   12 LOAD_CONST                0 (None)\n"
    "          13 RETURN_VALUE\n"
    "\n"
    "code f.<locals>.<setcomp> (<setcomp>), line 5: args 1, locals 2, stack 3, blocks 0, flags: comprehension\n"
    "  varnames: .0, s\n"
    "   5       0 BUILD_SET                 0\n"
    "           1 LOAD_FAST                 0 (.0)\n"
    "     >>    2 FOR_ITER                  7 (to 7)\n"
    "           3 STORE_FAST                1 (s)\n"
    "           4 LOAD_FAST                 1 (s)\n"
    "           5 SET_ADD                   2\n"
    "           6 JUMP                      2 (to 2)\n"
    "     >>    7 RETURN_VALUE\n",
  },
  {
    "classes",
    "def outer():\n"
    "    x = 1\n"
    "    class C(Base, metaclass=M):\n"
    "        \"doc\"\n"
    "        y = x\n"
    "        def m(self):\n"
    "            return super().m(x)\n"
    "        def __p(self):\n"
    "            return self.__q\n"
    "    return C\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 1, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 (<code outer, line 1>)\n"
    "           1 MAKE_FUNCTION             0\n"
    "           2 STORE_NAME                0 (outer)\n"
    "           3 LOAD_CONST                1 (None)\n"
    "           4 RETURN_VALUE\n"
    "\n"
    "code outer (outer), line 1: args 0, locals 1, stack 6, blocks 0, flags:\n"
    "  varnames: C\n"
    "  cellvars: x\n"
    "   2       0 LOAD_CONST                0 (1)\n"
    "           1 STORE_DEREF               0 (x)\n"
    "   3       2 LOAD_BUILD_CLASS\n"
    "           3 LOAD_CLOSURE              0 (x)\n"
    "           4 BUILD_TUPLE               1\n"
    "           5 LOAD_CONST                1 (<code C, line 3>)\n"
    "           6 MAKE_FUNCTION             4 (closure)\n"
    "           7 LOAD_CONST                2 ('C')\n"
    "           8 LOAD_GLOBAL               0 (Base)\n"
    "           9 LOAD_GLOBAL               1 (M)\n"
    "          10 LOAD_CONST                3 (('metaclass',))\n"
    "          11 CALL_KW                   4\n"
    "          12 STORE_FAST                0 (C)\n"
    "  10      13 LOAD_FAST                 0 (C)\n"
    "          14 RETURN_VALUE\n"
    "\n"
    "code outer.<locals>.C (C), line 3: args 0, locals 0, stack 2, blocks 0, flags: class\n"
    "  cellvars: __class__\n"
    "  freevars: x\n"
    "   3       0 LOAD_NAME                 0 (__name__)\n"
    "           1 STORE_NAME                1 (__module__)\n"
    "           2 LOAD_CONST                0 ('outer.<locals>.C')\n"
    "           3 STORE_NAME                2 (__qualname__)\n"
    "   4       4 LOAD_CONST                1 ('doc')\n"
    "           5 STORE_NAME                3 (__doc__)\n"
    "   5       6 LOAD_CLASSDEREF           1 (x)\n"
    "           7 STORE_NAME                4 (y)\n"
    "   6       8 LOAD_CLOSURE              0 (__class__)\n"
    "           9 LOAD_CLOSURE              1 (x)\n"
    "          10 BUILD_TUPLE               2\n"
    "          11 LOAD_CONST                2 (<code m, line 6>)\n"
    "          12 MAKE_FUNCTION             4 (closure)\n"
    "          13 STORE_NAME                5 (m)\n"
    "   8      14 LOAD_CONST                3 (<code __p, line 8>)\n"
    "          15 MAKE_FUNCTION             0\n"
    "          16 STORE_NAME                6 (_C__p)\n"
    "   3      17 LOAD_CLOSURE              0 (__class__)\n"
    "          18 DUP_TOP\n"
    "          19 STORE_NAME                7 (__classcell__)\n"
    "          20 RETURN_VALUE\n"
    "\n"
    "code outer.<locals>.C.m (m), line 6: args 1, locals 1, stack 3, blocks 0, flags:\n"
    "  varnames: self\n"
    "  freevars: __class__, x\n"
    "   7       0 LOAD_GLOBAL               0 (super)\n"
    "           1 CALL                      0\n"
    "           2 LOAD_METHOD               1 (m)\n"
    "           3 LOAD_DEREF                1 (x)\n"
    "           4 CALL_METHOD               1\n"
    "           5 RETURN_VALUE\n"
    "\n"
    "code outer.<locals>.C.__p (__p), line 8: args 1, locals 1, stack 1, blocks 0, flags:\n"
    "  varnames: self\n"
    "   9       0 LOAD_FAST                 0 (self)\n"
    "           1 LOAD_ATTR                 0 (_C__q)\n"
    "           2 RETURN_VALUE\n",
  },
  {
    "decorators",
    "@first\n"
    "@second(1)\n"
    "def f():\n"
    "    pass\n"
    "@dataclass\n"
    "class C:\n"
    "    pass\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 4, blocks 0, flags: module\n"
    "   1       0 LOAD_NAME                 0 (first)\n"
    "   2       1 LOAD_NAME                 1 (second)\n"
    "           2 LOAD_CONST                0 (1)\n"
    "           3 CALL                      1\n"
    "   3       4 LOAD_CONST                1 (<code f, line 1>)\n"
    "           5 MAKE_FUNCTION             0\n"
    "   2       6 CALL                      1\n"
    "   1       7 CALL                      1\n"
    "   3       8 STORE_NAME                2 (f)\n"
    "   5       9 LOAD_NAME                 3 (dataclass)\n"
    "   6      10 LOAD_BUILD_CLASS\n"
    "          11 LOAD_CONST                2 (<code C, line 5>)\n"
    "          12 MAKE_FUNCTION             0\n"
    "          13 LOAD_CONST                3 ('C')\n"
    "          14 CALL                      2\n"
    "   5      15 CALL                      1\n"
    "   6      16 STORE_NAME                4 (C)\n"
    "          17 LOAD_CONST                4 (None)\n"
    "          18 RETURN_VALUE\n"
    "\n"
    "code f (f), line 1: args 0, locals 0, stack 1, blocks 0, flags:\n"
    "   4       0 LOAD_CONST                0 (None)\n"
    "           1 RETURN_VALUE\n"
    "\n"
    "code C (C), line 5: args 0, locals 0, stack 1, blocks 0, flags: class\n"
    "   5       0 LOAD_NAME                 0 (__name__)\n"
    "           1 STORE_NAME                1 (__module__)\n"
    "           2 LOAD_CONST                0 ('C')\n"
    "           3 STORE_NAME                2 (__qualname__)\n"
    "   6       4 LOAD_CONST                1 (None)\n"
    "           5 RETURN_VALUE\n",
  },
  {
    "fstrings",
    "a = f\"x={x!r:>{w}} y={y}\"\n"
    "b = f\"{x}\"\n"
    "c = f\"plain\"\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 4, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 ('x=')\n"
    "           1 LOAD_NAME                 0 (x)\n"
    "           2 LOAD_CONST                1 ('>')\n"
    "           3 LOAD_NAME                 1 (w)\n"
    "           4 FORMAT_VALUE              0\n"
    "           5 BUILD_STRING              2\n"
    "           6 FORMAT_VALUE              6 (repr, with format)\n"
    "           7 LOAD_CONST                2 (' y=')\n"
    "           8 LOAD_NAME                 2 (y)\n"
    "           9 FORMAT_VALUE              0\n"
    "          10 BUILD_STRING              4\n"
    "          11 STORE_NAME                3 (a)\n"
    "   2      12 LOAD_NAME                 0 (x)\n"
    "          13 FORMAT_VALUE              0\n"
    "          14 STORE_NAME                4 (b)\n"
    "   3      15 LOAD_CONST                3 ('plain')\n"
    "          16 STORE_NAME                5 (c)\n"
    "          17 LOAD_CONST                4 (None)\n"
    "          18 RETURN_VALUE\n",
  },
  {
    "operators",
    "r = a < b < c\n"
    "s = a and b or not c\n"
    "t = x if y else z\n"
    "d[k] += 1\n"
    "o.at -= 2\n"
    "n *= 3\n"
    "a, *b, c = t\n"
    "x = y = -1\n"
    "del d[0], o.at, n\n"
    "assert x, \"msg\"\n"
    "v[1:2], v[::3]\n"
    "raise E from F\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 5, blocks 0, flags: module\n"
    "   1       0 LOAD_NAME                 0 (a)\n"
    "           1 LOAD_NAME                 1 (b)\n"
    "           2 DUP_TOP\n"
    "           3 ROT_THREE\n"
    "           4 COMPARE_OP                2 (<)\n"
    "           5 JUMP_IF_FALSE_OR_POP      9 (to 9)\n"
    "           6 LOAD_NAME                 2 (c)\n"
    "           7 COMPARE_OP                2 (<)\n"
    "           8 JUMP                     11 (to 11)\n"
    "     >>    9 ROT_TWO\n"
    "          10 POP_TOP\n"
    "     >>   11 STORE_NAME                3 (r)\n"
    "   2      12 LOAD_NAME                 0 (a)\n"
    "          13 JUMP_IF_FALSE_OR_POP     15 (to 15)\n"
    "          14 LOAD_NAME                 1 (b)\n"
    "     >>   15 JUMP_IF_TRUE_OR_POP      18 (to 18)\n"
    "          16 LOAD_NAME                 2 (c)\n"
    "          17 UNARY_OP                  1 (not)\n"
    "     >>   18 STORE_NAME                4 (s)\n"
    "   3      19 LOAD_NAME                 5 (y)\n"
    "          20 POP_JUMP_IF_FALSE        23 (to 23)\n"
    "          21 LOAD_NAME                 6 (x)\n"
    "          22 JUMP                     24 (to 24)\n"
    "     >>   23 LOAD_NAME                 7 (z)\n"
    "     >>   24 STORE_NAME                8 (t)\n"
    "   4      25 LOAD_NAME                 9 (d)\n"
    "          26 LOAD_NAME                10 (k)\n"
    "          27 DUP_TOP_TWO\n"
    "          28 BINARY_SUBSCR\n"
    "          29 LOAD_CONST                0 (1)\n"
    "          30 BINARY_OP               256 (+=)\n"
    "          31 ROT_THREE\n"
    "          32 STORE_SUBSCR\n"
    "   5      33 LOAD_NAME                11 (o)\n"
    "          34 DUP_TOP\n"
    "          35 LOAD_ATTR                12 (at)\n"
    "          36 LOAD_CONST                1 (2)\n"
    "          37 BINARY_OP               257 (-=)\n"
    "          38 ROT_TWO\n"
    "          39 STORE_ATTR               12 (at)\n"
    "   6      40 LOAD_NAME                13 (n)\n"
    "          41 LOAD_CONST                2 (3)\n"
    "          42 BINARY_OP               258 (*=)\n"
    "          43 STORE_NAME               13 (n)\n"
    "   7      44 LOAD_NAME                 8 (t)\n"
    "          45 UNPACK_EX               257 (1 before, 1 after)\n"
    "          46 STORE_NAME                0 (a)\n"
    "          47 STORE_NAME                1 (b)\n"
    "          48 STORE_NAME                2 (c)\n"
    "   8      49 LOAD_CONST                3 (-1)\n"
    "          50 DUP_TOP\n"
    "          51 STORE_NAME                6 (x)\n"
    "          52 STORE_NAME                5 (y)\n"
    "   9      53 LOAD_NAME                 9 (d)\n"
    "          54 LOAD_CONST                4 (0)\n"
    "          55 DELETE_SUBSCR\n"
    "          56 LOAD_NAME                11 (o)\n"
    "          57 DELETE_ATTR              12 (at)\n"
    "          58 DELETE_NAME              13 (n)\n"
    "  10      59 LOAD_NAME                 6 (x)\n"
    "          60 POP_JUMP_IF_TRUE         65 (to 65)\n"
    "          61 LOAD_ASSERTION_ERROR\n"
    "          62 LOAD_CONST                5 ('msg')\n"
    "          63 CALL                      1\n"
    "          64 RAISE_VARARGS             1\n"
    "  11 >>   65 LOAD_NAME                14 (v)\n"
    "          66 LOAD_CONST                0 (1)\n"
    "          67 LOAD_CONST                1 (2)\n"
    "          68 BUILD_SLICE               2\n"
    "          69 BINARY_SUBSCR\n"
    "          70 LOAD_NAME                14 (v)\n"
    "          71 LOAD_CONST                6 (None)\n"
    "          72 LOAD_CONST                6 (None)\n"
    "          73 LOAD_CONST                2 (3)\n"
    "          74 BUILD_SLICE               3\n"
    "          75 BINARY_SUBSCR\n"
    "          76 BUILD_TUPLE               2\n"
    "          77 POP_TOP\n"
    "  12      78 LOAD_NAME                15 (E)\n"
    "          79 LOAD_NAME                16 (F)\n"
    "          80 RAISE_VARARGS             2\n",
  },
  {
    "async",
    "import asyncio\n"
    "async def main():\n"
    "    async with asyncio.timeout(10) as t:\n"
    "        await asyncio.sleep(1)\n"
    "    return await asyncio.gather(a(), b())\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 1, blocks 0, flags: module\n"
    "   1       0 IMPORT_NAME               0 (asyncio)\n"
    "           1 STORE_NAME                0 (asyncio)\n"
    "   2       2 LOAD_CONST                0 (<code main, line 2>)\n"
    "           3 MAKE_FUNCTION             0\n"
    "           4 STORE_NAME                1 (main)\n"
    "           5 LOAD_CONST                1 (None)\n"
    "           6 RETURN_VALUE\n"
    "\n"
    "code main (main), line 2: args 0, locals 1, stack 4, blocks 1, flags: coroutine\n"
    "  varnames: t\n"
    "   3       0 LOAD_GLOBAL               0 (asyncio)\n"
    "           1 LOAD_METHOD               1 (timeout)\n"
    "           2 LOAD_CONST                0 (10)\n"
    "           3 CALL_METHOD               1\n"
    "           4 BEFORE_ASYNC_WITH\n"
    "           5 GET_AWAITABLE             1\n"
    "           6 LOAD_CONST                1 (None)\n"
    "           7 YIELD_FROM\n"
    "           8 STORE_FAST                0 (t)\n"
    "           9 SETUP_FINALLY            28 (to 28)\n"
    "   4      10 LOAD_GLOBAL               0 (asyncio)\n"
    "          11 LOAD_METHOD               2 (sleep)\n"
    "          12 LOAD_CONST                2 (1)\n"
    "          13 CALL_METHOD               1\n"
    "          14 GET_AWAITABLE             0\n"
    "          15 LOAD_CONST                1 (None)\n"
    "          16 YIELD_FROM\n"
    "          17 POP_TOP\n"
    "   3      18 POP_BLOCK\n"
    "          19 LOAD_CONST                1 (None)\n"
    "          20 LOAD_CONST                1 (None)\n"
    "          21 LOAD_CONST                1 (None)\n"
    "          22 CALL                      3\n"
    "          23 GET_AWAITABLE             2\n"
    "          24 LOAD_CONST                1 (None)\n"
    "          25 YIELD_FROM\n"
    "          26 POP_TOP\n"
    "          27 JUMP                     37 (to 37)\n"
    "     >>   28 WITH_EXCEPT_START\n"
    "          29 GET_AWAITABLE             2\n"
    "          30 LOAD_CONST                1 (None)\n"
    "          31 YIELD_FROM\n"
    "          32 POP_JUMP_IF_TRUE         34 (to 34)\n"
    "          33 RERAISE\n"
    "     >>   34 POP_TOP\n"
    "          35 POP_EXCEPT\n"
    "          36 POP_TOP\n"
    "   5 >>   37 LOAD_GLOBAL               0 (asyncio)\n"
    "          38 LOAD_METHOD               3 (gather)\n"
    "          39 LOAD_GLOBAL               4 (a)\n"
    "          40 CALL                      0\n"
    "          41 LOAD_GLOBAL               5 (b)\n"
    "          42 CALL                      0\n"
    "          43 CALL_METHOD               2\n"
    "          44 GET_AWAITABLE             0\n"
    "          45 LOAD_CONST                1 (None)\n"
    "          46 YIELD_FROM\n"
    "          47 RETURN_VALUE\n",
  },
  {
    "generators",
    "def gen(it):\n"
    "    x = yield 1\n"
    "    yield\n"
    "    yield from it\n"
    "    return x\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 1, blocks 0, flags: module\n"
    "   1       0 LOAD_CONST                0 (<code gen, line 1>)\n"
    "           1 MAKE_FUNCTION             0\n"
    "           2 STORE_NAME                0 (gen)\n"
    "           3 LOAD_CONST                1 (None)\n"
    "           4 RETURN_VALUE\n"
    "\n"
    "code gen (gen), line 1: args 1, locals 2, stack 2, blocks 0, flags: generator\n"
    "  varnames: it, x\n"
    "   2       0 LOAD_CONST                0 (1)\n"
    "           1 YIELD_VALUE\n"
    "           2 STORE_FAST                1 (x)\n"
    "   3       3 LOAD_CONST                1 (None)\n"
    "           4 YIELD_VALUE\n"
    "           5 POP_TOP\n"
    "   4       6 LOAD_FAST                 0 (it)\n"
    "           7 GET_YIELD_FROM_ITER\n"
    "           8 LOAD_CONST                1 (None)\n"
    "           9 YIELD_FROM\n"
    "          10 POP_TOP\n"
    "   5      11 LOAD_FAST                 1 (x)\n"
    "          12 RETURN_VALUE\n",
  },
  {
    "imports",
    "import asyncio\n"
    "import concurrent.futures\n"
    "import a.b as c\n"
    "from time import sleep as nap, monotonic\n",
    "code <module> (<module>), line 1: args 0, locals 0, stack 2, blocks 0, flags: module\n"
    "   1       0 IMPORT_NAME               0 (asyncio)\n"
    "           1 STORE_NAME                0 (asyncio)\n"
    "   2       2 IMPORT_NAME               1 (concurrent.futures)\n"
    "           3 POP_TOP\n"
    "           4 IMPORT_NAME               2 (concurrent)\n"
    "           5 STORE_NAME                2 (concurrent)\n"
    "   3       6 IMPORT_NAME               3 (a.b)\n"
    "           7 STORE_NAME                4 (c)\n"
    "   4       8 IMPORT_NAME               5 (time)\n"
    "           9 IMPORT_FROM               6 (sleep)\n"
    "          10 STORE_NAME                7 (nap)\n"
    "          11 IMPORT_FROM               8 (monotonic)\n"
    "          12 STORE_NAME                8 (monotonic)\n"
    "          13 POP_TOP\n"
    "          14 LOAD_CONST                0 (None)\n"
    "          15 RETURN_VALUE\n",
  },
};

static LsAst *
parse (const char *source)
{
  g_autoptr (GError) error = NULL;
  LsAst *ast = ls_parse ("test.py", source, strlen (source), &error);

  g_assert_no_error (error);
  g_assert_nonnull (ast);
  return ast;
}

static char *
disassemble (const char *source)
{
  g_autoptr (LsAst) ast = parse (source);
  g_autoptr (LsVM) vm = ls_vm_new ();
  g_autoptr (GError) error = NULL;
  LsCode *code = ls_compile (vm, ast, &error);

  g_assert_no_error (error);
  g_assert_nonnull (code);
  return ls_code_disassemble (code);
}

static void
test_listing (gconstpointer data)
{
  const ListingCase *tc = data;
  g_autofree char *listing = disassemble (tc->source);

  g_assert_cmpstr (listing, ==, tc->listing);
}

/* --- symbol table -------------------------------------------------------- */

static LsScope *
child (LsScope *scope,
       guint    i)
{
  g_assert_cmpuint (i, <, scope->children->len);
  return g_ptr_array_index (scope->children, i);
}

static void
assert_scope (LsScope     *scope,
              const char  *name,
              LsNameScope  expected)
{
  g_assert_cmpint (ls_scope_get_scope (scope, name), ==, expected);
}

static void
test_symtable_nested (void)
{
  g_autoptr (LsAst) ast = parse ("def f(a):\n"
                                 "    b = 1\n"
                                 "    c = 2\n"
                                 "    def g():\n"
                                 "        nonlocal c\n"
                                 "        c = a\n"
                                 "        def h():\n"
                                 "            return b + len(c)\n"
                                 "        return h\n"
                                 "    return g\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LsSymtable) st = ls_symtable_build (ast, &error);
  LsScope *top, *f, *g, *h;

  g_assert_no_error (error);
  top = ls_symtable_top (st);
  f = child (top, 0);
  g = child (f, 0);
  h = child (g, 0);
  assert_scope (top, "f", LS_SCOPE_LOCAL);
  assert_scope (f, "a", LS_SCOPE_CELL);
  assert_scope (f, "b", LS_SCOPE_CELL);
  assert_scope (f, "c", LS_SCOPE_CELL);
  assert_scope (f, "g", LS_SCOPE_LOCAL);
  /* g passes b through to h without using it */
  assert_scope (g, "a", LS_SCOPE_FREE);
  assert_scope (g, "b", LS_SCOPE_FREE);
  assert_scope (g, "c", LS_SCOPE_FREE);
  assert_scope (g, "h", LS_SCOPE_LOCAL);
  assert_scope (h, "b", LS_SCOPE_FREE);
  assert_scope (h, "c", LS_SCOPE_FREE);
  assert_scope (h, "len", LS_SCOPE_GLOBAL_IMPLICIT);
  g_assert_cmpuint (f->varnames->len, ==, 1);
}

static void
test_symtable_comprehension (void)
{
  g_autoptr (LsAst) ast = parse ("def f(xs, n):\n"
                                 "    return [(y := x * n) for x in xs], y\n"
                                 "total = [t for t in range(3) if (last := t)]\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LsSymtable) st = ls_symtable_build (ast, &error);
  LsScope *top, *f, *comp, *comp2;

  g_assert_no_error (error);
  top = ls_symtable_top (st);
  f = child (top, 0);
  comp = child (f, 0);
  comp2 = child (top, 1);
  g_assert_true (comp->is_comprehension);
  g_assert_cmpstr (g_ptr_array_index (comp->varnames, 0), ==, ".0");
  /* the first iterable is evaluated in f */
  assert_scope (f, "xs", LS_SCOPE_LOCAL);
  assert_scope (comp, "xs", LS_SCOPE_NONE);
  assert_scope (comp, "x", LS_SCOPE_LOCAL);
  assert_scope (comp, "n", LS_SCOPE_FREE);
  assert_scope (f, "n", LS_SCOPE_CELL);
  /* the walrus binds in the function */
  assert_scope (comp, "y", LS_SCOPE_FREE);
  assert_scope (f, "y", LS_SCOPE_CELL);
  /* at module level it binds a global */
  assert_scope (comp2, "last", LS_SCOPE_GLOBAL_EXPLICIT);
  assert_scope (comp2, "range", LS_SCOPE_NONE);
  assert_scope (top, "range", LS_SCOPE_GLOBAL_IMPLICIT);
}

static void
test_symtable_class (void)
{
  g_autoptr (LsAst) ast = parse ("def f():\n"
                                 "    x = 1\n"
                                 "    y = 2\n"
                                 "    class C:\n"
                                 "        x = 3\n"
                                 "        z = y\n"
                                 "        def m(self):\n"
                                 "            return x, z\n"
                                 "        def n(self):\n"
                                 "            return super().n()\n"
                                 "    return C\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LsSymtable) st = ls_symtable_build (ast, &error);
  LsScope *f, *cls, *m, *n;
  const LsSymbol *sym;

  g_assert_no_error (error);
  f = child (ls_symtable_top (st), 0);
  cls = child (f, 0);
  m = child (cls, 0);
  n = child (cls, 1);
  /* x in m is f's x, not the class attribute */
  assert_scope (f, "x", LS_SCOPE_CELL);
  assert_scope (cls, "x", LS_SCOPE_LOCAL);
  sym = ls_scope_find (cls, "x");
  g_assert_true (sym->flags & LS_DEF_FREE_CLASS);
  assert_scope (m, "x", LS_SCOPE_FREE);
  /* class names are not visible in methods */
  assert_scope (m, "z", LS_SCOPE_GLOBAL_IMPLICIT);
  /* the class body reads y from f */
  assert_scope (cls, "y", LS_SCOPE_FREE);
  assert_scope (f, "y", LS_SCOPE_CELL);
  /* super() makes the __class__ cell */
  assert_scope (n, "__class__", LS_SCOPE_FREE);
  g_assert_true (cls->needs_class_closure);
  assert_scope (f, "__class__", LS_SCOPE_NONE);
}

static void
test_symtable_global (void)
{
  g_autoptr (LsAst) ast = parse ("def f():\n"
                                 "    global g\n"
                                 "    g = 1\n"
                                 "    def h():\n"
                                 "        return g\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LsSymtable) st = ls_symtable_build (ast, &error);
  LsScope *top, *f, *h;

  g_assert_no_error (error);
  top = ls_symtable_top (st);
  f = child (top, 0);
  h = child (f, 0);
  assert_scope (f, "g", LS_SCOPE_GLOBAL_EXPLICIT);
  /* a name declared global anywhere is global in the module's code too */
  assert_scope (top, "g", LS_SCOPE_GLOBAL_EXPLICIT);
  assert_scope (h, "g", LS_SCOPE_GLOBAL_IMPLICIT);
}

/* --- errors -------------------------------------------------------------- */

typedef struct
{
  const char *source;
  const char *message;
  int         line;
  int         column;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "def f():\n    x = 1\n    global x\n", "name 'x' is assigned to before global declaration", 3, 4 },
  { "def f(x):\n    global x\n", "name 'x' is parameter and global", 2, 4 },
  { "def f():\n    print(x)\n    global x\n", "name 'x' is used prior to global declaration", 3, 4 },
  { "def f():\n    print(x)\n    nonlocal x\n", "name 'x' is used prior to nonlocal declaration", 3, 4 },
  { "def f(x):\n    def g(x):\n        nonlocal x\n", "name 'x' is parameter and nonlocal", 3, 8 },
  { "def f():\n    nonlocal x\n", "no binding for nonlocal 'x' found", 2, 4 },
  { "class C:\n    nonlocal x\n", "no binding for nonlocal 'x' found", 2, 4 },
  { "x = 1\ndef f():\n    def g():\n        nonlocal x\n", "no binding for nonlocal 'x' found", 4, 8 },
  { "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n", "name 'x' is nonlocal and global", 4, 8 },
  { "class C:\n    [(y := i) for i in range(3)]\n",
    "assignment expression within a comprehension cannot be used in a class body", 2, 6 },
  { "[(i := 0) for i in range(3)]\n", "assignment expression cannot rebind comprehension iteration variable 'i'", 1, 2 },
  { "def f():\n    yield from g()\nasync def h():\n    await f()\n    lambda: await f()\n", "'await' outside async function", 5, 12 },
  { "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n", "default 'except:' must be last", 3, 0 },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *tc = &error_cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (LsVM) vm = ls_vm_new ();
      LsAst *ast = ls_parse ("test.py", tc->source, strlen (tc->source), &error);
      LsCode *code = NULL;

      if (ast != NULL)
        code = ls_compile (vm, ast, &error);
      g_test_message ("%s", tc->source);
      g_assert_null (code);
      g_assert_error (error, LS_SYNTAX_ERROR, LS_SYNTAX_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, tc->message);
      g_assert_cmpint (ls_syntax_error_get_line (error), ==, tc->line);
      g_assert_cmpint (ls_syntax_error_get_column (error), ==, tc->column);
      g_clear_pointer (&ast, ls_ast_free);
    }
}

/* --- code objects -------------------------------------------------------- */

static LsCode *
find_code (LsCode     *code,
           const char *qualname)
{
  if (strcmp (code->qualname->data, qualname) == 0)
    return code;
  for (gsize i = 0; i < code->consts->len; i++)
    {
      LsCode *inner = ls_value_code (code->consts->items[i]);
      LsCode *found = inner != NULL ? find_code (inner, qualname) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_code_fields (void)
{
  g_autoptr (LsAst) ast = parse ("@deco\n"
                                 "def f(a, /, b, *c, d, **e):\n"
                                 "    def g():\n"
                                 "        return a\n"
                                 "    return g\n"
                                 "async def co():\n"
                                 "    pass\n"
                                 "k = lambda: 1\n");
  g_autoptr (LsVM) vm = ls_vm_new ();
  g_autoptr (GError) error = NULL;
  LsCode *module = ls_compile (vm, ast, &error);
  LsCode *f, *g, *co, *k;

  g_assert_no_error (error);
  g_assert_cmpstr (module->filename->data, ==, "test.py");
  g_assert_cmpuint (module->flags, ==, LS_CODE_MODULE);
  f = find_code (module, "f");
  g = find_code (module, "f.<locals>.g");
  co = find_code (module, "co");
  k = find_code (module, "<lambda>");
  g_assert_nonnull (f);
  g_assert_cmpint (f->first_line, ==, 1);   /* the decorator's line */
  g_assert_cmpuint (f->argcount, ==, 2);
  g_assert_cmpuint (f->posonlyargcount, ==, 1);
  g_assert_cmpuint (f->kwonlyargcount, ==, 1);
  g_assert_cmpuint (f->n_locals, ==, 6);
  g_assert_cmpuint (f->flags, ==, LS_CODE_VARARGS | LS_CODE_VARKEYWORDS);
  g_assert_cmpuint (f->cellvars->len, ==, 1);
  g_assert_nonnull (f->cell2arg);
  g_assert_cmpint (f->cell2arg[0], ==, 0);
  g_assert_cmpuint (g->freevars->len, ==, 1);
  g_assert_null (g->cell2arg);
  g_assert_cmpuint (co->flags, ==, LS_CODE_COROUTINE);
  g_assert_cmpuint (k->flags, ==, LS_CODE_LAMBDA);
  g_assert_cmpstr (k->name->data, ==, "<lambda>");
}

/* Every instruction reports the line of the expression it evaluates. */
static void
test_lines (void)
{
  g_autoptr (LsAst) ast = parse ("x = f(\n"
                                 "    a,\n"
                                 "    g(b),\n"
                                 ")\n"
                                 "y = (obj\n"
                                 "     .method(1))\n");
  g_autoptr (LsVM) vm = ls_vm_new ();
  g_autoptr (GError) error = NULL;
  LsCode *code = ls_compile (vm, ast, &error);
  static const struct { LsOpcode op; gint32 line; } expected[] = {
    { LS_OP_LOAD_NAME, 1 }, { LS_OP_LOAD_NAME, 2 }, { LS_OP_LOAD_NAME, 3 }, { LS_OP_LOAD_NAME, 3 },
    { LS_OP_CALL, 3 }, { LS_OP_CALL, 1 }, { LS_OP_STORE_NAME, 1 },
    { LS_OP_LOAD_NAME, 5 }, { LS_OP_LOAD_METHOD, 6 }, { LS_OP_LOAD_CONST, 6 }, { LS_OP_CALL_METHOD, 6 },
    { LS_OP_STORE_NAME, 5 },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (LS_INSTR_OP (code->instructions[i]), ==, expected[i].op);
      g_assert_cmpint (code->lines[i], ==, expected[i].line);
    }
}

/* Every test program compiles, and the stack simulation agrees along every
 * path (a disagreement is a g_critical, fatal in tests). */
static void
test_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "lang", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (listing == NULL)
    {
      g_test_skip ("tests/lang not found");
      return;
    }
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *source = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (LsVM) vm = ls_vm_new ();
      g_autoptr (LsAst) ast = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".py"))
        continue;
      g_assert_true (g_file_get_contents (path, &source, &len, NULL));
      ast = ls_parse (path, source, len, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ls_compile (vm, ast, &error));
      g_assert_no_error (error);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static void
test_opcode_names (void)
{
  for (guint op = 0; op < LS_N_OPCODES; op++)
    g_assert_cmpstr (ls_opcode_name (op), !=, "<unknown>");
  g_assert_cmpstr (ls_opcode_name (LS_OP_CALL_METHOD_KW), ==, "CALL_METHOD_KW");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (listing_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/compiler/listing/%s", listing_cases[i].name);
      g_test_add_data_func (path, &listing_cases[i], test_listing);
    }
  g_test_add_func ("/compiler/code-fields", test_code_fields);
  g_test_add_func ("/compiler/lines", test_lines);
  g_test_add_func ("/compiler/errors", test_errors);
  g_test_add_func ("/compiler/corpus", test_corpus);
  g_test_add_func ("/compiler/opcode-names", test_opcode_names);
  g_test_add_func ("/symtable/nested", test_symtable_nested);
  g_test_add_func ("/symtable/comprehension", test_symtable_comprehension);
  g_test_add_func ("/symtable/class", test_symtable_class);
  g_test_add_func ("/symtable/global", test_symtable_global);
  return g_test_run ();
}

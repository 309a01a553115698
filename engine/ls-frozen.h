/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-frozen.h — the library's code objects, compiled at build time.
 *
 * As CPython's frozen modules: engine/ls-freeze.c compiles each module of
 * engine/lib/ when the project is built and writes its code tree as bytes
 * (ls-lib-frozen.c); at run time the import loads those bytes instead of
 * parsing and compiling the source again, which was most of the start-up
 * of every run (`import asyncio`: ~90 M instructions).
 *
 * After the header (magic, format version, the source's hash) comes the
 * number of objects the tree numbers (below), as 4 little-endian bytes,
 * so that the loader sizes its table once.  The bytes then walk the code
 * tree depth first: each value a tag byte and its payload (unsigned
 * numbers as LEB128, signed ones zigzagged, floats as their IEEE bits,
 * instruction words as 32-bit little-endian numbers, their lines as runs
 * of equal lines), a code object's constants before its own fields.  A string is its length, its text
 * (followed by a NUL if interned, so that it is looked up in place) and a
 * flags byte (ASCII or not); an interned one, a name, then has its hash
 * (CPython 3.11's, fixed key), which the module body's dicts need at once.
 * Each object gets the next number of a per-module table when it is
 * finished, and a second use of the same object is a reference to that
 * number, so that the loaded tree shares objects exactly where the
 * compiler's did (a folded tuple's items are the code's own string
 * constants: `is` can tell).
 */
#pragma once

#include "ls-code.h"
#include "ls-lib-sources.h"

G_BEGIN_DECLS

/* Bumped whenever the byte format changes. */
#define LS_FROZEN_FORMAT_VERSION 3

typedef struct
{
  const char   *name;    /* module name, as LsLibSource's */
  const guint8 *data;
  gsize         len;
} LsLibFrozen;

/* Terminated by an entry whose name is NULL.  Defined by the generated
 * ls-lib-frozen.c, which engine_dep links into every executable, and by
 * the freezer itself as an empty table (it cannot use its own output). */
extern const LsLibFrozen ls_lib_frozen[];

/* The frozen bytes of `code`, a module body compiled from `lib`; an error
 * names a constant the format cannot hold (the compiler learnt a new kind). */
GBytes *ls_frozen_dump (LsVM *vm, LsCode *code, const LsLibSource *lib, GError **error);

/* The frozen entry of `lib`, or NULL when there is none. */
const LsLibFrozen *ls_frozen_find (const LsLibSource *lib);

/* `lib`'s module body from its frozen bytes, or NULL when they were made
 * by another format version or from another source text (the caller
 * compiles the source then).  Runs no Python code, so no collection. */
LsCode *ls_frozen_load (LsVM *vm, const LsLibFrozen *frozen, const LsLibSource *lib);

G_END_DECLS

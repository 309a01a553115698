/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-parser.h — the front end's private interface.
 *
 * ls_parse() and ls_ast_free() are declared in ls-ast.h, the contract with
 * the compiler.  This header is for the front end's own files: the arena
 * the tree lives in (ls-ast.c) and the checks CPython makes after parsing
 * (ls-ast-check.c).
 */
#pragma once

#include "ls-ast.h"

G_BEGIN_DECLS

/* A bump allocator: a tree is freed in one call, nodes never own memory. */
typedef struct _LsArena LsArena;

LsArena *ls_arena_new     (void);
void     ls_arena_free    (LsArena *arena);
/* Zero-filled, aligned for any node. */
gpointer ls_arena_alloc   (LsArena *arena,
                           gsize    size);
gpointer ls_arena_memdup  (LsArena      *arena,
                           gconstpointer data,
                           gsize         size);
char    *ls_arena_strndup (LsArena    *arena,
                           const char *text,
                           gsize       len);

#define ls_arena_new0(arena, Type) ((Type *) ls_arena_alloc ((arena), sizeof (Type)))

/* The errors CPython's compiler and symbol table raise on a tree that
 * parsed ('return' outside function, 'break' outside loop...), and the
 * constructs that parse but that Loopscope does not run (async generators,
 * `async for`).  The first one in source order is reported. */
gboolean ls_ast_check     (const LsAst *ast,
                           GError     **error);

/* ast.dump() of CPython with include_attributes=True: every node also shows
 * lineno, col_offset, end_lineno and end_col_offset, for span tests. */
char    *ls_ast_dump_full (const LsAst *ast,
                           gboolean     include_attributes);

G_END_DECLS

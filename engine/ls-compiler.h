/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-compiler.h — AST to bytecode.
 *
 * Two passes, as CPython's: a symbol table decides for every name in every
 * scope whether it is local (a slot), a cell, a free variable, global or
 * looked up by name; then code generation walks the tree once per scope.
 */
#pragma once

#include "ls-ast.h"
#include "ls-code.h"

G_BEGIN_DECLS

/* Compiles a module.  Errors the parser could not see (e.g. `nonlocal x`
 * with no binding, a name both global and parameter) are LS_SYNTAX_ERROR
 * errors with line and column, as CPython reports them. */
LsCode *ls_compile (LsVM *vm, const LsAst *ast, GError **error);

G_END_DECLS

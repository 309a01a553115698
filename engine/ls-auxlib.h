/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-auxlib.h — helpers for writing the built-in library in C (Lua's
 * lauxlib): method tables, argument checking with CPython's many message
 * shapes, keyword arguments, index conversion, and the guard against
 * printing a recursive container forever.
 */
#pragma once

#include "ls-object.h"
#include "ls-class.h"
#include "ls-function.h"
#include "ls-str.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

typedef struct
{
  const char  *name;
  LsNativeFunc func;
} LsAuxMethod;

void     ls_aux_add_methods (LsVM *vm, LsClass *cls, const LsAuxMethod *methods, gsize n);

/* MemoryError when a format spec asks for a width or a precision past the
 * memory limit (format(1, '>1000000000000')), as CPython; a spec that does
 * not parse passes (the formatter reports it). */
gboolean ls_aux_check_format_size (LsVM *vm, const char *spec, gsize len);
#define  LS_AUX_ADD_METHODS(vm, cls, table) ls_aux_add_methods ((vm), (cls), (table), G_N_ELEMENTS (table))

/* A read-only data attribute computed by `getter` (called with the
 * instance alone), as CPython's getset descriptors: slice.start, range.step. */
void     ls_aux_add_property (LsVM *vm, LsClass *cls, const char *name, LsNativeFunc getter);
/* A classmethod: args[0] is the class whether called on it or on an
 * instance (dict.fromkeys). */
void     ls_aux_add_classmethod (LsVM *vm, LsClass *cls, const char *name, LsNativeFunc func);

/* Positional arity checks.  CPython words the same error differently
 * depending on how each builtin parses its arguments, so the caller picks:
 *  ls_aux_arity:         "f() takes no arguments (1 given)",
 *                        "f() takes exactly one argument (2 given)",
 *                        "f expected 2 arguments, got 1",
 *                        "f expected at least 1 argument, got 0",
 *                        "f expected at most 2 arguments, got 3";
 *  ls_aux_arity_getargs: "f() takes at least 1 argument (0 given)",
 *                        "f() takes at most 2 arguments (3 given)",
 *                        "f() takes exactly 2 arguments (1 given)".
 * Pass methods qualified ("str.center"): the forms that name them bare
 * ("center expected at least 1 argument, got 0") drop the type. */
gboolean ls_aux_arity         (LsVM *vm, const char *fname, guint n, guint min, guint max);
gboolean ls_aux_arity_getargs (LsVM *vm, const char *fname, guint n, guint min, guint max);
/* Always the "f expected 1 argument, got 0" form (sorted, reversed). */
gboolean ls_aux_arity_expected (LsVM *vm, const char *fname, guint n, guint min, guint max);

/* "f() takes no keyword arguments" unless kwnames is empty. */
gboolean ls_aux_no_kwargs (LsVM *vm, const char *fname, LsTuple *kwnames);

/* Picks keyword arguments by name (they follow the n_args positional
 * ones, as LsNativeFunc passes them): values[i] receives the value passed
 * as names[i], or stays as the caller initialised it.  An unknown name is
 * CPython's "'x' is an invalid keyword argument for f()". */
gboolean ls_aux_kwargs (LsVM              *vm,
                        const char        *fname,
                        const LsValue     *args,
                        guint              n_args,
                        LsTuple           *kwnames,
                        const char *const *names,
                        LsValue           *values,
                        guint              n_names);
static inline guint ls_aux_n_kwargs (LsTuple *kwnames) { return kwnames != NULL ? (guint) kwnames->len : 0; }


/* Checks that a method received a `self` of the right kind (unbound calls
 * such as str.upper(5) can pass anything):
 * "descriptor 'upper' for 'str' objects doesn't apply to a 'int' object". */
gboolean ls_aux_check_self (LsVM *vm, const LsValue *args, guint n_args, LsKind kind, const char *type_name, const char *method);

/* The receiver of a __new__: args[0] must be a class ("X.__new__(): not
 * enough arguments", "X.__new__(X): 5 is not a type object"). */
gboolean ls_aux_check_new (LsVM *vm, const char *type_name, const LsValue *args, guint n_args);

/* int or bool (or an object with __index__) as a C integer; otherwise
 * "'float' object cannot be interpreted as an integer". */
gboolean ls_aux_index (LsVM *vm, LsValue v, gint64 *out);
/* Normalises a sequence index (negative counts from the end); FALSE when
 * it stays outside [0, len): the caller raises its own IndexError. */
gboolean ls_aux_wrap_index (gint64 len, gint64 index, gint64 *out);

/* The type name as argument-clinic errors spell it: "None" for None
 * ("replace() argument 1 must be str, not None"). */
const char *ls_aux_clinic_type_name (LsVM *vm, LsValue v);

/* "unhashable type: 'list'" */
gboolean ls_aux_unhashable (LsVM *vm, LsValue v);
/* obj.name(*args, **kwnames), the method looked up by name as Python would. */
gboolean ls_aux_call_method (LsVM *vm, LsValue obj, const char *name, const LsValue *args, guint n_args,
                             LsTuple *kwnames, LsValue *out);

static inline LsValue ls_aux_str (LsVM *vm, const char *utf8, gsize len) { return ls_obj (ls_str_new (vm, utf8, len)); }
static inline LsValue ls_aux_gstring (LsVM *vm, GString *s) { return ls_obj (ls_str_take_gstring (vm, s)); }

/* Recursive containers print as [...] / {...}, as CPython's
 * Py_ReprEnter: a header flag marks the objects whose repr is running. */
#define LS_AUX_REPR_ACTIVE 0x4000   /* 0x8000 is LS_OBJECT_HAS_ID */
static inline gboolean ls_aux_repr_enter (LsObject *o)
{
  if (o->flags & LS_AUX_REPR_ACTIVE)
    return FALSE;
  o->flags |= LS_AUX_REPR_ACTIVE;
  return TRUE;
}
static inline void ls_aux_repr_leave (LsObject *o) { o->flags &= (guint16) ~LS_AUX_REPR_ACTIVE; }

/* repr of the items, joined with ", ": the body of list/tuple/set reprs. */
gboolean ls_aux_repr_items (LsVM *vm, const LsValue *items, gsize n, GString *out);

/* ascii(): appends UTF-8 text with every non-ASCII code point escaped as
 * \xNN, \uNNNN or \UNNNNNNNN. */
void     ls_aux_ascii_escape (GString *out, const char *utf8, gsize len);

/* Raises KeyError(key) with the key itself as the argument. */
gboolean ls_aux_key_error (LsVM *vm, LsValue key);

/* A free-standing native function as a value (builtins, module functions). */
LsValue  ls_aux_native_value (LsVM *vm, const char *name, LsNativeFunc func);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-str.h — Python str: immutable Unicode text.
 *
 * Stored as UTF-8 with its length in code points, so printing and
 * concatenating never convert; `ascii` strings (the common case) index in
 * O(1), others walk the UTF-8.  Identifiers and attribute names are
 * interned: equal interned strings are the same object, so dictionary
 * lookups of names compare pointers first.
 */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  gsize    len;         /* bytes, without the terminating NUL */
  gsize    n_chars;     /* Unicode code points */
  gint64   hash;        /* valid when has_hash */
  guint8   has_hash;
  guint8   ascii;
  guint8   interned;
  guint8   no_access;   /* an interned attribute name scenarios may not read (ls-attribute.c) */
  char     data[];      /* UTF-8, NUL-terminated (may contain NULs too) */
} LsStr;

static inline LsStr *ls_value_str (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_STR ? (LsStr *) v.o : NULL; }

LsStr   *ls_str_new        (LsVM *vm, const char *utf8, gsize len);   /* utf8 must be valid */
/* ls_str_new of a text known to be ASCII without NULs (a number, "Task-17"):
 * the same str, without looking at the bytes. */
LsStr   *ls_str_new_ascii  (LsVM *vm, const char *ascii, gsize len);
LsStr   *ls_str_new_cstr   (LsVM *vm, const char *utf8);
LsStr   *ls_str_take_gstring (LsVM *vm, GString *string);              /* frees the GString */
LsStr   *ls_str_intern     (LsVM *vm, const char *utf8, gsize len);
LsStr   *ls_str_intern_cstr (LsVM *vm, const char *utf8);
/* ls_str_intern for a text known to be a name (no NUL in it), whose hash
 * (ls_str_hash's) and whether it is ASCII are known already: the frozen
 * library's names, hashed when the library was built. */
LsStr   *ls_str_intern_hashed (LsVM *vm, const char *utf8, gsize len, gboolean ascii, gint64 hash);
/* The VM's table of interned strs (ls-str.c): made with the VM, emptied
 * when it is freed; the collector takes out each interned str it frees. */
void     ls_str_intern_table_init  (LsVM *vm);
void     ls_str_intern_table_clear (LsVM *vm);
void     ls_str_forget_interned    (LsVM *vm, LsStr *str);
/* Computes and caches the hash (CPython's): the out-of-line half of
 * ls_str_hash, which dict lookups by name call for every attribute read. */
gint64   ls_str_hash_compute (LsStr *self);
static inline gint64 ls_str_hash (LsStr *self) { return G_LIKELY (self->has_hash) ? self->hash : ls_str_hash_compute (self); }
gboolean ls_str_equal      (const LsStr *a, const LsStr *b);
int      ls_str_compare    (const LsStr *a, const LsStr *b);          /* by code point, as CPython */
/* Byte offset of code point `index` (0 <= index <= n_chars). */
gsize    ls_str_offset_of  (const LsStr *self, gsize index);

void     ls_str_class_init (LsVM *vm, LsClass *cls);                  /* installs str's methods */

G_END_DECLS

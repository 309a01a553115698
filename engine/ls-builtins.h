/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-builtins.h — the built-in functions (print, len, sorted, ...), the
 * classes of the unboxed values, the simulated modules, and what the
 * library files share with each other (sorted() is list.sort on a copy).
 */
#pragma once

#include "ls-object.h"
#include "ls-dict.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-str.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

/* Installs every built-in function in `builtins` and the methods of the
 * classes that have no header of their own: int, bool, float, NoneType,
 * object, type, the iterators and the dict views. */
void      ls_builtins_init (LsVM *vm, LsDict *builtins);

/* The classes of int, bool, float and None (ls-intlib.c). */
void      ls_int_class_init   (LsVM *vm, LsClass *cls);
void      ls_bool_class_init  (LsVM *vm, LsClass *cls);
void      ls_float_class_init (LsVM *vm, LsClass *cls);
void      ls_none_class_init  (LsVM *vm, LsClass *cls);
/* The iterator classes and enumerate/zip/map/filter/reversed (ls-iterator.c). */
void      ls_iterator_classes_init (LsVM *vm);
/* iter(x) for sequences that have __getitem__ but no __iter__: what
 * ls_get_iter should fall back to (ls-iterator.c). */
LsValue   ls_iterator_new_sequence (LsVM *vm, LsValue sequence);
/* dict_keys, dict_values, dict_items and the dict iterators (ls-dictlib.c). */
void      ls_dict_views_init (LsVM *vm);

/* The simulated modules. */
LsModule *ls_module_time_new      (LsVM *vm);
LsModule *ls_module_random_new    (LsVM *vm);
LsModule *ls_module_functools_new (LsVM *vm);
LsModule *ls_module_heapq_new (LsVM *vm);          /* _heapq: ls-heapqlib.c */
LsModule *ls_module_fifo_new (LsVM *vm);           /* _lsfifo: ls-fifolib.c */
LsModule *ls_module_asyncio_new (LsVM *vm);        /* _asyncio: ls-asynciolib.c */

/* list.sort: stable, `<` only, key called once per item (ls-listlib.c). */
gboolean  ls_list_sort      (LsVM *vm, LsList *self, LsValue key, gboolean reverse);
/* Parses sort()'s keyword-only key= and reverse= (fname names it in errors). */
gboolean  ls_list_sort_args (LsVM *vm, const char *fname, const LsValue *args, guint n_args,
                             LsTuple *kwnames, LsValue *key, gboolean *reverse);

/* BUILD_SET for a display of more than two constants ({1, 2, 3}): the
 * compiler should use this so that the order matches CPython's, which
 * builds such sets from a folded frozenset constant (ls-set.c). */
gboolean  ls_set_new_constant_display (LsVM *vm, const LsValue *items, gsize n, LsValue *out);

/* repr(x) with every non-ASCII code point escaped (ascii(), %a, !a). */
gboolean  ls_ascii (LsVM *vm, LsValue v, LsStr **out);

G_END_DECLS

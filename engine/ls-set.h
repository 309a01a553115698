/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-set.h — Python set and frozenset.  Iteration order is observable
 * (print({3, 1, 2}) shows {1, 2, 3}), so the table mirrors CPython's
 * setobject.c: open addressing, linear probes then perturbation, the same
 * resize policy; with CPython's hashes the order is CPython's.
 */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct
{
  LsValue key;       /* LS_UNBOUND: empty; tag NONE with hash -1 marks a dummy, see ls-set.c */
  gint64  hash;
} LsSetEntry;

typedef struct
{
  LsObject    header;   /* flags bit 0: frozen */
  gsize       fill;     /* active + dummy */
  gsize       used;     /* active */
  gsize       mask;     /* table size - 1 */
  gsize       finger;   /* for pop(), as CPython */
  LsSetEntry *table;
} LsSet;

#define LS_SET_FROZEN 1

static inline LsSet *ls_value_set (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_SET ? (LsSet *) v.o : NULL; }

LsSet   *ls_set_new      (LsVM *vm, gboolean frozen);
gboolean ls_set_add      (LsVM *vm, LsSet *self, LsValue key);
gboolean ls_set_contains (LsVM *vm, LsSet *self, LsValue key, gboolean *found);
gboolean ls_set_discard  (LsVM *vm, LsSet *self, LsValue key, gboolean *found);
gboolean ls_set_next     (LsSet *self, gsize *position, LsValue *key);
void     ls_set_class_init (LsVM *vm, LsClass *cls);
void     ls_frozenset_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-list.h — Python list: a growable array of values. */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  gsize    len;
  gsize    capacity;
  LsValue *items;      /* from the VM's pool (ls-list.c), freed by the collector */
} LsList;

static inline LsList *ls_value_list (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_LIST ? (LsList *) v.o : NULL; }

LsList  *ls_list_new      (LsVM *vm, gsize capacity);
LsList  *ls_list_new_from (LsVM *vm, const LsValue *items, gsize len);
void     ls_list_append   (LsVM *vm, LsList *self, LsValue value);
void     ls_list_insert   (LsVM *vm, LsList *self, gsize index, LsValue value);
/* Makes room for `needed` items, counting the memory towards the VM's heap. */
void     ls_list_reserve  (LsVM *vm, LsList *self, gsize needed);
/* Gives the items' storage back (the collector, freeing the list). */
void     ls_list_free_storage (LsVM *vm, LsList *self);
/* iter(list) for a list: what list.__iter__ returns */
LsValue  ls_list_iter_new (LsVM *vm, LsList *self);
void     ls_list_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

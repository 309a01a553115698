/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-tuple.h — Python tuple: a fixed array of values allocated inline. */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  gsize    len;
  gint64   hash;      /* cached when has_hash (flags bit 0) */
  LsValue  items[];
} LsTuple;

static inline LsTuple *ls_value_tuple (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_TUPLE ? (LsTuple *) v.o : NULL; }

/* Items are LS_NONE until set; the VM fills them before anyone sees it. */
LsTuple *ls_tuple_new      (LsVM *vm, gsize len);
LsTuple *ls_tuple_new_from (LsVM *vm, const LsValue *items, gsize len);
void     ls_tuple_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-range.h — range objects: arithmetic progressions of ints. */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  gint64   start;
  gint64   stop;
  gint64   step;
  gint64   length;
} LsRange;

static inline LsRange *ls_value_range (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_RANGE ? (LsRange *) v.o : NULL; }

LsRange *ls_range_new (LsVM *vm, gint64 start, gint64 stop, gint64 step);
void     ls_range_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

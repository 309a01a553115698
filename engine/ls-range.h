/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-range.h — range objects: arithmetic progressions of ints. */
#pragma once

#include "ls-iterator.h"
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

/* A range iterator's next item: FALSE when it is exhausted.  `extra` is the
 * first item (an int) and `step` what each next adds, the range's step or,
 * for reversed(), its negation.  In unsigned arithmetic, as the range's
 * items are computed: they are in range anyway. */
static inline gboolean
ls_range_iterator_step (LsIterator *it, LsValue *value)
{
  if (it->index >= it->stop)
    return FALSE;
  *value = ls_int ((gint64) ((guint64) it->extra.i + (guint64) it->index * (guint64) it->step));
  it->index++;
  return TRUE;
}

LsRange *ls_range_new (LsVM *vm, gint64 start, gint64 stop, gint64 step);
void     ls_range_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

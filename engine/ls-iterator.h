/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-iterator.h — built-in iterators (list_iterator, range_iterator, zip,
 * map, enumerate, dict views' iterators, ...).
 *
 * One layout for all of them with a C `next` function, so FOR_ITER calls it
 * directly and exhaustion is a flag, not a raised StopIteration; Python's
 * `next()` and `__next__` turn the flag into StopIteration.
 */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct _LsIterator LsIterator;

/* Returns FALSE when an exception is set; otherwise either *value is the
 * next item or *exhausted is TRUE. */
typedef gboolean (*LsIteratorNext) (LsVM       *vm,
                                    LsIterator *self,
                                    LsValue    *value,
                                    gboolean   *exhausted);

struct _LsIterator
{
  LsObject       header;
  LsIteratorNext next;
  LsValue        source;    /* the iterated object (marked) */
  LsValue        extra;     /* second object: the function of map, the tuple of zip's iterators (marked) */
  gint64         index;
  gint64         stop;
  gint64         step;
};

LsIterator *ls_iterator_new (LsVM *vm, LsClass *cls, LsIteratorNext next, LsValue source, LsValue extra);

G_END_DECLS

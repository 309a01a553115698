/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-slice.h — Python slice objects (`a[1:5:2]`) and CPython's rules for
 * turning one into indices of a sequence of a given length.
 */
#pragma once

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  LsValue  start;   /* each may be None */
  LsValue  stop;
  LsValue  step;
} LsSlice;

static inline LsSlice *ls_value_slice (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_SLICE ? (LsSlice *) v.o : NULL; }

LsSlice *ls_slice_new (LsVM *vm, LsValue start, LsValue stop, LsValue step);

/* PySlice_GetIndicesEx: clamps the slice to a sequence of `length` items.
 * FALSE with TypeError ("slice indices must be integers or None or have an
 * __index__ method") or ValueError ("slice step cannot be zero") set. */
gboolean ls_slice_indices (LsVM    *vm,
                           LsSlice *self,
                           gint64   length,
                           gint64  *start,
                           gint64  *stop,
                           gint64  *step,
                           gint64  *slice_length);

void     ls_slice_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-value.h — the value every VM slot holds.
 *
 * Sixteen bytes: a tag and a payload.  None, bools, ints and floats live in
 * the value itself, so arithmetic and comparisons on them never allocate;
 * everything else points at a heap object (ls-object.h) owned by the
 * collector.  LS_TAG_UNBOUND marks an empty local slot (a local read before
 * assignment is an UnboundLocalError, not a None).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LsObject LsObject;

typedef enum
{
  LS_TAG_UNBOUND = 0,
  LS_TAG_NONE,
  LS_TAG_BOOL,
  LS_TAG_INT,
  LS_TAG_FLOAT,
  LS_TAG_OBJECT,
} LsTag;

typedef struct
{
  LsTag tag;
  union
  {
    gboolean  b;
    gint64    i;
    double    f;
    LsObject *o;
  };
} LsValue;

#define LS_UNBOUND        ((LsValue) { .tag = LS_TAG_UNBOUND, .i = 0 })
#define LS_NONE           ((LsValue) { .tag = LS_TAG_NONE, .i = 0 })
#define LS_TRUE           ((LsValue) { .tag = LS_TAG_BOOL, .b = TRUE })
#define LS_FALSE          ((LsValue) { .tag = LS_TAG_BOOL, .b = FALSE })

static inline LsValue ls_int (gint64 i)       { return (LsValue) { .tag = LS_TAG_INT, .i = i }; }
static inline LsValue ls_float (double f)     { return (LsValue) { .tag = LS_TAG_FLOAT, .f = f }; }
static inline LsValue ls_bool (gboolean b)    { return (LsValue) { .tag = LS_TAG_BOOL, .b = b ? TRUE : FALSE }; }
static inline LsValue ls_obj (gpointer o)     { return (LsValue) { .tag = LS_TAG_OBJECT, .o = (LsObject *) o }; }

static inline gboolean ls_is_unbound (LsValue v) { return v.tag == LS_TAG_UNBOUND; }
static inline gboolean ls_is_none (LsValue v)    { return v.tag == LS_TAG_NONE; }
static inline gboolean ls_is_bool (LsValue v)    { return v.tag == LS_TAG_BOOL; }
static inline gboolean ls_is_int (LsValue v)     { return v.tag == LS_TAG_INT; }
static inline gboolean ls_is_float (LsValue v)   { return v.tag == LS_TAG_FLOAT; }
static inline gboolean ls_is_object (LsValue v)  { return v.tag == LS_TAG_OBJECT; }
/* int or bool: Python's bool is a subclass of int */
static inline gboolean ls_is_intlike (LsValue v) { return v.tag == LS_TAG_INT || v.tag == LS_TAG_BOOL; }
static inline gint64   ls_as_int (LsValue v)     { return v.tag == LS_TAG_BOOL ? (gint64) v.b : v.i; }

G_END_DECLS

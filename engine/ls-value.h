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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* The tag is a whole 8-byte word, the padding after a 4-byte one
 * included: values go through memory as two 8-byte words (a copy, the
 * interpreter's 16-byte stores), and a word read back right after C wrote
 * only the tag's 4 bytes of it waited for the store to reach the cache
 * instead of taking its bytes from the store buffer (a store-forwarding
 * stall: ~10 % of the interpreter's time in sleep0 sat right after such
 * reads of a value returned through a pointer). */
typedef struct
{
  union
  {
    LsTag   tag;
    guint64 tag_word_;
  };
  union
  {
    gboolean  b;
    gint64    i;
    double    f;
    LsObject *o;
  };
} LsValue;

/* Writes a value through a pointer with one 16-byte store, built from its
 * two fields.  Written as two 8-byte words, a value read back soon after
 * by a 16-byte load (a struct copy, a stack slot) cannot take its bytes
 * from those two stores while they are in the store buffer: the load
 * waits for them to reach the cache (a store-forwarding stall; `perf
 * annotate` puts the hottest samples of the interpreter and of a task's
 * step right after such loads).  Loads of the fields alone do not wait.
 * For values handed back through `out` pointers on hot paths, and for the
 * interpreter's stack (`queue`: 2 % more instructions, 10 % less time). */
#if defined(__SSE2__)
G_STATIC_ASSERT (sizeof (LsValue) == 16 && G_STRUCT_OFFSET (LsValue, i) == 8);

static inline void
ls_value_store (LsValue *dst, LsValue v)
{
  _mm_storeu_si128 ((__m128i *) dst, _mm_set_epi64x (v.i, (gint64) v.tag_word_));
}
#else
/* elsewhere (no SSE2: not x86-64) the compiler's own copy */
static inline void
ls_value_store (LsValue *dst, LsValue v)
{
  *dst = v;
}
#endif

#define LS_UNBOUND        ((LsValue) { .tag_word_ = LS_TAG_UNBOUND, .i = 0 })
#define LS_NONE           ((LsValue) { .tag_word_ = LS_TAG_NONE, .i = 0 })
#define LS_TRUE           ((LsValue) { .tag_word_ = LS_TAG_BOOL, .i = TRUE })
#define LS_FALSE          ((LsValue) { .tag_word_ = LS_TAG_BOOL, .i = FALSE })

static inline LsValue ls_int (gint64 i)       { return (LsValue) { .tag_word_ = LS_TAG_INT, .i = i }; }
static inline LsValue ls_float (double f)     { return (LsValue) { .tag_word_ = LS_TAG_FLOAT, .f = f }; }
static inline LsValue ls_bool (gboolean b)    { return (LsValue) { .tag_word_ = LS_TAG_BOOL, .i = b ? TRUE : FALSE }; }
static inline LsValue ls_obj (gpointer o)     { return (LsValue) { .tag_word_ = LS_TAG_OBJECT, .o = (LsObject *) o }; }

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

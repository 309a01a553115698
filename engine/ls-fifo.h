/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-fifo.h — the asyncio FIFO of ls-fifolib.c (`_lsfifo.deque`) for C
 * callers: the event loop's ready queue is one, and the loop's hot path
 * (ls-asyncio-loop.c) appends and pops without a Python-level call.
 */
#pragma once

#include "ls-list.h"
#include "ls-object.h"

G_BEGIN_DECLS

/* Here rather than in ls-fifolib.c so that ls_fifo_len is inline: the
 * loop and asyncio.Queue's C paths ask it several times per callback or
 * item.  Only ls-fifolib.c changes the fields. */
typedef struct _LsFifo
{
  LsExtension header;
  LsList     *items;   /* items[head:] are the queue */
  gsize       head;
  gboolean    handed_out;  /* Python code was given an item (popped, iterated,
                            * indexed, compared, shown): the loop then never
                            * makes its handles again (LsVM.spare_handle) */
} LsFifo;

/* The FIFO behind `v`, or NULL when `v` is something else (a scenario may
 * have put anything in loop._ready). */
LsFifo  *ls_fifo_from_value (LsValue v);
static inline gsize ls_fifo_len (LsFifo *self) { return self->items->len - self->head; }
/* ls_fifo_append's rare part: the list grows. */
void     ls_fifo_append_grow (LsVM *vm, LsFifo *self, LsValue item);
/* Room for one more item without growing: ls_fifo_append will not call
 * out (asyncio.Queue's await shortcut asks before it changes anything). */
static inline gboolean ls_fifo_has_room (LsFifo *self) { return self->items->len < self->items->capacity; }
/* Inline: the loop appends every callback it schedules, and asyncio.Queue's
 * C paths every item and waiter (the call through ls_list_append was ~20
 * instructions of a put, and of a sleep(0)). */
static inline void
ls_fifo_append (LsVM    *vm,
                LsFifo  *self,
                LsValue  item)
{
  LsList *items = self->items;

  if (G_LIKELY (items->len < items->capacity))
    items->items[items->len++] = item;
  else
    ls_fifo_append_grow (vm, self, item);
}
/* Drops the dead items[:head] (ls_fifo_popleft's rare part). */
void     ls_fifo_compact    (LsFifo *self);
/* FALSE when the FIFO is empty.  Inline: the loop pops every callback
 * and asyncio.Queue's C paths every item.  The dead head is dropped once
 * it is at least 64 items and half the list, as _ListDeque does, so a
 * long-lived queue does not grow forever. */
static inline gboolean
ls_fifo_popleft (LsFifo  *self,
                 LsValue *out)
{
  LsList *items = self->items;

  if (self->head >= items->len)
    return FALSE;
  *out = items->items[self->head];
  items->items[self->head++] = LS_NONE;
  if (self->head >= items->len)
    {
      items->len = 0;
      self->head = 0;
    }
  else if (G_UNLIKELY (self->head >= 64 && self->head * 2 >= items->len))
    ls_fifo_compact (self);
  return TRUE;
}
/* The leftmost item of a FIFO that is not empty (inline: asyncio.Queue's
 * await shortcut looks at the first waiter). */
static inline LsValue ls_fifo_first (LsFifo *self) { return self->items->items[self->head]; }
/* The queue's items from the left, *n of them: valid until it changes. */
const LsValue *ls_fifo_items (LsFifo *self, gsize *n);
/* The item `index` places from the left; index < ls_fifo_len (self). */
LsValue  ls_fifo_peek       (LsFifo *self, gsize index);

G_END_DECLS

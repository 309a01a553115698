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
} LsFifo;

/* The FIFO behind `v`, or NULL when `v` is something else (a scenario may
 * have put anything in loop._ready). */
LsFifo  *ls_fifo_from_value (LsValue v);
static inline gsize ls_fifo_len (LsFifo *self) { return self->items->len - self->head; }
void     ls_fifo_append     (LsVM *vm, LsFifo *self, LsValue item);
/* FALSE when the FIFO is empty. */
gboolean ls_fifo_popleft    (LsFifo *self, LsValue *out);
/* The queue's items from the left, *n of them: valid until it changes. */
const LsValue *ls_fifo_items (LsFifo *self, gsize *n);
/* The item `index` places from the left; index < ls_fifo_len (self). */
LsValue  ls_fifo_peek       (LsFifo *self, gsize index);

G_END_DECLS

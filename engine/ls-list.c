/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-list.c — list storage; methods live in ls-listlib.c. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-list.h"
#include "ls-vm.h"

LsList *
ls_list_new (LsVM  *vm,
             gsize  capacity)
{
  LsList *self = ls_object_alloc (vm, LS_KIND_LIST, vm->types[LS_TYPE_LIST], sizeof (LsList));

  self->capacity = capacity;
  self->items = capacity > 0 ? g_new (LsValue, capacity) : NULL;
  return self;
}

LsList *
ls_list_new_from (LsVM          *vm,
                  const LsValue *items,
                  gsize          len)
{
  LsList *self = ls_list_new (vm, len);

  if (len > 0)
    memcpy (self->items, items, len * sizeof (LsValue));
  self->len = len;
  return self;
}

static void
reserve (LsList *self,
         gsize   needed)
{
  if (needed <= self->capacity)
    return;
  /* Grow by 1.5x like CPython, so appends are amortised O(1). */
  self->capacity = MAX (needed, self->capacity + (self->capacity >> 1) + 4);
  self->items = g_renew (LsValue, self->items, self->capacity);
}

void
ls_list_append (LsList  *self,
                LsValue  value)
{
  reserve (self, self->len + 1);
  self->items[self->len++] = value;
}

void
ls_list_insert (LsList  *self,
                gsize    index,
                LsValue  value)
{
  if (index > self->len)
    index = self->len;
  reserve (self, self->len + 1);
  memmove (&self->items[index + 1], &self->items[index], (self->len - index) * sizeof (LsValue));
  self->items[index] = value;
  self->len++;
}

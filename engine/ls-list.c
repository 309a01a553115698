/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-list.c — list storage; methods live in ls-listlib.c. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-list.h"
#include "ls-vm.h"

/* A list's items come from the VM's pool, as objects do, while they fit
 * a pool block (LS_POOL_MAX: 32 items), and from malloc beyond: most
 * lists are a few items (a gather's results, a comprehension's), and
 * malloc's ~200 instructions for their first block were 2 % of `tree`. */
static inline LsValue *
items_alloc (LsVM *vm, gsize capacity)
{
  return capacity > 0 ? ls_pool_alloc (&vm->pool, capacity * sizeof (LsValue)) : NULL;
}

void
ls_list_free_storage (LsVM *vm, LsList *self)
{
  ls_pool_free (&vm->pool, self->items, self->capacity * sizeof (LsValue));
  self->items = NULL;
  self->capacity = 0;
}

LsList *
ls_list_new (LsVM  *vm,
             gsize  capacity)
{
  LsList *self = ls_object_alloc (vm, LS_KIND_LIST, vm->types[LS_TYPE_LIST], sizeof (LsList));

  self->capacity = capacity;
  self->items = items_alloc (vm, capacity);
  ls_object_account (vm, capacity * sizeof (LsValue));
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

void
ls_list_reserve (LsVM   *vm,
                 LsList *self,
                 gsize   needed)
{
  gsize old = self->capacity;
  LsValue *grown;

  if (needed <= self->capacity)
    return;
  /* Grow by 1.5x like CPython, so appends are amortised O(1). */
  self->capacity = MAX (needed, self->capacity + (self->capacity >> 1) + 4);
  if (old * sizeof (LsValue) > LS_POOL_MAX)
    /* malloc's block to a bigger one of malloc's, maybe in place */
    self->items = g_renew (LsValue, self->items, self->capacity);
  else
    {
      grown = items_alloc (vm, self->capacity);
      if (self->len > 0)
        memcpy (grown, self->items, self->len * sizeof (LsValue));
      ls_pool_free (&vm->pool, self->items, old * sizeof (LsValue));
      self->items = grown;
    }
  ls_object_account (vm, (self->capacity - old) * sizeof (LsValue));
}

void
ls_list_append (LsVM    *vm,
                LsList  *self,
                LsValue  value)
{
  if (G_UNLIKELY (self->len + 1 > self->capacity))
    ls_list_reserve (vm, self, self->len + 1);
  self->items[self->len++] = value;
}

void
ls_list_insert (LsVM    *vm,
                LsList  *self,
                gsize    index,
                LsValue  value)
{
  if (index > self->len)
    index = self->len;
  ls_list_reserve (vm, self, self->len + 1);
  memmove (&self->items[index + 1], &self->items[index], (self->len - index) * sizeof (LsValue));
  self->items[index] = value;
  self->len++;
}

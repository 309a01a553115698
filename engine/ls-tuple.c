/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-tuple.c — tuple construction; methods live in ls-tuplelib.c. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-tuple.h"
#include "ls-vm.h"

LsTuple *
ls_tuple_new (LsVM  *vm,
              gsize  len)
{
  LsTuple *self = ls_object_alloc (vm, LS_KIND_TUPLE, vm->types[LS_TYPE_TUPLE],
                                   sizeof (LsTuple) + len * sizeof (LsValue));

  self->len = len;
  for (gsize i = 0; i < len; i++)
    self->items[i] = LS_NONE;
  return self;
}

LsTuple *
ls_tuple_new_from (LsVM          *vm,
                   const LsValue *items,
                   gsize          len)
{
  LsTuple *self;

  if (len == 0 && vm->empty_tuple != NULL)
    return vm->empty_tuple;
  self = ls_tuple_new (vm, len);
  if (len > 0)
    memcpy (self->items, items, len * sizeof (LsValue));
  return self;
}

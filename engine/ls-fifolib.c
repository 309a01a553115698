/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-fifolib.c — the `_lsfifo` module: the FIFO the asyncio library keeps
 * its ready queue, waiter queues and queue items in (asyncio.vmglue's
 * `deque`).  The same operations, results and messages as the pure-Python
 * list-with-a-head it replaces (_ListDeque, still there as the stand-in),
 * without a Python-level call for every append and popleft: the loop does
 * one of each per callback.  Internal: scenarios cannot import it.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-builtins.h"
#include "ls-fifo.h"

#include "ls-auxlib.h"
#include "ls-class.h"
#include "ls-exception.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

static void
fifo_mark (LsVM *vm, LsObject *self)
{
  ls_gc_mark_object (vm, (LsObject *) ((LsFifo *) self)->items);
}

static const LsExtensionVTable fifo_vtable = { "deque", fifo_mark, NULL };

static LsFifo *
fifo_self (LsVM *vm, const LsValue *args, guint n_args, const char *method)
{
  if (n_args >= 1 && ls_is_kind (args[0], LS_KIND_EXTENSION) &&
      ((LsExtension *) args[0].o)->vtable == &fifo_vtable)
    return (LsFifo *) args[0].o;
  ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' for 'deque' objects doesn't apply to a '%s' object",
            method, n_args >= 1 ? ls_type_name (vm, args[0]) : "NoneType");
  return NULL;
}

/* self plus exactly `n` arguments, no keywords */
#define PROLOGUE(method, n) \
  LsFifo *self = fifo_self (vm, args, n_args, method); \
  if (self == NULL || !ls_check_args (vm, method, n_args - 1, kwnames, (n), (n))) \
    return FALSE

/* PROLOGUE of a method that gives Python code the items, or some */
#define PROLOGUE_HANDING_OUT(method, n) \
  PROLOGUE (method, n); \
  self->handed_out = TRUE

static gsize
fifo_len (LsFifo *self)
{
  return self->items->len - self->head;
}

LsFifo *
ls_fifo_from_value (LsValue v)
{
  if (ls_is_kind (v, LS_KIND_EXTENSION) && ((LsExtension *) v.o)->vtable == &fifo_vtable)
    return (LsFifo *) v.o;
  return NULL;
}

void
ls_fifo_append_grow (LsVM    *vm,
                     LsFifo  *self,
                     LsValue  item)
{
  ls_list_append (vm, self->items, item);
}

const LsValue *
ls_fifo_items (LsFifo *self,
               gsize  *n)
{
  *n = fifo_len (self);
  return self->items->items + self->head;
}

LsValue
ls_fifo_peek (LsFifo *self,
              gsize   index)
{
  g_assert (index < fifo_len (self));
  return self->items->items[self->head + index];
}

/* ls_fifo_popleft's compaction: items[head:] moved to the front. */
void
ls_fifo_compact (LsFifo *self)
{
  LsList *items = self->items;

  memmove (items->items, items->items + self->head, (items->len - self->head) * sizeof (LsValue));
  items->len -= self->head;
  self->head = 0;
}

/* The queued items (NULL for none: an empty list may have no array, and
 * NULL + 0 is undefined behaviour). */
static const LsValue *
live_items (LsFifo *self)
{
  return fifo_len (self) > 0 ? self->items->items + self->head : NULL;
}

/* deque(iterable=()) */
NATIVE (fifo_new)
{
  LsFifo *self;
  LsValue items;

  /* the class is reachable (type(loop._ready)): deque.__new__(5) */
  if (!ls_aux_check_new (vm, "deque", args, n_args) ||
      !ls_check_args (vm, "deque", n_args - 1, kwnames, 0, 1))
    return FALSE;
  if (n_args == 2)
    {
      if (!ls_iterate_to_list (vm, args[1], &items))
        return FALSE;
    }
  else
    items = ls_obj (ls_list_new (vm, 0));
  self = ls_object_alloc (vm, LS_KIND_EXTENSION, (LsClass *) args[0].o, sizeof (LsFifo));
  self->header.vtable = &fifo_vtable;
  self->items = (LsList *) items.o;
  *result = ls_obj (self);
  return TRUE;
}

NATIVE (fifo_append)
{
  PROLOGUE ("append", 1);
  ls_list_append (vm, self->items, args[1]);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (fifo_appendleft)
{
  PROLOGUE ("appendleft", 1);
  if (self->head > 0)
    self->items->items[--self->head] = args[1];
  else
    ls_list_insert (vm, self->items, 0, args[1]);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (fifo_popleft)
{
  PROLOGUE_HANDING_OUT ("popleft", 0);
  if (!ls_fifo_popleft (self, result))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "pop from an empty deque");
  return TRUE;
}

NATIVE (fifo_pop)
{
  LsList *items;

  PROLOGUE_HANDING_OUT ("pop", 0);
  items = self->items;
  if (self->head >= items->len)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "pop from an empty deque");
  *result = items->items[--items->len];
  if (self->head >= items->len)
    {
      items->len = 0;
      self->head = 0;
    }
  return TRUE;
}

/* The first item == value, compared as `items[i] == value`. */
NATIVE (fifo_remove)
{
  PROLOGUE_HANDING_OUT ("remove", 1);
  for (gsize i = self->head; i < self->items->len; i++)
    {
      LsValue item = self->items->items[i], eq;
      gboolean equal;

      if (!ls_compare (vm, item, args[1], LS_CMP_EQ, &eq) || !ls_truthy (vm, eq, &equal))
        return FALSE;
      if (equal && i < self->items->len)
        {
          LsList *items = self->items;

          memmove (items->items + i, items->items + i + 1, (items->len - i - 1) * sizeof (LsValue));
          items->len--;
          *result = LS_NONE;
          return TRUE;
        }
    }
  /* CPython 3.11.7's words: "99 is not in deque" */
  {
    LsStr *repr;

    if (!ls_repr (vm, args[1], &repr))
      return FALSE;
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "%s is not in deque", repr->data);
  }
}

NATIVE (fifo_clear)
{
  PROLOGUE ("clear", 0);
  self->items->len = 0;
  self->head = 0;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (fifo_dunder_len)
{
  PROLOGUE ("__len__", 0);
  *result = ls_int ((gint64) fifo_len (self));
  return TRUE;
}

NATIVE (fifo_dunder_bool)
{
  PROLOGUE ("__bool__", 0);
  *result = ls_bool (fifo_len (self) > 0);
  return TRUE;
}

/* iter(a copy): the queue may change while it is iterated */
NATIVE (fifo_dunder_iter)
{
  LsValue copy;

  PROLOGUE_HANDING_OUT ("__iter__", 0);
  copy = ls_obj (ls_list_new_from (vm, live_items (self), fifo_len (self)));
  return ls_get_iter (vm, copy, result);
}

NATIVE (fifo_dunder_getitem)
{
  gint64 index;

  PROLOGUE_HANDING_OUT ("__getitem__", 1);
  if (args[1].tag != LS_TAG_INT && args[1].tag != LS_TAG_BOOL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "list indices must be integers or slices, not %s", ls_type_name (vm, args[1]));
  index = args[1].tag == LS_TAG_INT ? args[1].i : (gint64) args[1].b;
  if (index < 0)
    index += (gint64) fifo_len (self);
  if (index < 0 || index >= (gint64) fifo_len (self))
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "deque index out of range");
  *result = self->items->items[self->head + (gsize) index];
  return TRUE;
}

/* deque([1, 2]) */
NATIVE (fifo_dunder_repr)
{
  g_autoptr (GString) text = g_string_new ("deque(");
  LsValue copy;

  PROLOGUE_HANDING_OUT ("__repr__", 0);
  copy = ls_obj (ls_list_new_from (vm, live_items (self), fifo_len (self)));
  ls_vm_push_root (vm, copy);
  if (!ls_repr_append (vm, copy, text))
    {
      ls_vm_pop_roots (vm, 1);
      return FALSE;
    }
  ls_vm_pop_roots (vm, 1);
  g_string_append_c (text, ')');
  *result = ls_obj (ls_str_new (vm, text->str, text->len));
  return TRUE;
}

LsModule *
ls_module_fifo_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "_lsfifo");
  LsClass *cls = ls_class_new (vm, "deque", vm->types[LS_TYPE_OBJECT], "collections");

  cls->is_builtin = TRUE;
  cls->instance_kind = LS_KIND_EXTENSION;
  ls_class_add_method (vm, cls, "__new__", (gpointer) fifo_new);
  ls_class_add_method (vm, cls, "append", (gpointer) fifo_append);
  ls_class_add_method (vm, cls, "appendleft", (gpointer) fifo_appendleft);
  ls_class_add_method (vm, cls, "popleft", (gpointer) fifo_popleft);
  ls_class_add_method (vm, cls, "pop", (gpointer) fifo_pop);
  ls_class_add_method (vm, cls, "remove", (gpointer) fifo_remove);
  ls_class_add_method (vm, cls, "clear", (gpointer) fifo_clear);
  ls_class_add_method (vm, cls, "__len__", (gpointer) fifo_dunder_len);
  ls_class_add_method (vm, cls, "__bool__", (gpointer) fifo_dunder_bool);
  ls_class_add_method (vm, cls, "__iter__", (gpointer) fifo_dunder_iter);
  ls_class_add_method (vm, cls, "__getitem__", (gpointer) fifo_dunder_getitem);
  ls_class_add_method (vm, cls, "__repr__", (gpointer) fifo_dunder_repr);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "deque"), ls_obj (cls));
  return module;
}

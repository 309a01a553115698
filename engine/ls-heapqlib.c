/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-heapqlib.c — the `_heapq` module: CPython 3.11's C accelerator for
 * heapq (Modules/_heapqmodule.c), with its algorithms, its comparison
 * order (only `<`, the same pairs in the same order, so user __lt__ methods
 * see exactly the calls CPython makes) and its messages.  lib/heapq.py and
 * the asyncio loop's timer heap import these; a timer push or pop is then
 * ~2·log2(n) tuple comparisons in C instead of as many Python-level steps.
 *
 * A comparison may run Python code (a user __lt__), which may mutate the
 * list or collect garbage: the items pointer is re-read after every
 * comparison, a size change is CPython's RuntimeError, and an item held
 * only in a C local across comparisons is pushed on the VM's roots.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-builtins.h"

#include "ls-exception.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-ops.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* a < b for the heap, or b < a for the max-heap variants */
static gboolean
less (LsVM     *vm,
      LsValue   a,
      LsValue   b,
      gboolean  max,
      gboolean *out)
{
  /* plain numbers compare without a call (the common PriorityQueue case) */
  if (a.tag == LS_TAG_INT && b.tag == LS_TAG_INT)
    {
      *out = max ? b.i < a.i : a.i < b.i;
      return TRUE;
    }
  if (a.tag == LS_TAG_FLOAT && b.tag == LS_TAG_FLOAT)
    {
      *out = max ? b.f < a.f : a.f < b.f;
      return TRUE;
    }
  return max ? ls_less_than (vm, b, a, out) : ls_less_than (vm, a, b, out);
}

static gboolean
changed_size (LsVM *vm)
{
  return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "list changed size during iteration");
}

/* Follow the path to the root, moving parents down until finding a place
 * newitem fits (CPython's siftdown, which swaps as it goes). */
static gboolean
siftdown (LsVM   *vm,
          LsList *heap,
          gsize   startpos,
          gsize   pos,
          gboolean max)
{
  gsize size = heap->len;

  if (pos >= size)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "list index out of range");
  while (pos > startpos)
    {
      gsize parentpos = (pos - 1) >> 1;
      LsValue newitem = heap->items[pos], parent = heap->items[parentpos];
      gboolean lt;

      if (!less (vm, newitem, parent, max, &lt))
        return FALSE;
      if (size != heap->len)
        return changed_size (vm);
      if (!lt)
        break;
      parent = heap->items[parentpos];
      newitem = heap->items[pos];
      heap->items[parentpos] = newitem;
      heap->items[pos] = parent;
      pos = parentpos;
    }
  return TRUE;
}

/* Bubble the smaller child up until hitting a leaf, then sift the item
 * that was at pos down into place (CPython's siftup). */
static gboolean
siftup (LsVM   *vm,
        LsList *heap,
        gsize   pos,
        gboolean max)
{
  gsize endpos = heap->len, startpos = pos, limit = endpos >> 1;

  if (pos >= endpos)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "list index out of range");
  while (pos < limit)
    {
      gsize childpos = 2 * pos + 1;
      LsValue tmp;

      if (childpos + 1 < endpos)
        {
          gboolean lt;

          if (!less (vm, heap->items[childpos], heap->items[childpos + 1], max, &lt))
            return FALSE;
          if (!lt)
            childpos++;
          if (endpos != heap->len)
            return changed_size (vm);
        }
      tmp = heap->items[childpos];
      heap->items[childpos] = heap->items[pos];
      heap->items[pos] = tmp;
      pos = childpos;
    }
  return siftdown (vm, heap, startpos, pos, max);
}

/* "heappush() argument 1 must be list, not int" (which = "argument 1"),
 * "heappop() argument must be list, not int" (which = "argument") */
static LsList *
heap_arg (LsVM       *vm,
          LsValue     v,
          const char *fname,
          const char *which)
{
  LsList *heap = ls_value_list (v);

  if (heap == NULL)
    ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() %s must be list, not %s", fname, which, ls_type_name (vm, v));
  return heap;
}

/* METH_O functions: "_heapq.heappop() takes exactly one argument (0 given)" */
static LsList *
one_heap_arg (LsVM          *vm,
              const LsValue *args,
              guint          n_args,
              LsTuple       *kwnames,
              const char    *fname)
{
  if (kwnames != NULL && kwnames->len > 0)
    {
      ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no keyword arguments", fname);
      return NULL;
    }
  if (n_args != 1)
    {
      ls_raise (vm, LS_EXC_TYPE_ERROR, "_heapq.%s() takes exactly one argument (%u given)", fname, n_args);
      return NULL;
    }
  return heap_arg (vm, args[0], fname, "argument");
}

static LsList *
two_args (LsVM          *vm,
          const LsValue *args,
          guint          n_args,
          LsTuple       *kwnames,
          const char    *fname)
{
  if (!ls_check_args (vm, fname, n_args, kwnames, 2, 2))
    return NULL;
  return heap_arg (vm, args[0], fname, "argument 1");
}

NATIVE (heapq_heappush)
{
  LsList *heap = two_args (vm, args, n_args, kwnames, "heappush");

  if (heap == NULL)
    return FALSE;
  ls_list_append (vm, heap, args[1]);
  *result = LS_NONE;
  return siftdown (vm, heap, 0, heap->len - 1, FALSE);
}

/* Pops the last item into the root and sifts it; *result is the old root,
 * rooted while comparisons may run Python. */
static gboolean
pop (LsVM   *vm,
     LsList *heap,
     gboolean max,
     LsValue *result)
{
  LsValue lastelt;
  gboolean ok;

  if (heap->len == 0)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "index out of range");
  lastelt = heap->items[--heap->len];
  heap->items[heap->len] = LS_NONE;
  if (heap->len == 0)
    {
      *result = lastelt;
      return TRUE;
    }
  *result = heap->items[0];
  heap->items[0] = lastelt;
  ls_vm_push_root (vm, *result);
  ok = siftup (vm, heap, 0, max);
  ls_vm_pop_roots (vm, 1);
  return ok;
}

NATIVE (heapq_heappop)
{
  LsList *heap = one_heap_arg (vm, args, n_args, kwnames, "heappop");

  return heap != NULL && pop (vm, heap, FALSE, result);
}

NATIVE (heapq_heappop_max)
{
  LsList *heap = one_heap_arg (vm, args, n_args, kwnames, "_heappop_max");

  return heap != NULL && pop (vm, heap, TRUE, result);
}

static gboolean
replace (LsVM   *vm,
         LsList *heap,
         LsValue item,
         gboolean max,
         LsValue *result)
{
  gboolean ok;

  if (heap->len == 0)
    return ls_raise (vm, LS_EXC_INDEX_ERROR, "index out of range");
  *result = heap->items[0];
  heap->items[0] = item;
  ls_vm_push_root (vm, *result);
  ok = siftup (vm, heap, 0, max);
  ls_vm_pop_roots (vm, 1);
  return ok;
}

NATIVE (heapq_heapreplace)
{
  LsList *heap = two_args (vm, args, n_args, kwnames, "heapreplace");

  return heap != NULL && replace (vm, heap, args[1], FALSE, result);
}

NATIVE (heapq_heapreplace_max)
{
  LsList *heap = two_args (vm, args, n_args, kwnames, "_heapreplace_max");

  return heap != NULL && replace (vm, heap, args[1], TRUE, result);
}

NATIVE (heapq_heappushpop)
{
  LsList *heap = two_args (vm, args, n_args, kwnames, "heappushpop");
  gboolean lt;

  if (heap == NULL)
    return FALSE;
  if (heap->len == 0)
    {
      *result = args[1];
      return TRUE;
    }
  if (!less (vm, heap->items[0], args[1], FALSE, &lt))
    return FALSE;
  if (!lt)
    {
      *result = args[1];
      return TRUE;
    }
  return replace (vm, heap, args[1], FALSE, result);
}

/* n with all but its top bit cleared */
static gsize
keep_top_bit (gsize n)
{
  guint i = 0;

  while (n > 1)
    {
      n >>= 1;
      i++;
    }
  return n << i;
}

/* CPython sifts big heaps (over 2500 items) in a cache-friendly order: the
 * same comparisons of the same pairs, so the same heap, but a user __lt__
 * sees them in this order, so it is kept. */
static gboolean
heapify (LsVM   *vm,
         LsList *heap,
         gboolean max)
{
  gsize n = heap->len;

  if (n > 2500)
    {
      gsize m = n >> 1, leftmost = keep_top_bit (m + 1) - 1, mhalf = m >> 1;

      for (gssize i = (gssize) leftmost - 1; i >= (gssize) mhalf; i--)
        for (gsize j = (gsize) i;; j >>= 1)
          {
            if (!siftup (vm, heap, j, max))
              return FALSE;
            if (!(j & 1))
              break;
          }
      for (gssize i = (gssize) m - 1; i >= (gssize) leftmost; i--)
        for (gsize j = (gsize) i;; j >>= 1)
          {
            if (!siftup (vm, heap, j, max))
              return FALSE;
            if (!(j & 1))
              break;
          }
      return TRUE;
    }
  for (gssize i = (gssize) (n >> 1) - 1; i >= 0; i--)
    if (!siftup (vm, heap, (gsize) i, max))
      return FALSE;
  return TRUE;
}

NATIVE (heapq_heapify)
{
  LsList *heap = one_heap_arg (vm, args, n_args, kwnames, "heapify");

  *result = LS_NONE;
  return heap != NULL && heapify (vm, heap, FALSE);
}

NATIVE (heapq_heapify_max)
{
  LsList *heap = one_heap_arg (vm, args, n_args, kwnames, "_heapify_max");

  *result = LS_NONE;
  return heap != NULL && heapify (vm, heap, TRUE);
}

static const struct
{
  const char *name;
  gpointer    func;
} functions[] = {
  { "heappush", (gpointer) heapq_heappush },
  { "heappop", (gpointer) heapq_heappop },
  { "heappushpop", (gpointer) heapq_heappushpop },
  { "heapify", (gpointer) heapq_heapify },
  { "heapreplace", (gpointer) heapq_heapreplace },
  { "_heappop_max", (gpointer) heapq_heappop_max },
  { "_heapreplace_max", (gpointer) heapq_heapreplace_max },
  { "_heapify_max", (gpointer) heapq_heapify_max },
};

LsModule *
ls_module_heapq_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "_heapq");

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    ls_module_add_function (vm, module, functions[i].name, functions[i].func);
  return module;
}

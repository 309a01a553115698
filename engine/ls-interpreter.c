/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-interpreter.c — the bytecode loop.
 *
 * One C loop runs a chain of heap frames: a call to a Python function
 * pushes a frame and continues; a `return` pops it and continues in the
 * caller; `await`/`yield from` on a Python coroutine descends into its
 * frame the same way.  A yield deep in an await chain therefore suspends
 * every frame of the chain by returning from this function, and resuming
 * the outermost one re-descends the chain (each YIELD_FROM sends the value
 * down again), exactly as CPython does.
 *
 * The semantics of each opcode are written in ls-opcodes.h.
 */
#define G_LOG_DOMAIN "loopscope-engine"

/* GCC merges the identical tails that end each instruction's body (the
 * dispatch, below) into one unless told not to, which would undo what
 * the threaded dispatch is for; global CSE hoists them together too.
 * With both off: 87 indirect jumps instead of 29, q20k −6.8 % of its
 * instructions. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize ("no-crossjumping", "no-gcse")
#endif
#include "config.h"

#include <string.h>
#include "ls-vm-private.h"
#include "ls-asyncio-future.h"
#include "ls-builtins.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-gc.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-opcodes.h"
#include "ls-range.h"
#include "ls-ops.h"
#include "ls-set.h"
#include "ls-slice.h"

/* --- helpers for single opcodes ------------------------------------------ */

static LsStr *
name_at (LsCode *code, guint32 index)
{
  return (LsStr *) code->names->items[index].o;
}

static LsStr *
cell_name (LsCode *code, guint32 index)
{
  if (index < code->cellvars->len)
    return (LsStr *) code->cellvars->items[index].o;
  return (LsStr *) code->freevars->items[index - code->cellvars->len].o;
}

static gboolean
load_global (LsVM *vm, LsFrame *frame, LsStr *name, LsValue *out)
{
  *out = ls_dict_get_str (frame->globals, name);
  if (ls_is_unbound (*out))
    *out = ls_dict_get_str (frame->builtins, name);
  if (ls_is_unbound (*out))
    {
      /* __builtins__, __loader__, __spec__: CPython's ways to the import system */
      if (name->no_access)
        return ls_raise (vm, LS_EXC_NAME_ERROR, "the simulator has no access to '%s'", name->data);
      return ls_raise (vm, LS_EXC_NAME_ERROR, "name '%s' is not defined", name->data);
    }
  return TRUE;
}

/* --- inline caches --------------------------------------------------------
 *
 * LOAD_GLOBAL, LOAD_ATTR, LOAD_METHOD and STORE_ATTR remember, per
 * instruction, where they found their answer (LsInlineCache, ls-code.h)
 * and check on the next run that it still holds before taking it; when
 * it does not, the full lookup runs and the cache is filled again.  The
 * checks are exact, not heuristics: a dict's keys version changes with
 * every key added or removed, and the class epoch with every change of
 * any class namespace and every collection. */

static inline LsInlineCache *
cache_at (LsCode *code, guint32 ip)
{
  if (G_UNLIKELY (code->caches == NULL))
    code->caches = g_aligned_alloc0 (code->n_instructions, sizeof (LsInlineCache), 64);
  return &code->caches[ip];
}

/* The entry's value, unless it is a placeholder that a dict lookup
 * would take for a missing key. */
static inline gboolean
entry_value (LsDict *dict, guint32 index, LsValue *out)
{
  *out = dict->entries[index].value;
  return !ls_is_unbound (*out);
}

/* The global shapes' checks: the globals dict (LS_CACHE_GLOBAL), and the
 * builtins dict where globals lacked the name (LS_CACHE_BUILTIN). */
static inline gboolean
global_hit (const LsInlineCache *cache, LsFrame *frame, LsValue *out)
{
  LsDict *globals = frame->globals;

  return cache->owner == globals && globals->keys_version == cache->version &&
         entry_value (globals, cache->index, out);
}

static inline gboolean
builtin_hit (const LsInlineCache *cache, LsFrame *frame, LsValue *out)
{
  LsDict *globals = frame->globals, *builtins = frame->builtins;

  return cache->owner == globals && globals->keys_version == cache->version &&
         cache->builtins == builtins && builtins->keys_version == cache->builtins_version &&
         entry_value (builtins, cache->index, out);
}

static inline gboolean
global_cache_hit (const LsInlineCache *cache, LsFrame *frame, LsValue *out)
{
  switch ((LsCacheShape) cache->shape)
    {
    case LS_CACHE_GLOBAL:
      return global_hit (cache, frame, out);
    case LS_CACHE_BUILTIN:
      return builtin_hit (cache, frame, out);
    default:
      return FALSE;
    }
}

static void
global_cache_fill (LsInlineCache *cache, LsFrame *frame, LsStr *name)
{
  gssize index = ls_dict_index_of_str (frame->globals, name);

  cache->shape = LS_CACHE_EMPTY;
  if (index < 0)
    {
      index = ls_dict_index_of_str (frame->builtins, name);
      if (index < 0)
        return;
      cache->shape = LS_CACHE_BUILTIN;
      cache->builtins = frame->builtins;
      cache->builtins_version = ls_dict_keys_version (frame->builtins);
    }
  else
    cache->shape = LS_CACHE_GLOBAL;
  cache->index = (guint32) index;
  cache->owner = frame->globals;
  cache->version = ls_dict_keys_version (frame->globals);
}

/* -> globals[name] or builtins[name] (LOAD_GLOBAL) */
static inline gboolean
load_global_cached (LsVM *vm, LsFrame *frame, guint32 ip, LsStr *name, LsValue *out)
{
  LsInlineCache *cache = cache_at (frame->code, ip);

  if (G_LIKELY (global_cache_hit (cache, frame, out)))
    return TRUE;
  if (!load_global (vm, frame, name, out))
    return FALSE;
  global_cache_fill (cache, frame, name);
  return TRUE;
}

static inline gboolean
is_method_attribute (LsValue attr)
{
  return ls_is_kind (attr, LS_KIND_FUNCTION) ||
         (ls_is_kind (attr, LS_KIND_NATIVE) && ((LsNative *) attr.o)->is_method);
}

/* Names ls_getattr answers before dicts or after them in ways the caches
 * do not follow (special_attribute, the sandbox's refusals). */
static gboolean
name_is_cacheable (LsVM *vm, LsStr *name)
{
  return !name->no_access && !ls_str_equal (name, vm->names[LS_NAME___class__]) &&
         !ls_str_equal (name, vm->names[LS_NAME___dict__]);
}

/* A class shape filled again: the instance remembered for the old one
 * may not be the new kind of receiver, and may be freed before the new
 * epoch is checked (instance_lacks_known). */
static inline void
forget_receiver (LsInlineCache *cache)
{
  cache->builtins = NULL;
}

/* Fills `cache` with where ls_getattr (vm, obj, name) finds its answer,
 * for the shapes the hit path knows; leaves it empty otherwise.  Runs no
 * Python code, so the epoch read here is the one the answer is for. */
static void
attr_cache_fill (LsVM *vm, LsInlineCache *cache, LsValue obj, LsStr *name)
{
  LsInstance *instance = ls_value_instance (obj);
  LsValue attr;
  gssize index;

  cache->shape = LS_CACHE_EMPTY;
  if (obj.tag != LS_TAG_OBJECT || !name_is_cacheable (vm, name))
    return;
  if (obj.o->kind == LS_KIND_MODULE)
    {
      LsDict *dict = ((LsModule *) obj.o)->dict;

      index = ls_dict_index_of_str (dict, name);
      if (index < 0)
        return;
      cache->shape = LS_CACHE_MODULE_ATTR;
      cache->index = (guint32) index;
      cache->owner = dict;
      cache->version = ls_dict_keys_version (dict);
      return;
    }
  /* exceptions keep args, __cause__... in C fields (special_attribute) */
  if (instance == NULL || instance->exception != NULL || obj.o->cls->is_exception || instance->dict == NULL)
    return;
  attr = ls_class_lookup (obj.o->cls, name);
  if (ls_is_kind (attr, LS_KIND_PROPERTY))
    {
      LsProperty *property = (LsProperty *) attr.o;

      /* a data descriptor wins over the instance dict */
      if (property->property_kind != LS_PROPERTY_PROPERTY || ls_is_none (property->fget))
        return;
      cache->shape = LS_CACHE_PROPERTY;
    }
  else if ((index = ls_dict_index_of_str (instance->dict, name)) >= 0)
    {
      cache->shape = LS_CACHE_INSTANCE_ATTR;
      cache->index = (guint32) index;
    }
  else if (ls_is_unbound (attr))
    return;   /* __getattr__, or an AttributeError */
  else
    cache->shape = is_method_attribute (attr) ? LS_CACHE_CLASS_METHOD : LS_CACHE_CLASS_ATTR;
  cache->kind = LS_KIND_INSTANCE;
  cache->owner = obj.o->cls;
  cache->version = ls_class_epoch ();
  cache->value = attr;
  forget_receiver (cache);
}

/* TRUE when `word` is CALL_METHOD_AWAIT or CALL_METHOD_NATIVE of
 * `n_args` arguments: the calls LOAD_FAST_METHOD_CLASS enters itself.
 * Whole words compared: two compares with constants. */
static inline gboolean
is_fused_call (guint32 word, guint32 n_args)
{
  return word == LS_INSTR (LS_OP_CALL_METHOD_AWAIT, n_args) || word == LS_INSTR (LS_OP_CALL_METHOD_NATIVE, n_args);
}

/* TRUE when `word` is LOAD_FAST or its one form, which stand for each
 * other (the form undoes itself) */
static inline gboolean
loads_a_local (guint32 word)
{
  return LS_INSTR_OP (word) == LS_OP_LOAD_FAST || (guint) LS_INSTR_OP (word) == LS_OP_LOAD_FAST_METHOD_CLASS;
}

/* TRUE when `cache` is a class shape that holds for `obj`. */
static inline gboolean
class_cache_holds (const LsInlineCache *cache, LsValue obj)
{
  return obj.tag == LS_TAG_OBJECT && obj.o->cls == cache->owner && obj.o->kind == cache->kind &&
         cache->version == ls_class_epoch ();
}

/* TRUE when obj's own dict is known not to shadow a class attribute,
 * without probing it.
 *
 * The class shapes leave the cache's `builtins` fields unused: there it
 * remembers the last instance found without the name in its dict (an
 * instance with a dict only), with the dict's keys version, so that the
 * same instance (self in a loop, a queue's `put`) is not probed again
 * while no key was added to its dict.  An instance's dict, once made, is
 * never replaced, so the instance stands for its dict.  The pointer is
 * trusted only while the cache's class epoch holds (class_cache_holds,
 * or class_method_holds' own test): a collection, which alone frees
 * objects, moves the epoch, and a cache filled again forgets the
 * instance (forget_receiver).  A keys version is never given twice and
 * never 0 once given, so the remembered one cannot match a changed dict. */
static inline gboolean
instance_lacks_known (const LsInlineCache *cache, LsValue obj)
{
  if (cache->builtins == obj.o)
    return ((LsInstance *) obj.o)->dict->keys_version == cache->builtins_version;
  return obj.o->kind != LS_KIND_INSTANCE || ((LsInstance *) obj.o)->dict == NULL;
}

/* class_cache_holds (cache, obj) && instance_lacks_known (cache, obj),
 * cheaper for the instance remembered: being that object, obj has the
 * kind it had then; its class may have been assigned since. */
static inline gboolean
class_method_holds (const LsInlineCache *cache, LsValue obj)
{
  if (G_LIKELY (obj.tag == LS_TAG_OBJECT && obj.o == cache->builtins))
    return obj.o->cls == cache->owner && cache->version == ls_class_epoch () &&
           ((LsInstance *) obj.o)->dict->keys_version == cache->builtins_version;
  return class_cache_holds (cache, obj) && instance_lacks_known (cache, obj);
}

/* TRUE when obj's own dict does not shadow the class attribute `name`,
 * probing the dict when instance_lacks_known() cannot tell. */
static inline gboolean
instance_lacks (LsInlineCache *cache, LsValue obj, LsStr *name)
{
  LsDict *dict;

  if (instance_lacks_known (cache, obj))
    return TRUE;
  dict = ((LsInstance *) obj.o)->dict;
  if (!ls_is_unbound (ls_dict_get_str (dict, name)))
    return FALSE;
  cache->builtins = obj.o;
  cache->builtins_version = ls_dict_keys_version (dict);
  return TRUE;
}

typedef enum { CACHE_MISS, CACHE_HIT, CACHE_RAISED } CacheResult;

/* The shapes whose answer is a value stored somewhere, found without an
 * allocation or a call (attr_cache_peek, attr_cache_load). */
static inline gboolean
module_attr_hit (const LsInlineCache *cache, LsValue obj, LsValue *out)
{
  LsDict *dict;

  if (!ls_is_kind (obj, LS_KIND_MODULE))
    return FALSE;
  dict = ((LsModule *) obj.o)->dict;
  /* a module value may be one the sandbox hides (ls_getattr_opt) */
  return dict == cache->owner && dict->keys_version == cache->version &&
         entry_value (dict, cache->index, out) && !ls_is_kind (*out, LS_KIND_MODULE);
}

static inline gboolean
instance_attr_hit (const LsInlineCache *cache, LsValue obj, LsStr *name, LsValue *out)
{
  LsDict *dict;
  LsDictEntry *entry;

  if (!class_cache_holds (cache, obj))
    return FALSE;
  /* another instance of the class: the same entry number when its
   * attributes were set in the same order, as they mostly are */
  dict = ((LsInstance *) obj.o)->dict;
  if (dict == NULL || cache->index >= dict->n_entries)
    return FALSE;
  entry = &dict->entries[cache->index];
  if (entry->key.tag != LS_TAG_OBJECT || entry->key.o != &name->header || ls_is_unbound (entry->value))
    return FALSE;
  *out = entry->value;
  return TRUE;
}

static inline gboolean
class_attr_hit (LsInlineCache *cache, LsValue obj, LsStr *name, LsValue *out)
{
  if (!class_cache_holds (cache, obj) || !instance_lacks (cache, obj, name))
    return FALSE;
  *out = cache->value;
  return TRUE;
}

/* obj -> obj.name from the cache (the attribute shapes). */
static inline CacheResult
attr_cache_load (LsVM *vm, LsInlineCache *cache, LsValue obj, LsStr *name, LsValue *out)
{
  switch ((LsCacheShape) cache->shape)
    {
    case LS_CACHE_MODULE_ATTR:
      return module_attr_hit (cache, obj, out) ? CACHE_HIT : CACHE_MISS;
    case LS_CACHE_INSTANCE_ATTR:
      return instance_attr_hit (cache, obj, name, out) ? CACHE_HIT : CACHE_MISS;
    case LS_CACHE_CLASS_ATTR:
      return class_attr_hit (cache, obj, name, out) ? CACHE_HIT : CACHE_MISS;
    case LS_CACHE_CLASS_METHOD:
      if (!class_cache_holds (cache, obj) || !instance_lacks (cache, obj, name))
        return CACHE_MISS;
      *out = ls_obj (ls_bound_method_new (vm, obj, cache->value));
      return CACHE_HIT;
    case LS_CACHE_PROPERTY:
      if (!class_cache_holds (cache, obj))
        return CACHE_MISS;
      return ls_call (vm, ((LsProperty *) cache->value.o)->fget, &obj, 1, NULL, out) ? CACHE_HIT : CACHE_RAISED;
    case LS_CACHE_EMPTY:
    case LS_CACHE_GLOBAL:
    case LS_CACHE_BUILTIN:
    default:
      return CACHE_MISS;
    }
}

/* obj -> obj.name (LOAD_ATTR) */
static inline gboolean
load_attr_cached (LsVM *vm, LsCode *code, guint32 ip, LsValue obj, LsStr *name, LsValue *out)
{
  LsInlineCache *cache = cache_at (code, ip);

  switch (attr_cache_load (vm, cache, obj, name, out))
    {
    case CACHE_HIT:
      return TRUE;
    case CACHE_RAISED:
      return FALSE;
    case CACHE_MISS:
    default:
      break;
    }
  if (!ls_getattr (vm, obj, name, out))
    return FALSE;
  attr_cache_fill (vm, cache, obj, name);
  return TRUE;
}

/* Fills `cache` for STORE_ATTR when ls_setattr (vm, obj, name, v) would
 * store into the instance dict: no property for the name on the class, no
 * __setattr__, no exception fields (setattr_special). */
static void
store_attr_cache_fill (LsVM *vm, LsInlineCache *cache, LsValue obj, LsStr *name)
{
  LsInstance *instance = ls_value_instance (obj);
  LsClass *cls;
  LsValue attr;
  gssize index;

  cache->shape = LS_CACHE_EMPTY;
  if (instance == NULL || instance->exception != NULL || instance->dict == NULL || !name_is_cacheable (vm, name))
    return;
  cls = obj.o->cls;
  if (cls->is_builtin || cls->is_exception)
    return;
  attr = ls_class_lookup (cls, name);
  if (ls_is_kind (attr, LS_KIND_PROPERTY) && ((LsProperty *) attr.o)->property_kind == LS_PROPERTY_PROPERTY)
    return;
  if (ls_class_overrides (vm, cls, vm->names[LS_NAME___setattr__]))
    return;
  index = ls_dict_index_of_str (instance->dict, name);
  cache->shape = LS_CACHE_INSTANCE_STORE;
  cache->index = index >= 0 ? (guint32) index : G_MAXUINT32;
  cache->kind = LS_KIND_INSTANCE;
  cache->owner = cls;
  cache->version = ls_class_epoch ();
}

/* v obj -> ; obj.name = v (STORE_ATTR) */
static inline gboolean
store_attr_cached (LsVM *vm, LsCode *code, guint32 ip, LsValue obj, LsStr *name, LsValue value)
{
  LsInlineCache *cache = cache_at (code, ip);

  if (cache->shape == LS_CACHE_INSTANCE_STORE && class_cache_holds (cache, obj) &&
      ((LsInstance *) obj.o)->exception == NULL && ((LsInstance *) obj.o)->dict != NULL)
    {
      LsDict *dict = ((LsInstance *) obj.o)->dict;

      /* an existing attribute, at the entry it had in the last instance */
      if (cache->index < dict->n_entries && dict->entries[cache->index].key.tag == LS_TAG_OBJECT &&
          dict->entries[cache->index].key.o == &name->header)
        {
          dict->entries[cache->index].value = value;
          if (G_UNLIKELY (dict->len > obj.o->cls->dict_hint))
            obj.o->cls->dict_hint = (guint32) MIN (dict->len, 64);
          return TRUE;
        }
      ls_instance_dict_store (vm, obj, dict, name, value);
      return TRUE;
    }
  if (!ls_setattr (vm, obj, name, value))
    return FALSE;
  store_attr_cache_fill (vm, cache, obj, name);
  return TRUE;
}

/* obj -> obj.name from the cache for the shapes that neither allocate
 * nor call: the interpreter tries this before it saves its registers
 * into the frame, which only a call out needs. */
static inline gboolean
attr_cache_peek (LsInlineCache *cache, LsValue obj, LsStr *name, LsValue *out)
{
  switch ((LsCacheShape) cache->shape)
    {
    case LS_CACHE_MODULE_ATTR:
      return module_attr_hit (cache, obj, out);
    case LS_CACHE_INSTANCE_ATTR:
      return instance_attr_hit (cache, obj, name, out);
    case LS_CACHE_CLASS_ATTR:
      return class_attr_hit (cache, obj, name, out);
    default:
      return FALSE;
    }
}

static gboolean load_method (LsVM *vm, LsValue obj, LsStr *name, LsValue *a, LsValue *b);

/* LOAD_METHOD's answer from the cache when it needs no call: an unbound
 * method from the class, or a plain attribute (a = UNBOUND). */
static inline gboolean
load_method_peek (LsInlineCache *cache, LsValue obj, LsStr *name, LsValue *a, LsValue *b)
{
  if (cache->shape == LS_CACHE_CLASS_METHOD)
    {
      if (!class_cache_holds (cache, obj) || !instance_lacks (cache, obj, name))
        return FALSE;
      *a = cache->value;
      *b = obj;
      return TRUE;
    }
  if (!attr_cache_peek (cache, obj, name, b))
    return FALSE;
  *a = LS_UNBOUND;
  return TRUE;
}

/* obj -> A B (LOAD_METHOD): a function on the class stays unbound. */
static inline gboolean
load_method_cached (LsVM *vm, LsCode *code, guint32 ip, LsValue obj, LsStr *name, LsValue *a, LsValue *b)
{
  LsInlineCache *cache = cache_at (code, ip);

  if (load_method_peek (cache, obj, name, a, b))
    return TRUE;
  if (cache->shape != LS_CACHE_CLASS_METHOD)
    switch (attr_cache_load (vm, cache, obj, name, b))
      {
      case CACHE_HIT:
        *a = LS_UNBOUND;
        return TRUE;
      case CACHE_RAISED:
        return FALSE;
      case CACHE_MISS:
      default:
        break;
      }
  if (!load_method (vm, obj, name, a, b))
    return FALSE;
  if (!ls_is_unbound (*a))
    {
      /* what load_method's fast path found, for any kind of receiver it takes */
      cache->shape = LS_CACHE_CLASS_METHOD;
      cache->kind = obj.o->kind;
      cache->owner = obj.o->cls;
      cache->version = ls_class_epoch ();
      cache->value = *a;
      forget_receiver (cache);
    }
  else
    attr_cache_fill (vm, cache, obj, name);
  return TRUE;
}

/* The specialised forms (ls-opcodes.h) that fit an instruction's cache
 * as it is now; the generic opcode when none does. */
static inline guint
load_global_form (const LsInlineCache *cache)
{
  switch ((LsCacheShape) cache->shape)
    {
    case LS_CACHE_GLOBAL:
      return LS_OP_LOAD_GLOBAL_MODULE;
    case LS_CACHE_BUILTIN:
      return LS_OP_LOAD_GLOBAL_BUILTIN;
    default:
      return LS_OP_LOAD_GLOBAL;
    }
}

static inline guint
load_attr_form (const LsInlineCache *cache)
{
  switch ((LsCacheShape) cache->shape)
    {
    case LS_CACHE_MODULE_ATTR:
      return LS_OP_LOAD_ATTR_MODULE;
    case LS_CACHE_INSTANCE_ATTR:
      return LS_OP_LOAD_ATTR_INSTANCE;
    default:
      return LS_OP_LOAD_ATTR;
    }
}

static inline guint
load_method_form (const LsInlineCache *cache)
{
  switch ((LsCacheShape) cache->shape)
    {
    case LS_CACHE_CLASS_METHOD:
      return LS_OP_LOAD_METHOD_CLASS;
    case LS_CACHE_MODULE_ATTR:
      return LS_OP_LOAD_METHOD_MODULE;
    default:
      return LS_OP_LOAD_METHOD;
    }
}

static gboolean
load_name (LsVM *vm, LsFrame *frame, LsStr *name, LsValue *out)
{
  if (frame->locals_dict != NULL)
    {
      *out = ls_dict_get_str (frame->locals_dict, name);
      if (!ls_is_unbound (*out))
        return TRUE;
    }
  return load_global (vm, frame, name, out);
}

static gboolean
unpack_sequence (LsVM *vm, LsValue seq, guint32 count, LsValue *stack_top)
{
  const LsValue *items;
  gsize len;
  LsValue list;

  if (ls_value_tuple (seq) != NULL)
    items = ((LsTuple *) seq.o)->items, len = ((LsTuple *) seq.o)->len;
  else if (ls_value_list (seq) != NULL)
    items = ((LsList *) seq.o)->items, len = ((LsList *) seq.o)->len;
  else
    {
      if (!ls_iterate_to_list (vm, seq, &list))
        {
          if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_TYPE_ERROR]) &&
              ls_is_unbound (ls_class_lookup (ls_type_of (vm, seq), vm->names[LS_NAME___iter__])))
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "cannot unpack non-iterable %s object", ls_type_name (vm, seq));
          return FALSE;
        }
      items = ((LsList *) list.o)->items, len = ((LsList *) list.o)->len;
    }
  if (len > count)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "too many values to unpack (expected %u)", count);
  if (len < count)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "not enough values to unpack (expected %u, got %" G_GSIZE_FORMAT ")", count, len);
  for (guint32 i = 0; i < count; i++)
    stack_top[i] = items[count - 1 - i];
  return TRUE;
}

/* Pushes after items, the middle list, then before items (first on top). */
static gboolean
unpack_ex (LsVM *vm, LsValue seq, guint32 before, guint32 after, LsValue *stack_top)
{
  LsValue list;
  LsList *l;
  gsize middle;
  guint32 k = 0;

  if (!ls_iterate_to_list (vm, seq, &list))
    return FALSE;
  l = (LsList *) list.o;
  if (l->len < before + after)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "not enough values to unpack (expected at least %u, got %" G_GSIZE_FORMAT ")",
                     before + after, l->len);
  middle = l->len - before - after;
  for (guint32 i = 0; i < after; i++)
    stack_top[k++] = l->items[l->len - 1 - i];
  stack_top[k++] = ls_obj (ls_list_new_from (vm, l->items + before, middle));
  for (guint32 i = 0; i < before; i++)
    stack_top[k++] = l->items[before - 1 - i];
  return TRUE;
}

static gboolean
exception_matches (LsVM *vm, LsValue exc, LsValue type, gboolean *out)
{
  LsTuple *tuple = ls_value_tuple (type);
  LsClass *cls = ls_value_class (type);

  /* one level of tuple only, as CPython's check_except_type_valid */
  if (tuple != NULL)
    {
      *out = FALSE;
      for (gsize i = 0; i < tuple->len; i++)
        {
          LsClass *item = ls_value_class (tuple->items[i]);

          if (item == NULL || !item->is_exception)
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "catching classes that do not inherit from BaseException is not allowed");
        }
      for (gsize i = 0; i < tuple->len && !*out; i++)
        *out = ls_isinstance (vm, exc, (LsClass *) tuple->items[i].o);
      return TRUE;
    }
  if (cls == NULL || !cls->is_exception)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "catching classes that do not inherit from BaseException is not allowed");
  *out = ls_isinstance (vm, exc, cls);
  return TRUE;
}

static gboolean
format_value (LsVM *vm, guint32 flags, LsValue value, LsValue spec, LsValue *out)
{
  LsStr *s;

  switch (flags & 3)
    {
    case 1:
      if (!ls_str (vm, value, &s)) return FALSE;
      value = ls_obj (s);
      break;
    case 2:
      if (!ls_repr (vm, value, &s)) return FALSE;
      value = ls_obj (s);
      break;
    case 3:
      if (!ls_ascii (vm, value, &s)) return FALSE;
      value = ls_obj (s);
      break;
    default:
      break;
    }
  if (!(flags & 4) && ls_value_str (value) != NULL)
    {
      *out = value;
      return TRUE;
    }
  if (!ls_format (vm, value, (flags & 4) ? (LsStr *) spec.o : vm->empty_str, &s))
    return FALSE;
  *out = ls_obj (s);
  return TRUE;
}

static gboolean
build_string (LsVM *vm, const LsValue *parts, guint32 n, LsValue *out)
{
  GString *text = g_string_new (NULL);

  for (guint32 i = 0; i < n; i++)
    g_string_append_len (text, ((LsStr *) parts[i].o)->data, (gssize) ((LsStr *) parts[i].o)->len);
  *out = ls_obj (ls_str_take_gstring (vm, text));
  return TRUE;
}

/* Returns the new stack depth (taking sp's address would keep it out of
 * a register in the whole loop). */
static guint32
make_function (LsVM *vm, LsFrame *frame, guint32 flags, LsValue *stack, guint32 sp)
{
  LsCode *code = (LsCode *) stack[--sp].o;
  LsFunction *function = ls_function_new (vm, code, frame->globals);

  if (flags & 4)
    function->closure = (LsTuple *) stack[--sp].o;
  if (flags & 2)
    function->kwdefaults = (LsDict *) stack[--sp].o;
  if (flags & 1)
    function->defaults = (LsTuple *) stack[--sp].o;
  stack[sp++] = ls_obj (function);
  return sp;
}

/* obj -> A B (see LOAD_METHOD in ls-opcodes.h) */
static gboolean
load_method (LsVM *vm, LsValue obj, LsStr *name, LsValue *a, LsValue *b)
{
  LsInstance *instance = ls_value_instance (obj);
  LsValue attr;

  if (obj.tag == LS_TAG_OBJECT && obj.o->kind != LS_KIND_CLASS && obj.o->kind != LS_KIND_MODULE &&
      obj.o->kind != LS_KIND_SUPER &&
      (instance == NULL || instance->dict == NULL || ls_is_unbound (ls_dict_get_str (instance->dict, name))))
    {
      attr = ls_class_lookup (obj.o->cls, name);
      if (ls_is_kind (attr, LS_KIND_FUNCTION) ||
          (ls_is_kind (attr, LS_KIND_NATIVE) && ((LsNative *) attr.o)->is_method))
        {
          *a = attr;
          *b = obj;
          return TRUE;
        }
    }
  if (!ls_getattr (vm, obj, name, b))
    return FALSE;
  *a = LS_UNBOUND;
  return TRUE;
}

static gboolean
import_from (LsVM *vm, LsValue module, LsStr *name, LsValue *out)
{
  gboolean found;

  if (!ls_getattr_opt (vm, module, name, out, &found))
    return FALSE;
  if (!found)
    {
      LsStr *module_name = NULL;
      ls_str (vm, module, &module_name);
      return ls_raise (vm, LS_EXC_IMPORT_ERROR, "cannot import name '%s' from '%s' (unknown location)",
                       name->data, ls_value_module (module) != NULL ? ((LsModule *) module.o)->name->data : "?");
    }
  return TRUE;
}

/* --- calls -------------------------------------------------------------- */

/* Converts f(*args, **kwargs) to the flat convention. */
static gboolean
call_ex (LsVM *vm, LsValue callable, LsValue args, LsValue kwargs, LsValue *out)
{
  LsTuple *positional = ls_value_tuple (args);
  LsDict *dict = ls_value_dict (kwargs);
  /* a few arguments on the C stack (`gather(*children)`): malloc's ~200
   * instructions were a third of such a call's own work */
  LsValue few[8];
  g_autofree LsValue *many = NULL;
  LsValue *flat;
  LsTuple *kwnames = NULL;
  gsize n_pos, n_kw = dict != NULL ? dict->len : 0, k = 0, position = 0;
  LsValue key, value;

  if (positional == NULL)
    {
      LsValue list;
      if (!ls_iterate_to_list (vm, args, &list))
        return FALSE;
      positional = ls_tuple_new_from (vm, ((LsList *) list.o)->items, ((LsList *) list.o)->len);
    }
  n_pos = positional->len;
  flat = n_pos + n_kw + 1 <= G_N_ELEMENTS (few) ? few : (many = g_new (LsValue, n_pos + n_kw + 1));
  memcpy (flat, positional->items, n_pos * sizeof (LsValue));
  if (n_kw > 0)
    {
      kwnames = ls_tuple_new (vm, n_kw);
      while (ls_dict_next (dict, &position, &key, &value))
        {
          if (ls_value_str (key) == NULL)
            return ls_raise (vm, LS_EXC_TYPE_ERROR, "keywords must be strings");
          kwnames->items[k] = key;
          flat[n_pos + k++] = value;
        }
    }
  return ls_call (vm, callable, flat, (guint) n_pos, kwnames, out);
}

/* --- the traceback ------------------------------------------------------- */

static void
add_traceback_entry (LsVM *vm, LsValue exception, LsFrame *frame)
{
  ls_exception_add_traceback_entry (exception, frame->code, frame->line);
}

/* The exception an enclosing except clause is handling, for __context__. */
static LsValue
handled_exception (LsFrame *frame)
{
  for (; frame != NULL; frame = frame->back)
    if (!ls_is_none (frame->handled) && !ls_is_unbound (frame->handled))
      return frame->handled;
  return LS_NONE;
}

static void
set_context (LsVM *vm, LsFrame *frame)
{
  LsValue handled = handled_exception (frame);
  LsInstance *raised = ls_value_instance (vm->raised);

  if (ls_is_none (handled) || raised == NULL || raised->exception == NULL)
    return;
  if (handled.o == vm->raised.o)
    return;
  /* avoid creating a cycle, as CPython's _PyErr_SetObject */
  for (LsValue c = handled; ls_is_exception (c); c = ((LsInstance *) c.o)->exception->context)
    if (c.o == vm->raised.o)
      {
        LsInstance *prev = NULL;
        (void) prev;
        return;
      }
  raised->exception->context = handled;
}

static void
convert_stop_iteration (LsVM *vm, LsFrame *frame)
{
  LsGenerator *generator = (LsGenerator *) frame->generator;
  gboolean lazy = (frame->flags & LS_FRAME_LAZY_COROUTINE) != 0;
  LsValue original = vm->raised;

  if ((generator == NULL && !lazy) || !ls_isinstance (vm, original, vm->exceptions[LS_EXC_STOP_ITERATION]))
    return;
  ls_raise (vm, LS_EXC_RUNTIME_ERROR, "%s raised StopIteration", lazy || generator->is_coroutine ? "coroutine" : "generator");
  ((LsInstance *) vm->raised.o)->exception->cause = original;
  ((LsInstance *) vm->raised.o)->exception->context = original;
  ((LsInstance *) vm->raised.o)->exception->suppress_context = TRUE;
}

/* ls_vm_yield_from_send, with a coroutine whose body is C (the awaited
 * asyncio.sleep) sent to without the way through the other kinds. */
static inline gboolean
send_to_sub (LsVM *vm, LsValue sub, LsValue value, LsValue *out, gboolean *yielded)
{
  LsGenerator *gen = ls_value_generator (sub);

  if (gen != NULL && gen->body != NULL)
    {
      /* the two sends ls_generator_send passes straight to the body */
      gboolean straight = gen->state == LS_GEN_SUSPENDED || (gen->state == LS_GEN_CREATED && ls_is_none (value));
      LsResumeResult status = G_LIKELY (straight) ? ls_generator_send_body (vm, gen, value, out)
                                                  : ls_generator_send (vm, gen, value, out);

      *yielded = status == LS_RESUME_YIELDED;
      return status != LS_RESUME_RAISED;
    }
  return ls_vm_yield_from_send (vm, sub, value, out, yielded);
}

/* --- the loop ------------------------------------------------------------ */

#define LOAD_FRAME()                                    \
  G_STMT_START {                                        \
    instructions = frame->code->instructions;           \
    stack = frame->stack;                               \
    pc = instructions + frame->ip;                      \
    top = stack + frame->sp;                            \
  } G_STMT_END

/* Saves the registers before anything that may call out.  The loop keeps
 * every value in frames, so for the collector's pins (ls-object.h) nothing
 * older than now is held by C code here. */
#define SAVE_FRAME()                                    \
  G_STMT_START {                                        \
    frame->ip = (guint32) (pc - instructions);          \
    frame->sp = (guint32) (top - stack);                \
    vm->native_entry = vm->objects;                     \
  } G_STMT_END

/* Into a suspended (or new) generator's frame on this same C loop, its
 * resumption value `sent` pushed where its YIELD_VALUE left a hole: the
 * caller has saved its own frame with ip on the instruction that waits
 * for the generator (FOR_ITER, YIELD_FROM), which runs again when the
 * generator yields or returns into it. */
#define ENTER_GENERATOR_FRAME(gen, sent)                \
  G_STMT_START {                                        \
    if ((gen)->state == LS_GEN_SUSPENDED)               \
      (gen)->frame->stack[(gen)->frame->sp++] = (sent); \
    (gen)->state = LS_GEN_RUNNING;                      \
    (gen)->frame->back = frame;                         \
    vm->depth++;                                        \
    frame = (gen)->frame;                               \
    vm->frame = frame;                                  \
    LOAD_FRAME ();                                      \
  } G_STMT_END

/* YIELD_FROM's send of `sent` into `sub`, the sub-iterator on top of the
 * stack, with ip past the YIELD_FROM: when it yields, the frame suspends
 * on the YIELD_FROM with that value; when it returns, its value replaces
 * it on the stack. */
#define SEND_TO_SUB(sub, sent)                                          \
  G_STMT_START {                                                        \
    gboolean sub_yielded_;                                              \
                                                                        \
    SAVE_FRAME ();                                                      \
    if (!send_to_sub (vm, (sub), (sent), &a, &sub_yielded_))            \
      {                                                                 \
        top--;                                                          \
        goto error;                                                     \
      }                                                                 \
    if (sub_yielded_)                                                   \
      {                                                                 \
        yielded = a;                                                    \
        pc--;                                                           \
        SAVE_FRAME ();                                                  \
        goto suspend;                                                   \
      }                                                                 \
    SET_TOP (a);                                                         \
  } G_STMT_END

/* Dispatch.  Where the compiler takes the address of a label (GCC, Clang),
 * each instruction's body ends in a jump of its own to the next one's:
 * an indirect branch per opcode that the branch predictor learns
 * separately (which instruction tends to follow which), and no jump back
 * to a shared `switch`.  Elsewhere the `switch` alone dispatches, as Lua's
 * VM does without its jump table. */
#if defined(__GNUC__)
#define LS_THREADED_DISPATCH 1
#define TARGET(name) case LS_OP_##name: op_##name
#define DISPATCH()                                      \
  G_STMT_START {                                        \
    word = *pc++;                                       \
    arg = LS_INSTR_ARG (word);                          \
    goto *op_targets[LS_INSTR_OP (word)];               \
  } G_STMT_END
#else
#define LS_THREADED_DISPATCH 0
#define TARGET(name) case LS_OP_##name: op_##name
#define DISPATCH() break
#endif

/* Writes over the instruction being run (the generic one) the specialised
 * form its cache fits now, or its own opcode: a form that found its
 * guards failing ran the generic instruction, which filled the cache. */
#define SPECIALISE(form_of)                                              \
  (instructions[IP () - 1] = LS_INSTR (form_of (cache_at (frame->code, IP () - 1)), arg))

/* After LOAD_METHOD wrote LOAD_METHOD_CLASS: a LOAD_FAST just before it
 * becomes LOAD_FAST_METHOD_CLASS, which runs both (`q.put`, `self.f`).
 * Whatever jumps to the LOAD_METHOD still finds it; the pair's first
 * half reads the second's opcode each time, so it is undone when the
 * LOAD_METHOD is written over again. */
#define FUSE_LOAD_FAST_BEFORE()                                          \
  G_STMT_START {                                                         \
    if ((guint) LS_INSTR_OP (instructions[IP () - 1]) == LS_OP_LOAD_METHOD_CLASS && \
        IP () >= 2 && LS_INSTR_OP (instructions[IP () - 2]) == LS_OP_LOAD_FAST) \
      instructions[IP () - 2] = LS_INSTR (LS_OP_LOAD_FAST_METHOD_CLASS, \
                                          LS_INSTR_ARG (instructions[IP () - 2])); \
  } G_STMT_END

/* A specialised form of CALL_METHOD's operands (see LOAD_METHOD): the
 * callable, its positional arguments (self first where LOAD_METHOD split
 * a method off), and where the result goes, where the callable was. */
#define METHOD_CALL_OPERANDS()                                           \
  G_STMT_START {                                                         \
    args = top - arg;                                                    \
    n_args = arg;                                                        \
    base = args - 2;                                                     \
    kwnames = NULL;                                                      \
    if (ls_is_unbound (args[-2]))                                        \
      callable = args[-1];                                               \
    else                                                                 \
      {                                                                  \
        callable = args[-2];                                             \
        args--;                                                          \
        n_args++;                                                        \
      }                                                                  \
  } G_STMT_END

/* From a specialised form of CALL_METHOD whose guards failed back to the
 * generic instruction, which reads its opcode and writes the form that
 * fits now. */
#define GENERIC_CALL_METHOD()                                            \
  G_STMT_START {                                                         \
    word = LS_INSTR (LS_OP_CALL_METHOD, arg);                            \
    instructions[IP () - 1] = word;                                      \
    goto op_CALL_METHOD;                                                 \
  } G_STMT_END

/* A specialised form's cache: the generic instruction made it before it
 * wrote the form. */
#define SPECIALISED_CACHE() (CACHE_AT_PC () - 1)
/* The cache of the instruction at pc: its byte offset in the code times
 * the ratio of the two sizes, a shift (not the index, then a multiply). */
G_STATIC_ASSERT (sizeof (LsInlineCache) % sizeof (guint32) == 0);
#define CACHE_AT_PC()                                                    \
  ((LsInlineCache *) ((guint8 *) frame->code->caches +                   \
                      ((guint8 *) pc - (guint8 *) instructions) *        \
                      (gssize) (sizeof (LsInlineCache) / sizeof (guint32))))

/* A value copied from memory to memory in one 16-byte load and store,
 * not taken apart into its fields and built again (ls_value_store): for
 * a source written long before (a local, an inline cache's value) or by
 * one 16-byte store (a stack slot), which the load can take whole. */
static inline void
copy_value (LsValue *dst, const LsValue *src)
{
#if defined(__SSE2__)
  _mm_storeu_si128 ((__m128i *) dst, _mm_loadu_si128 ((const __m128i *) src));
#else
  *dst = *src;
#endif
}

/* Values on the stack are written with one 16-byte store (ls_value_store). */
#define PUSH(v)   ls_value_store (top++, (v))
/* A result that the next instruction, a STORE_FAST (or its pair form),
 * would pop into a local, stored there at once: that instruction is
 * skipped, one dispatch fewer (`for i in range(...)`, `n += 1`, `x =
 * await q.get()`).  Else nothing happens and the caller pushes it. */
#define STORE_INTO_NEXT_STORE_FAST(v)                                              \
  G_STMT_START {                                                                   \
    word = *pc;                                                                    \
    if (LS_INSTR_OP (word) == LS_OP_STORE_FAST ||                                  \
        (guint) LS_INSTR_OP (word) == LS_OP_STORE_FAST_LOAD_FAST)                  \
      {                                                                            \
        ls_value_store (&frame->locals[LS_INSTR_ARG (word)], (v));                 \
        pc++;                                                                      \
        DISPATCH ();                                                               \
      }                                                                            \
  } G_STMT_END
#define SET_TOP(v) ls_value_store (&top[-1], (v))
#define POP()     (*--top)
#define TOP()     (top[-1])
#define PEEK(n)   (top[-(gssize) (n)])

/* the index of the next instruction, as frames keep it */
#define IP()      ((guint32) (pc - instructions))
#define JUMP_TO(target) (pc = instructions + (target))

/* A float against a float or an int a double holds exactly (|i| <= 2**53):
 * then comparing the doubles gives ls_compare's exact answer. */
static inline gboolean
exact_double (LsValue v, double *out)
{
  if (v.tag == LS_TAG_FLOAT)
    *out = v.f;
  else if (v.tag == LS_TAG_INT && v.i >= -(G_GINT64_CONSTANT (1) << 53) && v.i <= (G_GINT64_CONSTANT (1) << 53))
    *out = (double) v.i;
  else
    return FALSE;
  return TRUE;
}

/* x <op> y for two C numbers of one type; C's answers with a NaN are
 * Python's (only != holds) */
#define COMPARE_WITH(op, x, y)                                          \
  ((op) == LS_CMP_EQ ? (x) == (y) : (op) == LS_CMP_NOT_EQ ? (x) != (y) : \
   (op) == LS_CMP_LT ? (x) < (y) : (op) == LS_CMP_LT_E ? (x) <= (y) :   \
   (op) == LS_CMP_GT ? (x) > (y) : (op) == LS_CMP_GT_E ? (x) >= (y) : FALSE)

/* ls_compare's answer for two ints, or floats and ints a double holds,
 * without the call: FALSE leaves it to ls_compare. */
static inline gboolean
compare_numbers_fast (LsCompareOp op, LsValue a, LsValue b, gboolean *out)
{
  double x, y;

  if (a.tag == LS_TAG_INT && b.tag == LS_TAG_INT)
    {
      *out = COMPARE_WITH (op, a.i, b.i);
      return TRUE;
    }
  if ((a.tag == LS_TAG_FLOAT || b.tag == LS_TAG_FLOAT) && exact_double (a, &x) && exact_double (b, &y))
    {
      *out = COMPARE_WITH (op, x, y);
      return TRUE;
    }
  return FALSE;
}

static gboolean
sub_is_generator_frame (LsValue sub)
{
  return ls_is_kind (sub, LS_KIND_GENERATOR) && ((LsGenerator *) sub.o)->frame != NULL;
}

/* Sends into a sub-iterator for YIELD_FROM (the interpreter enters a
 * generator's frame itself).  Either *yielded is set (the frame must
 * suspend with it) or *result is the return value. */
gboolean
ls_vm_yield_from_send (LsVM *vm, LsValue sub, LsValue value, LsValue *out, gboolean *yielded)
{
  LsGenerator *gen = ls_value_generator (sub);
  gboolean found, exhausted;

  *yielded = FALSE;
  /* a coroutine with a C body (asyncio.sleep's), or a generator a C
   * body delegates to (a closed one is left to ls_iter_next, as before) */
  if (gen != NULL && (gen->body != NULL || gen->frame != NULL))
    switch (ls_generator_send (vm, gen, value, out))
      {
      case LS_RESUME_YIELDED:
        *yielded = TRUE;
        return TRUE;
      case LS_RESUME_RETURNED:
        return TRUE;
      case LS_RESUME_RAISED:
      default:
        return FALSE;
      }
  /* `await future`: the C iterator (ls-asyncio-future.c) */
  if (ls_future_iter_check (sub))
    return ls_future_iter_send (vm, sub, value, out, yielded);
  if (ls_future_awaited_check (sub))
    return ls_future_awaited_send (vm, sub, value, out, yielded);
  if (ls_is_none (value) || ls_is_kind (sub, LS_KIND_ITERATOR))
    {
      if (!ls_iter_next (vm, sub, out, &exhausted))
        {
          if (!ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_STOP_ITERATION]))
            return FALSE;
          /* StopIteration(value) from a user __next__ */
          {
            LsTuple *args = ((LsInstance *) vm->raised.o)->exception->args;
            *out = args->len > 0 ? args->items[0] : LS_NONE;
            vm->raised = LS_UNBOUND;
            return TRUE;
          }
        }
      if (exhausted)
        *out = LS_NONE;
      *yielded = !exhausted;
      return TRUE;
    }
  if (!ls_call_method_opt (vm, sub, vm->names[LS_NAME_send], &value, 1, out, &found))
    {
      if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_STOP_ITERATION]))
        {
          LsTuple *args = ((LsInstance *) vm->raised.o)->exception->args;
          *out = args->len > 0 ? args->items[0] : LS_NONE;
          vm->raised = LS_UNBOUND;
          return TRUE;
        }
      return FALSE;
    }
  if (!found)
    return ls_raise (vm, LS_EXC_ATTRIBUTE_ERROR, "'%s' object has no attribute 'send'", ls_type_name (vm, sub));
  *yielded = TRUE;
  return TRUE;
}

/* The safe point of a backward jump: the limits' slow path when the fuel
 * ran out, a collection when one is due. */
static gboolean
safe_point (LsVM *vm)
{
  if (vm->fuel < 0 && !ls_vm_check_fuel (vm))
    return FALSE;
  if (ls_gc_should_collect (vm))
    return ls_vm_collect (vm);
  return TRUE;
}

/* TRUE when container[key] is an item of an exact list (or, unless
 * `store`, an exact tuple) at an int index in range: *items, *len and
 * *index are where.  What list.__getitem__ and __setitem__ (they cannot
 * be replaced, nor the types subclassed) would do through ls_call, whose
 * only other check is the natives' depth. */
static inline gboolean
int_subscript (LsVM           *vm,
               LsValue         container,
               LsValue         key,
               gboolean        store,
               const LsValue **items,
               gsize          *len,
               gint64         *index)
{
  gint64 i;

  if (key.tag != LS_TAG_INT || container.tag != LS_TAG_OBJECT || vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH)
    return FALSE;
  if (container.o->kind == LS_KIND_LIST && container.o->cls == vm->types[LS_TYPE_LIST])
    *items = ((LsList *) container.o)->items, *len = ((LsList *) container.o)->len;
  else if (!store && container.o->kind == LS_KIND_TUPLE && container.o->cls == vm->types[LS_TYPE_TUPLE])
    *items = ((LsTuple *) container.o)->items, *len = ((LsTuple *) container.o)->len;
  else
    return FALSE;
  i = key.i < 0 ? key.i + (gint64) *len : key.i;
  if (i < 0 || i >= (gint64) *len)
    return FALSE;   /* the IndexError is the native's to raise */
  *index = i;
  return TRUE;
}

/* TRUE when the instructions at ip are `GET_AWAITABLE 0; LOAD_CONST None;
 * YIELD_FROM`: what was just called is awaited at once (`await f(x)`). */
static inline gboolean
awaited_at_once (LsCode *code, guint32 ip)
{
  const guint32 *next = code->instructions + ip;

  return ip + 2 < code->n_instructions &&
         next[0] == LS_INSTR (LS_OP_GET_AWAITABLE, 0) &&
         LS_INSTR_OP (next[1]) == LS_OP_LOAD_CONST &&
         ls_is_none (code->consts->items[LS_INSTR_ARG (next[1])]) &&
         LS_INSTR_OP (next[2]) == LS_OP_YIELD_FROM;
}

/* The coroutine object of a lazy frame (LS_FRAME_LAZY_COROUTINE), made
 * when the frame first suspends, put where the awaiting frame (suspended
 * on its YIELD_FROM) holds None for it. */
static LsGenerator *
materialize_coroutine (LsVM *vm, LsFrame *frame)
{
  LsGenerator *gen = ls_generator_new (vm, frame, (LsFunction *) frame->function.o);

  frame->flags &= ~LS_FRAME_LAZY_COROUTINE;
  gen->state = LS_GEN_RUNNING;
  frame->back->stack[frame->back->sp - 1] = ls_obj (gen);
  return gen;
}

/* TRUE when ls_iter_next's checks before a built-in iterator's `next`
 * (the step of a native, the C recursion bound) pass without raising. */
static inline gboolean
ls_iter_next_is_plain (LsVM *vm)
{
  return vm->fuel >= 1 && vm->bytes_allocated <= vm->memory_cap &&
         vm->depth + vm->native_recursion + 1 < vm->recursion_limit;
}

/* TRUE when FOR_ITER can run the generator `it` on this loop: a plain
 * generator that ls_generator_send would resume without an error. */
static inline gboolean
generator_runs_inline (LsVM *vm, LsValue it)
{
  LsGenerator *gen = ls_value_generator (it);

  return gen != NULL && !gen->is_coroutine &&
         (gen->state == LS_GEN_CREATED || gen->state == LS_GEN_SUSPENDED) &&
         vm->depth + 1 < vm->recursion_limit;
}

static gboolean
check_recursion (LsVM *vm)
{
  if (vm->depth + 1 >= vm->recursion_limit)
    return ls_raise (vm, LS_EXC_RECURSION_ERROR, "maximum recursion depth exceeded");
  return TRUE;
}

static gboolean
enter_with (LsVM *vm, LsValue ctx, gboolean async, LsValue *exit_out, LsValue *enter_result)
{
  LsClass *cls = ls_type_of (vm, ctx);
  LsValue enter = ls_class_lookup (cls, vm->names[async ? LS_NAME___aenter__ : LS_NAME___enter__]);
  LsValue exit = ls_class_lookup (cls, vm->names[async ? LS_NAME___aexit__ : LS_NAME___exit__]);

  if (ls_is_unbound (enter) || ls_is_unbound (exit))
    {
      if (async)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object does not support the asynchronous context manager protocol", cls->name->data);
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object does not support the context manager protocol", cls->name->data);
    }
  *exit_out = ls_obj (ls_bound_method_new (vm, ctx, exit));
  return ls_call (vm, enter, &ctx, 1, NULL, enter_result);
}

gboolean
ls_vm_get_awaitable (LsVM *vm, LsValue obj, guint32 where, LsValue *out)
{
  LsGenerator *generator = ls_value_generator (obj);
  gboolean found, handled, ok;

  if (generator != NULL && (generator->is_coroutine || generator->is_awaitable))
    {
      if (generator->state == LS_GEN_CLOSED)
        return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "cannot reuse already awaited coroutine");
      *out = obj;
      return TRUE;
    }
  /* a Future or Task: Future.__await__ without the call */
  ok = ls_future_await_if_native (vm, obj, out, &handled);
  if (handled)
    return ok;
  if (!ls_call_method_opt (vm, obj, vm->names[LS_NAME___await__], NULL, 0, out, &found))
    return FALSE;
  if (!found)
    {
      if (where == 1)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "'async with' received an object from __aenter__ that does not implement __await__: %s", ls_type_name (vm, obj));
      if (where == 2)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "'async with' received an object from __aexit__ that does not implement __await__: %s", ls_type_name (vm, obj));
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "object %s can't be used in 'await' expression", ls_type_name (vm, obj));
    }
  /* what __await__ returned must be an iterator (CPython's
   * _PyCoro_GetAwaitableIter): a Future returned as its own would
   * otherwise pass for the one the loop keeps for `await future` */
  generator = ls_value_generator (*out);
  if (generator != NULL && generator->is_coroutine)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__await__() returned a coroutine");
  if (generator == NULL && !ls_is_kind (*out, LS_KIND_ITERATOR) &&
      ls_is_unbound (ls_class_lookup (ls_type_of (vm, *out), ls_str_intern_cstr (vm, "__next__"))))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__await__() returned non-iterator of type '%s'", ls_type_name (vm, *out));
  return TRUE;
}

LsResumeResult
ls_vm_interpret (LsVM     *vm,
                 LsFrame  *entry,
                 gboolean  throwing,
                 LsValue  *result)
{
  LsFrame *frame = entry;
  guint32 *instructions;
  LsValue *stack;
  const guint32 *pc;   /* the next instruction */
  LsValue *top;        /* past the top of the value stack */
  gboolean reraise = FALSE;
  LsValue yielded = LS_NONE;

#if LS_THREADED_DISPATCH
  static const void *const op_targets[256] = {
    [LS_OP_NOP] = &&op_NOP,
    [LS_OP_POP_TOP] = &&op_POP_TOP,
    [LS_OP_DUP_TOP] = &&op_DUP_TOP,
    [LS_OP_DUP_TOP_TWO] = &&op_DUP_TOP_TWO,
    [LS_OP_ROT_TWO] = &&op_ROT_TWO,
    [LS_OP_ROT_THREE] = &&op_ROT_THREE,
    [LS_OP_ROT_FOUR] = &&op_ROT_FOUR,
    [LS_OP_LOAD_CONST] = &&op_LOAD_CONST,
    [LS_OP_LOAD_FAST] = &&op_LOAD_FAST,
    [LS_OP_STORE_FAST] = &&op_STORE_FAST,
    [LS_OP_DELETE_FAST] = &&op_DELETE_FAST,
    [LS_OP_LOAD_DEREF] = &&op_LOAD_DEREF,
    [LS_OP_STORE_DEREF] = &&op_STORE_DEREF,
    [LS_OP_DELETE_DEREF] = &&op_DELETE_DEREF,
    [LS_OP_LOAD_CLOSURE] = &&op_LOAD_CLOSURE,
    [LS_OP_LOAD_CLASSDEREF] = &&op_LOAD_CLASSDEREF,
    [LS_OP_LOAD_GLOBAL] = &&op_LOAD_GLOBAL,
    [LS_OP_STORE_GLOBAL] = &&op_STORE_GLOBAL,
    [LS_OP_DELETE_GLOBAL] = &&op_DELETE_GLOBAL,
    [LS_OP_LOAD_NAME] = &&op_LOAD_NAME,
    [LS_OP_STORE_NAME] = &&op_STORE_NAME,
    [LS_OP_DELETE_NAME] = &&op_DELETE_NAME,
    [LS_OP_LOAD_ATTR] = &&op_LOAD_ATTR,
    [LS_OP_STORE_ATTR] = &&op_STORE_ATTR,
    [LS_OP_DELETE_ATTR] = &&op_DELETE_ATTR,
    [LS_OP_LOAD_METHOD] = &&op_LOAD_METHOD,
    [LS_OP_BINARY_SUBSCR] = &&op_BINARY_SUBSCR,
    [LS_OP_STORE_SUBSCR] = &&op_STORE_SUBSCR,
    [LS_OP_DELETE_SUBSCR] = &&op_DELETE_SUBSCR,
    [LS_OP_BUILD_SLICE] = &&op_BUILD_SLICE,
    [LS_OP_BINARY_OP] = &&op_BINARY_OP,
    [LS_OP_UNARY_OP] = &&op_UNARY_OP,
    [LS_OP_COMPARE_OP] = &&op_COMPARE_OP,
    [LS_OP_IS_OP] = &&op_IS_OP,
    [LS_OP_CONTAINS_OP] = &&op_CONTAINS_OP,
    [LS_OP_JUMP] = &&op_JUMP,
    [LS_OP_POP_JUMP_IF_FALSE] = &&op_POP_JUMP_IF_FALSE,
    [LS_OP_POP_JUMP_IF_TRUE] = &&op_POP_JUMP_IF_TRUE,
    [LS_OP_JUMP_IF_FALSE_OR_POP] = &&op_JUMP_IF_FALSE_OR_POP,
    [LS_OP_JUMP_IF_TRUE_OR_POP] = &&op_JUMP_IF_TRUE_OR_POP,
    [LS_OP_GET_ITER] = &&op_GET_ITER,
    [LS_OP_FOR_ITER] = &&op_FOR_ITER,
    [LS_OP_RETURN_VALUE] = &&op_RETURN_VALUE,
    [LS_OP_BUILD_TUPLE] = &&op_BUILD_TUPLE,
    [LS_OP_BUILD_LIST] = &&op_BUILD_LIST,
    [LS_OP_BUILD_SET] = &&op_BUILD_SET,
    [LS_OP_BUILD_MAP] = &&op_BUILD_MAP,
    [LS_OP_BUILD_STRING] = &&op_BUILD_STRING,
    [LS_OP_LIST_APPEND] = &&op_LIST_APPEND,
    [LS_OP_SET_ADD] = &&op_SET_ADD,
    [LS_OP_MAP_ADD] = &&op_MAP_ADD,
    [LS_OP_LIST_EXTEND] = &&op_LIST_EXTEND,
    [LS_OP_SET_UPDATE] = &&op_SET_UPDATE,
    [LS_OP_DICT_UPDATE] = &&op_DICT_UPDATE,
    [LS_OP_DICT_MERGE] = &&op_DICT_MERGE,
    [LS_OP_LIST_TO_TUPLE] = &&op_LIST_TO_TUPLE,
    [LS_OP_UNPACK_SEQUENCE] = &&op_UNPACK_SEQUENCE,
    [LS_OP_UNPACK_EX] = &&op_UNPACK_EX,
    [LS_OP_FORMAT_VALUE] = &&op_FORMAT_VALUE,
    [LS_OP_MAKE_FUNCTION] = &&op_MAKE_FUNCTION,
    [LS_OP_CALL] = &&op_CALL,
    [LS_OP_CALL_KW] = &&op_CALL_KW,
    [LS_OP_CALL_EX] = &&op_CALL_EX,
    [LS_OP_CALL_METHOD] = &&op_CALL_METHOD,
    [LS_OP_CALL_METHOD_KW] = &&op_CALL_METHOD_KW,
    [LS_OP_LOAD_BUILD_CLASS] = &&op_LOAD_BUILD_CLASS,
    [LS_OP_SETUP_FINALLY] = &&op_SETUP_FINALLY,
    [LS_OP_POP_BLOCK] = &&op_POP_BLOCK,
    [LS_OP_POP_EXCEPT] = &&op_POP_EXCEPT,
    [LS_OP_RAISE_VARARGS] = &&op_RAISE_VARARGS,
    [LS_OP_RERAISE] = &&op_RERAISE,
    [LS_OP_JUMP_IF_NOT_EXC_MATCH] = &&op_JUMP_IF_NOT_EXC_MATCH,
    [LS_OP_BEFORE_WITH] = &&op_BEFORE_WITH,
    [LS_OP_WITH_EXCEPT_START] = &&op_WITH_EXCEPT_START,
    [LS_OP_LOAD_ASSERTION_ERROR] = &&op_LOAD_ASSERTION_ERROR,
    [LS_OP_YIELD_VALUE] = &&op_YIELD_VALUE,
    [LS_OP_GET_YIELD_FROM_ITER] = &&op_GET_YIELD_FROM_ITER,
    [LS_OP_GET_AWAITABLE] = &&op_GET_AWAITABLE,
    [LS_OP_YIELD_FROM] = &&op_YIELD_FROM,
    [LS_OP_BEFORE_ASYNC_WITH] = &&op_BEFORE_ASYNC_WITH,
    [LS_OP_IMPORT_NAME] = &&op_IMPORT_NAME,
    [LS_OP_IMPORT_FROM] = &&op_IMPORT_FROM,
    [LS_OP_LOAD_GLOBAL_MODULE] = &&op_LOAD_GLOBAL_MODULE,
    [LS_OP_LOAD_GLOBAL_BUILTIN] = &&op_LOAD_GLOBAL_BUILTIN,
    [LS_OP_LOAD_ATTR_MODULE] = &&op_LOAD_ATTR_MODULE,
    [LS_OP_LOAD_ATTR_INSTANCE] = &&op_LOAD_ATTR_INSTANCE,
    [LS_OP_LOAD_METHOD_CLASS] = &&op_LOAD_METHOD_CLASS,
    [LS_OP_LOAD_METHOD_MODULE] = &&op_LOAD_METHOD_MODULE,
    [LS_OP_CALL_METHOD_AWAIT] = &&op_CALL_METHOD_AWAIT,
    [LS_OP_FOR_ITER_RANGE] = &&op_FOR_ITER_RANGE,
    [LS_OP_CALL_METHOD_NATIVE] = &&op_CALL_METHOD_NATIVE,
    [LS_OP_LOAD_FAST_METHOD_CLASS] = &&op_LOAD_FAST_METHOD_CLASS,
    [LS_OP_STORE_FAST_LOAD_FAST] = &&op_STORE_FAST_LOAD_FAST,
    [LS_OP_BINARY_OP_ADD_INT] = &&op_BINARY_OP_ADD_INT,
    [LS_N_ALL_OPCODES ... 0xff] = &&op_unknown,
  };
#endif

  vm->frame = frame;
  LOAD_FRAME ();
  if (throwing)
    {
      reraise = FALSE;
      goto error;
    }

  for (;;)
    {
      guint32 word = *pc++;
      guint32 arg = LS_INSTR_ARG (word);
      LsValue a, b, c;
      gboolean truth;
      /* the calls' (CALL*, CALL_METHOD_AWAIT): what is called, with what,
       * and where the result goes (where the callable was) */
      LsValue callable, *args, *base;
      LsTuple *kwnames;
      guint n_args;
      LsFunction *function;
      LsShortcutResult done;

#if LS_THREADED_DISPATCH
      goto *op_targets[LS_INSTR_OP (word)];
#endif

      /* on the byte as an unsigned int, with a case for each of the 256
       * values (the unknown ones below), so that the jump table needs no
       * range check: 3 of the dispatch's ~15 instructions.  The price: no
       * -Wswitch warning for an opcode left out here (it would raise the
       * SystemError below). */
      switch ((guint) LS_INSTR_OP (word))
        {
        TARGET (NOP):
          DISPATCH ();
        TARGET (POP_TOP):
          top--;
          DISPATCH ();
        TARGET (DUP_TOP):
          {
            LsValue v = TOP ();
            PUSH (v);
            DISPATCH ();
          }
        TARGET (DUP_TOP_TWO):
          {
            /* temporaries of their own, as LOAD_FAST's */
            LsValue second = PEEK (2), first = PEEK (1);
            const LsValue *items;
            gsize len;
            gint64 i;

            /* `x[i] += y` on a list: the BINARY_SUBSCR after it done
             * here, as its fast path does it (the item pushed where it
             * leaves it, x and i kept below for the store), one dispatch
             * fewer; anything else runs the two one by one */
            if ((guint) LS_INSTR_OP (*pc) == LS_OP_BINARY_SUBSCR &&
                int_subscript (vm, second, first, FALSE, &items, &len, &i))
              {
                copy_value (top, &items[i]);
                top++;
                pc++;
                DISPATCH ();
              }
            PUSH (second);
            PUSH (first);
            DISPATCH ();
          }
        TARGET (ROT_TWO):
          {
            LsValue v = PEEK (1);
            PEEK (1) = PEEK (2);
            PEEK (2) = v;
            DISPATCH ();
          }
        TARGET (ROT_THREE):
          {
            LsValue v = PEEK (1);
            const LsValue *items;
            gsize len;
            gint64 i;

            /* `x[i] += y`'s store: the STORE_SUBSCR after it done here, as
             * its fast path does it (x[i] = the value on top), one
             * dispatch fewer; anything else runs the two one by one */
            if ((guint) LS_INSTR_OP (*pc) == LS_OP_STORE_SUBSCR &&
                int_subscript (vm, PEEK (3), PEEK (2), TRUE, &items, &len, &i))
              {
                ((LsList *) PEEK (3).o)->items[i] = v;
                top -= 3;
                pc++;
                DISPATCH ();
              }
            PEEK (1) = PEEK (2);
            PEEK (2) = PEEK (3);
            PEEK (3) = v;
            DISPATCH ();
          }
        TARGET (ROT_FOUR):
          {
            LsValue v = PEEK (1);

            PEEK (1) = PEEK (2);
            PEEK (2) = PEEK (3);
            PEEK (3) = PEEK (4);
            PEEK (4) = v;
            DISPATCH ();
          }

        TARGET (LOAD_CONST):
          PUSH (frame->code->consts->items[arg]);
          DISPATCH ();
        TARGET (LOAD_FAST):
          {
            /* a temporary of its own: `a` has its address taken elsewhere,
             * which keeps it in memory */
            LsValue v = frame->locals[arg];

            if (G_UNLIKELY (ls_is_unbound (v)))
              {
                ls_raise (vm, LS_EXC_UNBOUND_LOCAL_ERROR, "cannot access local variable '%s' where it is not associated with a value",
                          ((LsStr *) frame->code->varnames->items[arg].o)->data);
                goto error;
              }
            PUSH (v);
            DISPATCH ();
          }
        TARGET (LOAD_FAST_METHOD_CLASS):
          {
            /* LOAD_FAST, then the LOAD_METHOD_CLASS after it on the value
             * loaded, without storing it and loading it back between the
             * two: anything else (the second written over, an unbound
             * local, the guards failing) is the two run one by one */
            const LsValue *local = &frame->locals[arg];
            LsValue self = *local;
            const LsInlineCache *cache;

            if (G_UNLIKELY ((guint) LS_INSTR_OP (*pc) != LS_OP_LOAD_METHOD_CLASS))
              {
                word = LS_INSTR (LS_OP_LOAD_FAST, arg);
                instructions[IP () - 1] = word;
                goto op_LOAD_FAST;
              }
            cache = CACHE_AT_PC ();
            if (G_UNLIKELY (!class_method_holds (cache, self)))
              goto op_LOAD_FAST;
            copy_value (top, &cache->value);
            copy_value (top + 1, local);
            top += 2;
            pc++;
            /* The call the method is loaded for, entered past its
             * operands' reading: `q.get()` (CALL_METHOD_* 0 next) or
             * `q.put(x)` (a local, then CALL_METHOD_* 1).  The stack is
             * as the instructions between leave it, so that the call's
             * fallbacks, which read it, find what they would. */
            word = *pc;
            if ((guint) LS_INSTR_OP (word) == LS_OP_LOAD_FAST && is_fused_call (pc[1], 1) &&
                !ls_is_unbound (frame->locals[LS_INSTR_ARG (word)]))
              {
                copy_value (top, &frame->locals[LS_INSTR_ARG (word)]);
                top++;
                word = *++pc;
              }
            else if (!is_fused_call (word, 0))
              DISPATCH ();
            pc++;
            arg = LS_INSTR_ARG (word);
            callable = cache->value;   /* never unbound: a class method */
            n_args = arg + 1;
            args = top - n_args;
            base = args - 1;
            kwnames = NULL;
            if ((guint) LS_INSTR_OP (word) == LS_OP_CALL_METHOD_AWAIT)
              goto call_method_await;
            goto call_method_native;
          }
        TARGET (STORE_FAST):
          frame->locals[arg] = POP ();
          if (G_UNLIKELY (loads_a_local (*pc)))
            instructions[IP () - 1] = LS_INSTR (LS_OP_STORE_FAST_LOAD_FAST, arg);
          DISPATCH ();
        TARGET (STORE_FAST_LOAD_FAST):
          /* STORE_FAST, then the load of a local after it entered by a
           * jump the branch predictor can follow, not a dispatch (`item =
           * await q.get()` then `totals[...]`) */
          if (G_UNLIKELY (!loads_a_local (*pc)))
            {
              word = LS_INSTR (LS_OP_STORE_FAST, arg);
              instructions[IP () - 1] = word;
              goto op_STORE_FAST;
            }
          frame->locals[arg] = POP ();
          word = *pc++;
          arg = LS_INSTR_ARG (word);
          if ((guint) LS_INSTR_OP (word) == LS_OP_LOAD_FAST_METHOD_CLASS)
            goto op_LOAD_FAST_METHOD_CLASS;
          goto op_LOAD_FAST;
        TARGET (DELETE_FAST):
          if (ls_is_unbound (frame->locals[arg]))
            {
              ls_raise (vm, LS_EXC_UNBOUND_LOCAL_ERROR, "cannot access local variable '%s' where it is not associated with a value",
                        ((LsStr *) frame->code->varnames->items[arg].o)->data);
              goto error;
            }
          frame->locals[arg] = LS_UNBOUND;
          DISPATCH ();
        TARGET (LOAD_DEREF):
        TARGET (LOAD_CLASSDEREF):
          if (LS_INSTR_OP (word) == LS_OP_LOAD_CLASSDEREF && frame->locals_dict != NULL)
            {
              a = ls_dict_get_str (frame->locals_dict, cell_name (frame->code, arg));
              if (!ls_is_unbound (a))
                {
                  PUSH (a);
                  DISPATCH ();
                }
            }
          a = ((LsCell *) frame->cells[arg].o)->value;
          if (G_UNLIKELY (ls_is_unbound (a)))
            {
              if (arg >= frame->code->cellvars->len)
                ls_raise (vm, LS_EXC_NAME_ERROR, "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
                          cell_name (frame->code, arg)->data);
              else
                ls_raise (vm, LS_EXC_UNBOUND_LOCAL_ERROR, "cannot access local variable '%s' where it is not associated with a value",
                          cell_name (frame->code, arg)->data);
              goto error;
            }
          PUSH (a);
          DISPATCH ();
        TARGET (STORE_DEREF):
          ((LsCell *) frame->cells[arg].o)->value = POP ();
          DISPATCH ();
        TARGET (DELETE_DEREF):
          ((LsCell *) frame->cells[arg].o)->value = LS_UNBOUND;
          DISPATCH ();
        TARGET (LOAD_CLOSURE):
          PUSH (frame->cells[arg]);
          DISPATCH ();
        TARGET (LOAD_GLOBAL):
          if (!load_global_cached (vm, frame, IP () - 1, name_at (frame->code, arg), &a))
            goto error;
          PUSH (a);
          SPECIALISE (load_global_form);
          DISPATCH ();
        TARGET (LOAD_GLOBAL_MODULE):
          {
            LsValue v;   /* as LOAD_ATTR_MODULE's */

            if (G_UNLIKELY (!global_hit (SPECIALISED_CACHE (), frame, &v)))
              goto op_LOAD_GLOBAL;
            PUSH (v);
            DISPATCH ();
          }
        TARGET (LOAD_GLOBAL_BUILTIN):
          {
            LsValue v;

            if (G_UNLIKELY (!builtin_hit (SPECIALISED_CACHE (), frame, &v)))
              goto op_LOAD_GLOBAL;
            PUSH (v);
            DISPATCH ();
          }
        TARGET (STORE_GLOBAL):
          ls_dict_set_str (vm, frame->globals, name_at (frame->code, arg), POP ());
          DISPATCH ();
        TARGET (DELETE_GLOBAL):
          if (!ls_dict_delete_str (frame->globals, name_at (frame->code, arg)))
            {
              ls_raise (vm, LS_EXC_NAME_ERROR, "name '%s' is not defined", name_at (frame->code, arg)->data);
              goto error;
            }
          DISPATCH ();
        TARGET (LOAD_NAME):
          if (!load_name (vm, frame, name_at (frame->code, arg), &a))
            goto error;
          PUSH (a);
          DISPATCH ();
        TARGET (STORE_NAME):
          ls_dict_set_str (vm, frame->locals_dict != NULL ? frame->locals_dict : frame->globals, name_at (frame->code, arg), POP ());
          DISPATCH ();
        TARGET (DELETE_NAME):
          if (!ls_dict_delete_str (frame->locals_dict != NULL ? frame->locals_dict : frame->globals, name_at (frame->code, arg)))
            {
              ls_raise (vm, LS_EXC_NAME_ERROR, "name '%s' is not defined", name_at (frame->code, arg)->data);
              goto error;
            }
          DISPATCH ();

        TARGET (LOAD_ATTR):
          if (attr_cache_peek (cache_at (frame->code, IP () - 1), TOP (), name_at (frame->code, arg), &a))
            {
              SET_TOP (a);
              SPECIALISE (load_attr_form);
              DISPATCH ();
            }
          SAVE_FRAME ();
          if (!load_attr_cached (vm, frame->code, IP () - 1, TOP (), name_at (frame->code, arg), &a))
            goto error;
          SET_TOP (a);
          SPECIALISE (load_attr_form);
          DISPATCH ();
        TARGET (LOAD_ATTR_MODULE):
          {
            /* the forms' answers in temporaries of their own, not `a`
             * and `b` (kept in memory: a store and a reload each) */
            LsValue v;

            if (G_UNLIKELY (!module_attr_hit (SPECIALISED_CACHE (), TOP (), &v)))
              goto op_LOAD_ATTR;
            SET_TOP (v);
            DISPATCH ();
          }
        TARGET (LOAD_ATTR_INSTANCE):
          {
            LsValue v;

            if (G_UNLIKELY (!instance_attr_hit (SPECIALISED_CACHE (), TOP (), name_at (frame->code, arg), &v)))
              goto op_LOAD_ATTR;
            SET_TOP (v);
            DISPATCH ();
          }
        TARGET (STORE_ATTR):
          SAVE_FRAME ();
          a = POP ();   /* object */
          b = POP ();   /* value */
          if (!store_attr_cached (vm, frame->code, IP () - 1, a, name_at (frame->code, arg), b))
            goto error;
          DISPATCH ();
        TARGET (DELETE_ATTR):
          SAVE_FRAME ();
          a = POP ();
          if (!ls_delattr (vm, a, name_at (frame->code, arg)))
            goto error;
          DISPATCH ();
        TARGET (LOAD_METHOD):
          if (load_method_peek (cache_at (frame->code, IP () - 1), TOP (), name_at (frame->code, arg), &a, &b))
            {
              SET_TOP (a);
              PUSH (b);
              SPECIALISE (load_method_form);
              FUSE_LOAD_FAST_BEFORE ();
              DISPATCH ();
            }
          SAVE_FRAME ();
          if (!load_method_cached (vm, frame->code, IP () - 1, TOP (), name_at (frame->code, arg), &a, &b))
            goto error;
          SET_TOP (a);
          PUSH (b);
          SPECIALISE (load_method_form);
          FUSE_LOAD_FAST_BEFORE ();
          DISPATCH ();
        TARGET (LOAD_METHOD_CLASS):
          {
            /* the receiver in a temporary of its own, not `b`: a store
             * and a reload on its way to the class test */
            LsInlineCache *cache = SPECIALISED_CACHE ();
            LsValue self = TOP ();

            if (G_UNLIKELY (!class_method_holds (cache, self)))
              goto op_LOAD_METHOD;
            copy_value (top, top - 1);
            copy_value (top - 1, &cache->value);
            top++;
            DISPATCH ();
          }
        TARGET (LOAD_METHOD_MODULE):
          {
            LsValue v;   /* as LOAD_ATTR_MODULE's */

            if (G_UNLIKELY (!module_attr_hit (SPECIALISED_CACHE (), TOP (), &v)))
              goto op_LOAD_METHOD;
            TOP () = LS_UNBOUND;
            PUSH (v);
            DISPATCH ();
          }
        TARGET (BINARY_SUBSCR):
          {
            const LsValue *items;
            gsize len;
            gint64 i;

            if (int_subscript (vm, PEEK (2), PEEK (1), FALSE, &items, &len, &i))
              {
                top--;
                TOP () = items[i];
                DISPATCH ();
              }
          }
          SAVE_FRAME ();
          b = POP ();
          if (!ls_getitem (vm, TOP (), b, &a))
            goto error;
          SET_TOP (a);
          DISPATCH ();
        TARGET (STORE_SUBSCR):
          {
            const LsValue *items;
            gsize len;
            gint64 i;

            if (int_subscript (vm, PEEK (2), PEEK (1), TRUE, &items, &len, &i))
              {
                ((LsList *) PEEK (2).o)->items[i] = PEEK (3);
                top -= 3;
                DISPATCH ();
              }
          }
          SAVE_FRAME ();
          b = POP ();   /* key */
          a = POP ();   /* container */
          c = POP ();   /* value */
          if (!ls_setitem (vm, a, b, c))
            goto error;
          DISPATCH ();
        TARGET (DELETE_SUBSCR):
          SAVE_FRAME ();
          b = POP ();
          a = POP ();
          if (!ls_delitem (vm, a, b))
            goto error;
          DISPATCH ();
        TARGET (BUILD_SLICE):
          c = arg == 3 ? POP () : LS_NONE;
          b = POP ();
          a = TOP ();
          TOP () = ls_obj (ls_slice_new (vm, a, b, c));
          DISPATCH ();

        TARGET (BINARY_OP):
          /* ints and floats have no in-place methods: `x += 1` too */
          if (ls_binary_op_numbers_fast ((LsBinaryOp) (arg & 0xff), PEEK (2), PEEK (1), &c))
            {
              /* (only two ints add up to an int here) */
              if ((arg & 0xff) == LS_OP_ADD && c.tag == LS_TAG_INT)
                instructions[IP () - 1] = LS_INSTR (LS_OP_BINARY_OP_ADD_INT, arg);
              top--;
              SET_TOP (c);
              DISPATCH ();
            }
          b = POP ();
          a = TOP ();
          SAVE_FRAME ();
          if (!ls_binary_op (vm, (LsBinaryOp) (arg & 0xff), (arg & 0x100) != 0, a, b, &c))
            goto error;
          SET_TOP (c);
          DISPATCH ();
        TARGET (BINARY_OP_ADD_INT):
          {
            LsValue left = PEEK (2), right = PEEK (1);
            gint64 sum;

            if (G_UNLIKELY (left.tag != LS_TAG_INT || right.tag != LS_TAG_INT ||
                            __builtin_add_overflow (left.i, right.i, &sum)))
              {
                word = LS_INSTR (LS_OP_BINARY_OP, arg);
                instructions[IP () - 1] = word;
                goto op_BINARY_OP;
              }
            top -= 2;
            STORE_INTO_NEXT_STORE_FAST (ls_int (sum));
            PUSH (ls_int (sum));
            DISPATCH ();
          }
        TARGET (UNARY_OP):
          SAVE_FRAME ();
          if (!ls_unary_op (vm, (LsUnaryOp) arg, TOP (), &a))
            goto error;
          SET_TOP (a);
          DISPATCH ();
        TARGET (COMPARE_OP):
          if (compare_numbers_fast ((LsCompareOp) arg, PEEK (2), PEEK (1), &truth))
            {
              top--;
              TOP () = ls_bool (truth);
              DISPATCH ();
            }
          b = POP ();
          a = TOP ();
          SAVE_FRAME ();
          if (!ls_compare (vm, a, b, (LsCompareOp) arg, &c))
            goto error;
          SET_TOP (c);
          DISPATCH ();
        TARGET (IS_OP):
          b = POP ();
          a = TOP ();
          truth = a.tag == b.tag && (a.tag == LS_TAG_OBJECT ? a.o == b.o :
                                     a.tag == LS_TAG_NONE || a.tag == LS_TAG_UNBOUND ? TRUE :
                                     a.tag == LS_TAG_BOOL ? a.b == b.b : a.i == b.i);
          TOP () = ls_bool (arg ? !truth : truth);
          DISPATCH ();
        TARGET (CONTAINS_OP):
          SAVE_FRAME ();
          b = POP ();
          a = TOP ();
          if (!ls_contains (vm, b, a, &truth))
            goto error;
          TOP () = ls_bool (arg ? !truth : truth);
          DISPATCH ();

        TARGET (JUMP):
          /* A backward jump closes a loop: the safe point where garbage is
           * collected and the loop's instructions are charged against the
           * instruction limit (an error here names the loop's line). */
          if (instructions + arg < pc)
            {
              vm->fuel -= IP () - arg;
              if (G_UNLIKELY (vm->fuel < 0 || ls_gc_should_collect (vm)))
                {
                  SAVE_FRAME ();
                  if (!safe_point (vm))
                    goto error;
                }
            }
          JUMP_TO (arg);
          DISPATCH ();
        TARGET (POP_JUMP_IF_FALSE):
        TARGET (POP_JUMP_IF_TRUE):
          {
            LsValue v = POP ();
            gboolean t;

            if (v.tag == LS_TAG_BOOL)
              t = v.b;
            else
              {
                SAVE_FRAME ();
                if (!ls_truthy (vm, v, &truth))
                  goto error;
                t = truth;
              }
            if (t == (LS_INSTR_OP (word) == LS_OP_POP_JUMP_IF_TRUE))
              {
                if (G_UNLIKELY (instructions + arg < pc) && !ls_vm_burn (vm, IP () - arg))
                  {
                    SAVE_FRAME ();
                    goto error;
                  }
                JUMP_TO (arg);
              }
            DISPATCH ();
          }
        TARGET (JUMP_IF_FALSE_OR_POP):
        TARGET (JUMP_IF_TRUE_OR_POP):
          SAVE_FRAME ();
          if (!ls_truthy (vm, TOP (), &truth))
            goto error;
          if (truth == (LS_INSTR_OP (word) == LS_OP_JUMP_IF_TRUE_OR_POP))
            {
              if (G_UNLIKELY (instructions + arg < pc) && !ls_vm_burn (vm, IP () - arg))
                goto error;
              JUMP_TO (arg);
            }
          else
            top--;
          DISPATCH ();
        TARGET (GET_ITER):
          SAVE_FRAME ();
          if (!ls_get_iter (vm, TOP (), &a))
            goto error;
          SET_TOP (a);
          DISPATCH ();
        TARGET (FOR_ITER):
          {
            LsValue it = TOP (), item;
            gboolean exhausted = FALSE;   /* a `next` sets it only at the end */

            SAVE_FRAME ();
            if (ls_is_kind (it, LS_KIND_ITERATOR) && G_LIKELY (ls_iter_next_is_plain (vm)))
              {
                if (it.o->cls == vm->types[LS_TYPE_RANGE_ITERATOR])
                  instructions[IP () - 1] = LS_INSTR (LS_OP_FOR_ITER_RANGE, arg);
                /* ls_iter_next's work when none of its checks fails */
                vm->fuel--;
                vm->native_recursion++;
                if (!((LsIterator *) it.o)->next (vm, (LsIterator *) it.o, &item, &exhausted))
                  {
                    vm->native_recursion--;
                    goto error;
                  }
                vm->native_recursion--;
              }
            else if (generator_runs_inline (vm, it))
              {
                /* Into the generator's frame on this loop, as YIELD_FROM
                 * does: its yield comes back here (see `suspend`), its
                 * return ends the loop (RETURN_VALUE). */
                LsGenerator *gen = (LsGenerator *) it.o;

                if (!ls_vm_native_step (vm))
                  goto error;
                pc--;   /* the frame waits on this FOR_ITER */
                SAVE_FRAME ();
                ENTER_GENERATOR_FRAME (gen, LS_NONE);
                DISPATCH ();
              }
            else if (!ls_iter_next (vm, it, &item, &exhausted))
              goto error;
            if (exhausted)
              {
                top--;
                JUMP_TO (arg);
              }
            else
              PUSH (item);
            DISPATCH ();
          }

        TARGET (FOR_ITER_RANGE):
          {
            /* FOR_ITER's plain path, with the range iterator's `next`
             * inline: no call, no saving of the registers */
            LsValue it = TOP (), item;

            if (G_UNLIKELY (!ls_is_kind (it, LS_KIND_ITERATOR) || it.o->cls != vm->types[LS_TYPE_RANGE_ITERATOR]))
              {
                word = LS_INSTR (LS_OP_FOR_ITER, arg);
                instructions[IP () - 1] = word;
                goto op_FOR_ITER;
              }
            if (G_UNLIKELY (!ls_iter_next_is_plain (vm)))
              goto op_FOR_ITER;
            vm->fuel--;
            if (ls_range_iterator_step ((LsIterator *) it.o, &item))
              {
                STORE_INTO_NEXT_STORE_FAST (item);
                PUSH (item);
              }
            else
              {
                top--;
                JUMP_TO (arg);
              }
            DISPATCH ();
          }

        TARGET (BUILD_TUPLE):
          top -= arg;
          a = ls_obj (ls_tuple_new_from (vm, top, arg));
          PUSH (a);
          DISPATCH ();
        TARGET (BUILD_LIST):
          top -= arg;
          a = ls_obj (ls_list_new_from (vm, top, arg));
          PUSH (a);
          DISPATCH ();
        TARGET (BUILD_SET):
          {
            LsSet *set = ls_set_new (vm, FALSE);
            SAVE_FRAME ();
            for (guint32 i = 0; i < arg; i++)
              if (!ls_set_add (vm, set, top[(gssize) i - arg]))
                goto error;
            top -= arg;
            PUSH (ls_obj (set));
            DISPATCH ();
          }
        TARGET (BUILD_MAP):
          {
            LsDict *dict = ls_dict_new (vm);
            SAVE_FRAME ();
            for (guint32 i = 0; i < arg; i++)
              if (!ls_dict_set (vm, dict, top[2 * ((gssize) i - arg)], top[2 * ((gssize) i - arg) + 1]))
                goto error;
            top -= 2 * arg;
            PUSH (ls_obj (dict));
            DISPATCH ();
          }
        TARGET (BUILD_STRING):
          top -= arg;
          build_string (vm, top, arg, &a);
          PUSH (a);
          DISPATCH ();
        TARGET (LIST_APPEND):
          a = POP ();
          ls_list_append (vm, (LsList *) PEEK (arg).o, a);
          DISPATCH ();
        TARGET (SET_ADD):
          SAVE_FRAME ();
          a = POP ();
          if (!ls_set_add (vm, (LsSet *) PEEK (arg).o, a))
            goto error;
          DISPATCH ();
        TARGET (MAP_ADD):
          SAVE_FRAME ();
          b = POP ();
          a = POP ();
          if (!ls_dict_set (vm, (LsDict *) PEEK (arg).o, a, b))
            goto error;
          DISPATCH ();
        TARGET (LIST_EXTEND):
        TARGET (SET_UPDATE):
        TARGET (DICT_UPDATE):
        TARGET (DICT_MERGE):
          SAVE_FRAME ();
          if (!ls_vm_extend (vm, LS_INSTR_OP (word), PEEK (arg + 1), TOP ()))
            goto error;
          top--;
          DISPATCH ();
        TARGET (LIST_TO_TUPLE):
          a = TOP ();
          TOP () = ls_obj (ls_tuple_new_from (vm, ((LsList *) a.o)->items, ((LsList *) a.o)->len));
          DISPATCH ();
        TARGET (UNPACK_SEQUENCE):
          SAVE_FRAME ();
          a = POP ();
          if (!unpack_sequence (vm, a, arg, top))
            goto error;
          top += arg;
          DISPATCH ();
        TARGET (UNPACK_EX):
          SAVE_FRAME ();
          a = POP ();
          if (!unpack_ex (vm, a, arg & 0xff, arg >> 8, top))
            goto error;
          top += (arg & 0xff) + (arg >> 8) + 1;
          DISPATCH ();
        TARGET (FORMAT_VALUE):
          SAVE_FRAME ();
          b = (arg & 4) ? POP () : LS_NONE;
          if (!format_value (vm, arg, TOP (), b, &a))
            goto error;
          SET_TOP (a);
          DISPATCH ();

        TARGET (MAKE_FUNCTION):
          top = stack + make_function (vm, frame, arg, stack, (guint32) (top - stack));
          DISPATCH ();
        TARGET (CALL):
        TARGET (CALL_KW):
        TARGET (CALL_METHOD):
        TARGET (CALL_METHOD_KW):
          {
            LsOpcode op = LS_INSTR_OP (word);

            kwnames = NULL;
            n_args = arg;
            if (op == LS_OP_CALL_KW || op == LS_OP_CALL_METHOD_KW)
              kwnames = (LsTuple *) POP ().o;
            args = top - n_args;
            /* from here on n_args counts positional values only, as natives expect */
            if (kwnames != NULL)
              n_args -= (guint) kwnames->len;
            if (op == LS_OP_CALL_METHOD || op == LS_OP_CALL_METHOD_KW)
              {
                if (ls_is_unbound (args[-2]))
                  callable = args[-1];
                else
                  {
                    callable = args[-2];
                    args--;
                    n_args++;
                  }
                base = top - arg - 2;
              }
            else
              {
                callable = args[-1];
                base = top - arg - 1;
              }
            /* a bound Python method: put self in place of the callable */
            if (ls_is_kind (callable, LS_KIND_BOUND_METHOD) &&
                ls_is_kind (((LsBoundMethod *) callable.o)->func, LS_KIND_FUNCTION) &&
                args - 1 >= base)
              {
                args[-1] = ((LsBoundMethod *) callable.o)->self;
                callable = ((LsBoundMethod *) callable.o)->func;
                args--;
                n_args++;
              }
            if (ls_is_kind (callable, LS_KIND_FUNCTION))
              {
                LsFrame *callee;

                function = (LsFunction *) callable.o;

                if (G_UNLIKELY (function->code->flags & (LS_CODE_GENERATOR | LS_CODE_COROUTINE)))
                  {
                    SAVE_FRAME ();
                    if (!(function->code->flags & LS_CODE_GENERATOR) && awaited_at_once (frame->code, IP ()))
                      {
                        /* `await f(x)`: what CALL, GET_AWAITABLE,
                         * LOAD_CONST and YIELD_FROM do for a fresh
                         * coroutine (none of their other checks can
                         * fail), but with no coroutine object unless the
                         * frame suspends: it runs like a called
                         * function's, the caller waiting on YIELD_FROM */
                        if (G_UNLIKELY (function->header.flags & LS_FUNCTION_AWAIT_SHORTCUT))
                          {
                            if (op == LS_OP_CALL_METHOD)
                              instructions[IP () - 1] = LS_INSTR (LS_OP_CALL_METHOD_AWAIT, arg);
                          call_await_shortcut:
                            /* a library coroutine that C can finish at
                             * once (asyncio.Queue's put and get): no
                             * frame; or one whose body is C
                             * (asyncio.sleep's): no frame either */
                            done = ls_vm_await_shortcut (vm, function, args, n_args, kwnames, &a);
                            if (done != LS_SHORTCUT_DECLINED)
                              {
                                top = base;
                                if (done == LS_SHORTCUT_FAILED)
                                  goto error;
                                pc += 3;   /* past GET_AWAITABLE, LOAD_CONST, YIELD_FROM */
                                if (done == LS_SHORTCUT_DONE)
                                  {
                                    /* the result where the next instruction
                                     * puts it when that is `await q.put(x)`'s
                                     * POP_TOP or `x = await q.get()`'s
                                     * STORE_FAST (neither can fail): one
                                     * dispatch fewer */
                                    word = *pc;
                                    if (LS_INSTR_OP (word) == LS_OP_POP_TOP)
                                      {
                                        pc++;
                                        DISPATCH ();
                                      }
                                    STORE_INTO_NEXT_STORE_FAST (a);
                                    PUSH (a);
                                    DISPATCH ();
                                  }
                                PUSH (a);
                                if (done == LS_SHORTCUT_BARE_YIELD)
                                  {
                                    /* its first send done: suspended on
                                     * the YIELD_FROM, yielding None */
                                    yielded = LS_NONE;
                                    pc--;
                                    SAVE_FRAME ();
                                    goto suspend;
                                  }
                                /* the coroutine, fresh: YIELD_FROM's first
                                 * send, where YIELD_FROM would make it */
                                SEND_TO_SUB (a, LS_NONE);
                                DISPATCH ();
                              }
                          }
                        callee = ls_vm_generator_frame (vm, function, args, n_args, kwnames);
                        top = base;
                        if (callee == NULL)
                          goto error;
                        PUSH (LS_NONE);   /* the coroutine's place */
                        pc += 2;
                        SAVE_FRAME ();
                        callee->flags |= LS_FRAME_LAZY_COROUTINE;
                        callee->back = frame;
                        vm->depth++;
                        frame = callee;
                        vm->frame = frame;
                        LOAD_FRAME ();
                        DISPATCH ();
                      }
                    /* a generator or coroutine object: ls_call's work
                     * without its way there */
                    if (!ls_vm_new_generator (vm, function, args, n_args, kwnames, &a))
                      {
                        top = base;
                        goto error;
                      }
                    top = base;
                    PUSH (a);
                    DISPATCH ();
                  }
                top = base;
                SAVE_FRAME ();
                if (!check_recursion (vm) || !ls_vm_burn (vm, 1))
                  goto error;
                if (G_LIKELY (ls_frame_call_is_plain (function, n_args, kwnames)))
                  callee = ls_frame_new_plain (vm, function, args, n_args);
                else if ((callee = ls_frame_new_for_call (vm, function, args, n_args, kwnames)) == NULL)
                  goto error;
                callee->back = frame;
                vm->depth++;
                frame = callee;
                vm->frame = frame;
                LOAD_FRAME ();
                /* the arguments are the callee's locals now: a safe point */
                if (G_UNLIKELY (ls_gc_should_collect (vm)) && !ls_vm_collect (vm))
                  goto error;
                DISPATCH ();
              }
            SAVE_FRAME ();
            /* a class's native method (`q.task_done()`, `lst.append(x)`):
             * ls_call's work for it without its dispatch */
            if (ls_is_kind (callable, LS_KIND_NATIVE) && ls_is_unbound (((LsNative *) callable.o)->self) &&
                G_LIKELY (vm->native_depth < LS_VM_MAX_NATIVE_DEPTH))
              {
                if (op == LS_OP_CALL_METHOD)
                  instructions[IP () - 1] = LS_INSTR (LS_OP_CALL_METHOD_NATIVE, arg);
              call_unbound_native:
                if (!ls_vm_call_unbound_native (vm, (LsNative *) callable.o, args, n_args, kwnames, &a))
                  {
                    top = base;
                    goto error;
                  }
              }
            else if (!ls_call (vm, callable, args, n_args, kwnames, &a))
              {
                top = base;
                goto error;
              }
            top = base;
            /* a call made for its effect (`q.task_done()`, `lst.append(x)`):
             * its statement's POP_TOP done here, one dispatch fewer */
            if (LS_INSTR_OP (*pc) == LS_OP_POP_TOP)
              {
                pc++;
                DISPATCH ();
              }
            PUSH (a);
            DISPATCH ();
          }
        TARGET (CALL_METHOD_AWAIT):
          /* `await obj.f(x)` where f has been a library coroutine with an
           * await shortcut: CALL_METHOD's way there without its tests of
           * the opcode, the keywords, a bound method, the code's flags and
           * the three instructions that await (which cannot change) */
          METHOD_CALL_OPERANDS ();
        call_method_await:
          if (G_UNLIKELY (!ls_is_kind (callable, LS_KIND_FUNCTION) ||
                          !(callable.o->flags & LS_FUNCTION_AWAIT_SHORTCUT)))
            GENERIC_CALL_METHOD ();
          function = (LsFunction *) callable.o;
          SAVE_FRAME ();
          goto call_await_shortcut;
        TARGET (CALL_METHOD_NATIVE):
          /* `obj.f(x)` where f has been a native method of obj's class
           * (`q.task_done()`, `lst.append(x)`): CALL_METHOD's way there
           * without its tests of the opcode, the keywords, a bound method
           * and a Python function */
          METHOD_CALL_OPERANDS ();
        call_method_native:
          if (G_UNLIKELY (!ls_is_kind (callable, LS_KIND_NATIVE) || !ls_is_unbound (((LsNative *) callable.o)->self) ||
                          vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH))
            GENERIC_CALL_METHOD ();
          SAVE_FRAME ();
          goto call_unbound_native;
        TARGET (CALL_EX):
          SAVE_FRAME ();
          /* f(*args) builds its arguments in C: a safe point while they
           * are still on the stack */
          if (G_UNLIKELY (ls_gc_should_collect (vm)) && !ls_vm_collect (vm))
            goto error;
          c = (arg & 1) ? POP () : LS_NONE;
          b = POP ();
          a = POP ();
          if (!call_ex (vm, a, b, c, &a))
            goto error;
          PUSH (a);
          DISPATCH ();
        TARGET (LOAD_BUILD_CLASS):
          a = ls_dict_get_str (vm->builtins, vm->names[LS_NAME___build_class__]);
          PUSH (a);
          DISPATCH ();

        TARGET (SETUP_FINALLY):
          frame->blocks[frame->n_blocks].handler = arg;
          frame->blocks[frame->n_blocks].level = (guint32) (top - stack);
          frame->blocks[frame->n_blocks].is_except_handler = FALSE;
          frame->blocks[frame->n_blocks].saved_handled = LS_NONE;
          frame->n_blocks++;
          DISPATCH ();
        TARGET (POP_BLOCK):
          frame->n_blocks--;
          DISPATCH ();
        TARGET (POP_EXCEPT):
          frame->n_blocks--;
          frame->handled = frame->blocks[frame->n_blocks].saved_handled;
          DISPATCH ();
        TARGET (RAISE_VARARGS):
          SAVE_FRAME ();
          if (arg == 0)
            {
              a = handled_exception (frame);
              if (ls_is_none (a))
                {
                  ls_raise (vm, LS_EXC_RUNTIME_ERROR, "No active exception to reraise");
                  goto error;
                }
              vm->raised = a;
              reraise = TRUE;
              goto error;
            }
          b = arg == 2 ? POP () : LS_UNBOUND;
          a = POP ();
          if (ls_raise_value (vm, a) || !ls_is_exception (vm->raised))
            goto error;
          if (arg == 2)
            {
              LsExceptionData *data = ((LsInstance *) vm->raised.o)->exception;
              LsValue saved = vm->raised;
              LsClass *cause_cls = ls_value_class (b);
              if (cause_cls != NULL && cause_cls->is_exception)
                {
                  if (!ls_call (vm, b, NULL, 0, NULL, &b))
                    goto error;
                  vm->raised = saved;
                }
              if (!ls_is_none (b) && !ls_is_exception (b))
                {
                  ls_raise (vm, LS_EXC_TYPE_ERROR, "exception causes must derive from BaseException");
                  goto error;
                }
              data->cause = b;
              data->suppress_context = TRUE;
            }
          goto error;
        TARGET (RERAISE):
          vm->raised = POP ();
          SAVE_FRAME ();
          reraise = TRUE;
          goto error;
        TARGET (JUMP_IF_NOT_EXC_MATCH):
          SAVE_FRAME ();
          b = POP ();
          if (!exception_matches (vm, TOP (), b, &truth))
            goto error;
          if (!truth)
            JUMP_TO (arg);
          DISPATCH ();
        TARGET (BEFORE_WITH):
        TARGET (BEFORE_ASYNC_WITH):
          SAVE_FRAME ();
          a = POP ();
          if (!enter_with (vm, a, LS_INSTR_OP (word) == LS_OP_BEFORE_ASYNC_WITH, &b, &c))
            goto error;
          PUSH (b);
          PUSH (c);
          DISPATCH ();
        TARGET (WITH_EXCEPT_START):
          {
            LsValue exit_args[3];
            SAVE_FRAME ();
            exit_args[0] = ls_obj (ls_type_of (vm, TOP ()));
            exit_args[1] = TOP ();
            exit_args[2] = LS_NONE;
            if (!ls_call (vm, PEEK (2), exit_args, 3, NULL, &a))
              goto error;
            PUSH (a);
            DISPATCH ();
          }
        TARGET (LOAD_ASSERTION_ERROR):
          PUSH (ls_obj (vm->exceptions[LS_EXC_ASSERTION_ERROR]));
          DISPATCH ();

        TARGET (GET_YIELD_FROM_ITER):
          if (!ls_is_kind (TOP (), LS_KIND_GENERATOR))
            {
              SAVE_FRAME ();
              if (!ls_get_iter (vm, TOP (), &a))
                goto error;
              SET_TOP (a);
            }
          DISPATCH ();
        TARGET (GET_AWAITABLE):
          SAVE_FRAME ();
          if (!ls_vm_get_awaitable (vm, TOP (), arg, &a))
            goto error;
          SET_TOP (a);
          DISPATCH ();
        TARGET (YIELD_VALUE):
          yielded = POP ();
          SAVE_FRAME ();
          goto suspend;
        TARGET (YIELD_FROM):
          {
            LsValue sent = POP ();
            LsValue sub = TOP ();

            if (sub_is_generator_frame (sub))
              {
                LsGenerator *gen = (LsGenerator *) sub.o;

                if (gen->state == LS_GEN_RUNNING)
                  {
                    SAVE_FRAME ();
                    ls_raise (vm, LS_EXC_VALUE_ERROR, "%s already executing", gen->is_coroutine ? "coroutine" : "generator");
                    goto error;
                  }
                if (gen->state == LS_GEN_CREATED && !ls_is_none (sent))
                  {
                    SAVE_FRAME ();
                    ls_raise (vm, LS_EXC_TYPE_ERROR, "can't send non-None value to a just-started %s",
                              gen->is_coroutine ? "coroutine" : "generator");
                    goto error;
                  }
                if (!check_recursion (vm))
                  {
                    SAVE_FRAME ();
                    goto error;
                  }
                pc--;   /* resume re-runs this YIELD_FROM */
                SAVE_FRAME ();
                ENTER_GENERATOR_FRAME (gen, sent);
                DISPATCH ();
              }
            /* a coroutine the await shortcut did not make, which
             * returns None now whatever was sent: dropped at once where
             * the next instruction drops it (`await asyncio.sleep(0)`) */
            if (sub.tag == LS_TAG_OBJECT && sub.o == vm->awaited_placeholder)
              {
                if (LS_INSTR_OP (*pc) == LS_OP_POP_TOP)
                  {
                    top--;
                    pc++;
                    DISPATCH ();
                  }
                SET_TOP (LS_NONE);
                DISPATCH ();
              }
            SEND_TO_SUB (sub, sent);
            DISPATCH ();
          }

        TARGET (RETURN_VALUE):
          {
            LsValue v = POP ();
            LsFrame *parent;
            LsGenerator *gen;
            gboolean awaited;

            SAVE_FRAME ();
            if (frame == entry)
              {
                vm->frame = frame->back;
                ls_value_store (result, v);
                return LS_RESUME_RETURNED;
              }
            parent = frame->back;
            gen = (LsGenerator *) frame->generator;
            /* the caller waits on a YIELD_FROM (or a generator's FOR_ITER) */
            awaited = gen != NULL || (frame->flags & LS_FRAME_LAZY_COROUTINE);
            vm->depth--;
            if (gen != NULL)
              {
                gen->state = LS_GEN_CLOSED;
                gen->frame = NULL;
              }
            ls_frame_free (vm, frame);
            frame = parent;
            vm->frame = frame;
            LOAD_FRAME ();
            if (!awaited)
              PUSH (v);
            else if (LS_INSTR_GENERIC_OP (*pc) == LS_OP_FOR_ITER)
              {
                /* the iterated generator is exhausted */
                top--;
                JUMP_TO (LS_INSTR_ARG (*pc));
              }
            else
              {
                TOP () = v;   /* the awaited sub-generator's result */
                pc++;
              }
            DISPATCH ();
          }

        TARGET (IMPORT_NAME):
          SAVE_FRAME ();
          if (!ls_vm_import (vm, name_at (frame->code, arg), &a))
            goto error;
          PUSH (a);
          DISPATCH ();
        TARGET (IMPORT_FROM):
          SAVE_FRAME ();
          if (!import_from (vm, TOP (), name_at (frame->code, arg), &a))
            goto error;
          PUSH (a);
          DISPATCH ();

        case LS_N_ALL_OPCODES ... 0xff: op_unknown:
          SAVE_FRAME ();
          ls_raise (vm, LS_EXC_SYSTEM_ERROR, "unknown opcode %u", LS_INSTR_OP (word));
          goto error;
        }
      continue;

    suspend:
      /* The frame yields `yielded`; every delegating frame above it up to
       * the entry suspends too, each left on its YIELD_FROM, until a frame
       * that runs it from a FOR_ITER (which takes the value and goes on). */
      for (;;)
        {
          LsGenerator *gen = (LsGenerator *) frame->generator;

          if (frame->flags & LS_FRAME_LAZY_COROUTINE)
            gen = materialize_coroutine (vm, frame);
          if (gen != NULL)
            gen->state = LS_GEN_SUSPENDED;
          if (frame == entry)
            {
              vm->frame = frame->back;
              ls_value_store (result, yielded);
              return LS_RESUME_YIELDED;
            }
          vm->depth--;
          frame = frame->back;
          if (LS_INSTR_GENERIC_OP (frame->code->instructions[frame->ip]) == LS_OP_FOR_ITER)
            {
              vm->frame = frame;
              LOAD_FRAME ();
              pc++;
              PUSH (yielded);
              break;
            }
        }
      continue;

    error:
      /* vm->raised is set.  A new raise records this frame's line; a
       * re-raise keeps the traceback it has. */
      frame->line = frame->code->lines[pc > instructions ? IP () - 1 : 0];
      if (!reraise)
        {
          set_context (vm, frame);
          add_traceback_entry (vm, vm->raised, frame);
        }
      reraise = FALSE;
      for (;;)
        {
          gboolean handled = FALSE;

          /* A stopped run (ls_vm_stop) unwinds without running a single
           * `except` or `finally`: the scenario cannot catch its end. */
          if (G_UNLIKELY (vm->stop_kind != LS_LIMIT_NONE))
            {
              vm->raised = vm->stop_exception;
              frame->n_blocks = 0;
            }
          while (frame->n_blocks > 0)
            {
              LsBlock *block = &frame->blocks[--frame->n_blocks];

              if (block->is_except_handler)
                {
                  frame->handled = block->saved_handled;
                  continue;
                }
              top = stack + block->level;
              JUMP_TO (block->handler);
              block->is_except_handler = TRUE;
              block->saved_handled = frame->handled;
              frame->n_blocks++;
              frame->handled = vm->raised;
              *top++ = vm->raised;
              vm->raised = LS_UNBOUND;
              handled = TRUE;
              break;
            }
          if (handled)
            break;

          /* no handler here: the frame is done */
          convert_stop_iteration (vm, frame);
          if (frame->generator != NULL)
            {
              LsGenerator *gen = (LsGenerator *) frame->generator;
              gen->state = LS_GEN_CLOSED;
            }
          if (frame == entry)
            {
              SAVE_FRAME ();
              vm->frame = frame->back;
              return LS_RESUME_RAISED;
            }
          {
            LsFrame *parent = frame->back;
            LsGenerator *gen = (LsGenerator *) frame->generator;
            gboolean awaited = gen != NULL || (frame->flags & LS_FRAME_LAZY_COROUTINE);

            vm->depth--;
            if (gen != NULL)
              gen->frame = NULL;
            ls_frame_free (vm, frame);
            frame = parent;
            vm->frame = frame;
            LOAD_FRAME ();
            if (awaited)
              {
                top--;    /* the sub-generator */
                pc++;     /* past YIELD_FROM, whose line is reported */
              }
            frame->line = frame->code->lines[IP () - 1];
            add_traceback_entry (vm, vm->raised, frame);
          }
        }
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-dict.c — the compact, insertion-ordered hash table behind dict,
 * module globals, class namespaces and instance attributes.
 *
 * Entries are appended to a dense array in insertion order; a sparse
 * index table of entry numbers is probed with CPython's perturbation
 * scheme.  Deleting leaves a hole in the entries (key LS_UNBOUND) and a
 * dummy in the index; both are squeezed out when the table is rebuilt.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-dict.h"
#include "ls-class.h"
#include "ls-ops.h"
#include "ls-vm.h"

#define INDEX_EMPTY  LS_DICT_INDEX_EMPTY
#define INDEX_DUMMY  LS_DICT_INDEX_DUMMY
#define MIN_INDEX    8

/* The dict's keys moved: inline caches holding entry numbers must check again. */
static inline void
keys_changed (LsDict *self)
{
  self->keys_version = 0;
}

/* Numbers are taken from a counter shared by every VM of the process, so
 * that a dict freed and another allocated at its address never show a
 * cache the same number, in blocks per OS thread: a locked add per new
 * version stalled each task step (its _enter_task and _leave_task both
 * change _current_tasks' keys). */
#define KEYS_VERSION_BLOCK 4096

guint64
ls_dict_keys_version_slow (LsDict *self)
{
  static guint64 last_version;
  static __thread guint64 next_version, block_end;

  if (G_UNLIKELY (next_version == block_end))
    {
      block_end = __atomic_add_fetch (&last_version, KEYS_VERSION_BLOCK, __ATOMIC_RELAXED) + 1;
      next_version = block_end - KEYS_VERSION_BLOCK;
    }
  self->keys_version = next_version++;
  return self->keys_version;
}

/* A class namespace changed: ls_class_lookup's cached answers may be wrong. */
static inline void
namespace_changed (LsDict *self)
{
  if (G_UNLIKELY (self->header.flags & LS_DICT_NAMESPACE))
    ls_class_cache_invalidate ();
}

LsDict *
ls_dict_new (LsVM *vm)
{
  return ls_object_alloc (vm, LS_KIND_DICT, vm->types[LS_TYPE_DICT], sizeof (LsDict));
}

LsDict *
ls_dict_new_sized (LsVM *vm,
                   gsize n)
{
  LsDict *self = ls_dict_new (vm);
  gsize size = MIN_INDEX;

  if (n == 0)
    return self;
  /* the index stays at most 2/3 full (grow) */
  while (n * 3 > size * 2)
    size <<= 1;
  /* Exactly n entries: an instance's dict is presized to the most its
   * class's instances have held (ls_instance_new), and a C Future
   * or Task holds one attribute.  A minimum of 8 made that 320 bytes of
   * entries each, a fifth of `fanout`'s live heap; grow() still goes to
   * 8 and doubles from there when more come. */
  self->entries_capacity = n;
  self->entries = ls_pool_alloc (&vm->pool, self->entries_capacity * sizeof (LsDictEntry));
  self->index_size = size;
  self->index = ls_pool_alloc (&vm->pool, size * sizeof (gint32));
  memset (self->index, 0xff, size * sizeof (gint32));
  ls_object_account (vm, self->entries_capacity * sizeof (LsDictEntry) + size * sizeof (gint32));
  return self;
}

static void
rebuild_index (LsVM   *vm,
               LsDict *self,
               gsize   index_size)
{
  gsize mask = index_size - 1;
  gsize live = 0;

  ls_pool_free (&vm->pool, self->index, self->index_size * sizeof (gint32));
  self->index = ls_pool_alloc (&vm->pool, index_size * sizeof (gint32));
  memset (self->index, 0xff, index_size * sizeof (gint32));
  self->index_size = index_size;
  keys_changed (self);

  /* squeeze deleted entries out, keeping order */
  for (gsize i = 0; i < self->n_entries; i++)
    {
      LsDictEntry *entry = &self->entries[i];
      guint64 perturb;
      gsize slot;

      if (ls_is_unbound (entry->key))
        continue;
      self->entries[live] = *entry;
      perturb = (guint64) self->entries[live].hash;
      slot = (gsize) perturb & mask;
      while (self->index[slot] != INDEX_EMPTY)
        {
          perturb >>= 5;
          slot = (slot * 5 + (gsize) perturb + 1) & mask;
        }
      self->index[slot] = (gint32) live;
      live++;
    }
  self->n_entries = live;
  self->len = live;
}

/* The entries array `capacity` long, keeping the first n_entries. */
static void
resize_entries (LsVM   *vm,
                LsDict *self,
                gsize   capacity)
{
  LsDictEntry *entries = ls_pool_alloc (&vm->pool, capacity * sizeof (LsDictEntry));

  if (self->n_entries > 0)
    memcpy (entries, self->entries, self->n_entries * sizeof (LsDictEntry));
  ls_pool_free (&vm->pool, self->entries, self->entries_capacity * sizeof (LsDictEntry));
  self->entries = entries;
  self->entries_capacity = capacity;
}

/* Makes room for one more entry. */
static void
grow (LsVM   *vm,
      LsDict *self)
{
  if (self->n_entries + 1 > self->entries_capacity)
    {
      if (self->len < self->n_entries / 2 + 1 && self->n_entries > 8)
        rebuild_index (vm, self, self->index_size);   /* many holes: compact */
      if (self->n_entries + 1 > self->entries_capacity)
        resize_entries (vm, self, MAX (8, self->entries_capacity * 2));
    }
  /* keep the index at most 2/3 full */
  if (self->index == NULL || (self->n_entries + 1) * 3 > self->index_size * 2)
    {
      gsize size = MIN_INDEX;

      while ((self->len + 1) * 3 > size * 2)
        size <<= 1;
      if (size < self->index_size)
        size = self->index_size;
      if ((self->n_entries + 1) * 3 > size * 2)
        size <<= 1;
      rebuild_index (vm, self, size);
    }
}

/* Finds the index slot of `key` (hash `hash`), or the slot to insert it at.
 * Returns FALSE on an exception from __eq__. */
static gboolean
lookup (LsVM     *vm,
        LsDict   *self,
        LsValue   key,
        gint64    hash,
        gssize   *entry_out,
        gsize    *slot_out)
{
  gsize mask = self->index_size - 1;
  guint64 perturb = (guint64) hash;
  gsize slot = (gsize) perturb & mask;
  gssize free_slot = -1;

  *entry_out = -1;
  if (self->index == NULL)
    {
      *slot_out = 0;
      return TRUE;
    }

  for (;;)
    {
      gint32 ix = self->index[slot];

      if (ix == INDEX_EMPTY)
        {
          *slot_out = free_slot >= 0 ? (gsize) free_slot : slot;
          return TRUE;
        }
      if (ix == INDEX_DUMMY)
        {
          if (free_slot < 0)
            free_slot = (gssize) slot;
        }
      else
        {
          LsDictEntry *entry = &self->entries[ix];
          gboolean equal;

          if (entry->hash == hash)
            {
              if (entry->key.tag == key.tag && entry->key.o == key.o)
                equal = TRUE;
              else if (!ls_equal (vm, entry->key, key, &equal))
                return FALSE;
              if (equal)
                {
                  *entry_out = ix;
                  *slot_out = slot;
                  return TRUE;
                }
            }
        }
      perturb >>= 5;
      slot = (slot * 5 + (gsize) perturb + 1) & mask;
    }
}

gboolean
ls_dict_get (LsVM     *vm,
             LsDict   *self,
             LsValue   key,
             LsValue  *value,
             gboolean *found)
{
  gint64 hash;
  gssize entry;
  gsize slot;

  *found = FALSE;
  if (!ls_hash (vm, key, &hash))
    return FALSE;
  if (!lookup (vm, self, key, hash, &entry, &slot))
    return FALSE;
  if (entry >= 0)
    {
      *found = TRUE;
      *value = self->entries[entry].value;
    }
  return TRUE;
}

/* The new entry (key, value) at the end of the entries, in a free slot
 * of the index, which have room for it: its slot. */
static inline gsize
place_new (LsDict  *self,
           LsValue  key,
           gint64   hash,
           LsValue  value)
{
  gsize mask = self->index_size - 1, slot;
  guint64 perturb = (guint64) hash;

  slot = (gsize) perturb & mask;
  while (self->index[slot] >= 0)
    {
      perturb >>= 5;
      slot = (slot * 5 + (gsize) perturb + 1) & mask;
    }
  self->index[slot] = (gint32) self->n_entries;
  self->entries[self->n_entries].key = key;
  self->entries[self->n_entries].value = value;
  self->entries[self->n_entries].hash = hash;
  self->n_entries++;
  self->len++;
  keys_changed (self);
  namespace_changed (self);
  return slot;
}

/* insert_new where the entries or the index need room first: out of
 * line, so that the usual insert saves no registers for grow. */
static G_GNUC_NO_INLINE gsize
insert_new_grown (LsVM    *vm,
                  LsDict  *self,
                  LsValue  key,
                  gint64   hash,
                  LsValue  value)
{
  gsize before = self->entries_capacity * sizeof (LsDictEntry) + self->index_size * sizeof (gint32);
  gsize after;

  grow (vm, self);
  after = self->entries_capacity * sizeof (LsDictEntry) + self->index_size * sizeof (gint32);
  if (after > before)
    ls_object_account (vm, after - before);
  return place_new (self, key, hash, value);
}

static inline gsize
insert_new (LsVM    *vm,
            LsDict  *self,
            LsValue  key,
            gint64   hash,
            LsValue  value)
{
  /* room for the entry and the index under 2/3 full: grow would do
   * nothing, and the sizes not change */
  if (G_LIKELY (self->n_entries + 1 <= self->entries_capacity && self->index != NULL &&
                (self->n_entries + 1) * 3 <= self->index_size * 2))
    return place_new (self, key, hash, value);
  return insert_new_grown (vm, self, key, hash, value);
}

gboolean
ls_dict_set (LsVM    *vm,
             LsDict  *self,
             LsValue  key,
             LsValue  value)
{
  gint64 hash;
  gssize entry;
  gsize slot;

  if (!ls_hash (vm, key, &hash))
    return FALSE;
  if (!lookup (vm, self, key, hash, &entry, &slot))
    return FALSE;
  if (entry >= 0)
    {
      self->entries[entry].value = value;
      namespace_changed (self);
    }
  else
    insert_new (vm, self, key, hash, value);
  return TRUE;
}

/* ls_dict_set of a key that hashes to `hash` and is in no entry whose
 * hash is `hash`: a fresh task into _all_tasks.  The probe compares
 * hashes only (no key can equal the new one without an equal hash, and
 * no __eq__ runs for unequal ones), and the new entry goes where
 * lookup's slot would have been, the first free one on the path, which
 * is place_new's.  FALSE, having changed nothing, when some entry on
 * the path has that hash: then the caller calls ls_dict_set, whose
 * lookup compares the keys (and may run their __eq__). */
gboolean
ls_dict_insert_unless_hash_seen (LsVM    *vm,
                                 LsDict  *self,
                                 LsValue  key,
                                 gint64   hash,
                                 LsValue  value)
{
  gsize mask = self->index_size - 1, n = self->n_entries;
  guint64 perturb = (guint64) hash;
  gsize slot = (gsize) perturb & mask, free_slot = G_MAXSIZE;
  gint32 ix;

  if (G_UNLIKELY (self->index == NULL))
    {
      insert_new_grown (vm, self, key, hash, value);
      return TRUE;
    }
  while ((ix = self->index[slot]) != INDEX_EMPTY)
    {
      if (ix >= 0)
        {
          if (self->entries[ix].hash == hash)
            return FALSE;
        }
      else if (free_slot == G_MAXSIZE)
        free_slot = slot;
      perturb >>= 5;
      slot = (slot * 5 + (gsize) perturb + 1) & mask;
    }
  /* insert_new with room: place_new's slot is the first free one of the
   * path just walked */
  if (G_LIKELY (n + 1 <= self->entries_capacity && (n + 1) * 3 <= self->index_size * 2))
    {
      if (free_slot != G_MAXSIZE)
        slot = free_slot;
      self->index[slot] = (gint32) n;
      self->entries[n].key = key;
      self->entries[n].value = value;
      self->entries[n].hash = hash;
      self->n_entries = n + 1;
      self->len++;
      keys_changed (self);
      namespace_changed (self);
      return TRUE;
    }
  insert_new_grown (vm, self, key, hash, value);
  return TRUE;
}

static void
remove_at (LsDict *self,
           gssize  entry,
           gsize   slot)
{
  self->index[slot] = INDEX_DUMMY;
  self->entries[entry].key = LS_UNBOUND;
  self->entries[entry].value = LS_UNBOUND;
  self->len--;
  keys_changed (self);
  namespace_changed (self);
}

gboolean
ls_dict_delete (LsVM     *vm,
                LsDict   *self,
                LsValue   key,
                gboolean *found)
{
  gint64 hash;
  gssize entry;
  gsize slot;

  *found = FALSE;
  if (!ls_hash (vm, key, &hash))
    return FALSE;
  if (!lookup (vm, self, key, hash, &entry, &slot))
    return FALSE;
  if (entry >= 0)
    {
      *found = TRUE;
      remove_at (self, entry, slot);
    }
  return TRUE;
}

/* ls_dict_delete of `key`, hashing to `hash`, where the probe meets no
 * other key with that hash before the key itself or an empty slot: then
 * lookup would have compared no keys but by identity (no __eq__ runs).
 * FALSE, having changed nothing, when it meets one: the caller calls
 * ls_dict_delete.  A task leaving _all_tasks. */
gboolean
ls_dict_delete_identical (LsDict   *self,
                          LsValue   key,
                          gint64    hash,
                          gboolean *found)
{
  gsize mask = self->index_size - 1;
  guint64 perturb = (guint64) hash;
  gsize slot = (gsize) perturb & mask;
  gint32 ix;

  *found = FALSE;
  if (self->index == NULL)
    return TRUE;
  while ((ix = self->index[slot]) != INDEX_EMPTY)
    {
      if (ix >= 0 && self->entries[ix].hash == hash)
        {
          if (self->entries[ix].key.tag != key.tag || self->entries[ix].key.o != key.o)
            return FALSE;
          *found = TRUE;
          remove_at (self, ix, slot);
          return TRUE;
        }
      perturb >>= 5;
      slot = (slot * 5 + (gsize) perturb + 1) & mask;
    }
  return TRUE;
}

gboolean
ls_dict_find (LsVM           *vm,
              LsDict         *self,
              LsValue         key,
              LsDictPosition *pos,
              LsValue        *value)
{
  if (!ls_hash (vm, key, &pos->hash) || !lookup (vm, self, key, pos->hash, &pos->entry, &pos->slot))
    return FALSE;
  *value = pos->entry >= 0 ? self->entries[pos->entry].value : LS_UNBOUND;
  return TRUE;
}

void
ls_dict_set_at (LsVM           *vm,
                LsDict         *self,
                LsDictPosition *pos,
                LsValue         key,
                LsValue         value)
{
  if (pos->entry >= 0)
    {
      self->entries[pos->entry].value = value;
      namespace_changed (self);
    }
  else if (self->index != NULL && self->n_entries < self->entries_capacity &&
           (self->n_entries + 1) * 3 <= self->index_size * 2)
    {
      /* room in the entries and the index, so grow() would change
       * nothing: insert_new without its growth and size accounting (a
       * key deleted and inserted again and again, _current_tasks' loop) */
      pos->slot = place_new (self, key, pos->hash, value);
      pos->entry = (gssize) self->n_entries - 1;
    }
  else
    {
      pos->slot = insert_new (vm, self, key, pos->hash, value);
      pos->entry = (gssize) self->n_entries - 1;
    }
}

void
ls_dict_delete_at (LsDict               *self,
                   const LsDictPosition *pos)
{
  g_return_if_fail (pos->entry >= 0);
  remove_at (self, pos->entry, pos->slot);
  /* the index keeps its dummy at pos->slot, which a probe passes over as
   * it passes over any other; no index entry names n_entries - 1 now */
  if ((gsize) pos->entry == self->n_entries - 1)
    self->n_entries--;
}

/* Str keys compare by content and never run user code. */
static gssize
lookup_str (LsDict *self,
            LsStr  *key,
            gsize  *slot_out)
{
  gint64 hash = ls_str_hash (key);
  gsize mask = self->index_size - 1;
  guint64 perturb = (guint64) hash;
  gsize slot = (gsize) perturb & mask;

  if (self->index == NULL)
    return -1;
  for (;;)
    {
      gint32 ix = self->index[slot];

      if (ix == INDEX_EMPTY)
        return -1;
      if (ix >= 0)
        {
          LsDictEntry *entry = &self->entries[ix];

          if (entry->key.tag == LS_TAG_OBJECT &&
              (entry->key.o == &key->header ||
               (entry->hash == hash && entry->key.o->kind == LS_KIND_STR &&
                ls_str_equal ((LsStr *) entry->key.o, key))))
            {
              *slot_out = slot;
              return ix;
            }
        }
      perturb >>= 5;
      slot = (slot * 5 + (gsize) perturb + 1) & mask;
    }
}

LsValue
ls_dict_get_str (LsDict *self,
                 LsStr  *key)
{
  gsize slot;
  gssize ix = lookup_str (self, key, &slot);

  return ix >= 0 ? self->entries[ix].value : LS_UNBOUND;
}

void
ls_dict_set_str (LsVM   *vm,
                 LsDict *self,
                 LsStr  *key,
                 LsValue value)
{
  gsize slot;
  gssize ix = lookup_str (self, key, &slot);

  (void) vm;
  if (ix >= 0)
    {
      self->entries[ix].value = value;
      namespace_changed (self);
    }
  else
    insert_new (vm, self, ls_obj (key), ls_str_hash (key), value);
}

gssize
ls_dict_index_of_str (LsDict *self,
                      LsStr  *key)
{
  gsize slot;

  return lookup_str (self, key, &slot);
}

LsValue
ls_dict_get_str_refill (LsDict         *self,
                        LsStr          *key,
                        LsDictStrCache *cache)
{
  gsize slot;

  cache->index = lookup_str (self, key, &slot);
  cache->dict = self;
  cache->version = ls_dict_keys_version (self);
  return cache->index < 0 ? LS_UNBOUND : self->entries[cache->index].value;
}

gboolean
ls_dict_delete_str (LsDict *self,
                    LsStr  *key)
{
  gsize slot;
  gssize ix = lookup_str (self, key, &slot);

  if (ix < 0)
    return FALSE;
  remove_at (self, ix, slot);
  return TRUE;
}

gboolean
ls_dict_next (LsDict  *self,
              gsize   *position,
              LsValue *key,
              LsValue *value)
{
  while (*position < self->n_entries)
    {
      LsDictEntry *entry = &self->entries[(*position)++];

      if (!ls_is_unbound (entry->key))
        {
          if (key != NULL)
            *key = entry->key;
          if (value != NULL)
            *value = entry->value;
          return TRUE;
        }
    }
  return FALSE;
}

/* Gives the arrays back; the dict is left dangling (sweep, clear). */
void
ls_dict_free_storage (LsVM   *vm,
                      LsDict *self)
{
  ls_pool_free (&vm->pool, self->entries, self->entries_capacity * sizeof (LsDictEntry));
  ls_pool_free (&vm->pool, self->index, self->index_size * sizeof (gint32));
}

void
ls_dict_clear (LsVM   *vm,
               LsDict *self)
{
  ls_dict_free_storage (vm, self);
  self->entries = NULL;
  self->index = NULL;
  self->len = self->n_entries = self->entries_capacity = self->index_size = 0;
  keys_changed (self);
  namespace_changed (self);
}

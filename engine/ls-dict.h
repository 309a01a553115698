/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-dict.h — Python dict: insertion-ordered hash map, as CPython's compact
 * dict (a dense entry array in insertion order plus a sparse index table),
 * so iteration order is insertion order and never depends on hashes.
 * Module globals, class namespaces and instance attributes are dicts too.
 */
#pragma once

#include "ls-object.h"
#include "ls-str.h"

G_BEGIN_DECLS

typedef struct
{
  LsValue key;      /* LS_UNBOUND marks a deleted entry */
  LsValue value;
  gint64  hash;
} LsDictEntry;

typedef struct
{
  LsObject     header;
  gsize        len;          /* live entries */
  gsize        n_entries;    /* used slots of entries, deleted ones included */
  gsize        entries_capacity;
  LsDictEntry *entries;
  gsize        index_size;   /* power of two */
  gint32      *index;        /* -1 empty, -2 dummy, else entry number */
  /* Which keys sit at which entry numbers, as a number no other layout of
   * any dict has had: 0 after every change of keys (insert, delete,
   * compaction), renumbered on demand by ls_dict_keys_version.  The
   * interpreter's inline caches remember an entry number with it and
   * read the value through the entry, so a store to an existing key
   * needs no new version (CPython's dk_version). */
  guint64      keys_version;
} LsDict;


/* header flag: the dict is a class namespace; changing it invalidates
 * ls_class_lookup's cache */
#define LS_DICT_NAMESPACE 0x0001

static inline LsDict *ls_value_dict (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_DICT ? (LsDict *) v.o : NULL; }

LsDict  *ls_dict_new (LsVM *vm);
/* A dict with room for `n` entries before it regrows. */
LsDict  *ls_dict_new_sized (LsVM *vm, gsize n);
/* These hash and compare keys as Python does, which may run user code
 * (__hash__, __eq__) and therefore fail: FALSE means an exception is set. */
gboolean ls_dict_get     (LsVM *vm, LsDict *self, LsValue key, LsValue *value, gboolean *found);
gboolean ls_dict_set     (LsVM *vm, LsDict *self, LsValue key, LsValue value);
gboolean ls_dict_delete  (LsVM *vm, LsDict *self, LsValue key, gboolean *found);
/* Inserts (key, value), `hash` being key's hash, when no entry on its
 * probe path has that hash (so that the key is absent and no __eq__
 * would run); FALSE, with nothing changed, otherwise. */
gboolean ls_dict_insert_unless_hash_seen (LsVM *vm, LsDict *self, LsValue key, gint64 hash, LsValue value);
/* Deletes `key` (hash `hash`) when its probe meets no other key of that
 * hash first (so that no __eq__ would run; absent keys too, *found then
 * FALSE); FALSE, with nothing changed, otherwise. */
gboolean ls_dict_delete_identical (LsDict *self, LsValue key, gint64 hash, gboolean *found);
/* Where a key is or would go, for C code that reads a key and then sets
 * or deletes it (the task step's _current_tasks): hashed and probed once.
 * Valid until the dict next changes. */
typedef struct
{
  gint64 hash;
  gssize entry;   /* -1: absent */
  gsize  slot;
} LsDictPosition;

gboolean ls_dict_find    (LsVM *vm, LsDict *self, LsValue key, LsDictPosition *pos, LsValue *value);
/* Sets the value at `pos` (from ls_dict_find), or inserts the key there:
 * then `pos` becomes the new entry's position. */
void     ls_dict_set_at  (LsVM *vm, LsDict *self, LsDictPosition *pos, LsValue key, LsValue value);
/* Deletes the entry at `pos`; the dict's last entry is dropped from the
 * entries, not left as a hole, so that a key deleted and inserted again
 * and again (_current_tasks' loop, twice a task step) does not grow the
 * entries until the index is rebuilt.  The order of the other keys is the
 * same either way. */
void     ls_dict_delete_at (LsDict *self, const LsDictPosition *pos);
/* The index's marks (ls-dict.c): no entry there, a deleted one. */
#define LS_DICT_INDEX_EMPTY (-1)
#define LS_DICT_INDEX_DUMMY (-2)
/* ls_dict_delete_at for the dict's last entry, inline: the caller knows
 * that `pos` is the last entry and that the dict is no class namespace
 * (_leave_task, once a task step). */
static inline void
ls_dict_delete_last_at (LsDict *self, const LsDictPosition *pos)
{
  self->index[pos->slot] = LS_DICT_INDEX_DUMMY;
  self->entries[pos->entry].key = LS_UNBOUND;
  self->entries[pos->entry].value = LS_UNBOUND;
  self->len--;
  self->n_entries--;
  self->keys_version = 0;
}
/* ls_dict_set_at inserting `key` as it was before ls_dict_delete_last_at
 * (`pos` from it), with no change of keys since: the probe would end at
 * the slot the key left (the slots before it on its path still hold
 * entries, as they did when it was put there), so this writes what
 * set_at writes without probing.  FALSE, having done nothing, when
 * set_at would first grow the dict (then the caller calls it). */
static inline gboolean
ls_dict_put_back_last (LsDict *self, LsDictPosition *pos, LsValue key, LsValue value)
{
  gsize n = self->n_entries;

  if (G_UNLIKELY (n >= self->entries_capacity || (n + 1) * 3 > self->index_size * 2))
    return FALSE;
  self->index[pos->slot] = (gint32) n;
  self->entries[n].key = key;
  self->entries[n].value = value;
  self->entries[n].hash = pos->hash;
  self->n_entries = n + 1;
  self->len++;
  self->keys_version = 0;
  pos->entry = (gssize) n;
  return TRUE;
}
/* Fast paths for str keys (names): never fail. */
LsValue  ls_dict_get_str (LsDict *self, LsStr *key);      /* LS_UNBOUND when absent */
void     ls_dict_set_str (LsVM *vm, LsDict *self, LsStr *key, LsValue value);
gboolean ls_dict_delete_str (LsDict *self, LsStr *key);
/* The entry number of str key `key`, or -1: for inline caches, which
 * read self->entries[n] while ls_dict_keys_version is unchanged. */
gssize   ls_dict_index_of_str (LsDict *self, LsStr *key);
/* Where C code last found a str key: for a name it reads from the same
 * dict again and again (the event loop's _ready, _debug...), valid while
 * that dict's keys_version is the one remembered (an index of -1: absent). */
typedef struct
{
  const LsDict *dict;
  guint64       version;
  gssize        index;
} LsDictStrCache;

LsValue  ls_dict_get_str_refill (LsDict *self, LsStr *key, LsDictStrCache *cache);
/* ls_dict_get_str through `cache`, which it refills on a miss. */
static inline LsValue
ls_dict_get_str_cached (LsDict *self, LsStr *key, LsDictStrCache *cache)
{
  if (G_LIKELY (cache->dict == self && cache->version == self->keys_version))
    return cache->index < 0 ? LS_UNBOUND : self->entries[cache->index].value;
  return ls_dict_get_str_refill (self, key, cache);
}
/* Where C code last found a str key in the dicts it reads it from, for
 * a key read from many dicts laid out alike (one attribute of every
 * instance of a class, which __init__ stores in the same order): the
 * entry numbers of the last two layouts, newest first. */
typedef struct
{
  guint32 index[2];
} LsDictStrHint;

/* ls_dict_get_str through `hint`: the key object itself at a remembered
 * entry is the answer (a dict's keys are unique, a deleted entry's key is
 * unbound); otherwise the lookup answers and `hint` remembers where. */
static inline LsValue
ls_dict_get_str_hinted (LsDict *self, LsStr *key, LsDictStrHint *hint)
{
  gssize ix;

  for (guint i = 0; i < 2; i++)
    {
      gsize n = hint->index[i];

      if (G_LIKELY (n < self->n_entries && self->entries[n].key.tag == LS_TAG_OBJECT &&
                    self->entries[n].key.o == &key->header))
        return self->entries[n].value;
    }
  ix = ls_dict_index_of_str (self, key);
  if (ix < 0)
    return LS_UNBOUND;
  hint->index[1] = hint->index[0];
  hint->index[0] = (guint32) ix;
  return self->entries[ix].value;
}
/* A nonzero number that stays the same until the dict's keys change. */
guint64  ls_dict_keys_version_slow (LsDict *self);
static inline guint64 ls_dict_keys_version (LsDict *self) { return G_LIKELY (self->keys_version != 0) ? self->keys_version : ls_dict_keys_version_slow (self); }
/* Iterates in insertion order: *position starts at 0. */
gboolean ls_dict_next    (LsDict *self, gsize *position, LsValue *key, LsValue *value);
void     ls_dict_clear   (LsVM *vm, LsDict *self);
/* Frees the entries and index (the sweep, before freeing the dict). */
void     ls_dict_free_storage (LsVM *vm, LsDict *self);
void     ls_dict_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-set.c — set and frozenset, with CPython 3.11's setobject.c table:
 * open addressing, LINEAR_PROBES neighbours before each perturbed jump,
 * the same resize points and the same merge shortcuts.  Given CPython's
 * hashes this gives CPython's iteration order, which programs print.
 *
 * An empty slot holds LS_UNBOUND with hash 0; a deleted one (CPython's
 * dummy) holds None with hash -1, a hash no live key can have.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-set.h"

#include "ls-auxlib.h"
#include "ls-builtins.h"
#include "ls-exception.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define MINSIZE 8

static gboolean
is_empty (const LsSetEntry *e)
{
  return ls_is_unbound (e->key) && e->hash == 0;
}

static gboolean
is_dummy (const LsSetEntry *e)
{
  return e->hash == -1 && ls_is_none (e->key);
}

static gboolean
is_active (const LsSetEntry *e)
{
  return !ls_is_unbound (e->key) && !is_dummy (e);
}

static gboolean
same_value (LsValue a, LsValue b)
{
  return a.tag == b.tag && (a.tag == LS_TAG_NONE || a.tag == LS_TAG_UNBOUND || a.i == b.i);
}

LsSet *
ls_set_new (LsVM     *vm,
            gboolean  frozen)
{
  LsTypeId type = frozen ? LS_TYPE_FROZENSET : LS_TYPE_SET;
  LsSet *self = ls_object_alloc (vm, LS_KIND_SET, vm->types[type], sizeof (LsSet));

  self->header.flags = frozen ? LS_SET_FROZEN : 0;
  self->mask = MINSIZE - 1;
  self->table = g_new0 (LsSetEntry, MINSIZE);
  return self;
}

static gboolean
is_frozen (const LsSet *self)
{
  return (self->header.flags & LS_SET_FROZEN) != 0;
}

/* ---- the table -------------------------------------------------------- */

/* Keys equal as set_lookkey decides: identity, str content, then __eq__.
 * *restart when __eq__ changed the table under us. */
static gboolean
keys_match (LsVM *vm, LsSet *self, LsSetEntry *entry, LsValue key, gboolean *equal, gboolean *restart)
{
  LsSetEntry *table = self->table;
  LsValue startkey = entry->key;

  *restart = FALSE;
  if (same_value (startkey, key))
    return *equal = TRUE;
  if (ls_is_kind (startkey, LS_KIND_STR) && ls_is_kind (key, LS_KIND_STR))
    {
      *equal = ls_str_equal ((LsStr *) startkey.o, (LsStr *) key.o);
      return TRUE;
    }
  if (!ls_equal (vm, startkey, key, equal))
    return FALSE;
  *restart = table != self->table || !same_value (entry->key, startkey);
  return TRUE;
}

/* set_lookkey: the entry holding key, or the empty slot ending the probe. */
static gboolean
lookkey (LsVM *vm, LsSet *self, LsValue key, gint64 hash, LsSetEntry **out)
{
  guint64 perturb = (guint64) hash;
  gsize mask = self->mask, i = (gsize) hash & mask;
  gboolean equal, restart;

  for (;;)
    {
      LsSetEntry *entry = &self->table[i];
      int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;

      do
        {
          if (is_empty (entry))
            {
              *out = entry;
              return TRUE;
            }
          if (entry->hash == hash)
            {
              if (!keys_match (vm, self, entry, key, &equal, &restart))
                return FALSE;
              if (restart)
                return lookkey (vm, self, key, hash, out);
              if (equal)
                {
                  *out = entry;
                  return TRUE;
                }
              mask = self->mask;
            }
          entry++;
        }
      while (probes--);
      perturb >>= PERTURB_SHIFT;
      i = (i * 5 + 1 + (gsize) perturb) & mask;
    }
}

/* set_insert_clean: for keys known absent from a table without dummies. */
static void
insert_clean (LsSetEntry *table, gsize mask, LsValue key, gint64 hash)
{
  guint64 perturb = (guint64) hash;
  gsize i = (gsize) hash & mask;

  for (;;)
    {
      LsSetEntry *entry = &table[i];

      if (ls_is_unbound (entry->key))
        goto found;
      if (i + LINEAR_PROBES <= mask)
        for (int j = 0; j < LINEAR_PROBES; j++)
          {
            entry++;
            if (ls_is_unbound (entry->key))
              goto found;
          }
      perturb >>= PERTURB_SHIFT;
      i = (i * 5 + 1 + (gsize) perturb) & mask;
      continue;
    found:
      entry->key = key;
      entry->hash = hash;
      return;
    }
}

/* set_table_resize: the smallest power of two above minused. */
static void
table_resize (LsSet *self, gsize minused)
{
  gsize newsize = MINSIZE, oldsize = self->mask + 1;
  LsSetEntry *old = self->table;

  while (newsize <= minused)
    newsize <<= 1;
  if (newsize == MINSIZE && oldsize == MINSIZE && self->fill == self->used)
    return;
  self->table = g_new0 (LsSetEntry, newsize);
  self->mask = newsize - 1;
  self->fill = self->used;
  for (gsize i = 0; i < oldsize; i++)
    if (is_active (&old[i]))
      insert_clean (self->table, self->mask, old[i].key, old[i].hash);
  g_free (old);
}

static gsize
grown_size (const LsSet *self)
{
  return self->used > 50000 ? self->used * 2 : self->used * 4;
}

/* set_add_entry: a dummy passed on the way is reused (the last one seen,
 * as CPython's loop leaves it). */
static gboolean
add_entry (LsVM *vm, LsSet *self, LsValue key, gint64 hash)
{
  gboolean equal, restart;

restart:
  {
    gsize mask = self->mask, i = (gsize) hash & mask;
    guint64 perturb = (guint64) hash;
    LsSetEntry *freeslot = NULL, *entry;

    for (;;)
      {
        int probes;

        entry = &self->table[i];
        probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do
          {
            if (is_empty (entry))
              goto found_unused_or_dummy;
            if (entry->hash == hash)
              {
                if (!keys_match (vm, self, entry, key, &equal, &restart))
                  return FALSE;
                if (equal)
                  return TRUE;
                if (restart)
                  goto restart;
                mask = self->mask;
              }
            else if (is_dummy (entry))
              freeslot = entry;
            entry++;
          }
        while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + (gsize) perturb) & mask;
      }

  found_unused_or_dummy:
    self->used++;
    if (freeslot != NULL)
      {
        freeslot->key = key;
        freeslot->hash = hash;
        return TRUE;
      }
    self->fill++;
    entry->key = key;
    entry->hash = hash;
    if (self->fill * 5 >= mask * 3)
      {
        gsize before = self->mask + 1;

        table_resize (self, grown_size (self));
        if (self->mask + 1 > before)
          ls_object_account (vm, (self->mask + 1 - before) * sizeof (LsSetEntry));
      }
    return TRUE;
  }
}

/* A set used as a key (x in s, s.remove(x)) is looked up as a frozenset. */
static LsValue
hashable_key (LsVM *vm, LsValue key)
{
  LsSet *set = ls_value_set (key), *frozen;

  if (set == NULL || is_frozen (set))
    return key;
  frozen = ls_set_new (vm, TRUE);
  for (gsize i = 0; i <= set->mask; i++)
    if (is_active (&set->table[i]))
      add_entry (vm, frozen, set->table[i].key, set->table[i].hash);
  return ls_obj (frozen);
}

gboolean
ls_set_add (LsVM    *vm,
            LsSet   *self,
            LsValue  key)
{
  gint64 hash;

  return ls_hash (vm, key, &hash) && add_entry (vm, self, key, hash);
}

static gboolean
contains_entry (LsVM *vm, LsSet *self, LsValue key, gint64 hash, gboolean *found)
{
  LsSetEntry *entry;

  if (!lookkey (vm, self, key, hash, &entry))
    return FALSE;
  *found = !ls_is_unbound (entry->key);
  return TRUE;
}

gboolean
ls_set_contains (LsVM     *vm,
                 LsSet    *self,
                 LsValue   key,
                 gboolean *found)
{
  gint64 hash;

  key = hashable_key (vm, key);
  return ls_hash (vm, key, &hash) && contains_entry (vm, self, key, hash, found);
}

static gboolean
discard_entry (LsVM *vm, LsSet *self, LsValue key, gint64 hash, gboolean *found)
{
  LsSetEntry *entry;

  if (!lookkey (vm, self, key, hash, &entry))
    return FALSE;
  *found = !ls_is_unbound (entry->key);
  if (*found)
    {
      entry->key = LS_NONE;
      entry->hash = -1;
      self->used--;
    }
  return TRUE;
}

gboolean
ls_set_discard (LsVM     *vm,
                LsSet    *self,
                LsValue   key,
                gboolean *found)
{
  gint64 hash;

  key = hashable_key (vm, key);
  return ls_hash (vm, key, &hash) && discard_entry (vm, self, key, hash, found);
}

gboolean
ls_set_next (LsSet   *self,
             gsize   *position,
             LsValue *key)
{
  while (*position <= self->mask)
    {
      LsSetEntry *entry = &self->table[(*position)++];

      if (is_active (entry))
        {
          *key = entry->key;
          return TRUE;
        }
    }
  return FALSE;
}

/* set_next with the hash too. */
static gboolean
next_entry (LsSet *self, gsize *position, LsSetEntry **out)
{
  while (*position <= self->mask)
    {
      LsSetEntry *entry = &self->table[(*position)++];

      if (is_active (entry))
        {
          *out = entry;
          return TRUE;
        }
    }
  return FALSE;
}

static void
clear (LsSet *self)
{
  g_free (self->table);
  self->table = g_new0 (LsSetEntry, MINSIZE);
  self->mask = MINSIZE - 1;
  self->fill = self->used = 0;
}

/* set_merge */
static gboolean
merge (LsVM *vm, LsSet *self, LsSet *other)
{
  LsSetEntry *entry;

  if (other == self || other->used == 0)
    return TRUE;
  if ((self->fill + other->used) * 5 >= self->mask * 3)
    table_resize (self, (self->used + other->used) * 2);
  if (self->fill == 0 && self->mask == other->mask && other->fill == other->used)
    {
      memcpy (self->table, other->table, (other->mask + 1) * sizeof (LsSetEntry));
      self->fill = other->fill;
      self->used = other->used;
      return TRUE;
    }
  if (self->fill == 0)
    {
      self->fill = self->used = other->used;
      for (gsize i = 0; i <= other->mask; i++)
        if (is_active (&other->table[i]))
          insert_clean (self->table, self->mask, other->table[i].key, other->table[i].hash);
      return TRUE;
    }
  for (gsize pos = 0; next_entry (other, &pos, &entry);)
    if (!add_entry (vm, self, entry->key, entry->hash))
      return FALSE;
  return TRUE;
}

/* set_update_internal: sets merge, dicts reuse their hashes, anything
 * else is iterated. */
static gboolean
update_internal (LsVM *vm, LsSet *self, LsValue other)
{
  LsDict *dict;
  LsValue list;

  if (ls_is_kind (other, LS_KIND_SET))
    return merge (vm, self, (LsSet *) other.o);
  if ((dict = ls_value_dict (other)) != NULL)
    {
      if ((self->fill + dict->len) * 5 >= self->mask * 3)
        table_resize (self, (self->used + dict->len) * 2);
      for (gsize i = 0; i < dict->n_entries; i++)
        if (!ls_is_unbound (dict->entries[i].key)
            && !add_entry (vm, self, dict->entries[i].key, dict->entries[i].hash))
          return FALSE;
      return TRUE;
    }
  if (!ls_iterate_to_list (vm, other, &list))
    return FALSE;
  for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
    if (!ls_set_add (vm, self, ((LsList *) list.o)->items[i]))
      return FALSE;
  return TRUE;
}

/* make_new_set_basetype: set results keep the receiver's kind. */
static LsSet *
new_like (LsVM *vm, LsSet *self)
{
  return ls_set_new (vm, is_frozen (self));
}

static LsSet *
copy_of (LsVM *vm, LsSet *self)
{
  LsSet *copy = new_like (vm, self);

  merge (vm, copy, self);
  return copy;
}

/* ---- algebra ---------------------------------------------------------- */

/* set_intersection */
static gboolean
intersection (LsVM *vm, LsSet *self, LsValue other, LsSet **out)
{
  LsSet *result, *small, *large;
  LsSetEntry *entry;
  LsValue list;
  gboolean found;
  gint64 hash;

  if (ls_is_object (other) && other.o == &self->header)
    {
      *out = copy_of (vm, self);
      return TRUE;
    }
  result = *out = new_like (vm, self);
  if (ls_is_kind (other, LS_KIND_SET))
    {
      large = self;
      small = (LsSet *) other.o;
      if (small->used > large->used)
        {
          large = small;
          small = self;
        }
      for (gsize pos = 0; next_entry (small, &pos, &entry);)
        if (!contains_entry (vm, large, entry->key, entry->hash, &found)
            || (found && !add_entry (vm, result, entry->key, entry->hash)))
          return FALSE;
      return TRUE;
    }
  if (!ls_iterate_to_list (vm, other, &list))
    return FALSE;
  for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
    {
      LsValue key = ((LsList *) list.o)->items[i];

      if (!ls_hash (vm, key, &hash) || !contains_entry (vm, self, key, hash, &found)
          || (found && !add_entry (vm, result, key, hash)))
        return FALSE;
      if (found && result->used >= self->used)
        break;
    }
  return TRUE;
}

/* Replaces self's table by other's (set_swap_bodies, one way). */
static void
take_body (LsSet *self, LsSet *other)
{
  LsSetEntry *table = self->table;

  self->table = other->table;
  self->mask = other->mask;
  self->fill = other->fill;
  self->used = other->used;
  other->table = table;
  other->mask = MINSIZE - 1;
  other->fill = other->used = 0;
  memset (table, 0, MINSIZE * sizeof (LsSetEntry));
}

/* set_difference_update_internal */
static gboolean
difference_update (LsVM *vm, LsSet *self, LsValue other)
{
  LsSetEntry *entry;
  LsSet *other_set;
  LsValue list;
  gboolean found;

  if (ls_is_object (other) && other.o == &self->header)
    {
      clear (self);
      return TRUE;
    }
  if ((other_set = ls_value_set (other)) != NULL)
    {
      if ((other_set->used >> 3) > self->used && !intersection (vm, self, other, &other_set))
        return FALSE;
      for (gsize pos = 0; next_entry (other_set, &pos, &entry);)
        if (!discard_entry (vm, self, entry->key, entry->hash, &found))
          return FALSE;
    }
  else
    {
      if (!ls_iterate_to_list (vm, other, &list))
        return FALSE;
      for (gsize i = 0; i < ((LsList *) list.o)->len; i++)
        if (!ls_set_discard (vm, self, ((LsList *) list.o)->items[i], &found))
          return FALSE;
    }
  if (self->fill - self->used > self->mask / 4)
    table_resize (self, grown_size (self));
  return TRUE;
}

/* set_difference */
static gboolean
difference (LsVM *vm, LsSet *self, LsValue other, LsSet **out)
{
  LsSetEntry *entry;
  LsSet *result;
  gsize other_size;
  gboolean found;
  LsValue value;

  if (ls_is_kind (other, LS_KIND_SET))
    other_size = ((LsSet *) other.o)->used;
  else if (ls_is_kind (other, LS_KIND_DICT))
    other_size = ((LsDict *) other.o)->len;
  else
    other_size = G_MAXSIZE;
  if (other_size == G_MAXSIZE || (self->used >> 2) > other_size)
    {
      *out = copy_of (vm, self);
      return difference_update (vm, *out, other);
    }
  result = *out = new_like (vm, self);
  for (gsize pos = 0; next_entry (self, &pos, &entry);)
    {
      if (ls_is_kind (other, LS_KIND_DICT))
        {
          if (!ls_dict_get (vm, (LsDict *) other.o, entry->key, &value, &found))
            return FALSE;
        }
      else if (!contains_entry (vm, (LsSet *) other.o, entry->key, entry->hash, &found))
        return FALSE;
      if (!found && !add_entry (vm, result, entry->key, entry->hash))
        return FALSE;
    }
  return TRUE;
}

/* set_symmetric_difference_update */
static gboolean
symmetric_difference_update (LsVM *vm, LsSet *self, LsValue other)
{
  LsSet *other_set;
  LsSetEntry *entry;
  gboolean found;

  if (ls_is_object (other) && other.o == &self->header)
    {
      clear (self);
      return TRUE;
    }
  if (ls_is_kind (other, LS_KIND_DICT))
    {
      LsDict *dict = (LsDict *) other.o;

      for (gsize i = 0; i < dict->n_entries; i++)
        if (!ls_is_unbound (dict->entries[i].key)
            && (!discard_entry (vm, self, dict->entries[i].key, dict->entries[i].hash, &found)
                || (!found && !add_entry (vm, self, dict->entries[i].key, dict->entries[i].hash))))
          return FALSE;
      return TRUE;
    }
  if ((other_set = ls_value_set (other)) == NULL)
    {
      other_set = new_like (vm, self);
      if (!update_internal (vm, other_set, other))
        return FALSE;
    }
  for (gsize pos = 0; next_entry (other_set, &pos, &entry);)
    if (!discard_entry (vm, self, entry->key, entry->hash, &found)
        || (!found && !add_entry (vm, self, entry->key, entry->hash)))
      return FALSE;
  return TRUE;
}

static gboolean
symmetric_difference (LsVM *vm, LsSet *self, LsValue other, LsSet **out)
{
  *out = new_like (vm, self);
  return update_internal (vm, *out, other)
         && symmetric_difference_update (vm, *out, ls_obj (self));
}

/* set_issubset */
static gboolean
is_subset (LsVM *vm, LsSet *self, LsValue other, gboolean *out)
{
  LsSet *other_set;
  LsSetEntry *entry;

  if ((other_set = ls_value_set (other)) == NULL)
    {
      other_set = ls_set_new (vm, FALSE);
      if (!update_internal (vm, other_set, other))
        return FALSE;
    }
  *out = self->used <= other_set->used;
  for (gsize pos = 0; *out && next_entry (self, &pos, &entry);)
    if (!contains_entry (vm, other_set, entry->key, entry->hash, out))
      return FALSE;
  return TRUE;
}

/* set_issuperset */
static gboolean
is_superset (LsVM *vm, LsSet *self, LsValue other, gboolean *out)
{
  LsValue list;

  if (ls_is_kind (other, LS_KIND_SET))
    return is_subset (vm, (LsSet *) other.o, ls_obj (self), out);
  if (!ls_iterate_to_list (vm, other, &list))
    return FALSE;
  *out = TRUE;
  for (gsize i = 0; *out && i < ((LsList *) list.o)->len; i++)
    if (!ls_set_contains (vm, self, ((LsList *) list.o)->items[i], out))
      return FALSE;
  return TRUE;
}

static gboolean
is_disjoint (LsVM *vm, LsSet *self, LsValue other, gboolean *out)
{
  LsSet *result;

  if (!intersection (vm, self, other, &result))
    return FALSE;
  *out = result->used == 0;
  return TRUE;
}

/* frozenset_hash of CPython 3.11, over the whole table as it does. */
static guint64
shuffle_bits (guint64 h)
{
  return ((h ^ G_GUINT64_CONSTANT (89869747)) ^ (h << 16)) * G_GUINT64_CONSTANT (3644798167);
}

static gint64
frozenset_hash (LsSet *self)
{
  guint64 hash = 0;

  for (gsize i = 0; i <= self->mask; i++)
    hash ^= shuffle_bits ((guint64) self->table[i].hash);
  if ((self->mask + 1 - self->fill) & 1)
    hash ^= shuffle_bits (0);
  if ((self->fill - self->used) & 1)
    hash ^= shuffle_bits ((guint64) -1);
  hash ^= ((guint64) self->used + 1) * G_GUINT64_CONSTANT (1927868237);
  hash ^= (hash >> 11) ^ (hash >> 25);
  hash = hash * 69069U + G_GUINT64_CONSTANT (907133923);
  if (hash == G_MAXUINT64)
    hash = 590923713;
  return (gint64) hash;
}

/* ---- natives ------------------------------------------------------------ */

/* Methods shared by set and frozenset check for either. */
static gboolean
set_prologue (LsVM *vm, const char *method, const LsValue *args, guint n_args, LsTuple *kwnames,
              guint min, guint max)
{
  char qualified[64];

  if (n_args == 0 || !ls_is_kind (args[0], LS_KIND_SET))
    return ls_aux_check_self (vm, args, n_args, LS_KIND_SET, "set", method);
  /* the qualified name only for the error: formatting it was ~900
   * instructions, most of a call of `len`, `in` or `add` on a set */
  if ((kwnames == NULL || kwnames->len == 0) && n_args - 1 >= min && n_args - 1 <= max)
    return TRUE;
  g_snprintf (qualified, sizeof qualified, "%s.%s", is_frozen ((LsSet *) args[0].o) ? "frozenset" : "set", method);
  return ls_aux_no_kwargs (vm, qualified, kwnames) && ls_aux_arity (vm, qualified, n_args - 1, min, max);
}

#define PROLOGUE(name, min, max) \
  if (!set_prologue (vm, name, args, n_args, kwnames, min, max)) \
    return FALSE; \
  LsSet *self = (LsSet *) args[0].o

/* set() / set(iterable), frozenset() / frozenset(iterable) */
static gboolean
construct (LsVM *vm, const char *name, gboolean frozen, const LsValue *args, guint n_args, LsTuple *kwnames,
           LsValue *result)
{
  LsSet *self;

  if (!ls_aux_check_new (vm, name, args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, name, kwnames) || !ls_aux_arity (vm, name, n_args - 1, 0, 1))
    return FALSE;
  if (frozen && n_args == 2 && ls_is_kind (args[1], LS_KIND_SET) && is_frozen ((LsSet *) args[1].o))
    {
      *result = args[1];
      return TRUE;
    }
  self = ls_set_new (vm, frozen);
  if (n_args == 2 && !update_internal (vm, self, args[1]))
    return FALSE;
  *result = ls_obj (self);
  return TRUE;
}

NATIVE (set_new) { return construct (vm, "set", FALSE, args, n_args, kwnames, result); }
NATIVE (frozenset_new) { return construct (vm, "frozenset", TRUE, args, n_args, kwnames, result); }

NATIVE (set_repr)
{
  const char *type_name;
  LsValue key;
  GString *out;
  gboolean ok = TRUE, first = TRUE;

  PROLOGUE ("__repr__", 0, 0);
  type_name = is_frozen (self) ? "frozenset" : "set";
  out = g_string_new (NULL);
  if (self->used == 0 || !ls_aux_repr_enter (&self->header))
    {
      g_string_printf (out, "%s(%s)", type_name, self->used == 0 ? "" : "...");
      *result = ls_aux_gstring (vm, out);
      return TRUE;
    }
  if (is_frozen (self))
    g_string_append (out, "frozenset(");
  g_string_append_c (out, '{');
  for (gsize pos = 0; ok && ls_set_next (self, &pos, &key); first = FALSE)
    {
      if (!first)
        g_string_append (out, ", ");
      ok = ls_repr_append (vm, key, out);
    }
  ls_aux_repr_leave (&self->header);
  if (!ok)
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  g_string_append (out, is_frozen (self) ? "})" : "}");
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (set_len)
{
  PROLOGUE ("__len__", 0, 0);
  *result = ls_int ((gint64) self->used);
  return TRUE;
}

NATIVE (set_contains)
{
  gboolean found;

  PROLOGUE ("__contains__", 1, 1);
  if (!ls_set_contains (vm, self, args[1], &found))
    return FALSE;
  *result = ls_bool (found);
  return TRUE;
}

NATIVE (set_hash)
{
  PROLOGUE ("__hash__", 0, 0);
  *result = ls_int (frozenset_hash (self));
  return TRUE;
}

/* set_iterator: index is the next table position, stop the size the set
 * had when iteration began. */
static gboolean
set_iter_next (LsVM *vm, LsIterator *it, LsValue *value, gboolean *exhausted)
{
  LsSet *set = (LsSet *) it->source.o;
  gsize position = (gsize) it->index;

  *exhausted = TRUE;
  if (it->index < 0)
    return TRUE;
  if ((gint64) set->used != it->stop)
    {
      it->index = -1;
      return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "Set changed size during iteration");
    }
  *exhausted = !ls_set_next (set, &position, value);
  it->index = *exhausted ? -1 : (gint64) position;
  return TRUE;
}

NATIVE (set_iter)
{
  LsIterator *it;

  PROLOGUE ("__iter__", 0, 0);
  it = ls_iterator_new (vm, vm->types[LS_TYPE_SET_ITERATOR], set_iter_next, ls_obj (self), LS_NONE);
  it->stop = (gint64) self->used;
  *result = ls_obj (it);
  return TRUE;
}

/* ---- mutators (set only) ---------------------------------------------- */

NATIVE (set_add)
{
  PROLOGUE ("add", 1, 1);
  *result = LS_NONE;
  return ls_set_add (vm, self, args[1]);
}

NATIVE (set_discard)
{
  gboolean found;

  PROLOGUE ("discard", 1, 1);
  *result = LS_NONE;
  return ls_set_discard (vm, self, args[1], &found);
}

NATIVE (set_remove)
{
  gboolean found;

  PROLOGUE ("remove", 1, 1);
  *result = LS_NONE;
  if (!ls_set_discard (vm, self, args[1], &found))
    return FALSE;
  return found ? TRUE : ls_aux_key_error (vm, args[1]);
}

/* set_pop: a finger remembers where the last pop stopped. */
NATIVE (set_pop)
{
  LsSetEntry *entry;

  PROLOGUE ("pop", 0, 0);
  if (self->used == 0)
    return ls_aux_key_error (vm, ls_obj (ls_str_new_cstr (vm, "pop from an empty set")));
  entry = self->table + (self->finger & self->mask);
  while (!is_active (entry))
    {
      entry++;
      if (entry > self->table + self->mask)
        entry = self->table;
    }
  *result = entry->key;
  entry->key = LS_NONE;
  entry->hash = -1;
  self->used--;
  self->finger = (gsize) (entry - self->table) + 1;
  return TRUE;
}

NATIVE (set_clear)
{
  PROLOGUE ("clear", 0, 0);
  clear (self);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (set_copy)
{
  PROLOGUE ("copy", 0, 0);
  *result = is_frozen (self) ? ls_obj (self) : ls_obj (copy_of (vm, self));
  return TRUE;
}

NATIVE (set_update)
{
  PROLOGUE ("update", 0, G_MAXUINT);
  for (guint i = 1; i < n_args; i++)
    if (!update_internal (vm, self, args[i]))
      return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (set_union)
{
  LsSet *out;

  PROLOGUE ("union", 0, G_MAXUINT);
  out = copy_of (vm, self);
  for (guint i = 1; i < n_args; i++)
    if (!(ls_is_object (args[i]) && args[i].o == &self->header) && !update_internal (vm, out, args[i]))
      return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (set_intersection)
{
  LsSet *out = NULL;

  PROLOGUE ("intersection", 0, G_MAXUINT);
  if (n_args == 1)
    out = copy_of (vm, self);
  for (guint i = 1; i < n_args; i++)
    if (!intersection (vm, i == 1 ? self : out, args[i], &out))
      return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (set_intersection_update)
{
  LsSet *out;

  PROLOGUE ("intersection_update", 0, G_MAXUINT);
  out = self;
  for (guint i = 1; i < n_args; i++)
    if (!intersection (vm, out, args[i], &out))
      return FALSE;
  if (out != self)
    take_body (self, out);
  *result = LS_NONE;
  return TRUE;
}

NATIVE (set_difference)
{
  LsSet *out;

  PROLOGUE ("difference", 0, G_MAXUINT);
  if (n_args == 1)
    out = copy_of (vm, self);
  else if (!difference (vm, self, args[1], &out))
    return FALSE;
  for (guint i = 2; i < n_args; i++)
    if (!difference_update (vm, out, args[i]))
      return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (set_difference_update)
{
  PROLOGUE ("difference_update", 0, G_MAXUINT);
  for (guint i = 1; i < n_args; i++)
    if (!difference_update (vm, self, args[i]))
      return FALSE;
  *result = LS_NONE;
  return TRUE;
}

NATIVE (set_symmetric_difference)
{
  LsSet *out;

  PROLOGUE ("symmetric_difference", 1, 1);
  if (!symmetric_difference (vm, self, args[1], &out))
    return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

NATIVE (set_symmetric_difference_update)
{
  PROLOGUE ("symmetric_difference_update", 1, 1);
  *result = LS_NONE;
  return symmetric_difference_update (vm, self, args[1]);
}

#define SET_PREDICATE(fname, name, test) \
  NATIVE (fname) \
  { \
    gboolean answer; \
    PROLOGUE (name, 1, 1); \
    if (!test (vm, self, args[1], &answer)) \
      return FALSE; \
    *result = ls_bool (answer); \
    return TRUE; \
  }

SET_PREDICATE (set_issubset, "issubset", is_subset)
SET_PREDICATE (set_issuperset, "issuperset", is_superset)
SET_PREDICATE (set_isdisjoint, "isdisjoint", is_disjoint)

/* ---- operators: both operands must be sets ----------------------------- */

typedef enum { OP_OR, OP_AND, OP_SUB, OP_XOR } SetOp;

static gboolean
binary (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, SetOp op, gboolean inplace,
        LsValue *result)
{
  LsSet *out = NULL;
  gboolean ok;

  PROLOGUE ("__or__", 1, 1);
  if (!ls_is_kind (args[1], LS_KIND_SET))
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  switch (op)
    {
    case OP_OR:
      out = inplace ? self : copy_of (vm, self);
      ok = update_internal (vm, out, args[1]);
      break;
    case OP_AND:
      ok = intersection (vm, self, args[1], &out);
      if (ok && inplace)
        take_body (self, out), out = self;
      break;
    case OP_SUB:
      if (inplace)
        ok = difference_update (vm, out = self, args[1]);
      else
        ok = difference (vm, self, args[1], &out);
      break;
    case OP_XOR:
    default:
      if (inplace)
        ok = symmetric_difference_update (vm, out = self, args[1]);
      else
        ok = symmetric_difference (vm, self, args[1], &out);
      break;
    }
  if (!ok)
    return FALSE;
  *result = ls_obj (out);
  return TRUE;
}

#define SET_BINARY(fname, op, inplace) \
  NATIVE (fname) { return binary (vm, args, n_args, kwnames, op, inplace, result); }

SET_BINARY (set_or, OP_OR, FALSE)
SET_BINARY (set_and, OP_AND, FALSE)
SET_BINARY (set_sub, OP_SUB, FALSE)
SET_BINARY (set_xor, OP_XOR, FALSE)
SET_BINARY (set_ior, OP_OR, TRUE)
SET_BINARY (set_iand, OP_AND, TRUE)
SET_BINARY (set_isub, OP_SUB, TRUE)
SET_BINARY (set_ixor, OP_XOR, TRUE)

/* set_richcompare */
static gboolean
compare (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsCompareOp op, LsValue *result)
{
  LsSet *other;
  gboolean answer;

  PROLOGUE ("__eq__", 1, 1);
  if ((other = ls_value_set (args[1])) == NULL)
    {
      *result = vm->not_implemented;
      return TRUE;
    }
  switch (op)
    {
    case LS_CMP_EQ:
    case LS_CMP_NOT_EQ:
      answer = self->used == other->used;
      if (answer && !is_subset (vm, self, args[1], &answer))
        return FALSE;
      answer = answer == (op == LS_CMP_EQ);
      break;
    case LS_CMP_LT_E:
      if (!is_subset (vm, self, args[1], &answer))
        return FALSE;
      break;
    case LS_CMP_GT_E:
      if (!is_superset (vm, self, args[1], &answer))
        return FALSE;
      break;
    case LS_CMP_LT:
      answer = self->used < other->used;
      if (answer && !is_subset (vm, self, args[1], &answer))
        return FALSE;
      break;
    case LS_CMP_GT:
    default:
      answer = self->used > other->used;
      if (answer && !is_superset (vm, self, args[1], &answer))
        return FALSE;
      break;
    }
  *result = ls_bool (answer);
  return TRUE;
}

#define SET_COMPARE(fname, op) \
  NATIVE (fname) { return compare (vm, args, n_args, kwnames, op, result); }

SET_COMPARE (set_eq, LS_CMP_EQ)
SET_COMPARE (set_ne, LS_CMP_NOT_EQ)
SET_COMPARE (set_lt, LS_CMP_LT)
SET_COMPARE (set_le, LS_CMP_LT_E)
SET_COMPARE (set_gt, LS_CMP_GT)
SET_COMPARE (set_ge, LS_CMP_GT_E)

/* ---- the classes ------------------------------------------------------ */

static const LsAuxMethod common_methods[] = {
  { "__repr__", set_repr },
  { "__len__", set_len },
  { "__contains__", set_contains },
  { "__iter__", set_iter },
  { "__eq__", set_eq },
  { "__ne__", set_ne },
  { "__lt__", set_lt },
  { "__le__", set_le },
  { "__gt__", set_gt },
  { "__ge__", set_ge },
  { "__or__", set_or },
  { "__and__", set_and },
  { "__sub__", set_sub },
  { "__xor__", set_xor },
  { "copy", set_copy },
  { "union", set_union },
  { "intersection", set_intersection },
  { "difference", set_difference },
  { "symmetric_difference", set_symmetric_difference },
  { "issubset", set_issubset },
  { "issuperset", set_issuperset },
  { "isdisjoint", set_isdisjoint },
};

static const LsAuxMethod set_only_methods[] = {
  { "__new__", set_new },
  { "__ior__", set_ior },
  { "__iand__", set_iand },
  { "__isub__", set_isub },
  { "__ixor__", set_ixor },
  { "add", set_add },
  { "discard", set_discard },
  { "remove", set_remove },
  { "pop", set_pop },
  { "clear", set_clear },
  { "update", set_update },
  { "intersection_update", set_intersection_update },
  { "difference_update", set_difference_update },
  { "symmetric_difference_update", set_symmetric_difference_update },
};

void
ls_set_class_init (LsVM    *vm,
                   LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, common_methods);
  LS_AUX_ADD_METHODS (vm, cls, set_only_methods);
  ls_dict_set_str (vm, cls->dict, ls_str_intern_cstr (vm, "__hash__"), LS_NONE);
}

void
ls_frozenset_class_init (LsVM    *vm,
                         LsClass *cls)
{
  LS_AUX_ADD_METHODS (vm, cls, common_methods);
  ls_class_add_method (vm, cls, "__new__", (gpointer) frozenset_new);
  ls_class_add_method (vm, cls, "__hash__", (gpointer) set_hash);
}

/* A set display of three or more constants ({1, 2, 3}): CPython's
 * compiler folds the items into a frozenset, rebuilds that frozenset
 * from its own iteration order when it merges constants, and BUILD_SET
 * copies it.  When hashes collide the rebuild moves items, so the
 * printed order differs from adding the items one by one. */
gboolean
ls_set_new_constant_display (LsVM          *vm,
                             const LsValue *items,
                             gsize          n,
                             LsValue       *out)
{
  LsSet *folded = ls_set_new (vm, TRUE), *merged = ls_set_new (vm, TRUE), *result = ls_set_new (vm, FALSE);
  LsValue key;

  for (gsize i = 0; i < n; i++)
    if (!ls_set_add (vm, folded, items[i]))
      return FALSE;
  for (gsize pos = 0; ls_set_next (folded, &pos, &key);)
    if (!ls_set_add (vm, merged, key))
      return FALSE;
  if (!merge (vm, result, merged))
    return FALSE;
  *out = ls_obj (result);
  return TRUE;
}

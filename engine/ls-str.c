/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-str.c — str objects: construction, interning, hashing, comparison.
 * The Python-visible methods live in ls-strlib.c. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-str.h"
#include "ls-vm.h"

static gboolean
is_ascii (const char *utf8,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) utf8[i] >= 0x80)
      return FALSE;
  return TRUE;
}

LsStr *
ls_str_new (LsVM       *vm,
            const char *utf8,
            gsize       len)
{
  LsStr *self = ls_object_alloc (vm, LS_KIND_STR, vm->types[LS_TYPE_STR], sizeof (LsStr) + len + 1);

  memcpy (self->data, utf8, len);
  self->data[len] = '\0';
  self->len = len;
  self->ascii = is_ascii (utf8, len);
  self->n_chars = self->ascii ? len : (gsize) g_utf8_strlen (utf8, (gssize) len);
  /* g_utf8_strlen stops at NUL bytes; count them back in */
  if (!self->ascii && memchr (utf8, 0, len) != NULL)
    {
      gsize n = 0;
      for (gsize i = 0; i < len; i++)
        n += ((guchar) utf8[i] & 0xc0) != 0x80;
      self->n_chars = n;
    }
  return self;
}

LsStr *
ls_str_new_cstr (LsVM       *vm,
                 const char *utf8)
{
  return ls_str_new (vm, utf8, strlen (utf8));
}

LsStr *
ls_str_take_gstring (LsVM    *vm,
                     GString *string)
{
  LsStr *self = ls_str_new (vm, string->str, string->len);

  g_string_free (string, TRUE);
  return self;
}

LsStr *
ls_str_intern (LsVM       *vm,
               const char *utf8,
               gsize       len)
{
  LsStr *self;

  /* Names never contain NUL, so the C string is the key. */
  if (memchr (utf8, 0, len) == NULL)
    {
      g_autofree char *key = g_strndup (utf8, len);

      self = g_hash_table_lookup (vm->interned, key);
      if (self != NULL)
        return self;
    }
  else
    return ls_str_new (vm, utf8, len);

  self = ls_str_new (vm, utf8, len);
  self->interned = 1;
  g_hash_table_insert (vm->interned, self->data, self);
  return self;
}

LsStr *
ls_str_intern_cstr (LsVM       *vm,
                    const char *utf8)
{
  LsStr *self = g_hash_table_lookup (vm->interned, utf8);

  return self != NULL ? self : ls_str_intern (vm, utf8, strlen (utf8));
}

gint64
ls_str_hash (LsStr *self)
{
  /* FNV-1a over the UTF-8 bytes.  Dicts keep insertion order, so only set
   * iteration order of strings depends on this (see ls-set.h). */
  if (!self->has_hash)
    {
      guint64 h = 14695981039346656037ull;

      for (gsize i = 0; i < self->len; i++)
        {
          h ^= (guchar) self->data[i];
          h *= 1099511628211ull;
        }
      self->hash = (gint64) (h >> 1);
      if (self->hash == -1)
        self->hash = -2;
      self->has_hash = 1;
    }
  return self->hash;
}

gboolean
ls_str_equal (const LsStr *a,
              const LsStr *b)
{
  if (a == b)
    return TRUE;
  if (a->interned && b->interned)
    return FALSE;
  return a->len == b->len && memcmp (a->data, b->data, a->len) == 0;
}

int
ls_str_compare (const LsStr *a,
                const LsStr *b)
{
  /* UTF-8 byte order is code point order. */
  int c = memcmp (a->data, b->data, MIN (a->len, b->len));

  if (c != 0)
    return c < 0 ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

gsize
ls_str_offset_of (const LsStr *self,
                  gsize        index)
{
  const char *p = self->data;

  if (self->ascii)
    return index;
  for (gsize i = 0; i < index; i++)
    {
      p++;
      while (((guchar) *p & 0xc0) == 0x80)
        p++;
    }
  return (gsize) (p - self->data);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-str.c — str objects: construction, interning, hashing, comparison.
 * The Python-visible methods live in ls-strlib.c. */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>
#ifdef __linux__
#include <link.h>
#endif

#include "ls-str.h"
#include "ls-vm.h"

/* Eight bytes at a time: every str made is checked. */
static gboolean
is_ascii (const char *utf8,
          gsize       len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, utf8 + i, sizeof word);
      if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
        return FALSE;
    }
  for (; i < len; i++)
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
ls_str_new_ascii (LsVM       *vm,
                  const char *ascii,
                  gsize       len)
{
  LsStr *self = ls_object_alloc (vm, LS_KIND_STR, vm->types[LS_TYPE_STR], sizeof (LsStr) + len + 1);

  memcpy (self->data, ascii, len);
  self->data[len] = '\0';
  self->len = len;
  self->ascii = TRUE;
  self->n_chars = len;
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

/* The table of interned strings: the VM's own open addressing by the
 * str's hash (CPython's, computed when the str is interned; names become
 * dict keys anyway), linear probing, at most half full, sized at first
 * for the library's ~1,400 names.  It was a GHashTable keyed by the text:
 * a call through a pointer to hash and one to compare at every probe, and
 * eight rehashes as it grew from 8 slots, 0.5 M of an empty run's 5.2 M
 * instructions. */
#define INTERN_TABLE_FIRST_SIZE 4096u

void
ls_str_intern_table_init (LsVM *vm)
{
  vm->interned = g_new0 (LsStr *, INTERN_TABLE_FIRST_SIZE);
  vm->interned_mask = INTERN_TABLE_FIRST_SIZE - 1;
  vm->n_interned = 0;
}

void
ls_str_intern_table_clear (LsVM *vm)
{
  g_clear_pointer (&vm->interned, g_free);
  vm->n_interned = 0;
}

static void
intern_table_put (LsVM  *vm,
                  LsStr *str)
{
  guint i = (guint) str->hash & vm->interned_mask;

  while (vm->interned[i] != NULL)
    i = (i + 1) & vm->interned_mask;
  vm->interned[i] = str;
  vm->n_interned++;
}

static void
intern_table_add (LsVM  *vm,
                  LsStr *str)
{
  if ((vm->n_interned + 1) * 2 > vm->interned_mask + 1)
    {
      LsStr **old = vm->interned;
      guint old_size = vm->interned_mask + 1;

      vm->interned = g_new0 (LsStr *, (gsize) old_size * 2);
      vm->interned_mask = old_size * 2 - 1;
      vm->n_interned = 0;
      for (guint i = 0; i < old_size; i++)
        if (old[i] != NULL)
          intern_table_put (vm, old[i]);
      g_free (old);
    }
  intern_table_put (vm, str);
}

/* A str the collector frees: out of the table, and the strs after it in
 * its run moved back where a lookup starting at their own slot finds them
 * (deletion without tombstones). */
void
ls_str_forget_interned (LsVM  *vm,
                        LsStr *str)
{
  guint mask = vm->interned_mask;
  guint hole = (guint) str->hash & mask;

  while (vm->interned[hole] != str)
    hole = (hole + 1) & mask;
  vm->interned[hole] = NULL;
  vm->n_interned--;
  for (guint i = (hole + 1) & mask; vm->interned[i] != NULL; i = (i + 1) & mask)
    {
      guint home = (guint) vm->interned[i]->hash & mask;

      /* it stays unless the hole lies between its home slot and it */
      if (((i - home) & mask) >= ((i - hole) & mask))
        {
          vm->interned[hole] = vm->interned[i];
          vm->interned[i] = NULL;
          hole = i;
        }
    }
}

/* The interned str of utf8's `len` bytes, whose hash is `hash` (and
 * which are ASCII if `ascii`): one lookup, and the str made and entered
 * on a miss. */
static LsStr *
intern_hashed (LsVM       *vm,
               const char *utf8,
               gsize       len,
               gboolean    ascii,
               gint64      hash)
{
  guint mask = vm->interned_mask;
  LsStr *self;

  for (guint i = (guint) hash & mask; (self = vm->interned[i]) != NULL; i = (i + 1) & mask)
    if (self->hash == hash && self->len == len && memcmp (self->data, utf8, len) == 0)
      return self;
  self = ascii ? ls_str_new_ascii (vm, utf8, len) : ls_str_new (vm, utf8, len);
  self->hash = hash;
  self->has_hash = 1;
  self->interned = 1;
  intern_table_add (vm, self);
  return self;
}

static gint64 compute_text_hash (const char *utf8, gsize len, gboolean ascii);

static LsStr *
intern_text (LsVM       *vm,
             const char *utf8,
             gsize       len)
{
  gboolean ascii = is_ascii (utf8, len);

  return intern_hashed (vm, utf8, len, ascii, compute_text_hash (utf8, len, ascii));
}

LsStr *
ls_str_intern (LsVM       *vm,
               const char *utf8,
               gsize       len)
{
  /* Names never contain NUL: such a text gets a str of its own. */
  if (memchr (utf8, 0, len) != NULL)
    return ls_str_new (vm, utf8, len);
  return intern_text (vm, utf8, len);
}

LsStr *
ls_str_intern_hashed (LsVM       *vm,
                      const char *utf8,
                      gsize       len,
                      gboolean    ascii,
                      gint64      hash)
{
  return intern_hashed (vm, utf8, len, ascii, hash);
}

/* The program's read-only segments, where its string literals live:
 * text there never changes, so an intern cache entry for such an address
 * needs no strcmp to be trusted (the names C code interns are literals,
 * looked up for every task step). */
typedef struct
{
  guintptr start;
  guintptr end;
} ReadOnlyRange;

static ReadOnlyRange readonly_ranges[8];
static guint n_readonly_ranges;

#ifdef __linux__
static int
collect_readonly_ranges (struct dl_phdr_info *info,
                         size_t               size,
                         void                *data)
{
  (void) size;
  (void) data;
  for (ElfW (Half) i = 0; i < info->dlpi_phnum && n_readonly_ranges < G_N_ELEMENTS (readonly_ranges); i++)
    {
      const ElfW (Phdr) *header = &info->dlpi_phdr[i];

      if (header->p_type == PT_LOAD && !(header->p_flags & PF_W))
        {
          readonly_ranges[n_readonly_ranges].start = info->dlpi_addr + header->p_vaddr;
          readonly_ranges[n_readonly_ranges].end = info->dlpi_addr + header->p_vaddr + header->p_memsz;
          n_readonly_ranges++;
        }
    }
  return 1;   /* the first object is the program itself, which links the engine */
}
#endif

static gboolean
is_readonly_text (const char *text)
{
  static gsize initialized;
  guintptr address = (guintptr) text;

  if (g_once_init_enter (&initialized))
    {
#ifdef __linux__
      dl_iterate_phdr (collect_readonly_ranges, NULL);
#endif
      g_once_init_leave (&initialized, 1);
    }
  for (guint i = 0; i < n_readonly_ranges; i++)
    if (address >= readonly_ranges[i].start && address < readonly_ranges[i].end)
      return TRUE;
  return FALSE;
}

LsStr *
ls_str_intern_cstr (LsVM       *vm,
                    const char *utf8)
{
  /* Fibonacci hashing of the address: literals sit a few bytes apart */
  guint slot = (guint) ((GPOINTER_TO_SIZE (utf8) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 40) % G_N_ELEMENTS (vm->intern_cache);
  LsStr *self;

  if (vm->intern_cache[slot].text == utf8 &&
      (vm->intern_cache[slot].readonly || strcmp (vm->intern_cache[slot].str->data, utf8) == 0))
    return vm->intern_cache[slot].str;
  self = intern_text (vm, utf8, strlen (utf8));
  vm->intern_cache[slot].text = utf8;
  vm->intern_cache[slot].str = self;
  vm->intern_cache[slot].readonly = is_readonly_text (utf8);
  return self;
}

#define SIP_ROTATE(x, b) (guint64) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_HALF_ROUND(a, b, c, d, s, t) \
  a += b; c += d; b = SIP_ROTATE (b, s) ^ a; d = SIP_ROTATE (d, t) ^ c; a = SIP_ROTATE (a, 32);
#define SIP_ROUND(v0, v1, v2, v3) \
  SIP_HALF_ROUND (v0, v1, v2, v3, 13, 16); SIP_HALF_ROUND (v2, v1, v0, v3, 17, 21);

/* SipHash-1-3 with the all-zero key: CPython 3.11's string hash when
 * PYTHONHASHSEED=0, as the reference runner sets it.  Sets of strings
 * iterate in hash order, so this is what makes them print as CPython's. */
static guint64
siphash13 (const guint8 *in, gsize size)
{
  guint64 b = (guint64) size << 56, t = 0;
  guint64 v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
  guint64 v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;

  for (; size >= 8; in += 8, size -= 8)
    {
      guint64 mi;

      memcpy (&mi, in, 8);
      mi = GUINT64_FROM_LE (mi);
      v3 ^= mi;
      SIP_ROUND (v0, v1, v2, v3);
      v0 ^= mi;
    }
  for (gsize i = 0; i < size; i++)
    t |= (guint64) in[i] << (8 * i);
  b |= t;
  v3 ^= b;
  SIP_ROUND (v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  SIP_ROUND (v0, v1, v2, v3);
  SIP_ROUND (v0, v1, v2, v3);
  SIP_ROUND (v0, v1, v2, v3);
  return (v0 ^ v1) ^ (v2 ^ v3);
}

/* CPython hashes its compact representation: 1, 2 or 4 bytes a code
 * point (by the widest one), little-endian. */
static gint64
compute_text_hash (const char *utf8,
                   gsize       len,
                   gboolean    ascii)
{
  gunichar widest = 0;
  glong n = 0;
  g_autofree gunichar *chars = NULL;
  g_autofree guint8 *buffer = NULL;
  int width;
  gint64 h;

  if (len == 0)
    return 0;
  if (ascii)
    h = (gint64) siphash13 ((const guint8 *) utf8, len);
  else
    {
      chars = g_utf8_to_ucs4_fast (utf8, (glong) len, &n);
      for (glong i = 0; i < n; i++)
        widest = MAX (widest, chars[i]);
      width = widest < 256 ? 1 : widest < 65536 ? 2 : 4;
      buffer = g_malloc ((gsize) n * width);
      for (glong i = 0; i < n; i++)
        for (int k = 0; k < width; k++)
          buffer[i * width + k] = (guint8) (chars[i] >> (8 * k));
      h = (gint64) siphash13 (buffer, (gsize) n * width);
    }
  return h == -1 ? -2 : h;
}

static gint64
compute_hash (const LsStr *self)
{
  return compute_text_hash (self->data, self->len, self->ascii);
}

gint64
ls_str_hash_compute (LsStr *self)
{
  if (!self->has_hash)
    {
      self->hash = compute_hash (self);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-frozen.c — code trees to bytes and back (the format: ls-frozen.h). */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-frozen.h"
#include "ls-opcodes.h"
#include "ls-str.h"
#include "ls-tuple.h"
#include "ls-vm.h"

static const guint8 frozen_magic[4] = { 'L', 'S', 'F', 'Z' };

/* One tag byte before every value. */
enum
{
  TAG_NONE     = 'N',
  TAG_TRUE     = 'T',
  TAG_FALSE    = 'F',
  TAG_ELLIPSIS = 'E',
  TAG_INT      = 'i',
  TAG_FLOAT    = 'f',
  TAG_STR      = 's',   /* a string of its own (ls_str_new) */
  TAG_INTERNED = 'S',   /* the interned string of that text */
  TAG_TUPLE    = 't',
  TAG_CODE     = 'c',
  TAG_REF      = 'r',   /* an object made earlier, by number */
};

/* A string's flags byte. */
enum
{
  STR_ASCII = 1 << 0,
};

/* The freezer's errors: a constant the format cannot hold yet. */
static G_DEFINE_QUARK (ls-frozen-error-quark, frozen_error)

/* --- writing ---------------------------------------------------------------- */

typedef struct
{
  LsVM       *vm;
  GByteArray *out;
  GHashTable *numbers;   /* LsObject * → its number + 1 */
  GError     *error;
} Writer;

/* The header's count of numbered objects, written once the tree is: a
 * fixed-width slot, so that the loader sizes its table once. */
#define OBJECT_COUNT_WIDTH 4

static void
put_byte (Writer *w,
          guint8  byte)
{
  g_byte_array_append (w->out, &byte, 1);
}

static void
put_uint (Writer  *w,
          guint64  n)
{
  do
    {
      guint8 byte = n & 0x7F;

      n >>= 7;
      put_byte (w, byte | (n != 0 ? 0x80 : 0));
    }
  while (n != 0);
}

/* Zigzag: small negative numbers (a cell2arg -1, line deltas) stay short. */
static void
put_int (Writer *w,
         gint64  n)
{
  put_uint (w, ((guint64) n << 1) ^ (guint64) (n >> 63));
}

/* Little-endian whatever the build machine, so a float keeps its bits. */
static void
put_fixed64 (Writer  *w,
             guint64  bits)
{
  for (guint i = 0; i < 8; i++)
    put_byte (w, (guint8) (bits >> (8 * i)));
}

/* Instruction words as they are, little-endian: the loader copies them
 * instead of decoding a number per instruction. */
static void
put_fixed32 (Writer  *w,
             guint32  word)
{
  for (guint i = 0; i < 4; i++)
    put_byte (w, (guint8) (word >> (8 * i)));
}

static void put_value (Writer *w, LsValue value);
static void put_code  (Writer *w, LsCode *code);

/* An instruction's line is mostly its predecessor's: the lines as runs,
 * each the step from the previous run's line (from the first line for
 * the first run) and how many instructions share it. */
static void
put_lines (Writer *w,
           LsCode *code)
{
  gint32 line = code->first_line;

  for (gsize i = 0; i < code->n_instructions;)
    {
      gsize run = 1;

      while (i + run < code->n_instructions && code->lines[i + run] == code->lines[i])
        run++;
      put_int (w, (gint64) code->lines[i] - line);
      put_uint (w, run);
      line = code->lines[i];
      i += run;
    }
}

/* Numbers objects in the order the loader finishes making them. */
static void
number_object (Writer   *w,
               gpointer  object)
{
  g_hash_table_insert (w->numbers, object, GUINT_TO_POINTER (g_hash_table_size (w->numbers) + 1));
}

static gboolean
put_ref_if_seen (Writer   *w,
                 gpointer  object)
{
  guint number = GPOINTER_TO_UINT (g_hash_table_lookup (w->numbers, object));

  if (number == 0)
    return FALSE;
  put_byte (w, TAG_REF);
  put_uint (w, number - 1);
  return TRUE;
}

/* A flags byte after the text says whether it is ASCII (the loader then
 * neither scans it nor counts its characters); an interned string, a
 * name, then has its hash: names are dict keys as soon as the module body
 * runs, and the table of interned strings is hashed by it too.  The hash
 * (CPython's, with a fixed key) is the same on every machine. */
static void
put_str (Writer *w,
         LsStr  *str)
{
  put_byte (w, str->interned ? TAG_INTERNED : TAG_STR);
  put_uint (w, str->len);
  g_byte_array_append (w->out, (const guint8 *) str->data, (guint) str->len);
  put_byte (w, str->ascii ? STR_ASCII : 0);
  if (str->interned)
    put_fixed64 (w, (guint64) ls_str_hash (str));
}

static void
put_tuple (Writer  *w,
           LsTuple *tuple)
{
  put_byte (w, TAG_TUPLE);
  put_uint (w, tuple->len);
  for (gsize i = 0; i < tuple->len; i++)
    put_value (w, tuple->items[i]);
}

static void
put_object_value (Writer *w,
                  LsValue value)
{
  if (put_ref_if_seen (w, value.o))
    return;
  /* "is" is observable: the one Ellipsis must come back as itself */
  if (value.o == w->vm->ellipsis.o)
    {
      put_byte (w, TAG_ELLIPSIS);
      return;
    }
  switch ((LsKind) value.o->kind)
    {
    case LS_KIND_STR:
      put_str (w, (LsStr *) value.o);
      break;
    case LS_KIND_TUPLE:
      put_tuple (w, (LsTuple *) value.o);
      break;
    case LS_KIND_CODE:
      put_code (w, (LsCode *) value.o);
      break;
    default:
      /* a new kind of constant in the compiler: the build must say so */
      if (w->error == NULL)
        g_set_error (&w->error, frozen_error_quark (), 0,
                     "cannot freeze a constant of object kind %u", value.o->kind);
      return;
    }
  number_object (w, value.o);
}

static void
put_value (Writer *w,
           LsValue value)
{
  switch ((LsTag) value.tag)
    {
    case LS_TAG_NONE:
      put_byte (w, TAG_NONE);
      break;
    case LS_TAG_BOOL:
      put_byte (w, value.b ? TAG_TRUE : TAG_FALSE);
      break;
    case LS_TAG_INT:
      put_byte (w, TAG_INT);
      put_int (w, value.i);
      break;
    case LS_TAG_FLOAT:
      {
        guint64 bits;

        memcpy (&bits, &value.f, sizeof bits);
        put_byte (w, TAG_FLOAT);
        put_fixed64 (w, bits);
      }
      break;
    case LS_TAG_OBJECT:
      put_object_value (w, value);
      break;
    case LS_TAG_UNBOUND:
    default:
      if (w->error == NULL)
        g_set_error (&w->error, frozen_error_quark (), 0,
                     "cannot freeze a constant with value tag %u", (guint) value.tag);
      break;
    }
}

/* The fields in the order assemble() in ls-compiler.c makes them, so that
 * the loader allocates the same objects in the same order as the compiler:
 * the heap then grows the same and collections come at the same points. */
static void
put_code (Writer *w,
          LsCode *code)
{
  put_byte (w, TAG_CODE);
  put_uint (w, code->consts->len);
  for (gsize i = 0; i < code->consts->len; i++)
    put_value (w, code->consts->items[i]);
  put_value (w, ls_obj (code->name));
  put_value (w, ls_obj (code->qualname));
  put_value (w, ls_obj (code->filename));
  put_uint (w, code->flags);
  put_uint (w, code->argcount);
  put_uint (w, code->posonlyargcount);
  put_uint (w, code->kwonlyargcount);
  put_uint (w, code->n_locals);
  put_uint (w, code->stack_size);
  put_uint (w, code->block_depth);
  put_int (w, code->first_line);
  put_uint (w, code->n_instructions);
  /* generic opcodes only: a code object that ran holds specialised forms */
  for (gsize i = 0; i < code->n_instructions; i++)
    put_fixed32 (w, LS_INSTR (LS_INSTR_GENERIC_OP (code->instructions[i]), LS_INSTR_ARG (code->instructions[i])));
  put_lines (w, code);
  put_value (w, ls_obj (code->varnames));
  put_value (w, ls_obj (code->cellvars));
  put_value (w, ls_obj (code->freevars));
  put_byte (w, code->cell2arg != NULL);
  if (code->cell2arg != NULL)
    for (gsize i = 0; i < code->cellvars->len; i++)
      put_int (w, code->cell2arg[i]);
  put_value (w, ls_obj (code->names));
}

GBytes *
ls_frozen_dump (LsVM               *vm,
                LsCode             *code,
                const LsLibSource  *lib,
                GError            **error)
{
  Writer w = { vm, g_byte_array_new (), g_hash_table_new (NULL, NULL), NULL };
  guint count_at;
  guint n_objects;

  g_byte_array_append (w.out, frozen_magic, sizeof frozen_magic);
  put_uint (&w, LS_FROZEN_FORMAT_VERSION);
  put_fixed64 (&w, lib->hash);
  count_at = w.out->len;
  put_fixed32 (&w, 0);
  put_value (&w, ls_obj (code));
  n_objects = g_hash_table_size (w.numbers);
  for (guint i = 0; i < OBJECT_COUNT_WIDTH; i++)
    w.out->data[count_at + i] = (guint8) (n_objects >> (8 * i));
  g_hash_table_unref (w.numbers);
  if (w.error != NULL)
    {
      g_propagate_prefixed_error (error, w.error, "%s: ", lib->filename);
      g_byte_array_unref (w.out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (w.out);
}

/* --- reading ---------------------------------------------------------------- */

/* Bytes built into this very binary from the same source: the checks
 * below only keep a damaged table from reading past its end. */
typedef struct
{
  LsVM         *vm;
  const guint8 *p;
  const guint8 *end;
  gpointer     *objects;     /* by number */
  gsize         n_objects;
  gsize         max_objects; /* the header's count */
  gboolean      bad;
} Reader;

static guint8
get_byte (Reader *r)
{
  if (r->p >= r->end)
    {
      r->bad = TRUE;
      return 0;
    }
  return *r->p++;
}

static guint64
get_uint_long (Reader *r)
{
  guint64 n = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte = get_byte (r);

      n |= (guint64) (byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        return n;
    }
  r->bad = TRUE;
  return 0;
}

/* Most numbers (counts, line deltas, string lengths) take one byte. */
static inline guint64
get_uint (Reader *r)
{
  if (G_LIKELY (r->p < r->end && *r->p < 0x80))
    return *r->p++;
  return get_uint_long (r);
}

static gint64
get_int (Reader *r)
{
  guint64 n = get_uint (r);

  return (gint64) (n >> 1) ^ -(gint64) (n & 1);
}

static guint64
get_fixed64 (Reader *r)
{
  guint64 bits = 0;

  if (G_UNLIKELY (r->end - r->p < 8))
    {
      r->bad = TRUE;
      r->p = r->end;
      return 0;
    }
  memcpy (&bits, r->p, sizeof bits);
  r->p += 8;
  return GUINT64_FROM_LE (bits);
}

static guint32
get_fixed32 (Reader *r)
{
  guint32 bits = 0;

  if (G_UNLIKELY (r->end - r->p < 4))
    {
      r->bad = TRUE;
      r->p = r->end;
      return 0;
    }
  memcpy (&bits, r->p, sizeof bits);
  r->p += 4;
  return GUINT32_FROM_LE (bits);
}

/* A count of things each at least a byte long: never more than is left. */
static gsize
get_count (Reader *r)
{
  guint64 n = get_uint (r);

  if (n > (guint64) (r->end - r->p))
    {
      r->bad = TRUE;
      return 0;
    }
  return (gsize) n;
}

static gboolean get_value (Reader *r, LsValue *out);

static LsValue
numbered (Reader   *r,
          gpointer  object)
{
  /* more objects than the header counted: damaged (the object is garbage
   * the next collection frees) */
  if (G_UNLIKELY (r->n_objects == r->max_objects))
    r->bad = TRUE;
  else
    r->objects[r->n_objects++] = object;
  return ls_obj (object);
}

/* Interned where the compiler interned (names), a string of its own where
 * it made one (constants, qualnames): `is` sees the difference.  This,
 * get_tuple and get_code stay out of get_value, which every value goes
 * through: it then saves no registers and calls them as its last step. */
static G_GNUC_NO_INLINE gboolean
get_str (Reader   *r,
         gboolean  interned,
         LsValue  *out)
{
  gsize len = get_count (r);
  const char *text = (const char *) r->p;
  LsStr *str;
  guint8 flags;

  /* the text, the flags, the hash if interned */
  if (r->bad || (gsize) (r->end - r->p) < len + (interned ? 1 + 8 : 1))
    return FALSE;
  r->p += len;
  flags = *r->p++;
  if (!interned)
    str = (flags & STR_ASCII) != 0 ? ls_str_new_ascii (r->vm, text, len) : ls_str_new (r->vm, text, len);
  else
    str = ls_str_intern_hashed (r->vm, text, len, (flags & STR_ASCII) != 0, (gint64) get_fixed64 (r));
  *out = numbered (r, str);
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean
get_tuple (Reader  *r,
           LsValue *out)
{
  gsize len = get_count (r);
  LsValue small[16];
  g_autofree LsValue *heap = len <= G_N_ELEMENTS (small) ? NULL : g_new (LsValue, len);
  LsValue *items = heap != NULL ? heap : small;

  for (gsize i = 0; i < len; i++)
    if (!get_value (r, &items[i]))
      return FALSE;
  if (r->bad)
    return FALSE;
  *out = numbered (r, ls_tuple_new_from (r->vm, items, len));
  return TRUE;
}

static gboolean
get_ref (Reader  *r,
         LsValue *out)
{
  guint64 number = get_uint (r);

  if (r->bad || number >= r->n_objects)
    return FALSE;
  *out = ls_obj (r->objects[number]);
  return TRUE;
}

static G_GNUC_NO_INLINE gboolean get_code (Reader *r, LsValue *out);

static gboolean
get_value (Reader  *r,
           LsValue *out)
{
  guint8 tag = get_byte (r);

  switch (tag)
    {
    case TAG_NONE:
      *out = LS_NONE;
      return TRUE;
    case TAG_TRUE:
      *out = LS_TRUE;
      return TRUE;
    case TAG_FALSE:
      *out = LS_FALSE;
      return TRUE;
    case TAG_ELLIPSIS:
      *out = r->vm->ellipsis;
      return TRUE;
    case TAG_INT:
      *out = ls_int (get_int (r));
      return !r->bad;
    case TAG_FLOAT:
      {
        guint64 bits = get_fixed64 (r);
        double f;

        memcpy (&f, &bits, sizeof f);
        *out = ls_float (f);
        return !r->bad;
      }
    case TAG_STR:
    case TAG_INTERNED:
      return get_str (r, tag == TAG_INTERNED, out);
    case TAG_TUPLE:
      return get_tuple (r, out);
    case TAG_CODE:
      return get_code (r, out);
    case TAG_REF:
      return get_ref (r, out);
    default:
      return FALSE;
    }
}

/* A value that must be an object of `kind`. */
static gpointer
get_object_of_kind (Reader *r,
                    LsKind  kind)
{
  LsValue value;

  if (!get_value (r, &value) || !ls_is_kind (value, kind))
    {
      r->bad = TRUE;
      return NULL;
    }
  return value.o;
}

static guint32
get_uint32 (Reader *r)
{
  guint64 n = get_uint (r);

  if (n > G_MAXUINT32)
    r->bad = TRUE;
  return (guint32) n;
}

static gint32
get_int32 (Reader *r)
{
  gint64 n = get_int (r);

  if (n < G_MININT32 || n > G_MAXINT32)
    r->bad = TRUE;
  return (gint32) n;
}

static void
get_code_numbers (Reader *r,
                  LsCode *code)
{
  code->flags = get_uint32 (r);
  code->argcount = get_uint32 (r);
  code->posonlyargcount = get_uint32 (r);
  code->kwonlyargcount = get_uint32 (r);
  code->n_locals = get_uint32 (r);
  code->stack_size = get_uint32 (r);
  code->block_depth = get_uint32 (r);
  code->first_line = get_int32 (r);
}

/* The line of each of `n` instructions, from runs (put_lines).  A run
 * is mostly a one-byte step and a one-byte count: those decoded here,
 * without a call and the checks of a number's range. */
static void
get_code_lines (Reader *r,
                gint32 *lines,
                gsize   n,
                gint32  line)
{
  const guint8 *p = r->p;
  gsize i = 0;

  while (i < n)
    {
      gsize run;

      if (G_LIKELY (r->end - p >= 2 && (p[0] | p[1]) < 0x80))
        {
          line += (gint32) (p[0] >> 1) ^ -(gint32) (p[0] & 1);
          run = p[1];
          p += 2;
        }
      else
        {
          r->p = p;
          line += get_int32 (r);
          run = get_uint (r);
          p = r->p;
          if (r->bad)
            run = 0;
        }
      if (G_UNLIKELY (run == 0 || run > n - i))
        {
          /* damaged: filled anyway, so that the code is whole */
          r->bad = TRUE;
          run = n - i;
        }
      for (gsize end = i + run; i < end; i++)
        lines[i] = line;
    }
  r->p = p;
}

static void
get_code_instructions (Reader *r,
                       LsCode *code)
{
  gsize n = get_count (r);
  gint32 line = code->first_line;

  if ((gsize) (r->end - r->p) / 4 < n)
    {
      r->bad = TRUE;
      n = 0;
    }
  code->instructions = g_new (guint32, n);
  code->lines = g_new (gint32, n);
  /* set with the arrays: the collector's accounting reads it */
  code->n_instructions = n;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (n > 0)   /* g_new of 0 is NULL, which memcpy may not take */
    memcpy (code->instructions, r->p, n * 4);
  r->p += n * 4;
#else
  for (gsize i = 0; i < n; i++, r->p += 4)
    code->instructions[i] = (guint32) r->p[0] | (guint32) r->p[1] << 8 | (guint32) r->p[2] << 16 | (guint32) r->p[3] << 24;
#endif
  get_code_lines (r, code->lines, n, line);
}

static void
get_code_cell2arg (Reader *r,
                   LsCode *code)
{
  if (get_byte (r) == 0 || r->bad)
    return;
  code->cell2arg = g_new (gint32, code->cellvars->len);
  for (gsize i = 0; i < code->cellvars->len; i++)
    code->cell2arg[i] = get_int32 (r);
}

/* No collection can run while the tree is half made: collections happen
 * only at the interpreter's safe points (ls_gc_should_collect in
 * ls-interpreter.c), and loading runs no Python code, as compiling runs
 * none.  A tree abandoned half made is garbage the next one frees (the
 * free of a code object takes NULL arrays). */
static G_GNUC_NO_INLINE gboolean
get_code (Reader  *r,
          LsValue *out)
{
  gsize n_consts = get_count (r);
  LsValue small[16];
  g_autofree LsValue *heap = n_consts <= G_N_ELEMENTS (small) ? NULL : g_new (LsValue, n_consts);
  LsValue *consts = heap != NULL ? heap : small;
  LsCode *code;

  for (gsize i = 0; i < n_consts; i++)
    if (!get_value (r, &consts[i]))
      return FALSE;
  code = ls_object_alloc (r->vm, LS_KIND_CODE, r->vm->types[LS_TYPE_CODE], sizeof (LsCode));
  code->name = get_object_of_kind (r, LS_KIND_STR);
  code->qualname = get_object_of_kind (r, LS_KIND_STR);
  code->filename = get_object_of_kind (r, LS_KIND_STR);
  get_code_numbers (r, code);
  get_code_instructions (r, code);
  code->varnames = get_object_of_kind (r, LS_KIND_TUPLE);
  code->cellvars = get_object_of_kind (r, LS_KIND_TUPLE);
  code->freevars = get_object_of_kind (r, LS_KIND_TUPLE);
  if (r->bad)
    return FALSE;
  get_code_cell2arg (r, code);
  code->names = get_object_of_kind (r, LS_KIND_TUPLE);
  if (r->bad)
    return FALSE;
  code->consts = ls_tuple_new_from (r->vm, consts, n_consts);
  *out = numbered (r, code);
  return TRUE;
}

/* The header: magic, format version, the hash of the source compiled. */
static gboolean
header_matches (Reader            *r,
                const LsLibSource *lib)
{
  if (r->end - r->p < (gssize) sizeof frozen_magic || memcmp (r->p, frozen_magic, sizeof frozen_magic) != 0)
    return FALSE;
  r->p += sizeof frozen_magic;
  if (get_uint (r) != LS_FROZEN_FORMAT_VERSION)
    return FALSE;
  return get_fixed64 (r) == lib->hash && !r->bad;
}

const LsLibFrozen *
ls_frozen_find (const LsLibSource *lib)
{
  for (const LsLibFrozen *frozen = ls_lib_frozen; frozen->name != NULL; frozen++)
    if (strcmp (frozen->name, lib->name) == 0)
      return frozen;
  return NULL;
}

LsCode *
ls_frozen_load (LsVM              *vm,
                const LsLibFrozen *frozen,
                const LsLibSource *lib)
{
  Reader r = { vm, frozen->data, frozen->data + frozen->len, NULL, 0, 0, FALSE };
  g_autofree gpointer *objects = NULL;
  LsValue value;

  if (!header_matches (&r, lib))
    return NULL;
  /* the writer's count, each object at least a byte of what follows */
  r.max_objects = get_fixed32 (&r);
  if (r.bad || r.max_objects > (gsize) (r.end - r.p))
    return NULL;
  objects = r.objects = g_new (gpointer, MAX (r.max_objects, 1));
  if (!get_value (&r, &value) || r.bad || r.p != r.end || !ls_is_kind (value, LS_KIND_CODE))
    return NULL;
  return (LsCode *) value.o;
}

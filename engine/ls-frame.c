/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-frame.c — frames and argument binding.
 *
 * Binding follows CPython's rules and words its TypeErrors the same way,
 * because those messages are what a learner reads when a call is wrong.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-vm-private.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-ops.h"

/* ls_frame_alloc (ls-vm-private.h) sets each header field by name: a new
 * field needs its line there. */
G_STATIC_ASSERT (sizeof (LsFrame) == 128);

void
ls_frame_layout (LsCode *code)
{
  gsize n_cells = code->cellvars->len + code->freevars->len;
  gsize n_values = code->n_locals + n_cells + code->stack_size;

  code->n_cells = (guint32) n_cells;
  code->plain_params = n_cells == 0 && code->kwonlyargcount == 0 &&
                       !(code->flags & (LS_CODE_VARARGS | LS_CODE_VARKEYWORDS));
  /* set last: a non-zero size says the rest is there */
  code->frame_size = (guint32) (sizeof (LsFrame) + n_values * sizeof (LsValue) + code->block_depth * sizeof (LsBlock));
}

gsize
ls_frame_size (LsCode *code)
{
  if (G_UNLIKELY (code->frame_size == 0))
    ls_frame_layout (code);
  return code->frame_size;
}

LsFrame *
ls_frame_new (LsVM   *vm,
              LsCode *code,
              LsDict *globals,
              LsDict *locals_dict)
{
  LsFrame *frame;

  if (G_UNLIKELY (code->frame_size == 0))
    ls_frame_layout (code);
  frame = ls_frame_alloc (vm, code, globals, locals_dict);
  for (gsize i = 0; i < code->n_locals + code->n_cells; i++)
    frame->locals[i] = LS_UNBOUND;
  return frame;
}

void
ls_frame_free (LsVM    *vm,
               LsFrame *frame)
{
  ls_pool_free (&vm->pool, frame, frame->alloc_size);
}

static const char *
arg_name (LsCode *code, guint i)
{
  return ((LsStr *) code->varnames->items[i].o)->data;
}

/* "missing 2 required positional arguments: 'a' and 'b'" */
static gboolean
raise_missing (LsVM       *vm,
               LsFunction *function,
               LsFrame    *frame,
               guint       from,
               guint       to,
               const char *kind)
{
  LsCode *code = function->code;
  GPtrArray *missing = g_ptr_array_new ();
  GString *names = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    if (ls_is_unbound (frame->locals[i]))
      g_ptr_array_add (missing, (gpointer) arg_name (code, i));
  for (guint i = 0; i < missing->len; i++)
    {
      if (i > 0)
        g_string_append (names, missing->len == 2 ? " and " : i + 1 == missing->len ? ", and " : ", ");
      g_string_append_printf (names, "'%s'", (const char *) missing->pdata[i]);
    }
  ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() missing %u required %s argument%s: %s",
            function->qualname->data, missing->len, kind, missing->len == 1 ? "" : "s", names->str);
  g_string_free (names, TRUE);
  g_ptr_array_free (missing, TRUE);
  return FALSE;
}

static gboolean
raise_too_many (LsVM *vm, LsFunction *function, guint given, guint n_kw_given)
{
  LsCode *code = function->code;
  guint n_defaults = function->defaults != NULL ? (guint) function->defaults->len : 0;
  guint max = code->argcount, min = max - MIN (n_defaults, max);
  g_autofree char *takes = NULL;
  g_autofree char *kw = NULL;

  if (min == max)
    takes = g_strdup_printf ("%u positional argument%s", max, max == 1 ? "" : "s");
  else
    takes = g_strdup_printf ("from %u to %u positional arguments", min, max);
  if (n_kw_given > 0)
    kw = g_strdup_printf (" positional argument%s (and %u keyword-only argument%s) were given",
                          given == 1 ? "" : "s", n_kw_given, n_kw_given == 1 ? "" : "s");
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes %s but %u%s",
                   function->qualname->data, takes, given,
                   kw != NULL ? kw : (given == 1 ? " was given" : " were given"));
}

static gboolean
bind_keyword (LsVM       *vm,
              LsFunction *function,
              LsFrame    *frame,
              LsStr      *name,
              LsValue     value,
              LsDict     *kwargs)
{
  LsCode *code = function->code;
  guint n_named = code->argcount + code->kwonlyargcount;

  for (guint i = code->posonlyargcount; i < n_named; i++)
    if (ls_str_equal ((LsStr *) code->varnames->items[i].o, name))
      {
        if (!ls_is_unbound (frame->locals[i]))
          return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got multiple values for argument '%s'",
                           function->qualname->data, name->data);
        frame->locals[i] = value;
        return TRUE;
      }
  if (kwargs == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() got an unexpected keyword argument '%s'",
                     function->qualname->data, name->data);
  ls_dict_set_str (vm, kwargs, name, value);
  return TRUE;
}

static gboolean
apply_defaults (LsVM *vm, LsFunction *function, LsFrame *frame)
{
  LsCode *code = function->code;
  guint n_defaults = function->defaults != NULL ? (guint) function->defaults->len : 0;
  guint first_default = code->argcount - MIN (n_defaults, code->argcount);

  for (guint i = first_default; i < code->argcount; i++)
    if (ls_is_unbound (frame->locals[i]))
      frame->locals[i] = function->defaults->items[i - first_default];
  for (guint i = 0; i < first_default; i++)
    if (ls_is_unbound (frame->locals[i]))
      return raise_missing (vm, function, frame, 0, first_default, "positional");
  for (guint i = code->argcount; i < code->argcount + code->kwonlyargcount; i++)
    if (ls_is_unbound (frame->locals[i]))
      {
        LsValue d = function->kwdefaults != NULL ? ls_dict_get_str (function->kwdefaults, (LsStr *) code->varnames->items[i].o) : LS_UNBOUND;
        if (ls_is_unbound (d))
          return raise_missing (vm, function, frame, code->argcount, code->argcount + code->kwonlyargcount, "keyword-only");
        frame->locals[i] = d;
      }
  return TRUE;
}

/* Fills every cell slot of the frame: its own cells (holding their
 * arguments' values) and the closure's. */
static void
setup_cells (LsVM *vm, LsFunction *function, LsFrame *frame)
{
  LsCode *code = function->code;
  gsize n_own = code->cellvars->len;

  for (gsize i = 0; i < n_own; i++)
    {
      LsValue initial = LS_UNBOUND;

      if (code->cell2arg != NULL && code->cell2arg[i] >= 0)
        initial = frame->locals[code->cell2arg[i]];
      frame->cells[i] = ls_obj (ls_cell_new (vm, initial));
    }
  if (code->freevars->len > 0)
    memcpy (frame->cells + n_own, function->closure->items, code->freevars->len * sizeof (LsValue));
}

/* A frame for the binding paths of ls_frame_new_for_call: the locals
 * from `n_filled` on unbound, the cell slots left to setup_cells, which
 * fills each of them before the frame runs (ls_frame_new cleared them
 * too, a second write of every cell slot). */
static inline LsFrame *
frame_new_for_binding (LsVM *vm, LsFunction *function, guint n_filled)
{
  LsCode *code = function->code;
  LsFrame *frame = ls_frame_alloc (vm, code, function->globals, NULL);

  frame->function = ls_obj (function);
  for (gsize i = n_filled; i < code->n_locals; i++)
    frame->locals[i] = LS_UNBOUND;
  return frame;
}

LsFrame *
ls_frame_new_for_call (LsVM          *vm,
                       LsFunction    *function,
                       const LsValue *args,
                       guint          n_args,
                       LsTuple       *kwnames)
{
  LsCode *code = function->code;
  guint n_kw = kwnames != NULL ? (guint) kwnames->len : 0;
  guint n_pos = n_args;
  guint slot = code->argcount + code->kwonlyargcount;
  LsDict *kwargs = NULL;
  LsFrame *frame;

  if (G_UNLIKELY (code->frame_size == 0))
    ls_frame_layout (code);
  if (code->plain_params && n_kw == 0 && n_pos <= code->argcount)
    {
      guint n_defaults = function->defaults != NULL ? (guint) function->defaults->len : 0;
      guint first_default = code->argcount - MIN (n_defaults, code->argcount);

      /* the rest of the parameters from their defaults (sleep(delay),
       * result=None), as apply_defaults would */
      if (n_pos >= first_default)
        {
          frame = ls_frame_new_plain (vm, function, args, n_pos);
          for (guint i = n_pos; i < code->argcount; i++)
            frame->locals[i] = function->defaults->items[i - first_default];
          return frame;
        }
    }
  /* Exactly the positional parameters and nothing else has no defaults
   * to apply and no errors to find (cells are what ls_frame_new_plain
   * leaves to this path: a coroutine whose comprehension reads its
   * arguments, every node of `tree`). */
  if (n_pos == code->argcount && n_kw == 0 && code->kwonlyargcount == 0 &&
      !(code->flags & (LS_CODE_VARARGS | LS_CODE_VARKEYWORDS)))
    {
      frame = frame_new_for_binding (vm, function, n_pos);
      if (n_pos > 0)   /* args may be NULL then */
        memcpy (frame->locals, args, n_pos * sizeof (LsValue));
      setup_cells (vm, function, frame);
      return frame;
    }
  frame = frame_new_for_binding (vm, function, 0);
  for (guint i = 0; i < MIN (n_pos, code->argcount); i++)
    frame->locals[i] = args[i];
  if (code->flags & LS_CODE_VARARGS)
    {
      guint extra = n_pos > code->argcount ? n_pos - code->argcount : 0;
      frame->locals[slot++] = ls_obj (ls_tuple_new_from (vm, args + code->argcount, extra));
    }
  else if (n_pos > code->argcount)
    {
      raise_too_many (vm, function, n_pos, 0);
      ls_frame_free (vm, frame);
      return NULL;
    }
  if (code->flags & LS_CODE_VARKEYWORDS)
    {
      kwargs = ls_dict_new (vm);
      frame->locals[slot++] = ls_obj (kwargs);
    }
  for (guint i = 0; i < n_kw; i++)
    if (!bind_keyword (vm, function, frame, (LsStr *) kwnames->items[i].o, args[n_pos + i], kwargs))
      {
        ls_frame_free (vm, frame);
        return NULL;
      }
  if (!apply_defaults (vm, function, frame))
    {
      ls_frame_free (vm, frame);
      return NULL;
    }
  setup_cells (vm, function, frame);
  return frame;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-vm-private.h — what the interpreter shares with its neighbours
 * (calls, generators, the class builder). */
#pragma once

#include "ls-vm.h"
#include "ls-generator.h"
#include "ls-module.h"

G_BEGIN_DECLS

/* Natives nested on the C stack (ls_call raises RecursionError past it). */
#define LS_VM_MAX_NATIVE_DEPTH 1000
/* Python calls nested on the C stack (nested interpreter loops: ls_call
 * of a Python function raises RecursionError past it). */
#define LS_VM_MAX_C_DEPTH 200

/* A native without a bound receiver called with the arguments as they
 * are, its depth below LS_VM_MAX_NATIVE_DEPTH (the caller checked):
 * what ls_call does for it, shared with the interpreter's CALL, which
 * calls a class's native method (`q.task_done()`) without ls_call's
 * dispatch on the callable's kind. */
static inline gboolean
ls_vm_call_unbound_native (LsVM          *vm,
                           LsNative      *native,
                           const LsValue *args,
                           guint          n_args,
                           LsTuple       *kwnames,
                           LsValue       *out)
{
  LsObject *saved_entry = vm->native_entry;
  gboolean ok;

  vm->native_depth++;
  vm->native_entry = vm->objects;
  ok = native->func (vm, args, n_args, kwnames, out);
  vm->native_entry = saved_entry;
  vm->native_depth--;
  return ok;
}

/* Creates a frame for `function` with the arguments (n_args positional,
 * then one per kwnames) bound as CPython binds them; NULL with an exception set (TypeError) when they don't fit. */
LsFrame        *ls_frame_new_for_call (LsVM *vm, LsFunction *function, const LsValue *args,
                                       guint n_args, LsTuple *kwnames);
LsFrame        *ls_frame_new (LsVM *vm, LsCode *code, LsDict *globals, LsDict *locals_dict);
void            ls_frame_free (LsVM *vm, LsFrame *frame);
/* Bytes of a frame for `code`, as ls_frame_new allocates it. */
gsize           ls_frame_size (LsCode *code);
/* Fills code->frame_size, n_cells and plain_params. */
void            ls_frame_layout (LsCode *code);

/* A frame for `code` (laid out already) with its header set and its
 * values left uninitialised.  Every header field by name, not a memset
 * first: for a 128-byte header GCC emits `rep stos`, whose start-up cost
 * made this the hottest line of a coroutine call (10 % of `queue`). */
static inline LsFrame *
ls_frame_alloc (LsVM   *vm,
                LsCode *code,
                LsDict *globals,
                LsDict *locals_dict)
{
  LsFrame *frame = ls_pool_alloc (&vm->pool, code->frame_size);

  frame->back = NULL;
  frame->code = code;
  frame->function = LS_NONE;
  frame->globals = globals;
  frame->locals_dict = locals_dict;
  frame->builtins = vm->builtins;
  frame->generator = NULL;
  frame->ip = 0;
  frame->sp = 0;
  frame->n_blocks = 0;
  frame->line = code->first_line;
  frame->alloc_size = code->frame_size;
  frame->flags = 0;
  frame->handled = LS_NONE;
  frame->cells = frame->locals + code->n_locals;
  frame->stack = frame->cells + code->n_cells;
  frame->blocks = (LsBlock *) (gpointer) (frame->stack + code->stack_size);
  return frame;
}

/* The frame of a call of `function` whose code has plain_params, with
 * exactly argcount positional arguments: the common call, which binds
 * by copying and has no error to find. */
static inline LsFrame *
ls_frame_new_plain (LsVM          *vm,
                    LsFunction    *function,
                    const LsValue *args,
                    guint          n_args)
{
  LsCode *code = function->code;
  LsFrame *frame = ls_frame_alloc (vm, code, function->globals, NULL);
  guint i;

  frame->function = ls_obj (function);
  for (i = 0; i < n_args; i++)
    frame->locals[i] = args[i];
  for (; i < code->n_locals; i++)
    frame->locals[i] = LS_UNBOUND;
  return frame;
}

/* Whether a call of `function` with n_args positional values and
 * `kwnames` can take ls_frame_new_plain (plain_params is FALSE until
 * the code is laid out). */
static inline gboolean
ls_frame_call_is_plain (LsFunction *function,
                        guint       n_args,
                        LsTuple    *kwnames)
{
  LsCode *code = function->code;

  return code->plain_params && n_args == code->argcount && kwnames == NULL;
}

/* Runs `frame` (and every frame it calls) until it returns, yields or
 * raises.  `throwing`: start by raising vm->raised inside the frame. */
LsResumeResult  ls_vm_interpret (LsVM *vm, LsFrame *frame, gboolean throwing, LsValue *result);

/* The generator object for a frame whose code is a generator/coroutine. */
LsGenerator    *ls_generator_new (LsVM *vm, LsFrame *frame, LsFunction *function);
/* Calls a generator or coroutine function: binds the arguments and makes
 * the object (*out), with the checks and the step any call takes. */
gboolean        ls_vm_new_generator (LsVM *vm, LsFunction *function, const LsValue *args,
                                     guint n_args, LsTuple *kwnames, LsValue *out);
/* vm->await_shortcuts for `await function(*args)` (function flagged
 * LS_FUNCTION_AWAIT_SHORTCUT), declined where the coroutine's frame could
 * not be made (recursion): then the usual path raises as before. */
static inline LsShortcutResult
ls_vm_await_shortcut (LsVM *vm, LsFunction *function, const LsValue *args, guint n_args, LsTuple *kwnames,
                      LsValue *result)
{
  /* where ls_vm_generator_frame or the calls in the coroutine's body
   * would raise, the body must run to raise it.  Inline: the
   * interpreter's CALL_METHOD_AWAIT is its one caller, once an await */
  if (vm->depth + 1 >= vm->recursion_limit || vm->c_depth >= LS_VM_MAX_C_DEPTH ||
      vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH)
    return LS_SHORTCUT_DECLINED;
  return vm->await_shortcuts[((function->header.flags & LS_FUNCTION_AWAIT_SHORTCUT) >> LS_FUNCTION_AWAIT_SHORTCUT_SHIFT) - 1]
           (vm, (LsObject *) function, args, n_args, kwnames, result);
}
/* Calls a Python function (not a generator's) as the interpreter's CALL
 * calls one inline: the recursion check, one instruction, the frame, and
 * the safe point once it is entered (a collection, or MemoryError raised
 * in it); no bound on nested interpreter loops beyond the natives' own.
 * For natives that stand for a library function the interpreter would
 * have called, when they hand the call back to it. */
gboolean        ls_vm_call_as_inline (LsVM *vm, LsFunction *function, const LsValue *args,
                                      guint n_args, LsTuple *kwnames, LsValue *out);
/* ls_vm_new_generator's frame, without the object: NULL with an exception set. */
LsFrame        *ls_vm_generator_frame (LsVM *vm, LsFunction *function, const LsValue *args,
                                       guint n_args, LsTuple *kwnames);

/* GET_AWAITABLE's work: the iterator `await obj` delegates to (`where`
 * is the instruction's argument, for the messages of `async with`). */
gboolean        ls_vm_get_awaitable (LsVM *vm, LsValue obj, guint32 where, LsValue *out);
/* YIELD_FROM's send into the iterator `sub`: either *yielded is TRUE
 * (*out is what to yield) or *out is what the await returns; FALSE with
 * an exception set. */
gboolean        ls_vm_yield_from_send (LsVM *vm, LsValue sub, LsValue value, LsValue *out, gboolean *yielded);

/* Registers the interpreter's own built-ins (__build_class__, super, ...). */
void            ls_vm_core_builtins_init (LsVM *vm);

/* LIST_EXTEND, SET_UPDATE, DICT_UPDATE and DICT_MERGE: target.op(source). */
gboolean        ls_vm_extend (LsVM *vm, guint op, LsValue target, LsValue source);

/* Imports a simulated module by name. */
gboolean        ls_vm_import (LsVM *vm, LsStr *name, LsValue *out);
/* getattr(sys.modules[module], name) for the library's C code, the module
 * imported first if it is not yet: through `cache` while both dicts keep
 * their keys, by ls_vm_import and ls_getattr otherwise. */
gboolean        ls_vm_module_attr (LsVM *vm, LsStr *module, LsStr *name,
                                   LsModuleAttrCache *cache, LsValue *out);
/* ls_vm_module_attr, its answer read inline when both of `cache`'s
 * positions hold (the module table's and the module's keys unchanged):
 * asyncio.sleep reads two module attributes a sleep, and the call with
 * its two cached lookups was ~75 instructions each time. */
static inline gboolean
ls_vm_module_attr_inline (LsVM              *vm,
                          LsStr             *module,
                          LsStr             *name,
                          LsModuleAttrCache *cache,
                          LsValue           *out)
{
  LsDict *modules = vm->modules;
  LsModule *loaded;

  if (G_LIKELY (cache->module.dict == modules && cache->module.version == modules->keys_version &&
                cache->module.index >= 0))
    {
      loaded = ls_value_module (modules->entries[cache->module.index].value);
      if (G_LIKELY (loaded != NULL && cache->attr.dict == loaded->dict &&
                    cache->attr.version == loaded->dict->keys_version && cache->attr.index >= 0))
        {
          *out = loaded->dict->entries[cache->attr.index].value;
          if (G_LIKELY (!ls_is_unbound (*out) && !ls_is_kind (*out, LS_KIND_MODULE)))
            return TRUE;
        }
    }
  return ls_vm_module_attr (vm, module, name, cache, out);
}

G_END_DECLS

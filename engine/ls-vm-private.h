/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-vm-private.h — what the interpreter shares with its neighbours
 * (calls, generators, the class builder). */
#pragma once

#include "ls-vm.h"
#include "ls-generator.h"

G_BEGIN_DECLS

/* Creates a frame for `function` with the arguments (n_args positional,
 * then one per kwnames) bound as CPython binds them; NULL with an exception set (TypeError) when they don't fit. */
LsFrame        *ls_frame_new_for_call (LsVM *vm, LsFunction *function, const LsValue *args,
                                       guint n_args, LsTuple *kwnames);
LsFrame        *ls_frame_new (LsVM *vm, LsCode *code, LsDict *globals, LsDict *locals_dict);
void            ls_frame_free (LsVM *vm, LsFrame *frame);
/* Bytes of a frame for `code`, as ls_frame_new allocates it. */
gsize           ls_frame_size (LsCode *code);

/* Runs `frame` (and every frame it calls) until it returns, yields or
 * raises.  `throwing`: start by raising vm->raised inside the frame. */
LsResumeResult  ls_vm_interpret (LsVM *vm, LsFrame *frame, gboolean throwing, LsValue *result);

/* The generator object for a frame whose code is a generator/coroutine. */
LsGenerator    *ls_generator_new (LsVM *vm, LsFrame *frame, LsFunction *function);

/* Registers the interpreter's own built-ins (__build_class__, super, ...). */
void            ls_vm_core_builtins_init (LsVM *vm);

/* LIST_EXTEND, SET_UPDATE, DICT_UPDATE and DICT_MERGE: target.op(source). */
gboolean        ls_vm_extend (LsVM *vm, guint op, LsValue target, LsValue source);

/* Imports a simulated module by name. */
gboolean        ls_vm_import (LsVM *vm, LsStr *name, LsValue *out);

G_END_DECLS

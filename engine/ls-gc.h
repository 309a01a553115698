/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-gc.h — the collector's internal interface (see ls-object.c). */
#pragma once

#include "ls-object.h"
#include "ls-vm.h"

G_BEGIN_DECLS

void ls_gc_collect     (LsVM *vm);
void ls_gc_free_all    (LsVM *vm);
void ls_gc_mark_frame  (LsVM *vm, LsFrame *frame);
void ls_object_free    (LsVM *vm, LsObject *object);
/* Marks what a parked thread holds: frames, pins, roots. */
void ls_gc_mark_thread_state (LsVM *vm, const LsVMThreadState *state);
/* Roots outside the language core (the asyncio runtime's loop); ls-vm.c. */
void ls_vm_mark_extra_roots (LsVM *vm);

static inline gboolean
ls_gc_should_collect (LsVM *vm)
{
  return vm->bytes_allocated > vm->next_collection;
}

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-threadlib.h — the `_thread` module and helpers for blocking natives. */
#pragma once

#include "ls-module.h"

G_BEGIN_DECLS

LsModule *ls_module_thread_new (LsVM *vm);
/* Raises _loopscope.Deadlock for a block the scheduler aborted. */
gboolean  ls_raise_aborted     (LsVM *vm);
/* now + timeout in virtual seconds; negative timeout: no deadline (-1). */
double    ls_deadline_for      (LsVM *vm, double timeout);

/* Adds threading's helpers to the `_loopscope` module (condition_natives). */
void      ls_threadlib_add_loopscope_functions (LsVM *vm, LsModule *loopscope);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-threadlib.h — the `_thread` module and helpers for blocking natives. */
#pragma once

#include "ls-list.h"
#include "ls-module.h"

G_BEGIN_DECLS

LsModule *ls_module_thread_new (LsVM *vm);
/* Raises _loopscope.Deadlock for a block the scheduler aborted. */
gboolean  ls_raise_aborted     (LsVM *vm);
/* now + timeout in virtual seconds; negative timeout: no deadline (-1). */
double    ls_deadline_for      (LsVM *vm, double timeout);

/* Adds threading's helpers to the `_loopscope` module (condition_natives). */
void      ls_threadlib_add_loopscope_functions (LsVM *vm, LsModule *loopscope);

/* A `with` over a threading.Condition done in C by a native that stands
 * for a Python method (see ls-threadlib.c): the Condition's lock when the
 * natives' fast path would take it at once, else NULL; then the lock taken
 * and given back around the body. */
gpointer  ls_condition_enterable_lock (LsVM *vm, LsValue condition);
void      ls_condition_lock_take      (LsVM *vm, gpointer lock);
void      ls_condition_lock_give_back (LsVM *vm, gpointer lock);
/* TRUE when no thread waits for the lock (a give-back hands it to none). */
gboolean  ls_condition_lock_unwaited  (gpointer lock);
/* For `condition.wait(0)` inside that `with`: TRUE when wait is
 * `wait_function` (the library's), its _is_owned, _release_save and
 * _acquire_restore the natives (a Lock's, not an RLock's), no thread waits
 * for the lock and `_waiters` is an empty list (*waiters): then wait(0)
 * makes a _Waiter, appends and removes it, and gives the lock back and
 * takes it again, and its three native calls charge one instruction each. */
gboolean  ls_condition_wait_zero_is_plain (LsVM *vm, LsValue condition, gpointer lock, LsValue wait_function,
                                           LsList **waiters);
/* For `condition.notify()` inside that `with`: TRUE when it would find
 * no thread to wake and the lock held, as the native does; *charge: the
 * instructions its Python calls would charge. */
gboolean  ls_condition_notify_is_noop     (LsVM *vm, LsValue condition, gpointer lock, gint64 *charge);
/* Likewise for `condition.notify_all()` (which calls notify()). */
gboolean  ls_condition_notify_all_is_noop (LsVM *vm, LsValue condition, gpointer lock, gint64 *charge);

G_END_DECLS

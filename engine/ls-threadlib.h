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

/* threading.Condition() from C when `cls` is the library's Condition with
 * its natives in place: the instance made and __init__ run as construct()
 * would, without its lookups; *handled FALSE (nothing done) when the
 * caller must call the class itself. */
gboolean  ls_condition_new                (LsVM *vm, LsValue cls, LsValue *out, gboolean *handled);
/* Whether ls_condition_new would make `cls`'s instance on the natives'
 * fast paths all the way: Condition.__init__'s in C, RLock() without its
 * frame (given the limits' room the caller checks: depth, fuel, memory,
 * no collection due). */
gboolean  ls_condition_new_is_plain       (LsVM *vm, LsValue cls);
/* For a `with lock:` done in C by a native standing for a Python frame:
 * the lock when `value` is an exact _thread lock or RLock whose class's
 * __enter__ and __exit__ are the natives (which charge nothing), free and
 * unwaited, else NULL.  Taken and given back by ls_condition_lock_take
 * and ls_condition_lock_give_back. */
gpointer  ls_lock_free_plain              (LsVM *vm, LsValue value);
G_END_DECLS

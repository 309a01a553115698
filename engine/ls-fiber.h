/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-fiber.h — execution contexts switched in user space.
 *
 * A fiber is a C stack and the registers to go on with it.  The scheduler
 * (ls-sched.c) runs every scenario thread as one: only one scenario thread
 * ever runs, and it hands over only where it blocks, so an OS thread per
 * scenario thread bought nothing but a trip through the kernel (a
 * condition variable signalled, a wait, two context switches) on every
 * hand-over.  Here a hand-over saves and loads a few registers.
 *
 * A fiber of ls_fiber_new runs on a stack of its own, mapped with a guard
 * page below it and as large as the stack the system gives a new thread;
 * the fiber of ls_fiber_new_native stands for the calling OS thread's own
 * stack, the place to come back to.  Fibers switch among themselves on
 * whatever OS thread calls ls_fiber_switch, and may move from one OS
 * thread to another (the app frees a VM, and so unwinds the scenario
 * threads still blocked in it, on its main thread, while they ran on a
 * worker): code that runs in a fiber must not keep the address of a
 * thread-local variable across a switch.  The engine's only thread-local
 * (ls-class.c's lookup cache) is found afresh on every lookup.
 *
 * Under AddressSanitizer every switch is announced to it, so that it
 * knows which stack is in use.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LsFiber LsFiber;

/* The body of a fiber.  It never returns: it ends with ls_fiber_exit. */
typedef void (*LsFiberFunc) (gpointer user_data);

/* The calling OS thread's own context, to switch away from and back to. */
LsFiber     *ls_fiber_new_native     (void);
/* A fiber that calls func(user_data) when it is first switched to.  NULL
 * (and an error) when the system has no memory for its stack. */
LsFiber     *ls_fiber_new            (LsFiberFunc   func,
                                      gpointer      user_data,
                                      GError      **error);
/* Makes a fiber that has exited start over with func(user_data), on the
 * same stack. */
void         ls_fiber_reset          (LsFiber      *self,
                                      LsFiberFunc   func,
                                      gpointer      user_data);
/* Frees a fiber that is not running: native, not started, or exited.
 * A fiber suspended in the middle of its body loses its stack, and what
 * its frames held. */
void         ls_fiber_free           (LsFiber      *self);

/* Suspends `from` (the running fiber) and resumes `to`; returns when
 * something switches back to `from`. */
void         ls_fiber_switch         (LsFiber      *from,
                                      LsFiber      *to);
/* The last switch of a fiber's body: `from` is never resumed again (it
 * may be reset or freed). */
G_NORETURN
void         ls_fiber_exit           (LsFiber      *from,
                                      LsFiber      *to);

/* The size of a fiber's stack, its guard page not included. */
gsize        ls_fiber_get_stack_size (void);
/* How switches are made: "x86_64", "aarch64" or "ucontext". */
const char  *ls_fiber_get_backend    (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-looplib.h — the `_loopscope` module (see ls-looplib.c). */
#pragma once

#include "ls-module.h"

G_BEGIN_DECLS

LsModule *ls_module_loopscope_new (LsVM *vm);

/* The event loop's wait for I/O in virtual time (`_loopscope.loop_wait`):
 * other threads run and the clock may jump.  `deadline` < 0 is none;
 * without a timeout the wait is not capped. */
gboolean  ls_loop_wait (LsVM *vm, gboolean has_timeout, double timeout, double deadline);

/* events.get_running_loop(): the running loop of the current thread, or
 * FALSE with CPython's RuntimeError. */
gboolean  ls_loop_get_running (LsVM *vm, LsValue *out);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-looplib.h — the `_loopscope` module (see ls-looplib.c). */
#pragma once

#include "ls-module.h"

G_BEGIN_DECLS

LsModule *ls_module_loopscope_new (LsVM *vm);

G_END_DECLS

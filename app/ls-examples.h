/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-examples.h: the example programs compiled into the binary. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char       *ls_examples_dup_default_name (void);
GFile      *ls_examples_dup_file         (const char *name);
GMenuModel *ls_examples_create_menu      (const char *action_name);

G_END_DECLS

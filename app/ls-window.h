/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "ls-application.h"

G_BEGIN_DECLS

#define LS_TYPE_WINDOW (ls_window_get_type ())

G_DECLARE_FINAL_TYPE (LsWindow, ls_window, LS, WINDOW, AdwApplicationWindow)

LsWindow        *ls_window_new                  (LsApplication *application);
void             ls_window_open_file            (LsWindow      *self,
                                                 GFile         *file);
void             ls_window_open_example         (LsWindow      *self,
                                                 const char    *name);
void             ls_window_open_default_example (LsWindow      *self);
GFile           *ls_window_get_file             (LsWindow      *self);
GtkSourceBuffer *ls_window_get_buffer           (LsWindow      *self);

G_END_DECLS

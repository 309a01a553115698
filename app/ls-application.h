/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LS_TYPE_APPLICATION (ls_application_get_type ())

G_DECLARE_FINAL_TYPE (LsApplication, ls_application, LS, APPLICATION, AdwApplication)

LsApplication *ls_application_new          (void);
GSettings     *ls_application_get_settings (LsApplication *self);

G_END_DECLS

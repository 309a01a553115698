/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-module.h — module objects: a name and a namespace dict. */
#pragma once

#include "ls-object.h"
#include "ls-dict.h"
#include "ls-str.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  LsStr   *name;
  LsDict  *dict;
} LsModule;

static inline LsModule *ls_value_module (LsValue v) { return v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_MODULE ? (LsModule *) v.o : NULL; }

LsModule *ls_module_new (LsVM *vm, const char *name);
/* Adds a C function to a module's namespace. */
void      ls_module_add_function (LsVM *vm, LsModule *self, const char *name, gpointer func);
void      ls_module_class_init (LsVM *vm, LsClass *cls);

G_END_DECLS

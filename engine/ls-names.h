/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-names.h — names the engine's C code looks up at run time, interned
 * once when the VM is made (vm->names), so that hot paths index an array
 * instead of hashing a C string (ls_str_intern_cstr) on every call.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* X (name) for a name that is a C identifier, T (id, "text") for one that
 * is not (a module's dotted name). */
#define LS_WELL_KNOWN_NAMES(X, T)    \
  X (__aenter__)               \
  X (__aexit__)                \
  X (__await__)                \
  X (__build_class__)          \
  X (__call__)                 \
  X (__class__)                \
  X (__dict__)                 \
  X (__enter__)                \
  X (__exit__)                 \
  X (__getattr__)              \
  X (__hash__)                 \
  X (__init__)                 \
  X (__iter__)                 \
  X (__name__)                 \
  X (__new__)                  \
  X (__setattr__)              \
  X (_ls_label)                \
  X (_set_result_unless_cancelled) \
  X (send)                     \
  T (asyncio_futures, "asyncio.futures")

typedef enum
{
#define LS_NAME_ENUM(name) LS_NAME_##name,
#define LS_NAME_ENUM_TEXT(id, text) LS_NAME_##id,
  LS_WELL_KNOWN_NAMES (LS_NAME_ENUM, LS_NAME_ENUM_TEXT)
#undef LS_NAME_ENUM
#undef LS_NAME_ENUM_TEXT
  LS_N_NAMES
} LsName;

G_END_DECLS

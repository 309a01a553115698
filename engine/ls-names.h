/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-names.h — names the engine's C code looks up at run time, interned
 * once when the VM is made (vm->names), so that hot paths index an array
 * instead of hashing a C string (ls_str_intern_cstr) on every call.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LS_WELL_KNOWN_NAMES(X) \
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
  X (send)

typedef enum
{
#define LS_NAME_ENUM(name) LS_NAME_##name,
  LS_WELL_KNOWN_NAMES (LS_NAME_ENUM)
#undef LS_NAME_ENUM
  LS_N_NAMES
} LsName;

G_END_DECLS

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
  X (__delattr__)              \
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
  X (_cancelled)               \
  X (_check_callback)          \
  X (_check_closed)            \
  X (_check_thread)            \
  X (_clock_resolution)        \
  X (_closed)                  \
  X (_current_handle)          \
  X (_debug)                   \
  X (_loop)                    \
  X (_ls_label)                \
  X (_process_events)          \
  X (_ready)                   \
  X (_run)                     \
  X (_scheduled)               \
  X (_selector)                \
  X (_set_result_unless_cancelled) \
  X (_stopping)                \
  X (_task_name_counter)       \
  X (_timer_cancelled_count)   \
  X (_timer_handle_cancelled)  \
  X (call_at)                  \
  X (cancel)                   \
  X (call_later)               \
  X (call_soon)                \
  X (context)                  \
  X (create_future)            \
  X (Future)                   \
  X (get_debug)                \
  X (loop)                     \
  X (select)                   \
  X (send)                     \
  X (time)                     \
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

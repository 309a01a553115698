/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-function.h — callables: Python functions, native (C) functions, bound
 * methods, and the cells closures share.
 */
#pragma once

#include "ls-object.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

typedef struct
{
  LsObject header;
  LsValue  value;          /* LS_UNBOUND when empty */
} LsCell;

typedef struct
{
  LsObject header;
  LsCode  *code;
  LsDict  *globals;
  LsTuple *defaults;       /* NULL or the defaults of the last positional parameters */
  LsDict  *kwdefaults;     /* NULL or name -> default of keyword-only parameters */
  LsTuple *closure;        /* NULL or the cells of code->freevars */
  LsStr   *name;
  LsStr   *qualname;
  LsDict  *dict;           /* function attributes (__wrapped__ & co.), created on demand */
  LsValue  module;         /* __module__ as a str value */
} LsFunction;

/* The calling convention of C functions (and of ls_call): `args` holds
 * n_args positional values followed by one value per name in kwnames (NULL
 * when there are no keyword arguments), so n_args never counts keywords —
 * CPython's vectorcall convention.  For a method, args[0] is self.  Returns FALSE with
 * the VM's exception set on failure; writes *result on success. */
typedef gboolean (*LsNativeFunc) (LsVM          *vm,
                                  const LsValue *args,
                                  guint          n_args,
                                  LsTuple       *kwnames,
                                  LsValue       *result);

typedef struct
{
  LsObject     header;
  LsNativeFunc func;
  LsStr       *name;
  LsValue      self;       /* bound receiver for built-in methods taken from an object, or unbound */
  LsValue      data;       /* a value the C function may need (e.g. its class) */
  gboolean     is_method;  /* lives in a class dict: binds like a function */
  guint32      self_id;    /* the trace's id of `self` once it was asked (0
                            * before): a task's wake-up callback names its
                            * task without touching it (ls-tracelib.c) */
} LsNative;

typedef struct
{
  LsObject header;
  LsValue  self;
  LsValue  func;           /* LsFunction or LsNative */
} LsBoundMethod;

/* flags of LsProperty */
typedef enum
{
  LS_PROPERTY_PROPERTY,
  LS_PROPERTY_STATICMETHOD,
  LS_PROPERTY_CLASSMETHOD,
} LsPropertyKind;

typedef struct
{
  LsObject       header;
  LsPropertyKind property_kind;
  LsValue        fget;     /* the wrapped function for staticmethod/classmethod */
  LsValue        fset;
  LsValue        fdel;
} LsProperty;

/* LsFunction header flags */
#define LS_FUNCTION_ITERABLE_COROUTINE 0x1   /* types.coroutine: its generators can be awaited */
/* `await f(...)` may be done in C: by vm->await_shortcuts[n - 1] for
 * the n in these bits (ls_vm_add_await_shortcut gives them) */
#define LS_FUNCTION_AWAIT_SHORTCUT       0x6
#define LS_FUNCTION_AWAIT_SHORTCUT_SHIFT 1

LsFunction *ls_function_new (LsVM *vm, LsCode *code, LsDict *globals);
LsNative   *ls_native_new   (LsVM *vm, const char *name, LsNativeFunc func);
/* ls_native_new with its name interned already (a task's step and
 * wake-up, made for every task, named by vm's asyncio names) */
LsNative   *ls_native_new_named (LsVM *vm, LsStr *name, LsNativeFunc func);
LsCell     *ls_cell_new     (LsVM *vm, LsValue value);
LsBoundMethod *ls_bound_method_new (LsVM *vm, LsValue self, LsValue func);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-ops.h — Python's object protocols, for the interpreter and natives.
 *
 * Every function returns FALSE with the VM's exception set when Python
 * would raise.  Ints, floats, bools and None are handled inline; objects
 * dispatch through their class: built-in types install C functions under
 * the dunder names (`__repr__`, `__eq__`, `__len__`, `__getitem__`, …) in
 * their class dict, user classes define them in Python, and these
 * functions look them up the same way for both.
 */
#pragma once

#include "ls-object.h"
#include "ls-ast.h"
#include "ls-str.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

LsClass    *ls_type_of      (LsVM *vm, LsValue v);
const char *ls_type_name    (LsVM *vm, LsValue v);             /* "int", "Foo" */
gboolean    ls_isinstance   (LsVM *vm, LsValue v, LsClass *cls);
/* A number for the object that never changes while it lives, handed out in
 * order of first request: id() and default hashes use it instead of the
 * address, so nothing a user sees depends on where malloc put things. */
gint64      ls_object_id    (LsVM *vm, LsObject *object);
/* CPython's numeric hashes (mod 2**61 - 1), so that hash(1) == hash(1.0). */
gint64      ls_hash_int     (gint64 value);
gint64      ls_hash_float   (double value);

gboolean ls_repr      (LsVM *vm, LsValue v, LsStr **out);
gboolean ls_str       (LsVM *vm, LsValue v, LsStr **out);
/* Appends repr(v) / str(v): what containers' reprs use. */
gboolean ls_repr_append (LsVM *vm, LsValue v, GString *out);
gboolean ls_str_append  (LsVM *vm, LsValue v, GString *out);
/* object.__repr__: <__main__.Foo object at 0x...>, <function f at 0x...> */
gboolean ls_repr_default (LsVM *vm, LsValue v, GString *out);
gboolean ls_format    (LsVM *vm, LsValue v, LsStr *spec, LsStr **out);   /* format(v, spec) */
gboolean ls_hash      (LsVM *vm, LsValue v, gint64 *out);
gboolean ls_truthy_object (LsVM *vm, LsValue v, gboolean *out);
/* bool(v): inline for the values that are not objects (the loop asks
 * whether its _debug is set at every callback), ls_truthy_object else. */
static inline gboolean
ls_truthy (LsVM *vm, LsValue v, gboolean *out)
{
  switch (v.tag)
    {
    case LS_TAG_NONE:
    case LS_TAG_UNBOUND:
      *out = FALSE;
      return TRUE;
    case LS_TAG_BOOL:
      *out = v.b;
      return TRUE;
    case LS_TAG_INT:
      *out = v.i != 0;
      return TRUE;
    case LS_TAG_FLOAT:
      *out = v.f != 0.0;
      return TRUE;
    case LS_TAG_OBJECT:
    default:
      return ls_truthy_object (vm, v, out);
    }
}
gboolean ls_equal     (LsVM *vm, LsValue a, LsValue b, gboolean *out);
/* op is LS_CMP_EQ .. LS_CMP_GT_E; the result may be any value (rich comparison). */
gboolean ls_compare   (LsVM *vm, LsValue a, LsValue b, LsCompareOp op, LsValue *out);
/* a < b as a bool, for sorting, min and max. */
gboolean ls_less_than (LsVM *vm, LsValue a, LsValue b, gboolean *out);
gboolean ls_binary_op (LsVM *vm, LsBinaryOp op, gboolean inplace, LsValue a, LsValue b, LsValue *out);

/* Python's floor division and modulo of ints (b != 0, not MININT64 // -1):
 * the quotient rounds toward minus infinity, the remainder takes b's sign. */
static inline void
ls_int_floor_divmod (gint64 a, gint64 b, gint64 *quotient, gint64 *remainder)
{
  gint64 q = a / b, m = a % b;

  if (m != 0 && ((m < 0) != (b < 0)))
    {
      q -= 1;
      m += b;
    }
  *quotient = q;
  *remainder = m;
}

/* ls_binary_op's answer for two ints or two floats where it cannot fail
 * (no overflow, no division by zero), without the call: the interpreter
 * tries it first.  FALSE: not such a case, ls_binary_op decides. */
static inline gboolean
ls_binary_op_numbers_fast (LsBinaryOp op, LsValue a, LsValue b, LsValue *out)
{
  gint64 r, q, m;

  if (a.tag == LS_TAG_INT && b.tag == LS_TAG_INT)
    {
      switch (op)
        {
        case LS_OP_ADD:
          if (__builtin_add_overflow (a.i, b.i, &r))
            return FALSE;
          break;
        case LS_OP_SUB:
          if (__builtin_sub_overflow (a.i, b.i, &r))
            return FALSE;
          break;
        case LS_OP_MULT:
          if (__builtin_mul_overflow (a.i, b.i, &r))
            return FALSE;
          break;
        case LS_OP_DIV:
          /* beyond 2**53 the quotient of the doubles may round twice */
          if (b.i == 0 || a.i < -(G_GINT64_CONSTANT (1) << 53) || a.i > (G_GINT64_CONSTANT (1) << 53) ||
              b.i < -(G_GINT64_CONSTANT (1) << 53) || b.i > (G_GINT64_CONSTANT (1) << 53))
            return FALSE;
          *out = ls_float ((double) a.i / (double) b.i);
          return TRUE;
        case LS_OP_MOD:
        case LS_OP_FLOORDIV:
          if (b.i == 0 || (a.i == G_MININT64 && b.i == -1))
            return FALSE;
          ls_int_floor_divmod (a.i, b.i, &q, &m);
          r = op == LS_OP_MOD ? m : q;
          break;
        default:
          return FALSE;
        }
      *out = ls_int (r);
      return TRUE;
    }
  if (a.tag == LS_TAG_FLOAT && b.tag == LS_TAG_FLOAT)
    switch (op)
      {
      case LS_OP_ADD: *out = ls_float (a.f + b.f); return TRUE;
      case LS_OP_SUB: *out = ls_float (a.f - b.f); return TRUE;
      case LS_OP_MULT: *out = ls_float (a.f * b.f); return TRUE;
      case LS_OP_DIV:
        if (b.f == 0.0)
          return FALSE;
        *out = ls_float (a.f / b.f);
        return TRUE;
      default:
        return FALSE;
      }
  return FALSE;
}
gboolean ls_unary_op  (LsVM *vm, LsUnaryOp op, LsValue a, LsValue *out);
gboolean ls_contains  (LsVM *vm, LsValue container, LsValue item, gboolean *out);
gboolean ls_len       (LsVM *vm, LsValue v, gint64 *out);

gboolean ls_get_iter  (LsVM *vm, LsValue v, LsValue *out);
/* Either *out is the next value or *exhausted is TRUE. */
gboolean ls_iter_next (LsVM *vm, LsValue iterator, LsValue *out, gboolean *exhausted);
/* Collects an iterable into a new C array of values (the list a native then owns). */
gboolean ls_iterate_to_list (LsVM *vm, LsValue iterable, LsValue *out_list);

/* Interns the attribute names scenarios may not read (ls-attribute.c). */
void     ls_attribute_init (LsVM *vm);
gboolean ls_getattr     (LsVM *vm, LsValue obj, LsStr *name, LsValue *out);
/* As ls_getattr but an AttributeError is not an error: *found says. */
gboolean ls_getattr_opt (LsVM *vm, LsValue obj, LsStr *name, LsValue *out, gboolean *found);
gboolean ls_setattr     (LsVM *vm, LsValue obj, LsStr *name, LsValue value);
gboolean ls_delattr     (LsVM *vm, LsValue obj, LsStr *name);
/* The interned name of getattr(obj, v)'s v; TypeError when not a str. */
gboolean ls_attribute_name (LsVM *vm, LsValue v, LsStr **out);
/* object.__setattr__ and object.__delattr__: what ls_setattr and
 * ls_delattr do once no __setattr__ or __delattr__ of a class of obj's
 * has taken the call (the data descriptors, then the instance dict). */
gboolean ls_object_setattr (LsVM *vm, LsValue obj, LsStr *name, LsValue value);
gboolean ls_object_delattr (LsVM *vm, LsValue obj, LsStr *name);
/* TRUE when a class in cls's MRO before object defines `dunder`
 * (LS_NAME___setattr__ or LS_NAME___delattr__). */
gboolean ls_class_overrides (LsVM *vm, LsClass *cls, LsStr *dunder);
/* The natives object's class dict holds for them (ls-objectlib.c). */
gboolean ls_object_setattr_native (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
gboolean ls_object_delattr_native (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result);
gboolean ls_getitem     (LsVM *vm, LsValue obj, LsValue key, LsValue *out);
gboolean ls_setitem     (LsVM *vm, LsValue obj, LsValue key, LsValue value);
gboolean ls_delitem     (LsVM *vm, LsValue obj, LsValue key);

/* Calls any callable from C.  Python functions run on the interpreter
 * (nested: the C caller waits); `kwnames` may be NULL. */
gboolean ls_call        (LsVM *vm, LsValue callable, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *out);
/* Looks `name` up on obj's class and calls it with obj first; *found FALSE
 * (and TRUE returned) when the class has no such method. */
gboolean ls_call_method_opt (LsVM *vm, LsValue obj, LsStr *name, const LsValue *args, guint n_args, LsValue *out, gboolean *found);

/* Argument checking for natives, with CPython's messages:
 * "len() takes exactly one argument (2 given)",
 * "f() got an unexpected keyword argument 'x'". */
gboolean ls_check_args  (LsVM *vm, const char *fname, guint n_args, LsTuple *kwnames, guint min, guint max);
gboolean ls_no_kwargs   (LsVM *vm, const char *fname, LsTuple *kwnames);

G_END_DECLS

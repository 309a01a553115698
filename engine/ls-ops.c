/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-ops.c — Python's object protocols.
 *
 * Numbers are handled inline (they are most of what a program computes);
 * everything else dispatches through the class dict by dunder name, one
 * path for built-in types (C functions) and user classes (defs).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-ops.h"
#include "ls-auxlib.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-generator.h"
#include "ls-iterator.h"
#include "ls-list.h"
#include "ls-module.h"
#include "ls-number-format.h"
#include "ls-vm-private.h"

#define HASH_MODULUS ((G_GINT64_CONSTANT (1) << 61) - 1)

LsClass *
ls_type_of (LsVM    *vm,
            LsValue  v)
{
  switch (v.tag)
    {
    case LS_TAG_NONE:
      return vm->types[LS_TYPE_NONE];
    case LS_TAG_BOOL:
      return vm->types[LS_TYPE_BOOL];
    case LS_TAG_INT:
      return vm->types[LS_TYPE_INT];
    case LS_TAG_FLOAT:
      return vm->types[LS_TYPE_FLOAT];
    case LS_TAG_OBJECT:
      return v.o->cls;
    case LS_TAG_UNBOUND:
    default:
      return vm->types[LS_TYPE_NONE];
    }
}

const char *
ls_type_name (LsVM    *vm,
              LsValue  v)
{
  return ls_type_of (vm, v)->name->data;
}

gboolean
ls_isinstance (LsVM    *vm,
               LsValue  v,
               LsClass *cls)
{
  return ls_class_is_subclass (ls_type_of (vm, v), cls);
}

gint64
ls_object_id (LsVM     *vm,
              LsObject *object)
{
  gpointer id;

  if (object->kind == LS_KIND_INSTANCE)
    {
      LsInstance *instance = (LsInstance *) object;

      if (instance->id == 0)
        instance->id = ++vm->next_object_id;
      return instance->id;
    }
  /* a coroutine's id is asked when gather hashes it: its own field while
   * the number fits (the same numbers, in the same order) */
  if (object->kind == LS_KIND_GENERATOR && !(object->flags & LS_OBJECT_HAS_ID))
    {
      LsGenerator *generator = (LsGenerator *) object;

      if (generator->id != 0)
        return generator->id;
      if (vm->next_object_id < G_MAXUINT32)
        {
          generator->id = (guint32) ++vm->next_object_id;
          return generator->id;
        }
    }
  if (object->flags & LS_OBJECT_HAS_ID)
    return GPOINTER_TO_SIZE (g_hash_table_lookup (vm->object_ids, object));
  id = GSIZE_TO_POINTER ((gsize) ++vm->next_object_id);
  g_hash_table_insert (vm->object_ids, object, id);
  object->flags |= LS_OBJECT_HAS_ID;
  return (gint64) GPOINTER_TO_SIZE (id);
}

gint64
ls_hash_int (gint64 value)
{
  gint64 h;

  if (value >= 0)
    h = value % HASH_MODULUS;
  else
    h = -((-(value + 1) % HASH_MODULUS + 1) % HASH_MODULUS);
  return h == -1 ? -2 : h;
}

gint64
ls_hash_float (double value)
{
  /* CPython's _Py_HashDouble */
  int e, sign = 1;
  double m;
  guint64 x = 0;

  if (isinf (value))
    return value > 0 ? 314159 : -314159;
  if (isnan (value))
    return 0;
  m = frexp (value, &e);
  if (m < 0)
    {
      sign = -1;
      m = -m;
    }
  while (m)
    {
      x = ((x << 28) & (guint64) HASH_MODULUS) | x >> (61 - 28);
      m *= 268435456.0;
      e -= 28;
      {
        guint64 y = (guint64) m;
        m -= (double) y;
        x += y;
        if (x >= (guint64) HASH_MODULUS)
          x -= (guint64) HASH_MODULUS;
      }
    }
  e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
  x = ((x << e) & (guint64) HASH_MODULUS) | x >> (61 - e);
  {
    gint64 h = (gint64) x * sign;
    return h == -1 ? -2 : h;
  }
}

/* --- special methods ---------------------------------------------------- */

static LsValue
lookup_special (LsVM       *vm,
                LsValue     v,
                const char *name)
{
  return ls_class_lookup (ls_type_of (vm, v), ls_str_intern_cstr (vm, name));
}

/* Calls type(v).name(v, args...) if the class has it. */
static gboolean
call_special (LsVM          *vm,
              LsValue        v,
              const char    *name,
              const LsValue *args,
              guint          n_args,
              LsValue       *out,
              gboolean      *found)
{
  return ls_call_method_opt (vm, v, ls_str_intern_cstr (vm, name), args, n_args, out, found);
}

gboolean
ls_call_method_opt (LsVM          *vm,
                    LsValue        obj,
                    LsStr         *name,
                    const LsValue *args,
                    guint          n_args,
                    LsValue       *out,
                    gboolean      *found)
{
  LsValue method = ls_class_lookup (ls_type_of (vm, obj), name);
  LsValue stack_args[8];
  g_autofree LsValue *heap_args = NULL;
  LsValue *all = stack_args;

  *found = !ls_is_unbound (method);
  if (!*found)
    return TRUE;
  if (n_args + 1 > G_N_ELEMENTS (stack_args))
    all = heap_args = g_new (LsValue, n_args + 1);
  all[0] = obj;
  for (guint i = 0; i < n_args; i++)
    all[i + 1] = args[i];
  return ls_call (vm, method, all, n_args + 1, NULL, out);
}

/* --- repr and str ------------------------------------------------------- */

gboolean
ls_repr_default (LsVM    *vm,
                 LsValue  v,
                 GString *out)
{
  LsObject *o = v.o;
  gint64 id;

  if (v.tag != LS_TAG_OBJECT)
    return ls_repr_append (vm, v, out);
  if (o == vm->ellipsis.o || o == vm->not_implemented.o)
    {
      g_string_append (out, o == vm->ellipsis.o ? "Ellipsis" : "NotImplemented");
      return TRUE;
    }
  id = ls_object_id (vm, o);

  switch ((LsKind) o->kind)
    {
    case LS_KIND_CLASS:
      {
        LsClass *cls = (LsClass *) o;
        if (cls->is_builtin && strcmp (cls->module->data, "builtins") == 0)
          g_string_append_printf (out, "<class '%s'>", cls->qualname->data);
        else
          g_string_append_printf (out, "<class '%s.%s'>", cls->module->data, cls->qualname->data);
        return TRUE;
      }
    case LS_KIND_FUNCTION:
      g_string_append_printf (out, "<function %s at 0x%012" G_GINT64_MODIFIER "x>",
                              ((LsFunction *) o)->qualname->data, id);
      return TRUE;
    case LS_KIND_NATIVE:
      g_string_append_printf (out, "<built-in function %s>", ((LsNative *) o)->name->data);
      return TRUE;
    case LS_KIND_MODULE:
      g_string_append_printf (out, "<module '%s' (built-in)>", ((LsModule *) o)->name->data);
      return TRUE;
    case LS_KIND_GENERATOR:
      g_string_append_printf (out, "<%s object %s at 0x%012" G_GINT64_MODIFIER "x>",
                              ((LsGenerator *) o)->is_coroutine ? "coroutine" : "generator",
                              ((LsGenerator *) o)->qualname->data, id);
      return TRUE;
    case LS_KIND_BOUND_METHOD:
      {
        LsBoundMethod *m = (LsBoundMethod *) o;
        LsFunction *f = ls_is_kind (m->func, LS_KIND_FUNCTION) ? (LsFunction *) m->func.o : NULL;
        g_string_append_printf (out, "<bound method %s of ", f != NULL ? f->qualname->data : "?");
        if (!ls_repr_append (vm, m->self, out))
          return FALSE;
        g_string_append_c (out, '>');
        return TRUE;
      }
    default:
      {
        LsClass *cls = o->cls;
        g_string_append_printf (out, "<%s%s%s object at 0x%012" G_GINT64_MODIFIER "x>",
                                cls->is_builtin ? "" : cls->module->data,
                                cls->is_builtin ? "" : ".",
                                cls->qualname->data, id);
        return TRUE;
      }
    }
}

gboolean
ls_repr_append (LsVM    *vm,
                LsValue  v,
                GString *out)
{
  LsStr *s;

  switch (v.tag)
    {
    case LS_TAG_NONE:
      g_string_append (out, "None");
      return TRUE;
    case LS_TAG_BOOL:
      g_string_append (out, v.b ? "True" : "False");
      return TRUE;
    case LS_TAG_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v.i);
      return TRUE;
    case LS_TAG_FLOAT:
      ls_float_repr (out, v.f);
      return TRUE;
    case LS_TAG_UNBOUND:
      g_string_append (out, "<unbound>");
      return TRUE;
    case LS_TAG_OBJECT:
    default:
      break;
    }
  if (!ls_repr (vm, v, &s))
    return FALSE;
  g_string_append_len (out, s->data, (gssize) s->len);
  return TRUE;
}

static gboolean
expect_str_result (LsVM       *vm,
                   LsValue     result,
                   const char *method,
                   LsStr     **out)
{
  *out = ls_value_str (result);
  if (*out == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s returned non-string (type %s)", method, ls_type_name (vm, result));
  return TRUE;
}

gboolean
ls_repr (LsVM    *vm,
         LsValue  v,
         LsStr  **out)
{
  LsValue result;
  gboolean found;
  GString *text;

  if (v.tag == LS_TAG_OBJECT)
    {
      gboolean ok;

      /* nested containers recurse in C: bounded as in CPython */
      if (!ls_vm_enter_recursive (vm, " while getting the repr of an object"))
        return FALSE;
      ok = call_special (vm, v, "__repr__", NULL, 0, &result, &found);
      ls_vm_leave_recursive (vm);
      if (!ok)
        return FALSE;
      if (found)
        return expect_str_result (vm, result, "__repr__", out);
    }
  text = g_string_new (NULL);
  if (!ls_repr_default (vm, v, text))
    {
      g_string_free (text, TRUE);
      return FALSE;
    }
  *out = ls_str_take_gstring (vm, text);
  return TRUE;
}

gboolean
ls_str (LsVM    *vm,
        LsValue  v,
        LsStr  **out)
{
  LsValue result;
  gboolean found;

  if ((*out = ls_value_str (v)) != NULL)
    return TRUE;
  if (v.tag == LS_TAG_OBJECT)
    {
      gboolean ok;

      if (!ls_vm_enter_recursive (vm, " while getting the str of an object"))
        return FALSE;
      ok = call_special (vm, v, "__str__", NULL, 0, &result, &found);
      ls_vm_leave_recursive (vm);
      if (!ok)
        return FALSE;
      if (found)
        return expect_str_result (vm, result, "__str__", out);
    }
  return ls_repr (vm, v, out);
}

gboolean
ls_str_append (LsVM    *vm,
               LsValue  v,
               GString *out)
{
  LsStr *s;

  if (v.tag != LS_TAG_OBJECT)
    return ls_repr_append (vm, v, out);
  if (!ls_str (vm, v, &s))
    return FALSE;
  g_string_append_len (out, s->data, (gssize) s->len);
  return TRUE;
}

gboolean
ls_format (LsVM    *vm,
           LsValue  v,
           LsStr   *spec,
           LsStr  **out)
{
  LsValue result, arg = ls_obj (spec);
  gboolean found;

  if (!call_special (vm, v, "__format__", &arg, 1, &result, &found))
    return FALSE;
  if (found)
    return expect_str_result (vm, result, "__format__", out);
  if (spec->len > 0)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "unsupported format string passed to %s.__format__",
                     ls_type_name (vm, v));
  return ls_str (vm, v, out);
}

/* --- hashing, truth, equality ------------------------------------------- */

gboolean
ls_hash (LsVM    *vm,
         LsValue  v,
         gint64  *out)
{
  LsValue method, result;
  LsStr *name;
  LsClass *cls;
  gboolean found, ok;

  switch (v.tag)
    {
    case LS_TAG_NONE:
      *out = 0x5f0e2b7;   /* any constant: CPython's is address-based */
      return TRUE;
    case LS_TAG_BOOL:
    case LS_TAG_INT:
      *out = ls_hash_int (ls_as_int (v));
      return TRUE;
    case LS_TAG_FLOAT:
      *out = ls_hash_float (v.f);
      return TRUE;
    case LS_TAG_UNBOUND:
    case LS_TAG_OBJECT:
    default:
      break;
    }
  if (v.o->kind == LS_KIND_STR)
    {
      *out = ls_str_hash ((LsStr *) v.o);
      return TRUE;
    }
  /* generators and coroutines (gather's keys) hash by identity: their
   * classes are built in, so no class can change that, and they keep the
   * one-class cache below for the instances between them */
  if (v.o->kind == LS_KIND_GENERATOR)
    {
      *out = ls_object_id (vm, v.o);
      return TRUE;
    }
  /* the name interned once, and object.__hash__ read through the class
   * cache: instances (an event loop keying _current_tasks) are hashed
   * twice at every task step */
  cls = G_LIKELY (v.tag == LS_TAG_OBJECT) ? v.o->cls : ls_type_of (vm, v);
  if ((cls == vm->identity_hash_classes[0] || cls == vm->identity_hash_classes[1]) &&
      vm->identity_hash_epoch == ls_class_epoch ())
    {
      /* an instance that has its id (a task in _all_tasks, a loop in
       * _current_tasks): ls_object_id's first answer, without the call */
      if (v.o->kind == LS_KIND_INSTANCE && ((LsInstance *) v.o)->id != 0)
        *out = ((LsInstance *) v.o)->id;
      else
        *out = ls_object_id (vm, v.o);
      return TRUE;
    }
  name = vm->names[LS_NAME___hash__];
  method = ls_class_lookup (cls, name);
  if (ls_is_none (method))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "unhashable type: '%s'", ls_type_name (vm, v));
  if (ls_is_unbound (method) || method.o == ls_class_lookup (vm->types[LS_TYPE_OBJECT], name).o)
    {
      /* the last classes found to hash by identity, until a class changes */
      if (vm->identity_hash_epoch != ls_class_epoch ())
        vm->identity_hash_classes[0] = vm->identity_hash_classes[1] = NULL;
      vm->identity_hash_classes[1] = vm->identity_hash_classes[0];
      vm->identity_hash_classes[0] = cls;
      vm->identity_hash_epoch = ls_class_epoch ();
      *out = ls_object_id (vm, v.o);
      return TRUE;
    }
  /* a tuple of tuples of ... hashes its items in C */
  if (!ls_vm_enter_recursive (vm, ""))
    return FALSE;
  ok = call_special (vm, v, "__hash__", NULL, 0, &result, &found);
  ls_vm_leave_recursive (vm);
  if (!ok)
    return FALSE;
  if (!ls_is_intlike (result))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "__hash__ method should return an integer");
  /* built-in types return their final hash; Python's are reduced as CPython does */
  *out = ls_type_of (vm, v)->is_builtin ? ls_as_int (result) : ls_hash_int (ls_as_int (result));
  return TRUE;
}

gboolean
ls_truthy_object (LsVM     *vm,
                  LsValue   v,
                  gboolean *out)
{
  LsValue result;
  gboolean found;
  gint64 len;

  g_assert (v.tag == LS_TAG_OBJECT);
  if (v.o->kind == LS_KIND_STR)
    {
      *out = ((LsStr *) v.o)->len > 0;
      return TRUE;
    }
  /* the built-in containers themselves (a subclass may define __bool__
   * or __len__): `while queue:` without looking a method up by name */
  if (v.o->cls == vm->types[LS_TYPE_LIST])
    {
      *out = ((LsList *) v.o)->len > 0;
      return TRUE;
    }
  if (v.o->cls == vm->types[LS_TYPE_TUPLE])
    {
      *out = ((LsTuple *) v.o)->len > 0;
      return TRUE;
    }
  if (v.o->cls == vm->types[LS_TYPE_DICT])
    {
      *out = ((LsDict *) v.o)->len > 0;
      return TRUE;
    }
  if (!call_special (vm, v, "__bool__", NULL, 0, &result, &found))
    return FALSE;
  if (found)
    {
      if (!ls_is_bool (result))
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "__bool__ should return bool, returned %s", ls_type_name (vm, result));
      *out = result.b;
      return TRUE;
    }
  if (!ls_is_unbound (lookup_special (vm, v, "__len__")))
    {
      if (!ls_len (vm, v, &len))
        return FALSE;
      *out = len != 0;
      return TRUE;
    }
  *out = TRUE;
  return TRUE;
}

static gboolean
is_number (LsValue v)
{
  return v.tag == LS_TAG_INT || v.tag == LS_TAG_FLOAT || v.tag == LS_TAG_BOOL;
}

static double
as_double (LsValue v)
{
  return v.tag == LS_TAG_FLOAT ? v.f : (double) ls_as_int (v);
}

/* Compares two numbers exactly, as CPython does for int vs float. */
static int
compare_numbers (LsValue a,
                 LsValue b,
                 gboolean *unordered)
{
  *unordered = FALSE;
  if (a.tag != LS_TAG_FLOAT && b.tag != LS_TAG_FLOAT)
    {
      gint64 x = ls_as_int (a), y = ls_as_int (b);
      return x < y ? -1 : x > y;
    }
  {
    double x = as_double (a), y = as_double (b);
    if (isnan (x) || isnan (y))
      {
        *unordered = TRUE;
        return 0;
      }
    /* int against float compares exact values, as CPython: a 64-bit int
     * may not survive the conversion to double */
    if (a.tag != LS_TAG_FLOAT || b.tag != LS_TAG_FLOAT)
      {
        gint64 i = a.tag != LS_TAG_FLOAT ? ls_as_int (a) : ls_as_int (b);
        double f = a.tag == LS_TAG_FLOAT ? a.f : b.f;
        int sign = a.tag != LS_TAG_FLOAT ? 1 : -1;   /* result is for (int ? float) */
        int c;

        if (f >= 9223372036854775808.0)
          c = -1;
        else if (f < -9223372036854775808.0)
          c = 1;
        else
          {
            double whole = floor (f);
            gint64 w = (gint64) whole;
            c = i < w ? -1 : i > w ? 1 : (f > whole ? -1 : 0);
          }
        return c * sign;
      }
    return x < y ? -1 : x > y;
  }
}

static gboolean
compare_result (int c, LsCompareOp op)
{
  switch (op)
    {
    case LS_CMP_EQ: return c == 0;
    case LS_CMP_NOT_EQ: return c != 0;
    case LS_CMP_LT: return c < 0;
    case LS_CMP_LT_E: return c <= 0;
    case LS_CMP_GT: return c > 0;
    case LS_CMP_GT_E: return c >= 0;
    case LS_CMP_IS: case LS_CMP_IS_NOT: case LS_CMP_IN: case LS_CMP_NOT_IN:
    default:
      g_assert_not_reached ();
    }
}

static const char *const compare_dunders[] = { "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__" };
static const LsCompareOp reflected_ops[] = { LS_CMP_EQ, LS_CMP_NOT_EQ, LS_CMP_GT, LS_CMP_GT_E, LS_CMP_LT, LS_CMP_LT_E };
static const char *const compare_symbols[] = { "==", "!=", "<", "<=", ">", ">=" };

static gboolean
is_not_implemented (LsVM *vm, LsValue v)
{
  return v.tag == LS_TAG_OBJECT && v.o == vm->not_implemented.o;
}

gboolean
ls_compare (LsVM        *vm,
            LsValue      a,
            LsValue      b,
            LsCompareOp  op,
            LsValue     *out)
{
  gboolean found, unordered;
  LsValue result;

  if (is_number (a) && is_number (b))
    {
      int c = compare_numbers (a, b, &unordered);
      *out = ls_bool (unordered ? op == LS_CMP_NOT_EQ : compare_result (c, op));
      return TRUE;
    }
  if (ls_value_str (a) != NULL && ls_value_str (b) != NULL)
    {
      int c = op <= LS_CMP_NOT_EQ ? !ls_str_equal ((LsStr *) a.o, (LsStr *) b.o)
                                  : ls_str_compare ((LsStr *) a.o, (LsStr *) b.o);
      *out = ls_bool (compare_result (c, op));
      return TRUE;
    }
  if (a.tag == LS_TAG_OBJECT || a.tag == LS_TAG_NONE)
    {
      gboolean ok;

      /* containers compare their items in C: bounded as in CPython */
      if (!ls_vm_enter_recursive (vm, " in comparison"))
        return FALSE;
      ok = call_special (vm, a, compare_dunders[op], &b, 1, &result, &found);
      ls_vm_leave_recursive (vm);
      if (!ok)
        return FALSE;
      if (found && !is_not_implemented (vm, result))
        {
          *out = result;
          return TRUE;
        }
    }
  if (b.tag == LS_TAG_OBJECT)
    {
      gboolean ok;

      if (!ls_vm_enter_recursive (vm, " in comparison"))
        return FALSE;
      ok = call_special (vm, b, compare_dunders[reflected_ops[op]], &a, 1, &result, &found);
      ls_vm_leave_recursive (vm);
      if (!ok)
        return FALSE;
      if (found && !is_not_implemented (vm, result))
        {
          *out = result;
          return TRUE;
        }
    }
  if (op == LS_CMP_EQ || op == LS_CMP_NOT_EQ)
    {
      gboolean same = a.tag == b.tag && (a.tag != LS_TAG_OBJECT || a.o == b.o) &&
                      (a.tag == LS_TAG_OBJECT || a.tag == LS_TAG_NONE || a.i == b.i);
      *out = ls_bool (op == LS_CMP_EQ ? same : !same);
      return TRUE;
    }
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' not supported between instances of '%s' and '%s'",
                   compare_symbols[op], ls_type_name (vm, a), ls_type_name (vm, b));
}

gboolean
ls_equal (LsVM     *vm,
          LsValue   a,
          LsValue   b,
          gboolean *out)
{
  LsValue result;

  /* identity implies equality inside containers, as in CPython */
  if (a.tag == LS_TAG_OBJECT && b.tag == LS_TAG_OBJECT && a.o == b.o)
    {
      *out = TRUE;
      return TRUE;
    }
  /* ls_compare's answer for two strs, without the bool made and tested
   * (`state in [CANCELLED, FINISHED]` in concurrent.futures) */
  if (ls_value_str (a) != NULL && ls_value_str (b) != NULL)
    {
      *out = ls_str_equal ((LsStr *) a.o, (LsStr *) b.o);
      return TRUE;
    }
  if (!ls_compare (vm, a, b, LS_CMP_EQ, &result))
    return FALSE;
  return ls_truthy (vm, result, out);
}

gboolean
ls_less_than (LsVM     *vm,
              LsValue   a,
              LsValue   b,
              gboolean *out)
{
  LsValue result;

  if (!ls_compare (vm, a, b, LS_CMP_LT, &result))
    return FALSE;
  return ls_truthy (vm, result, out);
}

/* --- arithmetic ---------------------------------------------------------- */

static const char *const binary_symbols[] = {
  "+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//",
};
static const char *const binary_dunders[] = {
  "add", "sub", "mul", "matmul", "truediv", "mod", "pow", "lshift", "rshift", "or", "xor", "and", "floordiv",
};

static gboolean
overflow (LsVM *vm)
{
  return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "integer result does not fit in 64 bits (Loopscope's int limit)");
}

static gboolean
int_pow (LsVM *vm, gint64 base, gint64 exponent, LsValue *out)
{
  gint64 result = 1;

  if (exponent < 0)
    {
      if (base == 0)
        return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, "0.0 cannot be raised to a negative power");
      *out = ls_float (pow ((double) base, (double) exponent));
      return TRUE;
    }
  while (exponent > 0)
    {
      if (exponent & 1)
        {
          if (__builtin_mul_overflow (result, base, &result))
            return overflow (vm);
        }
      exponent >>= 1;
      if (exponent > 0 && __builtin_mul_overflow (base, base, &base))
        return overflow (vm);
    }
  *out = ls_int (result);
  return TRUE;
}

static int
bit_length (guint64 v)
{
  return v == 0 ? 0 : 64 - __builtin_clzll (v);
}

/* a / b (b != 0) correctly rounded, as CPython's long_true_divide: when
 * both fit a double's 53 bits exactly, the doubles' quotient is; else
 * the quotient scaled to at least 55 bits, with a sticky bit for a
 * nonzero remainder, rounds once on its conversion to double. */
static double
int_true_divide (gint64 a, gint64 b)
{
  guint64 ua = a < 0 ? -(guint64) a : (guint64) a, ub = b < 0 ? -(guint64) b : (guint64) b;
  int shift;
  unsigned __int128 q, r;
  double result;

  if (ua <= (G_GUINT64_CONSTANT (1) << 53) && ub <= (G_GUINT64_CONSTANT (1) << 53))
    return (double) a / (double) b;
  shift = MAX (0, 56 + bit_length (ub) - bit_length (ua));
  q = ((unsigned __int128) ua << shift) / ub;
  r = ((unsigned __int128) ua << shift) % ub;
  result = ldexp ((double) (q | (r != 0)), -shift);
  return (a < 0) != (b < 0) ? -result : result;
}

static gboolean
int_binary (LsVM *vm, LsBinaryOp op, gint64 a, gint64 b, LsValue *out)
{
  gint64 r;

  switch (op)
    {
    case LS_OP_ADD:
      if (__builtin_add_overflow (a, b, &r)) return overflow (vm);
      break;
    case LS_OP_SUB:
      if (__builtin_sub_overflow (a, b, &r)) return overflow (vm);
      break;
    case LS_OP_MULT:
      if (__builtin_mul_overflow (a, b, &r)) return overflow (vm);
      break;
    case LS_OP_DIV:
      if (b == 0) return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, "division by zero");
      *out = ls_float (int_true_divide (a, b));
      return TRUE;
    case LS_OP_FLOORDIV:
    case LS_OP_MOD:
      if (b == 0)
        return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, op == LS_OP_MOD ? "integer modulo by zero" : "integer division or modulo by zero");
      if (a == G_MININT64 && b == -1)
        {
          if (op == LS_OP_MOD) { *out = ls_int (0); return TRUE; }
          return overflow (vm);
        }
      {
        gint64 q, m;

        ls_int_floor_divmod (a, b, &q, &m);
        r = op == LS_OP_MOD ? m : q;
      }
      break;
    case LS_OP_POW:
      return int_pow (vm, a, b, out);
    case LS_OP_LSHIFT:
      if (b < 0) return ls_raise (vm, LS_EXC_VALUE_ERROR, "negative shift count");
      if (a == 0) { r = 0; break; }
      if (b >= 63 || (a > 0 ? a > (G_MAXINT64 >> b) : a < (G_MININT64 >> b))) return overflow (vm);
      r = (gint64) ((guint64) a << b);
      break;
    case LS_OP_RSHIFT:
      if (b < 0) return ls_raise (vm, LS_EXC_VALUE_ERROR, "negative shift count");
      r = b >= 63 ? (a < 0 ? -1 : 0) : a >> b;
      break;
    case LS_OP_BITOR: r = a | b; break;
    case LS_OP_BITXOR: r = a ^ b; break;
    case LS_OP_BITAND: r = a & b; break;
    case LS_OP_MATMULT:
    default:
      return FALSE;
    }
  *out = ls_int (r);
  return TRUE;
}

static gboolean
float_binary (LsVM *vm, LsBinaryOp op, double a, double b, LsValue *out)
{
  switch (op)
    {
    case LS_OP_ADD: *out = ls_float (a + b); return TRUE;
    case LS_OP_SUB: *out = ls_float (a - b); return TRUE;
    case LS_OP_MULT: *out = ls_float (a * b); return TRUE;
    case LS_OP_DIV:
      if (b == 0.0) return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, "float division by zero");
      *out = ls_float (a / b);
      return TRUE;
    case LS_OP_MOD:
    case LS_OP_FLOORDIV:
      {
        /* CPython's float_divmod */
        double mod, div, floordiv;
        if (b == 0.0)
          return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, op == LS_OP_MOD ? "float modulo" : "float floor division by zero");
        mod = fmod (a, b);
        div = (a - mod) / b;
        if (mod)
          {
            if ((b < 0) != (mod < 0))
              {
                mod += b;
                div -= 1.0;
              }
          }
        else
          mod = copysign (0.0, b);
        if (div)
          {
            floordiv = floor (div);
            if (div - floordiv > 0.5)
              floordiv += 1.0;
          }
        else
          floordiv = copysign (0.0, a / b);
        *out = ls_float (op == LS_OP_MOD ? mod : floordiv);
        return TRUE;
      }
    case LS_OP_POW:
      if (a == 0.0 && b < 0.0)
        return ls_raise (vm, LS_EXC_ZERO_DIVISION_ERROR, "0.0 cannot be raised to a negative power");
      if (a < 0.0 && b != floor (b) && isfinite (b))
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "math domain error (complex results are not supported)");
      *out = ls_float (pow (a, b));
      if (isinf (out->f) && isfinite (a) && isfinite (b))
        return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "(34, 'Numerical result out of range')");
      return TRUE;
    case LS_OP_MATMULT: case LS_OP_LSHIFT: case LS_OP_RSHIFT:
    case LS_OP_BITOR: case LS_OP_BITXOR: case LS_OP_BITAND:
    default:
      return FALSE;
    }
}

/* Numbers: TRUE with *handled when the operation applied to them. */
static gboolean
number_binary (LsVM *vm, LsBinaryOp op, LsValue a, LsValue b, LsValue *out, gboolean *handled)
{
  *handled = FALSE;
  if (!is_number (a) || !is_number (b))
    return TRUE;
  if (a.tag != LS_TAG_FLOAT && b.tag != LS_TAG_FLOAT)
    {
      if (op == LS_OP_MATMULT)
        return TRUE;
      *handled = TRUE;
      if (!int_binary (vm, op, ls_as_int (a), ls_as_int (b), out))
        return FALSE;
      /* bool & | ^ bool stays bool */
      if (a.tag == LS_TAG_BOOL && b.tag == LS_TAG_BOOL &&
          (op == LS_OP_BITAND || op == LS_OP_BITOR || op == LS_OP_BITXOR))
        *out = ls_bool (out->i != 0);
      return TRUE;
    }
  if (op == LS_OP_MATMULT || op == LS_OP_LSHIFT || op == LS_OP_RSHIFT ||
      op == LS_OP_BITOR || op == LS_OP_BITXOR || op == LS_OP_BITAND)
    return TRUE;
  *handled = TRUE;
  return float_binary (vm, op, as_double (a), as_double (b), out);
}

gboolean
ls_binary_op (LsVM       *vm,
              LsBinaryOp  op,
              gboolean    inplace,
              LsValue     a,
              LsValue     b,
              LsValue    *out)
{
  gboolean handled, found;
  char name[32];

  if (!number_binary (vm, op, a, b, out, &handled))
    return FALSE;
  if (handled)
    return TRUE;
  if (inplace)
    {
      g_snprintf (name, sizeof name, "__i%s__", binary_dunders[op]);
      if (!call_special (vm, a, name, &b, 1, out, &found))
        return FALSE;
      if (found && !is_not_implemented (vm, *out))
        return TRUE;
    }
  g_snprintf (name, sizeof name, "__%s__", binary_dunders[op]);
  if (!call_special (vm, a, name, &b, 1, out, &found))
    return FALSE;
  if (found && !is_not_implemented (vm, *out))
    return TRUE;
  g_snprintf (name, sizeof name, "__r%s__", binary_dunders[op]);
  if (ls_type_of (vm, a) != ls_type_of (vm, b))
    {
      if (!call_special (vm, b, name, &a, 1, out, &found))
        return FALSE;
      if (found && !is_not_implemented (vm, *out))
        return TRUE;
    }
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "unsupported operand type(s) for %s%s: '%s' and '%s'",
                   binary_symbols[op], op == LS_OP_POW ? (inplace ? "=" : " or pow()") : inplace ? "=" : "",
                   ls_type_name (vm, a), ls_type_name (vm, b));
}

gboolean
ls_unary_op (LsVM      *vm,
             LsUnaryOp  op,
             LsValue    a,
             LsValue   *out)
{
  static const char *const dunders[] = { "__invert__", "__not__", "__pos__", "__neg__" };
  static const char *const symbols[] = { "~", "not ", "+", "-" };
  gboolean found, truth;

  if (op == LS_UNARY_NOT)
    {
      if (!ls_truthy (vm, a, &truth))
        return FALSE;
      *out = ls_bool (!truth);
      return TRUE;
    }
  if (ls_is_intlike (a))
    {
      gint64 x = ls_as_int (a);
      if (op == LS_UNARY_USUB && x == G_MININT64)
        return overflow (vm);
      *out = ls_int (op == LS_UNARY_INVERT ? ~x : op == LS_UNARY_USUB ? -x : x);
      return TRUE;
    }
  if (ls_is_float (a) && op != LS_UNARY_INVERT)
    {
      *out = ls_float (op == LS_UNARY_USUB ? -a.f : a.f);
      return TRUE;
    }
  if (!call_special (vm, a, dunders[op], NULL, 0, out, &found))
    return FALSE;
  if (found)
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "bad operand type for unary %s: '%s'", symbols[op], ls_type_name (vm, a));
}

/* --- containers ----------------------------------------------------------- */

gboolean
ls_len (LsVM    *vm,
        LsValue  v,
        gint64  *out)
{
  LsValue result;
  gboolean found;

  if (ls_value_str (v) != NULL)
    {
      *out = (gint64) ((LsStr *) v.o)->n_chars;
      return TRUE;
    }
  if (ls_value_list (v) != NULL)
    {
      *out = (gint64) ((LsList *) v.o)->len;
      return TRUE;
    }
  if (!call_special (vm, v, "__len__", NULL, 0, &result, &found))
    return FALSE;
  if (!found)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "object of type '%s' has no len()", ls_type_name (vm, v));
  if (!ls_is_intlike (result))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object cannot be interpreted as an integer", ls_type_name (vm, result));
  if (ls_as_int (result) < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "__len__() should return >= 0");
  *out = ls_as_int (result);
  return TRUE;
}

/* A dict of dict's own class, whose __contains__, __getitem__ and
 * __setitem__ are the natives of ls-dictlib.c (dict cannot be changed):
 * `k in d`, `d[k]` and `d[k] = v` then do the natives' work without the
 * method lookup, the call and its checks.  The natives' depth is checked
 * as ls_call would check it, so a RecursionError comes where it came. */
static inline LsDict *
exact_dict (LsVM   *vm,
            LsValue v)
{
  if (v.tag == LS_TAG_OBJECT && v.o->kind == LS_KIND_DICT && v.o->cls == vm->types[LS_TYPE_DICT] &&
      vm->native_depth < LS_VM_MAX_NATIVE_DEPTH)
    return (LsDict *) v.o;
  return NULL;
}

/* `s in [A, B]` for a str s and an exact list of strs (concurrent.futures
 * asks its state so several times a call): list.__contains__'s answer
 * without looking it up and calling it, when no comparison could run
 * Python code or raise.  FALSE, having changed nothing, for anything else
 * (an item not a str, a list subclass, the natives' depth limit). */
static gboolean
list_holds_str (LsVM     *vm,
                LsValue   container,
                LsValue   item,
                gboolean *out)
{
  LsList *list = ls_value_list (container);
  LsStr *wanted = ls_value_str (item);

  if (list == NULL || wanted == NULL || container.o->cls != vm->types[LS_TYPE_LIST] ||
      vm->native_depth >= LS_VM_MAX_NATIVE_DEPTH)
    return FALSE;
  for (gsize i = 0; i < list->len; i++)
    if (ls_value_str (list->items[i]) == NULL)
      return FALSE;
  *out = FALSE;
  for (gsize i = 0; i < list->len && !*out; i++)
    *out = ls_str_equal ((LsStr *) list->items[i].o, wanted);
  return TRUE;
}

gboolean
ls_contains (LsVM     *vm,
             LsValue   container,
             LsValue   item,
             gboolean *out)
{
  LsValue result, iterator, value;
  gboolean found, exhausted;
  LsDict *dict = exact_dict (vm, container);

  if (dict != NULL)
    return ls_dict_get (vm, dict, item, &value, out);
  if (list_holds_str (vm, container, item, out))
    return TRUE;
  if (!call_special (vm, container, "__contains__", &item, 1, &result, &found))
    return FALSE;
  if (found)
    return ls_truthy (vm, result, out);
  if (ls_is_unbound (lookup_special (vm, container, "__iter__")))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "argument of type '%s' is not iterable", ls_type_name (vm, container));
  if (!ls_get_iter (vm, container, &iterator))
    return FALSE;
  for (;;)
    {
      if (!ls_iter_next (vm, iterator, &value, &exhausted))
        return FALSE;
      if (exhausted)
        {
          *out = FALSE;
          return TRUE;
        }
      if (!ls_equal (vm, value, item, out))
        return FALSE;
      if (*out)
        return TRUE;
    }
}

/* The old sequence protocol: obj[0], obj[1], ... until IndexError. */
static gboolean
sequence_iterator_next (LsVM       *vm,
                        LsIterator *self,
                        LsValue    *value,
                        gboolean   *exhausted)
{
  if (self->index < 0)
    {
      *exhausted = TRUE;
      return TRUE;
    }
  if (!ls_getitem (vm, self->source, ls_int (self->index), value))
    {
      if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_INDEX_ERROR]) ||
          ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_STOP_ITERATION]))
        {
          vm->raised = LS_UNBOUND;
          self->index = -1;
          *exhausted = TRUE;
          return TRUE;
        }
      return FALSE;
    }
  self->index++;
  return TRUE;
}

gboolean
ls_get_iter (LsVM    *vm,
             LsValue  v,
             LsValue *out)
{
  gboolean found;
  LsList *list = ls_value_list (v);

  /* list.__iter__'s iterator without looking it up and calling it (every
   * `for` over a list; a list's class is list unless it is a subclass) */
  if (list != NULL && v.o->cls == vm->types[LS_TYPE_LIST] && vm->native_depth < LS_VM_MAX_NATIVE_DEPTH)
    {
      *out = ls_list_iter_new (vm, list);
      return TRUE;
    }
  if (!call_special (vm, v, "__iter__", NULL, 0, out, &found))
    return FALSE;
  if (!found && v.tag == LS_TAG_OBJECT && !ls_is_unbound (lookup_special (vm, v, "__getitem__")))
    {
      *out = ls_obj (ls_iterator_new (vm, vm->types[LS_TYPE_CALLABLE_ITERATOR], sequence_iterator_next, v, LS_NONE));
      return TRUE;
    }
  if (!found)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not iterable", ls_type_name (vm, v));
  if (ls_is_unbound (lookup_special (vm, *out, "__next__")) && !ls_is_kind (*out, LS_KIND_ITERATOR))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "iter() returned non-iterator of type '%s'", ls_type_name (vm, *out));
  return TRUE;
}

/* Turns a raised StopIteration into exhaustion. */
static gboolean
stop_iteration_is_exhaustion (LsVM *vm, gboolean *exhausted)
{
  if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_STOP_ITERATION]))
    {
      vm->raised = LS_UNBOUND;
      *exhausted = TRUE;
      return TRUE;
    }
  return FALSE;
}

gboolean
ls_iter_next (LsVM     *vm,
              LsValue   iterator,
              LsValue  *out,
              gboolean *exhausted)
{
  gboolean found;

  *exhausted = FALSE;
  /* natives that loop over an iterator come through here, item by item */
  if (!ls_vm_native_step (vm))
    return FALSE;
  if (ls_is_kind (iterator, LS_KIND_ITERATOR))
    {
      LsIterator *it = (LsIterator *) iterator.o;
      gboolean ok;

      /* map(f, map(f, map(...))) a hundred thousand deep recurses in C */
      if (!ls_vm_enter_recursive (vm, ""))
        return FALSE;
      ok = it->next (vm, it, out, exhausted);
      ls_vm_leave_recursive (vm);
      return ok;
    }
  if (ls_is_kind (iterator, LS_KIND_GENERATOR))
    {
      switch (ls_generator_send (vm, (LsGenerator *) iterator.o, LS_NONE, out))
        {
        case LS_RESUME_YIELDED:
          return TRUE;
        case LS_RESUME_RETURNED:
          *exhausted = TRUE;
          return TRUE;
        case LS_RESUME_RAISED:
        default:
          return FALSE;
        }
    }
  if (!call_special (vm, iterator, "__next__", NULL, 0, out, &found))
    return stop_iteration_is_exhaustion (vm, exhausted);
  if (!found)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not an iterator", ls_type_name (vm, iterator));
  return TRUE;
}

gboolean
ls_iterate_to_list (LsVM    *vm,
                    LsValue  iterable,
                    LsValue *out_list)
{
  LsList *list;
  LsValue iterator, value;
  gboolean exhausted;

  if (ls_value_list (iterable) != NULL)
    {
      LsList *source = (LsList *) iterable.o;
      *out_list = ls_obj (ls_list_new_from (vm, source->items, source->len));
      return TRUE;
    }
  if (ls_value_tuple (iterable) != NULL)
    {
      LsTuple *source = (LsTuple *) iterable.o;
      *out_list = ls_obj (ls_list_new_from (vm, source->items, source->len));
      return TRUE;
    }
  if (!ls_get_iter (vm, iterable, &iterator))
    return FALSE;
  list = ls_list_new (vm, 0);
  /* the list is reachable from nowhere while user __next__ runs: root it */
  ls_vm_push_root (vm, ls_obj (list));
  ls_vm_push_root (vm, iterator);
  for (;;)
    {
      if (!ls_iter_next (vm, iterator, &value, &exhausted))
        {
          ls_vm_pop_roots (vm, 2);
          return FALSE;
        }
      if (exhausted)
        break;
      ls_list_append (vm, list, value);
    }
  ls_vm_pop_roots (vm, 2);
  *out_list = ls_obj (list);
  return TRUE;
}

/* --- items ---------------------------------------------------------------- */

gboolean
ls_getitem (LsVM    *vm,
            LsValue  obj,
            LsValue  key,
            LsValue *out)
{
  gboolean found;
  LsDict *dict = exact_dict (vm, obj);

  if (dict != NULL)
    {
      if (!ls_dict_get (vm, dict, key, out, &found))
        return FALSE;
      return found ? TRUE : ls_aux_key_error (vm, key);
    }
  if (!call_special (vm, obj, "__getitem__", &key, 1, out, &found))
    return FALSE;
  if (found)
    return TRUE;
  if (ls_value_class (obj) != NULL)
    {
      /* list[int] and friends in annotations that do get evaluated */
      *out = obj;
      return TRUE;
    }
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object is not subscriptable", ls_type_name (vm, obj));
}

gboolean
ls_setitem (LsVM    *vm,
            LsValue  obj,
            LsValue  key,
            LsValue  value)
{
  LsValue args[2] = { key, value }, result;
  gboolean found;
  LsDict *dict = exact_dict (vm, obj);

  if (dict != NULL)
    return ls_dict_set (vm, dict, key, value);
  if (!call_special (vm, obj, "__setitem__", args, 2, &result, &found))
    return FALSE;
  if (found)
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object does not support item assignment", ls_type_name (vm, obj));
}

gboolean
ls_delitem (LsVM    *vm,
            LsValue  obj,
            LsValue  key)
{
  LsValue result;
  gboolean found;

  if (!call_special (vm, obj, "__delitem__", &key, 1, &result, &found))
    return FALSE;
  if (found)
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object doesn't support item deletion", ls_type_name (vm, obj));
}

/* --- argument checks ------------------------------------------------------ */

gboolean
ls_no_kwargs (LsVM       *vm,
              const char *fname,
              LsTuple    *kwnames)
{
  if (kwnames == NULL || kwnames->len == 0)
    return TRUE;
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no keyword arguments", fname);
}

gboolean
ls_check_args (LsVM       *vm,
               const char *fname,
               guint       n_args,
               LsTuple    *kwnames,
               guint       min,
               guint       max)
{
  if (!ls_no_kwargs (vm, fname, kwnames))
    return FALSE;
  if (n_args >= min && n_args <= max)
    return TRUE;
  if (min == max)
    {
      if (min == 0)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes no arguments (%u given)", fname, n_args);
      if (min == 1)
        return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s() takes exactly one argument (%u given)", fname, n_args);
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected %u arguments, got %u", fname, min, n_args);
    }
  if (n_args < min)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at least %u argument%s, got %u", fname, min, min == 1 ? "" : "s", n_args);
  return ls_raise (vm, LS_EXC_TYPE_ERROR, "%s expected at most %u argument%s, got %u", fname, max, max == 1 ? "" : "s", n_args);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asynciolib.c — the `_asyncio` module: asyncio's Future (and its
 * await iterator) and Task in C, which asyncio.futures and asyncio.tasks
 * select the way CPython's select their C accelerator, and the tables of
 * tasks that the C Task and asyncio.tasks' Python functions share
 * (_all_tasks, _current_tasks), and the hot path of sleep
 * (ls-asyncio-sleep.h), and asyncio.futures.isfuture's common answers.
 * Internal: scenarios cannot import it.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-builtins.h"

#include "ls-asyncio-ensure-future.h"
#include "ls-asyncio-future.h"
#include "ls-asyncio-gather.h"
#include "ls-asyncio-sleep.h"
#include "ls-asyncio-sleep-coroutine.h"
#include "ls-asyncio-task.h"
#include "ls-class.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-module.h"
#include "ls-names.h"
#include "ls-ops.h"
#include "ls-vm.h"

/* Declines well before the interpreter's nesting limit (ls-vm.c's
 * MAX_C_DEPTH, 200), whose error the Python function then raises. */
#define ISFUTURE_C_DEPTH_MARGIN 150

/* asyncio.futures.isfuture, which is Python in CPython:
 *
 *   return (hasattr(obj.__class__, '_asyncio_future_blocking') and
 *           obj._asyncio_future_blocking is not None)
 *
 * gather, ensure_future, wrap_future and _chain_future ask it eight times
 * a to_thread call.  Answered here, without the frame, when nothing on the
 * way can raise or run scenario code: obj.__class__ is its type (no class
 * on the way defines __class__), and that type either has no such
 * attribute (False, obj is not even touched) or is a C Future or Task's,
 * whose flag is a bool field behind the C property (True).  Anything else
 * (a class attribute of a Python class, a property of the scenario's) runs
 * the Python function, kept as _asyncio._py_isfuture, whose frame a
 * traceback then shows.  The charge of one instruction a Python call
 * takes is taken here too, and near a depth limit the Python one runs. */
static gboolean
asyncio_isfuture (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsValue fallback, module;

  if (n_args == 1 && (kwnames == NULL || kwnames->len == 0) &&
      vm->depth + 1 < vm->recursion_limit && vm->c_depth < ISFUTURE_C_DEPTH_MARGIN)
    {
      LsClass *cls = ls_type_of (vm, args[0]);

      if (ls_is_unbound (ls_class_lookup (cls, vm->names[LS_NAME___class__])))
        {
          LsValue attr = ls_class_lookup (cls, ls_asyncio_name (vm, LS_ASYNCIO_NAME_BLOCKING));
          gboolean answer = !ls_is_unbound (attr);

          if (!answer || (ls_future_from_value (args[0]) != NULL && ls_future_blocking_is_field (vm, args[0])))
            {
              if (!ls_vm_burn (vm, 1))
                return FALSE;
              *result = ls_bool (answer);
              return TRUE;
            }
        }
    }
  module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "_asyncio"));
  fallback = ls_is_kind (module, LS_KIND_MODULE)
             ? ls_dict_get_str (((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "_py_isfuture"))
             : LS_UNBOUND;
  if (!ls_is_kind (fallback, LS_KIND_FUNCTION))
    return ls_raise (vm, LS_EXC_RUNTIME_ERROR, "asyncio.futures is not loaded");
  return ls_call (vm, fallback, args, n_args, kwnames, result);
}

LsModule *
ls_module_asyncio_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "_asyncio");
  LsClass *future;

  ls_asyncio_names_init (vm, module);
  future = ls_future_class_new (vm);

  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "Future"), ls_obj (future));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "FutureIter"), ls_obj (ls_future_iter_class_new (vm)));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "Task"), ls_obj (ls_task_class_new (vm, future)));
  /* tasks not yet done, in creation order (a dict as an ordered set), and
   * the task each running loop is executing: see asyncio.tasks */
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_all_tasks"), ls_obj (ls_dict_new (vm)));
  vm->asyncio_current_tasks = ls_dict_new (vm);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "_current_tasks"), ls_obj (vm->asyncio_current_tasks));
  ls_asyncio_sleep_add_functions (vm, module);
  ls_asyncio_sleep_coroutine_add_functions (vm, module);
  ls_module_add_function (vm, module, "isfuture", asyncio_isfuture);
  ls_future_add_functions (vm, module);
  ls_asyncio_ensure_future_add_functions (vm, module);
  ls_asyncio_gather_add_functions (vm, module);
  ls_task_add_functions (vm, module);
  return module;
}

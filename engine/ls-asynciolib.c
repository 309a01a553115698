/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-asynciolib.c — the `_asyncio` module: asyncio's Future (and its
 * await iterator) and Task in C, which asyncio.futures and asyncio.tasks
 * select the way CPython's select their C accelerator, and the tables of
 * tasks that the C Task and asyncio.tasks' Python functions share
 * (_all_tasks, _current_tasks), and the hot path of sleep
 * (ls-asyncio-sleep.h).  Internal: scenarios cannot import it.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-builtins.h"

#include "ls-asyncio-future.h"
#include "ls-asyncio-sleep.h"
#include "ls-asyncio-task.h"
#include "ls-module.h"
#include "ls-vm.h"

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
  return module;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-vm.h — the virtual machine: the heap, the built-in types, the frames,
 * and the interpreter loop.
 *
 * Frames live on the heap and are linked through `back`; calling a Python
 * function or resuming a generator pushes a frame and goes on in the same
 * C loop, so a coroutine suspends by returning from ls_vm_resume() — no
 * C-stack switching, no longjmp.  C code re-enters the loop only when a
 * native calls back into Python (sorted(key=...), __init__ from a class
 * call, __str__ from print); a coroutine cannot suspend across such a
 * boundary, as in CPython's C code.
 */
#pragma once

#include "ls-object.h"
#include "ls-class.h"
#include "ls-code.h"
#include "ls-dict.h"
#include "ls-exception.h"
#include "ls-function.h"
#include "ls-limits.h"
#include "ls-names.h"
#include "ls-pool.h"
#include "ls-random.h"
#include "ls-str.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

/* Entries of the cache of trace string ids by str object (ls-tracelib.c). */
#define LS_TRACE_STR_CACHE_SIZE 256

typedef enum
{
  LS_TYPE_OBJECT,
  LS_TYPE_TYPE,
  LS_TYPE_NONE,
  LS_TYPE_NOT_IMPLEMENTED,
  LS_TYPE_ELLIPSIS,
  LS_TYPE_BOOL,
  LS_TYPE_INT,
  LS_TYPE_FLOAT,
  LS_TYPE_STR,
  LS_TYPE_TUPLE,
  LS_TYPE_LIST,
  LS_TYPE_DICT,
  LS_TYPE_SET,
  LS_TYPE_FROZENSET,
  LS_TYPE_RANGE,
  LS_TYPE_SLICE,
  LS_TYPE_CODE,
  LS_TYPE_FUNCTION,
  LS_TYPE_BUILTIN_FUNCTION,
  LS_TYPE_METHOD,
  LS_TYPE_CELL,
  LS_TYPE_MODULE,
  LS_TYPE_GENERATOR,
  LS_TYPE_COROUTINE,
  LS_TYPE_PROPERTY,
  LS_TYPE_STATICMETHOD,
  LS_TYPE_CLASSMETHOD,
  LS_TYPE_SUPER,
  LS_TYPE_LIST_ITERATOR,
  LS_TYPE_LIST_REVERSEITERATOR,
  LS_TYPE_TUPLE_ITERATOR,
  LS_TYPE_STR_ITERATOR,
  LS_TYPE_RANGE_ITERATOR,
  LS_TYPE_SET_ITERATOR,
  LS_TYPE_DICT_KEYITERATOR,
  LS_TYPE_DICT_VALUEITERATOR,
  LS_TYPE_DICT_ITEMITERATOR,
  LS_TYPE_DICT_KEYS,
  LS_TYPE_DICT_VALUES,
  LS_TYPE_DICT_ITEMS,
  LS_TYPE_ENUMERATE,
  LS_TYPE_ZIP,
  LS_TYPE_MAP,
  LS_TYPE_FILTER,
  LS_TYPE_REVERSED,
  LS_TYPE_CALLABLE_ITERATOR,
  LS_TYPE_FRAME,               /* a snapshot of a suspended frame: f_lineno, f_code */
  LS_N_TYPES
} LsTypeId;

typedef struct _LsFrame LsFrame;

/* A block of the block stack: a `try` handler or an entered except clause. */
typedef struct
{
  guint32 handler;       /* instruction index, for SETUP_FINALLY blocks */
  guint32 level;         /* value-stack depth to cut back to */
  gboolean is_except_handler;
  LsValue saved_handled; /* for except-handler blocks: the handled exception before */
} LsBlock;

typedef enum
{
  /* The frame of a coroutine awaited as it was called (`await f(x)`), run
   * before its coroutine object exists: the object is made only if the
   * frame suspends (ls_vm_interpret's `suspend`); meanwhile the awaiting
   * frame's stack holds None where the object would be. */
  LS_FRAME_LAZY_COROUTINE = 1 << 0,
} LsFrameFlags;

struct _LsFrame
{
  LsFrame   *back;        /* the frame that called or resumed this one */
  LsCode    *code;
  LsValue    function;    /* the LsFunction running, for tracebacks and recursion */
  LsDict    *globals;
  LsDict    *locals_dict; /* module and class bodies; NULL for functions */
  LsDict    *builtins;
  LsObject  *generator;   /* the LsGenerator that owns this frame, or NULL */
  guint32    ip;          /* next instruction */
  guint32    sp;          /* value-stack depth */
  guint32    n_blocks;
  gint32     line;        /* line of the instruction running, for tracebacks */
  guint32    alloc_size;  /* ls_frame_size (code): the sweep may free code first */
  guint32    flags;       /* LsFrameFlags */
  LsValue    handled;     /* the exception an except clause of this frame is handling */
  LsBlock   *blocks;      /* code->block_depth of them */
  LsValue   *cells;       /* LsCell values: cellvars then freevars */
  LsValue   *stack;       /* code->stack_size */
  LsValue    locals[];    /* code->n_locals, then cells, then stack, then blocks */
};

typedef void (*LsOutputFunc) (const char *text, gsize len, gpointer user_data);

/* The extra roots natives register: a stack pushed and popped around
 * every allocation a native keeps in a C local, so both are inline. */
typedef struct
{
  LsValue *items;
  guint    len;
  guint    capacity;
} LsRootStack;

/* A run of the object list, newest first, that a native allocated and still
 * holds in C locals while it calls back into Python: [newest, oldest). */
typedef struct
{
  LsObject *newest;
  LsObject *oldest;
} LsGcPin;

/* The pins natives hold (see ls_call): pushed and popped around every
 * resumption of a generator, so both are inline. */
typedef struct
{
  LsGcPin *items;
  guint    len;
  guint    capacity;
} LsPinStack;

/* Where sys.modules[m].name was last found: two remembered dict positions. */
typedef struct
{
  LsDictStrCache module;
  LsDictStrCache attr;
} LsModuleAttrCache;

/* The registers of the VM that belong to one scenario thread; the
 * scheduler swaps them when it hands the token over (ls-sched.c). */
typedef struct
{
  LsFrame  *frame;
  guint     depth;
  guint     c_depth;
  LsObject *native_entry;
  LsPinStack *pins;
  LsRootStack *roots;
  LsValue   raised;
  guint     native_recursion;
  guint     native_depth;
} LsVMThreadState;

/* The running loop's place in _current_tasks as the last _enter_task left
 * it (position.entry >= 0) or the last _leave_task (-1: absent, the hash
 * kept), valid while that dict's keys stay (ls-asyncio-task.c).
 * `inserted`: that _enter_task inserted the entry; `parked`: that
 * _leave_task took out such an entry, the last, and position.slot is
 * where it goes back; `other_version`, when not 0, the dict's keys
 * version of the layout the next leave or enter returns to. */
typedef struct
{
  gconstpointer  dict;
  guint64        version;
  guint64        other_version;
  gconstpointer  loop;
  LsDictPosition position;
  gboolean       inserted;
  gboolean       parked;
} LsCurrentTaskMemo;

/* Where the running loop's own dict keeps _closed, _debug and _ready,
 * found when its call_soon was the C one and no own attribute hid it
 * (`plain`), or that it was not: valid while that dict's keys and the
 * class epoch stay (ls-asyncio-loop.c's plain_loop_dict). */
typedef struct
{
  gconstpointer dict;
  guint64       version;
  gconstpointer cls;
  guint64       class_epoch;
  gboolean      plain;   /* FALSE: the memo holds, but not for a plain loop */
  gssize        closed;
  gssize        debug;
  gssize        ready;
  gconstpointer ready_fifo;   /* the FIFO _ready held then, or NULL */
  /* plain, and call_later, time, call_at, create_future, get_debug and
   * _timer_handle_cancelled the C ones, with _scheduled at `scheduled`:
   * a sleep's timer asks all of these (ls-asyncio-loop.c's plain_timers) */
  gboolean      timers;
  gssize        scheduled;
} LsPlainLoopMemo;

typedef struct _LsSched LsSched;

/* Called where a limit was reached (ls-limits.h), on the thread running
 * the scenario, with the VM paused: it may only read the VM and change
 * *limits (which is the VM's own).  TRUE, having raised the bound, lets the
 * run go on; FALSE stops it.  For LS_LIMIT_TIME it runs while the scheduler
 * holds its lock: it must not call into the VM. */
typedef gboolean (*LsLimitFunc) (LsVM        *vm,
                                 LsLimitKind  kind,
                                 LsLimits    *limits,
                                 gpointer     user_data);

/* What an await shortcut did with `await f(...)`: nothing (the coroutine
 * must run), all of it (*result is what the coroutine returned), made
 * the coroutine with a C body instead of a frame (*result, not started:
 * the await runs it), started a coroutine that at once yields None and
 * then returns None, without making it (*result is vm->awaited_placeholder,
 * which the awaiting frame keeps on its YIELD_FROM), or it failed as the
 * coroutine's creation would have (exception set). */
typedef enum
{
  LS_SHORTCUT_DECLINED,
  LS_SHORTCUT_DONE,
  LS_SHORTCUT_COROUTINE,
  LS_SHORTCUT_BARE_YIELD,
  LS_SHORTCUT_FAILED,
} LsShortcutResult;

/* `await function(*args)` done in C, for a coroutine function whose
 * coroutine, when the arguments and objects are the usual ones, either
 * returns without suspending and without anything observable but its
 * effects (no trace record, no exception): DONE; or is the same to the
 * scenario with its body in C (ls-generator.h): COROUTINE.  DECLINED,
 * having changed nothing, in every other case. */
typedef LsShortcutResult (*LsAwaitShortcut) (LsVM          *vm,
                                             LsObject      *function,
                                             const LsValue *args,
                                             guint          n_args,
                                             LsTuple       *kwnames,
                                             LsValue       *result);
/* Adds a hook to vm->await_shortcuts (once), giving the bits to set in
 * the flags of the functions it does. */
guint16 ls_vm_add_await_shortcut (LsVM *vm, LsAwaitShortcut hook);

struct _LsVM
{
  /* --- heap --- */
  LsObject   *objects;          /* every live object, newest first */
  LsObjectArray all_objects;    /* the same objects, oldest first, for the sweep */
  gsize       bytes_allocated;
  gsize       bytes_live;       /* what the last collection found alive */
  gsize       next_collection;  /* collect at the next safe point past this */
  LsObjectArray gray;          /* objects marked but not yet traversed */
  LsPinStack *pins;             /* segments of `objects` a native holds (see ls_call) */
  LsObject   *native_entry;     /* `objects` when the running native began */
  LsRootStack *roots;           /* extra roots natives register */
  /* ls_hash: the last two classes whose instances hash by identity (the
   * loop keying _current_tasks and the tasks of _all_tasks took turns in
   * one), valid in the class epoch of the last one found */
  LsClass    *identity_hash_classes[2];
  guint64     identity_hash_epoch;
  LsPool      pool;             /* objects, frames, small dict arrays */

  /* --- built-ins --- */
  LsClass    *types[LS_N_TYPES];
  LsClass    *exceptions[LS_N_EXCEPTIONS];
  LsStr     **interned;         /* interned strs by hash, open addressing (ls-str.c) */
  guint       interned_mask;    /* its slots less one, a power of two less one */
  guint       n_interned;
  /* Names C code interns again and again ("__repr__"), by the address of
   * the C string; an entry is used only after comparing the text, unless
   * the text is in the program's read-only data (a literal). */
  struct { const char *text; LsStr *str; gboolean readonly; } intern_cache[2048];
  GHashTable *object_ids;       /* LsObject* -> id number, for id() and default hashes */
  gint64      next_object_id;
  LsDict     *builtins;
  LsDict     *modules;          /* imported modules by name */
  LsValue     not_implemented;
  LsValue     ellipsis;
  LsTuple    *empty_tuple;
  LsStr      *empty_str;
  LsStr      *names[LS_N_NAMES];   /* well-known names (ls-names.h), interned and kept */
  /* where C code last found each of them, in an instance dict and in a class */
  LsDictStrCache     name_caches[LS_N_NAMES];
  LsClassLookupCache class_name_caches[LS_N_NAMES];
  /* type(future)._asyncio_future_blocking, asked twice a task step
   * (ls_future_blocking_is_field) */
  LsClassLookupCache future_blocking_cache;
  /* the Task flag of type(future), asked at every Future's
   * __init__ (ls_future_init) */
  LsClassLookupCache future_is_task_cache;
  /* type(future).add_done_callback, .result and .get_loop, asked at each
   * await on a subclass of the C Future (a gather's _GatheringFuture) */
  LsClassLookupCache future_method_caches[3];
  /* the last `obj.name = value` (ls_setattr) that reached a property
   * with an unbound native setter, on a class that keeps object's
   * __setattr__ (a C field: a Task's _log_destroy_pending, which gather
   * sets on every child), at class epoch native_setter_epoch; the
   * epoch also moves at each collection, so neither pointer can be a
   * freed object's (ls-attribute.c) */
  const LsClass *native_setter_class;
  LsStr      *native_setter_name;
  LsNative   *native_setter;
  guint64     native_setter_epoch;
  /* the class whose own __enter__ was threading.Condition's native at
   * class epoch condition_class_epoch, and that native's state
   * (ls-threadlib.c's condition_natives_for); a class freed moves the
   * epoch, so the address is not taken for another */
  LsClass    *condition_class;
  guint64     condition_class_epoch;
  LsObject   *condition_class_natives;
  /* library attributes the asyncio C code reads at every sleep or await,
   * from the module each time as the Python code did (ls_vm_module_attr) */
  LsModuleAttrCache  future_class_cache;     /* asyncio.futures.Future */
  LsModuleAttrCache  sleep_callback_cache;   /* asyncio.futures._set_result_unless_cancelled */
  LsModuleAttrCache  future_iter_cache;      /* _asyncio.FutureIter */

  /* --- execution --- */
  LsFrame    *frame;            /* innermost running frame */
  guint       depth;            /* Python call depth, for RecursionError */
  guint       recursion_limit;  /* 1000, as CPython's default */
  guint       c_depth;          /* nested interpreter loops (natives calling back) */
  LsValue     raised;           /* the exception being raised, LS_UNBOUND when none */

  LsSched    *sched;            /* scenario threads in virtual time */
  struct _LsTrace *trace;       /* the event log, NULL when not recording */
  guint32     trace_task;       /* id of the task whose step is running, 0 when none */
  guint16     trace_thread;     /* the running scenario thread's ident, as every trace
                                 * record names it: kept by ls-sched.c at each switch */
  LsStr      *main_filename;    /* the scenario's file, to tell its frames from library ones */
  LsClass    *deadlock_class;   /* _loopscope.Deadlock: a run that cannot go on */

  /* --- limits (ls-limits.h) --- */
  LsLimits    limits;
  gsize       memory_cap;       /* limits.max_memory, or G_MAXSIZE for none */
  LsLimitFunc limit_handler;
  gpointer    limit_handler_data;
  gint64      fuel;             /* instructions left before the next ls_vm_check_fuel */
  gint64      fuel_given;       /* fuel at the last refill */
  guint64     steps;            /* instructions since the last suspension, up to that refill */
  gint        stop_requested;   /* atomic: ls_vm_request_stop */
  LsLimitKind pending_limit;    /* reached where it could not be acted on (events) */
  LsLimitKind stop_kind;        /* what stopped the run; LS_LIMIT_NONE while it runs */
  guint32     stop_line;
  char       *stop_message;
  LsValue     stop_exception;   /* raised again wherever the stopped run tries to go on */
  LsClass    *limit_class;      /* _loopscope.LimitExceeded */
  LsTuple    *no_access_names;  /* kept interned: see ls_attribute_init */
  LsValue     last_suspended_task; /* for the line of a time limit (ls-sched.c) */
  guint       native_recursion; /* nesting of repr/compare/hash in C, for RecursionError */
  guint       native_depth;     /* natives calling natives (a partial of max keyed by a partial of max...) */

  /* --- asyncio's event loop in C (ls-asyncio-loop.c), set when the
   * library imports _lsloop; that module keeps the classes alive --- */
  LsClass    *handle_class;
  LsClass    *timer_handle_class;
  guint64     timer_seq;        /* TimerHandles made so far: their order for equal deadlines */
  /* The timer heap's keys, kept beside loop._scheduled (ls-asyncio-loop.c);
   * timer_keys_generation moves when a scheduled handle's key may have
   * changed under them (_when or _seq set, __init__ run again). */
  gpointer    timer_keys;             /* the allocation, for g_free */
  gpointer    timer_keys_at;          /* the keys in it, aligned */
  gsize       timer_keys_capacity;
  gconstpointer timer_keys_list;
  guint64     timer_keys_epoch;       /* the class epoch they were taken in */
  guint64     timer_keys_taken;       /* timer_keys_generation then */
  guint64     timer_keys_generation;
  /* `await f(...)` of a library coroutine function flagged
   * LS_FUNCTION_AWAIT_SHORTCUT, done in C (see ls_vm_await_shortcut):
   * the function's flags say by which */
  LsAwaitShortcut await_shortcuts[3];   /* asyncio.Queue's, asyncio.sleep's; NULL unused */
  struct _LsQueueState *lsqueue_state; /* asyncio.Queue's C methods (ls-asyncio-queue.c):
                                 * names, the Python methods they replaced; NULL
                                 * until asyncio.queues installs them */
  struct _LsEnsureFutureState *ensure_future_state; /* asyncio.tasks._ensure_future in C
                                 * (ls-asyncio-ensure-future.c), NULL until
                                 * asyncio.base_events installs it */
  struct _LsGatherState *gather_state; /* gather's callback in C (ls-asyncio-gather.c), NULL
                                 * until asyncio.tasks installs it */
  struct _LsConcurrentFutureState *concurrent_future_state; /* concurrent.futures.Future's
                                 * natives (ls-concurrent-future.c), NULL until
                                 * concurrent.futures installs them */
  struct _LsSemaphoreState *semaphore_state; /* threading.Semaphore's natives
                                 * (ls-threading-semaphore.c), NULL until
                                 * threading installs them */
  struct _LsSimpleQueueState *simple_queue_state; /* queue.SimpleQueue's natives
                                 * (ls-simple-queue.c), NULL until queue
                                 * installs them */
  struct _LsExecutorNativesState *executor_natives_state; /* run_in_executor's small
                                 * functions in C (ls-asyncio-executor.c), NULL
                                 * until asyncio.unix_events installs them */
  /* Library functions whose calls C may do whole (gather's per-child
   * callback, gather itself when ls_call calls it, and the loop's call of
   * wrap_future's _set_state, ls-asyncio-executor.c): a call of a
   * function of call_shortcut_codes[i], after the call's checks and
   * charge, goes to call_shortcuts[i] first, which declines (the frame
   * runs), does it, or fails as the frame would; NULL unused */
  LsCode     *call_shortcut_codes[3];
  LsAwaitShortcut call_shortcuts[3];
  struct _LsSleepState *sleep_state; /* asyncio.sleep's coroutine in C (ls-asyncio-sleep-coroutine.c),
                                 * NULL until asyncio.tasks installs it */
  /* What an awaiting frame holds on its YIELD_FROM for the coroutine of
   * an `await asyncio.sleep(0)` the shortcut did not make
   * (LS_SHORTCUT_BARE_YIELD): the frame's resumption goes on with None;
   * anything else that wants the coroutine (cr_await, a throw, a close)
   * has make_awaited put it there, suspended where it would be. */
  LsObject   *awaited_placeholder;
  void      (*make_awaited) (LsVM *vm, LsValue *slot);
  /* Blocks given back for the next object of their kind, made again in
   * place instead of allocated: a sleep coroutine of an await shortcut
   * whose await returned (nothing else ever held it), a loop's own
   * handle once it ran.  In CPython the last reference's drop frees
   * them and the next allocation gets the same memory back; here they
   * would wait for a collection, and every sleep(0) of a thousand tasks
   * would write a fresh, cold block.  Dropped at each collection (which
   * then frees them): they hold nothing alive. */
  LsObject   *spare_sleep;
  LsObject   *spare_handle;
  LsDict     *sleep_labels;     /* "sleep(0.5)" per float delay (ls-asyncio-sleep.c); _asyncio keeps it */
  /* the last labels found there, by the delay's bits: hashing a float
   * and probing the dict at every sleep cost more than the rest of the
   * label (the strings are the dict's, which never drops one) */
  struct { guint64 bits; LsStr *label; } sleep_label_memo[16];
  /* where get_running_loop last found the running thread's loop in
   * vm->running_loops: valid while that dict's keys stay (every sleep and
   * every asyncio.get_running_loop() asks) */
  struct { gconstpointer dict; guint64 version; gint64 ident; gssize entry; } running_loop_memo;
  /* each step enters and leaves: two hashes and probes without it */
  LsCurrentTaskMemo current_task_memo;
  LsPlainLoopMemo plain_loop_memo;
  LsTuple    *trace_str_cache;  /* str objects whose trace ids are cached (ls-tracelib.c), a root */
  guint32     trace_str_ids[LS_TRACE_STR_CACHE_SIZE];
  LsDict     *running_loops;    /* _loopscope._running_loops: thread ident -> loop (ls-looplib.c) */
  /* the _all_tasks dict the last task was registered in, and the class
   * epoch then: until a collection moves the epoch it is a live dict,
   * whose index a task's step may read to prefetch (ls-asyncio-task.c).
   * Beside asyncio_current_tasks, which every step reads: the test of
   * the epoch at each step then finds its line in the cache */
  LsDict     *registry_hint;
  guint64     registry_hint_epoch;
  LsDict     *asyncio_current_tasks; /* _asyncio._current_tasks: loop -> the task it runs; _asyncio keeps it */
  /* where vm->modules has _asyncio, and its dict _all_tasks: a task's
   * creation and end read them (ls-asyncio-task.c) */
  LsDictStrCache asyncio_module_cache;
  LsDictStrCache all_tasks_cache;
  /* where vm->modules has asyncio.futures and it has _get_loop: a task's
   * step asks for the loop of a Future subclass it awaits */
  LsDictStrCache asyncio_futures_cache;
  LsDictStrCache get_loop_cache;
  LsTuple    *asyncio_names;    /* the names the C Future and Task read, interned; _asyncio keeps them */

  /* --- the world the program sees --- */
  LsRandom    random;
  double      now;              /* virtual time, seconds */
  LsOutputFunc output;
  gpointer    output_data;
};

LsVM    *ls_vm_new  (void);
void     ls_vm_free (LsVM *vm);
/* For a process that ends with its run (`loopscope run`): stops the VM's
 * threads as ls_vm_free does, then leaves its heap to the process's exit
 * instead of freeing it object by object. */
void     ls_vm_abandon (LsVM *vm);

void     ls_vm_set_output (LsVM *vm, LsOutputFunc output, gpointer user_data);
/* Writes program output (print). */
void     ls_vm_write (LsVM *vm, const char *text, gsize len);

/* Compiles and runs a module as __main__.  FALSE with vm->raised set when
 * the program raised; syntax errors come back as GErrors. */
gboolean ls_vm_run_main (LsVM *vm, const char *filename, const char *source, gsize len, GError **error);

/* Interpreter shutdown, as CPython's: threading._shutdown() joins the
 * threads that are not daemons.  FALSE with vm->raised set on failure. */
gboolean ls_vm_finish_threads (LsVM *vm);

/* The uncaught exception, formatted as CPython's traceback. */
char    *ls_vm_format_traceback (LsVM *vm, LsValue exception, const char *source);

/* Exchanges the per-thread registers with `state` (see LsVMThreadState). */
void     ls_vm_thread_state_swap (LsVM *vm, LsVMThreadState *state);
/* Calls callable(*args, **kwargs) where kwargs is a dict or None. */
gboolean ls_call_with_kwargs (LsVM *vm, LsValue callable, const LsValue *args, guint n_args,
                              LsValue kwargs, LsValue *out);

/* --- limits (ls-limits.h) --- */

/* Replaces the VM's limits; at any time on the VM's thread, before or
 * during a run (from a limit handler). */
void           ls_vm_set_limits        (LsVM *vm, const LsLimits *limits);
const LsLimits *ls_vm_get_limits       (LsVM *vm);
void           ls_vm_set_limit_handler (LsVM *vm, LsLimitFunc handler, gpointer user_data);
/* Asks the run to stop as soon as it can (within a fraction of a
 * millisecond of scenario work); safe from any thread. */
void           ls_vm_request_stop      (LsVM *vm);
/* After a run: the limit that stopped it (LS_LIMIT_NONE if none did), the
 * scenario line it stopped at (0 if unknown), and the one-line message that
 * names the limit, the line and the option that raises it. */
LsLimitKind    ls_vm_get_stop_kind     (LsVM *vm);
guint32        ls_vm_get_stop_line     (LsVM *vm);
const char    *ls_vm_get_stop_message  (LsVM *vm);

/* The slow path of the instruction count, run when vm->fuel goes negative:
 * the stop request, a pending limit, the instruction limit and the memory
 * limit.  FALSE with vm->raised set when the run must not go on. */
gboolean       ls_vm_check_fuel        (LsVM *vm);
/* Charges `n` instructions; FALSE (exception set) when a limit says stop. */
static inline gboolean
ls_vm_burn (LsVM *vm, gint64 n)
{
  vm->fuel -= n;
  return G_LIKELY (vm->fuel >= 0) || ls_vm_check_fuel (vm);
}
/* The scenario let the loop or another thread run: the count of
 * instructions without a suspension starts again. */
static inline void
ls_vm_note_suspension (LsVM *vm)
{
  vm->steps = 0;
  vm->fuel_given = vm->fuel;
}
/* A limit reached where the run cannot stop cleanly (as the trace grows):
 * acted on at the next check. */
void           ls_vm_defer_limit       (LsVM *vm, LsLimitKind kind);
/* Stops the run for `kind` at scenario line `line` (0: the current one).
 * Always FALSE, with the stop exception raised. */
gboolean       ls_vm_stop              (LsVM *vm, LsLimitKind kind, guint32 line, const char *what);
/* Asks the limit handler whether the run may go past `kind`; FALSE when
 * there is none or it says no. */
gboolean       ls_vm_ask_limit_handler (LsVM *vm, LsLimitKind kind);
/* A request of `bytes` more heap: FALSE with MemoryError raised when it
 * would take the heap past the memory limit.  For natives about to make
 * something as big as the scenario asked.  Natives never collect (their C
 * locals are not roots), so garbage since the last collection counts too:
 * the collector keeps that below the live heap, and the limit is a bound
 * on the process, not a promise to the scenario. */
gboolean       ls_vm_check_alloc       (LsVM *vm, guint64 bytes);
/* ls_vm_check_alloc for `count` things of `size` bytes, without overflow. */
static inline gboolean
ls_vm_check_alloc_n (LsVM *vm, guint64 count, guint64 size)
{
  return ls_vm_check_alloc (vm, size != 0 && count > G_MAXUINT64 / size ? G_MAXUINT64 : count * size);
}
/* The interpreter's safe point: a collection, then MemoryError when what
 * survives it is past the memory limit. */
gboolean       ls_vm_collect           (LsVM *vm);
/* Where natives loop (one call per item): charges an instruction and
 * checks the memory limit, which natives cannot collect towards. */
static inline gboolean
ls_vm_native_step (LsVM *vm)
{
  if (G_UNLIKELY (vm->bytes_allocated > vm->memory_cap))
    return ls_vm_check_alloc (vm, 0);
  return ls_vm_burn (vm, 1);
}
/* Bounds recursion in C (repr, comparisons, hashing of nested
 * containers) as CPython's Py_EnterRecursiveCall: FALSE with RecursionError
 * "maximum recursion depth exceeded<where>" when too deep. */
gboolean       ls_vm_enter_recursive   (LsVM *vm, const char *where);
static inline void
ls_vm_leave_recursive (LsVM *vm)
{
  vm->native_recursion--;
}

/* Registers an extra root for values natives keep outside the heap. */
LsRootStack *ls_root_stack_new (void);
void     ls_root_stack_free (LsRootStack *stack);
void     ls_root_stack_grow (LsRootStack *stack);
/* The awaitable at `slot` (an awaiting frame's stack top), made first
 * where the frame holds vm->awaited_placeholder for it. */
static inline LsValue
ls_vm_awaited_at (LsVM *vm, LsValue *slot)
{
  if (G_UNLIKELY (slot->tag == LS_TAG_OBJECT && slot->o == vm->awaited_placeholder))
    vm->make_awaited (vm, slot);
  return *slot;
}
static inline void
ls_vm_push_root (LsVM *vm, LsValue value)
{
  LsRootStack *roots = vm->roots;

  if (G_UNLIKELY (roots->len == roots->capacity))
    ls_root_stack_grow (roots);
  roots->items[roots->len++] = value;
}
static inline void
ls_vm_pop_roots (LsVM *vm, guint n)
{
  g_assert (n <= vm->roots->len);
  vm->roots->len -= n;
}

LsPinStack *ls_pin_stack_new (void);
void     ls_pin_stack_free (LsPinStack *stack);
void     ls_pin_stack_grow (LsPinStack *stack);
/* Pins the objects allocated since vm->native_entry while C code that
 * holds them calls back into Python. */
static inline void
ls_vm_push_pin (LsVM *vm, LsGcPin pin)
{
  LsPinStack *pins = vm->pins;

  if (G_UNLIKELY (pins->len == pins->capacity))
    ls_pin_stack_grow (pins);
  pins->items[pins->len++] = pin;
}
static inline void
ls_vm_pop_pin (LsVM *vm)
{
  g_assert (vm->pins->len > 0);
  vm->pins->len--;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsVM, ls_vm_free)

G_END_DECLS

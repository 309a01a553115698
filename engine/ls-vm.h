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
#include "ls-random.h"
#include "ls-str.h"
#include "ls-tuple.h"

G_BEGIN_DECLS

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
  LsValue    handled;     /* the exception an except clause of this frame is handling */
  LsBlock   *blocks;      /* code->block_depth of them */
  LsValue   *cells;       /* LsCell values: cellvars then freevars */
  LsValue   *stack;       /* code->stack_size */
  LsValue    locals[];    /* code->n_locals, then cells, then stack, then blocks */
};

typedef void (*LsOutputFunc) (const char *text, gsize len, gpointer user_data);

/* The registers of the VM that belong to one scenario thread; the
 * scheduler swaps them when it hands the token over (ls-sched.c). */
typedef struct
{
  LsFrame  *frame;
  guint     depth;
  guint     c_depth;
  LsObject *native_entry;
  GArray   *pins;
  GArray   *roots;
  LsValue   raised;
} LsVMThreadState;

typedef struct _LsSched LsSched;

struct _LsVM
{
  /* --- heap --- */
  LsObject   *objects;          /* every live object, newest first */
  gsize       bytes_allocated;
  gsize       next_collection;  /* collect at the next safe point past this */
  GPtrArray  *gray;             /* objects marked but not yet traversed */
  GArray     *pins;             /* segments of `objects` a native holds (see ls_call) */
  LsObject   *native_entry;     /* `objects` when the running native began */
  GArray     *roots;            /* LsValue: extra roots natives register */

  /* --- built-ins --- */
  LsClass    *types[LS_N_TYPES];
  LsClass    *exceptions[LS_N_EXCEPTIONS];
  GHashTable *interned;         /* char* -> LsStr*, lookups only, never iterated */
  /* Names C code interns again and again ("__repr__"), by the address of
   * the C string; an entry is used only after comparing the text. */
  struct { const char *text; LsStr *str; } intern_cache[512];
  GHashTable *object_ids;       /* LsObject* -> id number, for id() and default hashes */
  gint64      next_object_id;
  LsDict     *builtins;
  LsDict     *modules;          /* imported modules by name */
  LsValue     not_implemented;
  LsValue     ellipsis;
  LsTuple    *empty_tuple;
  LsStr      *empty_str;

  /* --- execution --- */
  LsFrame    *frame;            /* innermost running frame */
  guint       depth;            /* Python call depth, for RecursionError */
  guint       recursion_limit;  /* 1000, as CPython's default */
  guint       c_depth;          /* nested interpreter loops (natives calling back) */
  LsValue     raised;           /* the exception being raised, LS_UNBOUND when none */

  LsSched    *sched;            /* scenario threads in virtual time */
  struct _LsTrace *trace;       /* the event log, NULL when not recording */
  guint32     trace_task;       /* id of the task whose step is running, 0 when none */
  LsStr      *main_filename;    /* the scenario's file, to tell its frames from library ones */
  LsClass    *deadlock_class;   /* _loopscope.Deadlock: a run that cannot go on */

  /* --- the world the program sees --- */
  LsRandom    random;
  double      now;              /* virtual time, seconds */
  LsOutputFunc output;
  gpointer    output_data;
};

LsVM    *ls_vm_new  (void);
void     ls_vm_free (LsVM *vm);

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

/* Registers an extra root for values natives keep outside the heap. */
void     ls_vm_push_root (LsVM *vm, LsValue value);
void     ls_vm_pop_roots (LsVM *vm, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsVM, ls_vm_free)

G_END_DECLS

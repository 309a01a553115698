/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-opcodes.h — the bytecode.
 *
 * An instruction is one 32-bit word: the opcode in the low 8 bits and an
 * unsigned argument in the high 24 bits (LS_INSTR).  Jump arguments are
 * absolute instruction indexes.  Each code object has a parallel array
 * giving the source line of every instruction.
 *
 * The machine is a stack machine like CPython 3.10's (block stack for
 * try/with, `finally` bodies duplicated at every exit by the compiler), so
 * the order in which things are evaluated and the points where a coroutine
 * can suspend are the same as CPython's.  Stack effects are written
 * `before -> after`, top of stack last.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LS_INSTR(op, arg)   ((guint32) (op) | ((guint32) (arg) << 8))
#define LS_INSTR_OP(word)   ((LsOpcode) ((word) & 0xff))
#define LS_INSTR_ARG(word)  ((guint32) (word) >> 8)
#define LS_INSTR_MAX_ARG    0xffffff

typedef enum
{
  /* --- stack ----------------------------------------------------------- */
  LS_OP_NOP,
  LS_OP_POP_TOP,            /* x -> */
  LS_OP_DUP_TOP,            /* x -> x x */
  LS_OP_DUP_TOP_TWO,        /* x y -> x y x y */
  LS_OP_ROT_TWO,            /* x y -> y x */
  LS_OP_ROT_THREE,          /* x y z -> z x y */
  LS_OP_ROT_FOUR,           /* w x y z -> z w x y */

  /* --- names ----------------------------------------------------------- */
  LS_OP_LOAD_CONST,         /* -> consts[arg] */
  LS_OP_LOAD_FAST,          /* -> locals[arg]; UnboundLocalError if unbound */
  LS_OP_STORE_FAST,         /* v -> ; locals[arg] = v */
  LS_OP_DELETE_FAST,        /* locals[arg] = unbound (UnboundLocalError if already) */
  LS_OP_LOAD_DEREF,         /* -> cells[arg].value; cells are cellvars then freevars;
                               unbound: NameError "free variable 'x' referenced before
                               assignment in enclosing scope" for freevars, else
                               UnboundLocalError */
  LS_OP_STORE_DEREF,        /* v -> ; cells[arg].value = v */
  LS_OP_DELETE_DEREF,
  LS_OP_LOAD_CLOSURE,       /* -> cells[arg] (the cell object itself, for MAKE_FUNCTION) */
  LS_OP_LOAD_CLASSDEREF,    /* -> class-body locals dict[names of cell arg] if present, else cells[arg].value */
  LS_OP_LOAD_GLOBAL,        /* -> globals[names[arg]] or builtins[...]; NameError */
  LS_OP_STORE_GLOBAL,       /* v -> */
  LS_OP_DELETE_GLOBAL,
  LS_OP_LOAD_NAME,          /* -> locals dict, then globals, then builtins (class bodies, module) */
  LS_OP_STORE_NAME,         /* v -> ; into the frame's locals dict */
  LS_OP_DELETE_NAME,

  /* --- attributes and items --------------------------------------------- */
  LS_OP_LOAD_ATTR,          /* obj -> obj.names[arg] */
  LS_OP_STORE_ATTR,         /* v obj -> ; obj.names[arg] = v */
  LS_OP_DELETE_ATTR,        /* obj -> */
  LS_OP_LOAD_METHOD,        /* obj -> A B.  When names[arg] resolves to a plain function on
                               obj's class (not found on the instance): A = function,
                               B = obj.  Otherwise A = unbound marker, B = obj.name. */
  LS_OP_BINARY_SUBSCR,      /* container key -> container[key] */
  LS_OP_STORE_SUBSCR,       /* v container key -> */
  LS_OP_DELETE_SUBSCR,      /* container key -> */
  LS_OP_BUILD_SLICE,        /* arg 2: lower upper -> slice; arg 3: lower upper step -> slice */

  /* --- operators -------------------------------------------------------- */
  LS_OP_BINARY_OP,          /* a b -> a OP b; arg = LsBinaryOp (ls-ast.h), | 0x100 for the
                               in-place form (a OP= b: tries __iadd__ etc. first) */
  LS_OP_UNARY_OP,           /* a -> OP a; arg = LsUnaryOp */
  LS_OP_COMPARE_OP,         /* a b -> a OP b; arg = LsCompareOp EQ..GT_E only */
  LS_OP_IS_OP,              /* a b -> a is b (arg 1: is not) */
  LS_OP_CONTAINS_OP,        /* a b -> a in b (arg 1: not in) */

  /* --- control ---------------------------------------------------------- */
  LS_OP_JUMP,               /* ip = arg */
  LS_OP_POP_JUMP_IF_FALSE,  /* v -> ; if not truthy: ip = arg */
  LS_OP_POP_JUMP_IF_TRUE,   /* v -> ; if truthy: ip = arg */
  LS_OP_JUMP_IF_FALSE_OR_POP, /* v -> v (and jump) if falsy, else v -> */
  LS_OP_JUMP_IF_TRUE_OR_POP,  /* v -> v (and jump) if truthy, else v -> */
  LS_OP_GET_ITER,           /* obj -> iter(obj) */
  LS_OP_FOR_ITER,           /* it -> it next(it); when exhausted: it -> and ip = arg */
  LS_OP_RETURN_VALUE,       /* v -> ; returns v to the caller (or finishes the generator) */

  /* --- building --------------------------------------------------------- */
  LS_OP_BUILD_TUPLE,        /* v1..vn -> (v1, ..., vn); n = arg */
  LS_OP_BUILD_LIST,
  LS_OP_BUILD_SET,
  LS_OP_BUILD_MAP,          /* k1 v1 .. kn vn -> {k1: v1, ...}; n = arg */
  LS_OP_BUILD_STRING,       /* s1..sn -> s1 + ... + sn (all str) */
  LS_OP_LIST_APPEND,        /* v -> ; stack[-arg].append(v), counting after the pop
                               (in [x for x in it]: list it x, arg 2) */
  LS_OP_SET_ADD,            /* v -> ; stack[-arg].add(v), as LIST_APPEND */
  LS_OP_MAP_ADD,            /* k v -> ; stack[-arg][k] = v, counting after popping k and v */
  LS_OP_LIST_EXTEND,        /* it -> ; list at stack[-arg] (after the pop) .extend(it) */
  LS_OP_SET_UPDATE,         /* it -> ; set at stack[-arg] .update(it) */
  LS_OP_DICT_UPDATE,        /* m -> ; dict at stack[-arg] .update(m)  ({**m}) */
  LS_OP_DICT_MERGE,         /* m -> ; like DICT_UPDATE but duplicate keys are a TypeError
                               "f() got multiple values for keyword argument 'k'" (calls) */
  LS_OP_LIST_TO_TUPLE,      /* list -> tuple */
  LS_OP_UNPACK_SEQUENCE,    /* seq -> vn .. v1 (v1 on top); exactly arg items, else ValueError */
  LS_OP_UNPACK_EX,          /* seq -> ... ; arg = before | (after << 8): pushes after items,
                               the list of the middle, then before items, first one on top */
  LS_OP_FORMAT_VALUE,       /* v [spec] -> str; arg & 3: 0 none, 1 str(), 2 repr(), 3 ascii();
                               arg & 4: a format spec (str) is on top */

  /* --- functions and calls ---------------------------------------------- */
  LS_OP_MAKE_FUNCTION,      /* [defaults tuple] [kwdefaults dict] [closure tuple] code -> function;
                               arg bits: 1 defaults, 2 kwdefaults, 4 closure (pushed in that order) */
  LS_OP_CALL,               /* f a1..an -> f(a1..an); n = arg */
  LS_OP_CALL_KW,            /* f a1..an kwnames -> result; arg = n counts positional and keyword
                               values; kwnames is a tuple of str naming the last len(kwnames) */
  LS_OP_CALL_EX,            /* f args_tuple [kwargs_dict] -> f(*args, **kwargs); arg 1: kwargs present */
  LS_OP_CALL_METHOD,        /* A B a1..an -> result (see LOAD_METHOD); n = arg */
  LS_OP_CALL_METHOD_KW,     /* A B a1..an kwnames -> result */
  LS_OP_LOAD_BUILD_CLASS,   /* -> __build_class__ (called as __build_class__(func, name, *bases, **kw)) */

  /* --- exceptions ------------------------------------------------------- */
  LS_OP_SETUP_FINALLY,      /* pushes a handler block: on an exception inside it the stack is cut
                               back to its depth at this point, the exception is pushed and ip = arg;
                               the exception becomes the frame's handled exception (the previous
                               one is saved in an except-handler block) */
  LS_OP_POP_BLOCK,          /* pops the innermost handler block (normal exit from its body) */
  LS_OP_POP_EXCEPT,         /* pops the except-handler block: restores the handled exception
                               that was current before the handler was entered */
  LS_OP_RAISE_VARARGS,      /* arg 0: re-raise the handled exception; 1: exc -> ; 2: exc cause -> */
  LS_OP_RERAISE,            /* exc -> ; raises exc again keeping its traceback (end of finally/except) */
  LS_OP_JUMP_IF_NOT_EXC_MATCH, /* exc type -> exc ; if not isinstance(exc, type) (type may be a
                                  tuple): ip = arg */
  LS_OP_BEFORE_WITH,        /* ctx -> exit enter_result; exit is ctx.__exit__ bound */
  LS_OP_WITH_EXCEPT_START,  /* exit exc -> exit exc result; result = exit(type(exc), exc, tb) */
  LS_OP_LOAD_ASSERTION_ERROR, /* -> AssertionError */

  /* --- generators and coroutines ---------------------------------------- */
  LS_OP_YIELD_VALUE,        /* v -> sent ; suspends the frame, giving v to the resumer */
  LS_OP_GET_YIELD_FROM_ITER,/* obj -> iter(obj) (a generator stays itself) */
  LS_OP_GET_AWAITABLE,      /* obj -> awaitable iterator: a coroutine itself, or obj.__await__();
                               TypeError "object X can't be used in 'await' expression".
                               arg 1/2: after __aenter__/__aexit__ (for the error text) */
  LS_OP_YIELD_FROM,         /* sub v -> result ; sends v into sub (None: next).  When sub yields w,
                               the frame suspends yielding w with ip left on this instruction, and
                               on resume the sent value replaces v and this runs again.  When sub
                               returns r: -> r and ip moves on. */
  LS_OP_BEFORE_ASYNC_WITH,  /* ctx -> aexit awaitable_of_aenter */

  /* --- imports ---------------------------------------------------------- */
  LS_OP_IMPORT_NAME,        /* -> module names[arg] (simulated modules only) */
  LS_OP_IMPORT_FROM,        /* module -> module module.names[arg] (ImportError if missing) */

  LS_N_OPCODES
} LsOpcode;

/* --- specialised forms ----------------------------------------------------
 * The interpreter writes one of these over a generic instruction, in place
 * and with the same argument, once the instruction's inline cache holds a
 * shape the form is for (CPython 3.11's quickening, Python/specialize.c).
 * A form tests only its own shape's guards; when they fail it runs the
 * generic instruction, which fills the cache again and writes over itself
 * the form that fits now, or its own opcode.  Compiled and frozen code
 * never hold them: code is read anywhere but in the interpreter through
 * ls_opcode_generic(). */
typedef enum
{
  LS_OP_LOAD_GLOBAL_MODULE = LS_N_OPCODES, /* LOAD_GLOBAL, LS_CACHE_GLOBAL */
  LS_OP_LOAD_GLOBAL_BUILTIN,             /* LOAD_GLOBAL, LS_CACHE_BUILTIN */
  LS_OP_LOAD_ATTR_MODULE,                /* LOAD_ATTR, LS_CACHE_MODULE_ATTR */
  LS_OP_LOAD_ATTR_INSTANCE,              /* LOAD_ATTR, LS_CACHE_INSTANCE_ATTR */
  LS_OP_LOAD_METHOD_CLASS,               /* LOAD_METHOD, LS_CACHE_CLASS_METHOD */
  LS_OP_LOAD_METHOD_MODULE,              /* LOAD_METHOD, LS_CACHE_MODULE_ATTR */
  LS_OP_CALL_METHOD_AWAIT,               /* CALL_METHOD of a function with an await
                                            shortcut (ls-vm-private.h), followed by
                                            GET_AWAITABLE, LOAD_CONST None, YIELD_FROM */
  LS_OP_FOR_ITER_RANGE,                  /* FOR_ITER over a range iterator */
  LS_OP_CALL_METHOD_NATIVE,              /* CALL_METHOD of a class's native method */
  LS_OP_LOAD_FAST_METHOD_CLASS,          /* LOAD_FAST followed by a LOAD_METHOD_CLASS
                                            (`q.put`): both, with one dispatch; written
                                            by the LOAD_METHOD after it */
  LS_OP_STORE_FAST_LOAD_FAST,            /* STORE_FAST followed by a LOAD_FAST (or its
                                            LOAD_FAST_METHOD_CLASS): the second entered
                                            without a dispatch; written by STORE_FAST */
  LS_OP_BINARY_OP_ADD_INT,               /* BINARY_OP + or += of two ints (`n += 1`),
                                            CPython's BINARY_OP_ADD_INT; written by
                                            BINARY_OP when it added two ints */
  LS_N_ALL_OPCODES
} LsSpecialisedOpcode;

/* The generic opcode of `op`, which may be a specialised form. */
static inline LsOpcode
ls_opcode_generic (guint op)
{
  switch (op)
    {
    case LS_OP_LOAD_GLOBAL_MODULE:
    case LS_OP_LOAD_GLOBAL_BUILTIN:
      return LS_OP_LOAD_GLOBAL;
    case LS_OP_LOAD_ATTR_MODULE:
    case LS_OP_LOAD_ATTR_INSTANCE:
      return LS_OP_LOAD_ATTR;
    case LS_OP_LOAD_METHOD_CLASS:
    case LS_OP_LOAD_METHOD_MODULE:
      return LS_OP_LOAD_METHOD;
    case LS_OP_CALL_METHOD_AWAIT:
    case LS_OP_CALL_METHOD_NATIVE:
      return LS_OP_CALL_METHOD;
    case LS_OP_FOR_ITER_RANGE:
      return LS_OP_FOR_ITER;
    case LS_OP_LOAD_FAST_METHOD_CLASS:
      return LS_OP_LOAD_FAST;
    case LS_OP_STORE_FAST_LOAD_FAST:
      return LS_OP_STORE_FAST;
    case LS_OP_BINARY_OP_ADD_INT:
      return LS_OP_BINARY_OP;
    default:
      return (LsOpcode) op;
    }
}

/* the generic opcode of an instruction word */
#define LS_INSTR_GENERIC_OP(word) (ls_opcode_generic (LS_INSTR_OP (word)))

const char *ls_opcode_name (LsOpcode op);

G_END_DECLS

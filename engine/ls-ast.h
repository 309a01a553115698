/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-ast.h — the abstract syntax tree of a scenario.
 *
 * The shape follows CPython's `ast` module (Parser/Python.asdl) so that a
 * dump of our tree can be compared with `ast.dump()` of CPython's, node for
 * node; only the parts of Python that Loopscope runs are here.  Every node
 * carries its source span: lines are 1-based, columns are 0-based UTF-8
 * byte offsets, exactly as CPython's `lineno`/`col_offset`.
 *
 * All nodes, arrays and strings of one tree live in one arena owned by the
 * LsAst, so a tree is freed in one call and nodes never own each other.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LsExpr LsExpr;
typedef struct _LsStmt LsStmt;

typedef struct
{
  gint32 line;
  gint32 col;
  gint32 end_line;
  gint32 end_col;
} LsSpan;

typedef enum
{
  LS_CTX_LOAD,
  LS_CTX_STORE,
  LS_CTX_DEL,
} LsExprContext;

typedef enum
{
  LS_OP_ADD,
  LS_OP_SUB,
  LS_OP_MULT,
  LS_OP_MATMULT,
  LS_OP_DIV,
  LS_OP_MOD,
  LS_OP_POW,
  LS_OP_LSHIFT,
  LS_OP_RSHIFT,
  LS_OP_BITOR,
  LS_OP_BITXOR,
  LS_OP_BITAND,
  LS_OP_FLOORDIV,
} LsBinaryOp;

typedef enum
{
  LS_UNARY_INVERT,
  LS_UNARY_NOT,
  LS_UNARY_UADD,
  LS_UNARY_USUB,
} LsUnaryOp;

typedef enum
{
  LS_BOOL_AND,
  LS_BOOL_OR,
} LsBoolOp;

typedef enum
{
  LS_CMP_EQ,
  LS_CMP_NOT_EQ,
  LS_CMP_LT,
  LS_CMP_LT_E,
  LS_CMP_GT,
  LS_CMP_GT_E,
  LS_CMP_IS,
  LS_CMP_IS_NOT,
  LS_CMP_IN,
  LS_CMP_NOT_IN,
} LsCompareOp;

typedef enum
{
  LS_CONST_NONE,
  LS_CONST_TRUE,
  LS_CONST_FALSE,
  LS_CONST_ELLIPSIS,
  LS_CONST_INT,
  LS_CONST_FLOAT,
  LS_CONST_STR,
} LsConstKind;

/* A string as the program spells it after escapes are decoded: UTF-8, may
 * contain NUL bytes, so it always travels with its length. */
typedef struct
{
  const char *data;   /* NUL-terminated too, for convenience */
  gsize       len;    /* bytes, without the terminator */
} LsAstString;

/* Function parameters, as CPython's `arguments` node.  Defaults apply to the
 * last n_defaults of posonly+args; kw_defaults[i] may be NULL (required). */
typedef struct
{
  const char *name;
  LsSpan      span;
  LsExpr     *annotation;   /* parsed, never evaluated; may be NULL */
} LsArg;

typedef struct
{
  LsArg   *posonlyargs;  guint n_posonlyargs;
  LsArg   *args;         guint n_args;
  LsArg   *vararg;       /* *args, or NULL */
  LsArg   *kwonlyargs;   guint n_kwonlyargs;
  LsExpr **kw_defaults;  /* n_kwonlyargs entries, NULL where required */
  LsArg   *kwarg;        /* **kwargs, or NULL */
  LsExpr **defaults;     guint n_defaults;
} LsArguments;

typedef struct
{
  const char *arg;       /* NULL for `**mapping` */
  LsExpr     *value;
  LsSpan      span;
} LsKeyword;

typedef struct
{
  LsExpr  *target;
  LsExpr  *iter;
  LsExpr **ifs;          guint n_ifs;
  gboolean is_async;
} LsComprehension;

typedef enum
{
  LS_EXPR_BOOL_OP,
  LS_EXPR_NAMED_EXPR,
  LS_EXPR_BIN_OP,
  LS_EXPR_UNARY_OP,
  LS_EXPR_LAMBDA,
  LS_EXPR_IF_EXP,
  LS_EXPR_DICT,
  LS_EXPR_SET,
  LS_EXPR_LIST_COMP,
  LS_EXPR_SET_COMP,
  LS_EXPR_DICT_COMP,
  LS_EXPR_GENERATOR_EXP,
  LS_EXPR_AWAIT,
  LS_EXPR_YIELD,
  LS_EXPR_YIELD_FROM,
  LS_EXPR_COMPARE,
  LS_EXPR_CALL,
  LS_EXPR_FORMATTED_VALUE,
  LS_EXPR_JOINED_STR,
  LS_EXPR_CONSTANT,
  LS_EXPR_ATTRIBUTE,
  LS_EXPR_SUBSCRIPT,
  LS_EXPR_STARRED,
  LS_EXPR_NAME,
  LS_EXPR_LIST,
  LS_EXPR_TUPLE,
  LS_EXPR_SLICE,
} LsExprKind;

struct _LsExpr
{
  LsExprKind kind;
  LsSpan     span;
  union
  {
    struct { LsBoolOp op; LsExpr **values; guint n_values; } bool_op;
    struct { LsExpr *target; LsExpr *value; } named_expr;
    struct { LsExpr *left; LsBinaryOp op; LsExpr *right; } bin_op;
    struct { LsUnaryOp op; LsExpr *operand; } unary_op;
    struct { LsArguments *args; LsExpr *body; } lambda;
    struct { LsExpr *test; LsExpr *body; LsExpr *orelse; } if_exp;
    /* keys[i] == NULL means `**values[i]` */
    struct { LsExpr **keys; LsExpr **values; guint n; } dict;
    /* list_comp, set_comp, generator_exp */
    struct { LsExpr *elt; LsComprehension *generators; guint n_generators; } comp;
    struct { LsExpr *key; LsExpr *value; LsComprehension *generators; guint n_generators; } dict_comp;
    /* await, yield (value may be NULL), yield_from */
    struct { LsExpr *value; } unary;
    struct { LsExpr *left; LsCompareOp *ops; LsExpr **comparators; guint n; } compare;
    /* args may hold LS_EXPR_STARRED for `*iterable` */
    struct { LsExpr *func; LsExpr **args; guint n_args; LsKeyword *keywords; guint n_keywords; } call;
    /* conversion: -1, or 's', 'r', 'a'; format_spec is a JOINED_STR or NULL */
    struct { LsExpr *value; int conversion; LsExpr *format_spec; } formatted_value;
    /* values are CONSTANT strings and FORMATTED_VALUEs */
    struct { LsExpr **values; guint n_values; } joined_str;
    struct
    {
      LsConstKind kind;
      union { gint64 i; double f; LsAstString s; };
      /* CPython's Constant.kind: TRUE for a str spelled u'...' (added by
       * the front end so that dumps match; no meaning at run time) */
      gboolean    u_prefix;
    } constant;
    struct { LsExpr *value; const char *attr; LsExprContext ctx; } attribute;
    struct { LsExpr *value; LsExpr *slice; LsExprContext ctx; } subscript;
    struct { LsExpr *value; LsExprContext ctx; } starred;
    struct { const char *id; LsExprContext ctx; } name;
    /* list, tuple, set (ctx unused for set) */
    struct { LsExpr **elts; guint n_elts; LsExprContext ctx; } seq;
    /* any part may be NULL */
    struct { LsExpr *lower; LsExpr *upper; LsExpr *step; } slice;
  };
};

typedef struct
{
  LsExpr     *type;      /* NULL for a bare `except:` */
  const char *name;      /* `as name`, or NULL */
  LsStmt    **body;      guint n_body;
  LsSpan      span;
} LsExceptHandler;

typedef struct
{
  LsExpr *context_expr;
  LsExpr *optional_vars;  /* NULL when there is no `as` */
} LsWithItem;

typedef struct
{
  const char *name;       /* dotted, e.g. "concurrent.futures" */
  const char *asname;     /* NULL when there is no `as` */
  LsSpan      span;
} LsAlias;

typedef enum
{
  LS_STMT_FUNCTION_DEF,
  LS_STMT_CLASS_DEF,
  LS_STMT_RETURN,
  LS_STMT_DELETE,
  LS_STMT_ASSIGN,
  LS_STMT_AUG_ASSIGN,
  LS_STMT_ANN_ASSIGN,
  LS_STMT_FOR,
  LS_STMT_WHILE,
  LS_STMT_IF,
  LS_STMT_WITH,
  LS_STMT_RAISE,
  LS_STMT_TRY,
  LS_STMT_ASSERT,
  LS_STMT_IMPORT,
  LS_STMT_IMPORT_FROM,
  LS_STMT_GLOBAL,
  LS_STMT_NONLOCAL,
  LS_STMT_EXPR,
  LS_STMT_PASS,
  LS_STMT_BREAK,
  LS_STMT_CONTINUE,
} LsStmtKind;

struct _LsStmt
{
  LsStmtKind kind;
  LsSpan     span;
  union
  {
    struct
    {
      const char  *name;
      LsArguments *args;
      LsStmt     **body;            guint n_body;
      LsExpr     **decorator_list;  guint n_decorators;
      LsExpr      *returns;         /* parsed, never evaluated */
      gboolean     is_async;
    } function_def;
    struct
    {
      const char  *name;
      LsExpr     **bases;           guint n_bases;
      LsKeyword   *keywords;        guint n_keywords;
      LsStmt     **body;            guint n_body;
      LsExpr     **decorator_list;  guint n_decorators;
    } class_def;
    struct { LsExpr *value; } return_;          /* value may be NULL */
    struct { LsExpr **targets; guint n_targets; } delete_;
    /* `a = b = value` has two targets */
    struct { LsExpr **targets; guint n_targets; LsExpr *value; } assign;
    struct { LsExpr *target; LsBinaryOp op; LsExpr *value; } aug_assign;
    struct { LsExpr *target; LsExpr *annotation; LsExpr *value; gboolean simple; } ann_assign;
    struct
    {
      LsExpr  *target;
      LsExpr  *iter;
      LsStmt **body;    guint n_body;
      LsStmt **orelse;  guint n_orelse;
      gboolean is_async;
    } for_;
    /* while and if */
    struct
    {
      LsExpr  *test;
      LsStmt **body;    guint n_body;
      LsStmt **orelse;  guint n_orelse;
    } cond;
    struct
    {
      LsWithItem *items;  guint n_items;
      LsStmt    **body;   guint n_body;
      gboolean    is_async;
    } with;
    struct { LsExpr *exc; LsExpr *cause; } raise;  /* both may be NULL */
    struct
    {
      LsStmt         **body;       guint n_body;
      LsExceptHandler *handlers;   guint n_handlers;
      LsStmt         **orelse;     guint n_orelse;
      LsStmt         **finalbody;  guint n_finalbody;
    } try_;
    struct { LsExpr *test; LsExpr *msg; } assert_;
    struct { LsAlias *names; guint n_names; } import;
    /* module is NULL for `from . import x`; level counts the dots */
    struct { const char *module; LsAlias *names; guint n_names; int level; } import_from;
    /* global and nonlocal */
    struct { const char **names; guint n_names; } names;
    struct { LsExpr *value; } expr;
  };
};

typedef struct _LsAst LsAst;

struct _LsAst
{
  LsStmt    **body;
  guint       n_body;
  char       *filename;   /* as shown in tracebacks */
  /* private: the arena */
  gpointer    arena;
};

/* Parses UTF-8 (or not: invalid bytes are a SyntaxError, as in CPython)
 * source text.  On failure returns NULL and sets an LS_SYNTAX_ERROR error
 * carrying the line and column (see ls-syntax-error.h). */
LsAst *ls_parse (const char  *filename,
                 const char  *source,
                 gsize        len,
                 GError     **error);
void   ls_ast_free (LsAst *ast);

/* ast.dump(tree) of CPython (no attributes, no indentation), for tests. */
char  *ls_ast_dump (const LsAst *ast);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsAst, ls_ast_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-fiber.c — user-space context switches (ls-fiber.h).
 *
 * On x86_64 and aarch64 a switch is a few instructions written here: save
 * the registers the calling convention says a call preserves on the
 * stack, store the stack pointer, load the other fiber's, restore its
 * registers, return into it: ~8 ns.  Elsewhere, and where shadow stacks
 * are on (a return into another stack is what they exist to refuse),
 * glibc's swapcontext does it, which also saves and restores the signal
 * mask, a system call on every switch: ~250 ns.  Build with
 * -DLS_FIBER_USE_UCONTEXT to take that path everywhere.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ls-fiber.h"

#if defined(LS_FIBER_USE_UCONTEXT) || !defined(__ELF__)
# include <ucontext.h>
#elif defined(__x86_64__) && !(defined(__CET__) && (__CET__ & 2))
# define LS_FIBER_X86_64 1
# define LS_FIBER_SWITCH_STACK 1
#elif defined(__aarch64__) && !defined(__ARM_FEATURE_GCS_DEFAULT)
# define LS_FIBER_AARCH64 1
# define LS_FIBER_SWITCH_STACK 1
#else
# include <ucontext.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
# define LS_FIBER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define LS_FIBER_ASAN 1
# endif
#endif
#ifdef LS_FIBER_ASAN
# include <sanitizer/asan_interface.h>
# include <sanitizer/common_interface_defs.h>
#endif

struct _LsFiber
{
#ifdef LS_FIBER_SWITCH_STACK
  gpointer     sp;            /* where its registers are pushed, while suspended */
#else
  ucontext_t   context;
#endif
  guint8      *mapping;       /* guard page, then the stack; NULL for a native fiber */
  gsize        mapping_size;
  LsFiberFunc  func;
  gpointer     user_data;
#ifdef LS_FIBER_ASAN
  /* AddressSanitizer's view: the stack's bounds (a native fiber's are
   * learnt each time it switches away: it may be another OS thread's
   * stack each time) and the fake frames it keeps for a suspended fiber,
   * when it detects uses after return. */
  const void  *asan_bottom;
  gsize        asan_size;
  void        *asan_fake_stack;
  LsFiber     *switched_from;
#endif
};

/* --- the switch ------------------------------------------------------------ */

#ifdef LS_FIBER_X86_64
/* ls_fiber_switch_stack (&from->sp, to->sp): the System V ABI's
 * callee-saved registers, rbx, rbp and r12–r15, live on the suspended
 * stack.  The x87 and SSE control words are callee-saved too, but the
 * engine never changes them, so every fiber has the same and they are
 * left alone.
 *
 * A new fiber's stack is laid out as if it had called the switch itself
 * (fiber_prepare): the return goes to ls_fiber_trampoline, with the fiber
 * in rbx, which calls ls_fiber_start (fiber) on the fresh stack.  Its
 * return address is 0, so that backtraces end there. */
__asm__ (
  ".text\n"
  ".p2align 4\n"
  ".globl ls_fiber_switch_stack\n"
  ".hidden ls_fiber_switch_stack\n"
  ".type ls_fiber_switch_stack, @function\n"
  "ls_fiber_switch_stack:\n"
  "  pushq %rbp\n"
  "  pushq %rbx\n"
  "  pushq %r12\n"
  "  pushq %r13\n"
  "  pushq %r14\n"
  "  pushq %r15\n"
  "  movq %rsp, (%rdi)\n"
  "  movq %rsi, %rsp\n"
  "  popq %r15\n"
  "  popq %r14\n"
  "  popq %r13\n"
  "  popq %r12\n"
  "  popq %rbx\n"
  "  popq %rbp\n"
  "  ret\n"
  ".size ls_fiber_switch_stack, .-ls_fiber_switch_stack\n"
  "\n"
  ".p2align 4\n"
  ".globl ls_fiber_trampoline\n"
  ".hidden ls_fiber_trampoline\n"
  ".type ls_fiber_trampoline, @function\n"
  "ls_fiber_trampoline:\n"
  "  movq %rbx, %rdi\n"
  "  jmp ls_fiber_start\n"
  ".size ls_fiber_trampoline, .-ls_fiber_trampoline\n"
);

#endif

#ifdef LS_FIBER_AARCH64
/* The same for AAPCS64: x19–x28, the frame pointer x29, the return
 * address x30 and the low halves of v8–v15 (d8–d15) are callee-saved;
 * the FPCR is left alone as the x87 and SSE control words are.  The
 * trampoline finds the fiber in x19. */
__asm__ (
  ".text\n"
  ".p2align 4\n"
  ".globl ls_fiber_switch_stack\n"
  ".hidden ls_fiber_switch_stack\n"
  ".type ls_fiber_switch_stack, %function\n"
  "ls_fiber_switch_stack:\n"
  "  sub sp, sp, #160\n"
  "  stp x19, x20, [sp, #0]\n"
  "  stp x21, x22, [sp, #16]\n"
  "  stp x23, x24, [sp, #32]\n"
  "  stp x25, x26, [sp, #48]\n"
  "  stp x27, x28, [sp, #64]\n"
  "  stp x29, x30, [sp, #80]\n"
  "  stp d8, d9, [sp, #96]\n"
  "  stp d10, d11, [sp, #112]\n"
  "  stp d12, d13, [sp, #128]\n"
  "  stp d14, d15, [sp, #144]\n"
  "  mov x9, sp\n"
  "  str x9, [x0]\n"
  "  mov sp, x1\n"
  "  ldp x19, x20, [sp, #0]\n"
  "  ldp x21, x22, [sp, #16]\n"
  "  ldp x23, x24, [sp, #32]\n"
  "  ldp x25, x26, [sp, #48]\n"
  "  ldp x27, x28, [sp, #64]\n"
  "  ldp x29, x30, [sp, #80]\n"
  "  ldp d8, d9, [sp, #96]\n"
  "  ldp d10, d11, [sp, #112]\n"
  "  ldp d12, d13, [sp, #128]\n"
  "  ldp d14, d15, [sp, #144]\n"
  "  add sp, sp, #160\n"
  "  ret\n"
  ".size ls_fiber_switch_stack, .-ls_fiber_switch_stack\n"
  "\n"
  ".p2align 4\n"
  ".globl ls_fiber_trampoline\n"
  ".hidden ls_fiber_trampoline\n"
  ".type ls_fiber_trampoline, %function\n"
  "ls_fiber_trampoline:\n"
  "  mov x0, x19\n"
  "  mov x30, xzr\n"
  "  b ls_fiber_start\n"
  ".size ls_fiber_trampoline, .-ls_fiber_trampoline\n"
);
#endif

#ifdef LS_FIBER_SWITCH_STACK
G_GNUC_INTERNAL void ls_fiber_switch_stack (gpointer *save_sp, gpointer load_sp);
G_GNUC_INTERNAL void ls_fiber_trampoline (void);
#endif

/* used: only the assembly above calls it, which link-time optimisation
 * cannot see */
G_GNUC_INTERNAL G_NORETURN __attribute__ ((used)) void ls_fiber_start (LsFiber *self);

/* AddressSanitizer keeps a shadow of the stack in use: it must hear of a
 * switch before it happens (where to) and after (which fiber came, what
 * it left). */
static inline void
asan_before_switch (LsFiber  *from,
                    LsFiber  *to,
                    gboolean  exiting)
{
#ifdef LS_FIBER_ASAN
  /* an exiting fiber's fake frames can go: it never comes back */
  __sanitizer_start_switch_fiber (exiting ? NULL : &from->asan_fake_stack, to->asan_bottom, to->asan_size);
  to->switched_from = from;
#endif
}

static inline void
asan_after_switch (LsFiber *self)
{
#ifdef LS_FIBER_ASAN
  const void *bottom = NULL;
  size_t size = 0;

  __sanitizer_finish_switch_fiber (self->asan_fake_stack, &bottom, &size);
  self->switched_from->asan_bottom = bottom;
  self->switched_from->asan_size = size;
#endif
}

static inline void
switch_context (LsFiber *from,
                LsFiber *to)
{
#ifdef LS_FIBER_SWITCH_STACK
  ls_fiber_switch_stack (&from->sp, to->sp);
#else
  if (swapcontext (&from->context, &to->context) != 0)
    g_error ("swapcontext: %s", g_strerror (errno));
#endif
}

void
ls_fiber_switch (LsFiber *from,
                 LsFiber *to)
{
  asan_before_switch (from, to, FALSE);
  switch_context (from, to);
  asan_after_switch (from);
}

void
ls_fiber_exit (LsFiber *from,
               LsFiber *to)
{
  asan_before_switch (from, to, TRUE);
  switch_context (from, to);
  g_error ("an exited fiber was resumed");
}

/* Where a new fiber starts, on its own stack. */
void
ls_fiber_start (LsFiber *self)
{
  asan_after_switch (self);
  self->func (self->user_data);
  g_error ("a fiber's function returned");
}

#ifndef LS_FIBER_SWITCH_STACK
/* makecontext passes int arguments only: the pointer comes in halves. */
static void
ucontext_start (unsigned int high,
                unsigned int low)
{
  ls_fiber_start ((LsFiber *) (((guintptr) high << 16 << 16) | (guintptr) low));
}
#endif

/* --- stacks ---------------------------------------------------------------- */

static gsize
page_size (void)
{
  return (gsize) sysconf (_SC_PAGESIZE);
}

gsize
ls_fiber_get_stack_size (void)
{
  static gsize size;

  if (g_once_init_enter (&size))
    {
      pthread_attr_t attr;
      size_t stack_size = 0;

      /* what pthread_create would give a thread (RLIMIT_STACK's soft
       * limit on glibc), the size scenario threads had as OS threads */
      if (pthread_attr_init (&attr) == 0)
        {
          if (pthread_attr_getstacksize (&attr, &stack_size) != 0)
            stack_size = 0;
          pthread_attr_destroy (&attr);
        }
      if (stack_size < 256 * 1024)
        stack_size = 8 * 1024 * 1024;
      g_once_init_leave (&size, (stack_size + page_size () - 1) & ~(page_size () - 1));
    }
  return size;
}

const char *
ls_fiber_get_backend (void)
{
#if defined(LS_FIBER_X86_64)
  return "x86_64";
#elif defined(LS_FIBER_AARCH64)
  return "aarch64";
#else
  return "ucontext";
#endif
}

static guint8 *
stack_low (LsFiber *self)
{
  return self->mapping + page_size ();
}

/* Sets the registers a fiber's first switch loads, on a clean stack. */
static void
fiber_prepare (LsFiber     *self,
               LsFiberFunc  func,
               gpointer     user_data)
{
  gsize size = self->mapping_size - page_size ();

  self->func = func;
  self->user_data = user_data;
#ifdef LS_FIBER_ASAN
  /* frames that never returned (the previous body's last switch) left
   * their red zones poisoned */
  ASAN_UNPOISON_MEMORY_REGION (stack_low (self), size);
  self->asan_bottom = stack_low (self);
  self->asan_size = size;
  self->asan_fake_stack = NULL;
#endif
#ifdef LS_FIBER_X86_64
  {
    guintptr *top = (guintptr *) (((guintptr) stack_low (self) + size) & ~(guintptr) 15);
    guintptr *sp = top - 8;

    /* as ls_fiber_switch_stack pops them: r15, r14, r13, r12, rbx, rbp,
     * the return address; then the trampoline's own return address */
    memset (sp, 0, 8 * sizeof *sp);
    sp[4] = (guintptr) self;
    sp[6] = (guintptr) ls_fiber_trampoline;
    self->sp = sp;
  }
#elif defined(LS_FIBER_AARCH64)
  {
    guintptr *top = (guintptr *) (((guintptr) stack_low (self) + size) & ~(guintptr) 15);
    guintptr *sp = top - 20;

    /* as ls_fiber_switch_stack loads them: x19–x28, x29, x30, d8–d15 */
    memset (sp, 0, 20 * sizeof *sp);
    sp[0] = (guintptr) self;
    sp[11] = (guintptr) ls_fiber_trampoline;
    self->sp = sp;
  }
#else
  if (getcontext (&self->context) != 0)
    g_error ("getcontext: %s", g_strerror (errno));
  self->context.uc_stack.ss_sp = stack_low (self);
  self->context.uc_stack.ss_size = size;
  self->context.uc_link = NULL;
  makecontext (&self->context, (void (*) (void)) ucontext_start, 2,
               (unsigned int) ((guintptr) self >> 16 >> 16), (unsigned int) (guintptr) self);
#endif
}

LsFiber *
ls_fiber_new_native (void)
{
  return g_new0 (LsFiber, 1);
}

LsFiber *
ls_fiber_new (LsFiberFunc   func,
              gpointer      user_data,
              GError      **error)
{
  gsize size = ls_fiber_get_stack_size () + page_size ();
  LsFiber *self;
  void *mapping;

  mapping = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mapping == MAP_FAILED)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "cannot map a stack of %" G_GSIZE_FORMAT " bytes: %s", size, g_strerror (saved_errno));
      return NULL;
    }
  /* the guard page: an overflow faults instead of writing over whatever
   * lies below */
  if (mprotect (mapping, page_size (), PROT_NONE) != 0)
    {
      int saved_errno = errno;

      munmap (mapping, size);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "cannot protect a stack's guard page: %s", g_strerror (saved_errno));
      return NULL;
    }
  self = g_new0 (LsFiber, 1);
  self->mapping = mapping;
  self->mapping_size = size;
  fiber_prepare (self, func, user_data);
  return self;
}

void
ls_fiber_reset (LsFiber     *self,
                LsFiberFunc  func,
                gpointer     user_data)
{
  g_return_if_fail (self->mapping != NULL);

  fiber_prepare (self, func, user_data);
}

void
ls_fiber_free (LsFiber *self)
{
  if (self == NULL)
    return;
  if (self->mapping != NULL)
    {
#ifdef LS_FIBER_ASAN
      /* the next mapping at these addresses starts clean */
      ASAN_UNPOISON_MEMORY_REGION (stack_low (self), self->mapping_size - page_size ());
#endif
      munmap (self->mapping, self->mapping_size);
    }
  g_free (self);
}

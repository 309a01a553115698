/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-random.h — CPython 3.11's `random` module, reproduced bit for bit.
 *
 * A scenario that says `random.seed(42)` must draw the very numbers
 * python3 draws, or a replay in Loopscope would not match the run the
 * user made with CPython.  So this is the Mersenne Twister of
 * Modules/_randommodule.c plus the Python-level algorithms of
 * Lib/random.py, call for call: every function consumes exactly the
 * 32-bit outputs its CPython counterpart consumes, also when it fails.
 *
 * Functions that can fail the way CPython raises return FALSE and set
 * *error_message (owned by the caller, g_free) to the exception text;
 * the exception class is named in each comment.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LS_RANDOM_N 624

typedef struct _LsRandom LsRandom;

/* Public so that the VM embeds the generator in its own state instead
 * of allocating it: there is no hidden global generator. */
struct _LsRandom
{
  guint32  state[LS_RANDOM_N];
  int      index;            /* next word of state[]; LS_RANDOM_N = regenerate */
  gboolean has_gauss_next;   /* random.Random.gauss_next is not None */
  double   gauss_next;
};

/* Same as ls_random_seed_int (self, 0): Loopscope's runs are replayable,
 * so an unseeded program starts from seed(0), not from the OS entropy. */
void     ls_random_init            (LsRandom      *self);

/* random.seed(int): the absolute value, split in 32-bit words from the
 * least significant one, fed to init_by_array. */
void     ls_random_seed_int        (LsRandom      *self,
                                    gint64         seed);
/* random.seed(n) for an n of any size: key holds |n| in 32-bit words,
 * least significant first, without leading zero words (len >= 1; a
 * zero is { 0 }).  For a VM with big integers. */
void     ls_random_seed_words      (LsRandom      *self,
                                    const guint32 *key,
                                    gsize          len);
/* random.seed(str | bytes | bytearray), version 2: data is str.encode()
 * (UTF-8) or the bytes themselves. */
void     ls_random_seed_bytes      (LsRandom      *self,
                                    const guint8  *data,
                                    gsize          len);
/* random.seed(float): seeds with hash(seed) cast to an unsigned 64-bit
 * integer.  CPython 3.11 hashes a NaN by its object's address, which no
 * replay can match; here a NaN hashes to 0 (the pre-3.10 value). */
void     ls_random_seed_float      (LsRandom      *self,
                                    double         seed);

/* hash(float) of CPython 3.11 (sys.hash_info: modulus 2**61-1, inf
 * 314159), with the NaN caveat above.  Exposed because the VM's own
 * hash() must agree with it. */
gint64   ls_random_hash_float      (double         value);

/* random.random(): [0, 1) with 53 random bits. */
double   ls_random_random          (LsRandom      *self);
/* random.getrandbits(k) for 0 <= k <= 64. */
guint64  ls_random_getrandbits     (LsRandom      *self,
                                    int            k);
/* random.getrandbits(k) for any k >= 0: fills (k + 31) / 32 words, least
 * significant first (0 words for k = 0). */
void     ls_random_getrandbits_words (LsRandom    *self,
                                    int            k,
                                    guint32       *words);
/* Random._randbelow(n) (the getrandbits variant), n > 0. */
gint64   ls_random_randbelow       (LsRandom      *self,
                                    gint64         n);
/* random.randrange(start, stop, step).  Fails with ValueError texts:
 * "empty range for randrange() (start, stop, width)" when step is 1,
 * "zero step for randrange()", "empty range for randrange()". */
gboolean ls_random_randrange       (LsRandom      *self,
                                    gint64         start,
                                    gint64         stop,
                                    gint64         step,
                                    gint64        *out,
                                    char         **error_message);
/* random.randrange(stop): ValueError "empty range for randrange()" when
 * stop <= 0. */
gboolean ls_random_randrange_stop  (LsRandom      *self,
                                    gint64         stop,
                                    gint64        *out,
                                    char         **error_message);
/* random.randint(a, b), that is randrange(a, b + 1), including
 * randint(G_MININT64, G_MAXINT64) whose width does not fit 64 bits. */
gboolean ls_random_randint         (LsRandom      *self,
                                    gint64         a,
                                    gint64         b,
                                    gint64        *out,
                                    char         **error_message);
/* random.uniform(a, b) */
double   ls_random_uniform         (LsRandom      *self,
                                    double         a,
                                    double         b);
/* random.shuffle(list(range(n))): perm[i] receives the element that ends
 * at index i, so perm[] also tells how to permute any list of length n. */
void     ls_random_shuffle_indices (LsRandom      *self,
                                    gsize          n,
                                    gsize         *perm);
/* random.sample(range(population), k) into out[0..k-1].  ValueError
 * "Sample larger than population or is negative" when k > population. */
gboolean ls_random_sample_indices  (LsRandom      *self,
                                    gsize          population,
                                    gsize          k,
                                    gsize         *out,
                                    char         **error_message);
/* Index picked by random.choice(seq) for len(seq) = n > 0.  The caller
 * raises IndexError "Cannot choose from an empty sequence" for n = 0,
 * before any draw, as CPython does. */
gsize    ls_random_choice_index    (LsRandom      *self,
                                    gsize          n);
/* One index of random.choices(seq, k=...) without weights: n > 0 (for
 * n = 0 CPython draws, then raises IndexError "list index out of range"). */
gsize    ls_random_choices_index   (LsRandom      *self,
                                    gsize          n);
/* One index of random.choices(seq, cum_weights=cum, k=...), or of
 * weights= once the caller accumulated them; n = len(cum) > 0.  Checks
 * the total first, as CPython does before drawing: ValueError "Total of
 * weights must be greater than zero" / "Total of weights must be finite".
 * Weights are compared as doubles: integer weights beyond 2**53 may
 * bisect differently from CPython's exact int/float comparison. */
gboolean ls_random_choices_cum_index (LsRandom    *self,
                                    const double  *cum_weights,
                                    gsize          n,
                                    gsize         *out,
                                    char         **error_message);
/* random.gauss(mu, sigma): draws two numbers every other call and keeps
 * the second in gauss_next, which any seed clears. */
double   ls_random_gauss           (LsRandom      *self,
                                    double         mu,
                                    double         sigma);
/* random.triangular(low, high, mode), mode = None when !has_mode. */
double   ls_random_triangular      (LsRandom      *self,
                                    double         low,
                                    double         high,
                                    gboolean       has_mode,
                                    double         mode);
/* random.expovariate(lambd): ZeroDivisionError "float division by zero"
 * when lambd is 0, after the draw CPython makes before dividing. */
gboolean ls_random_expovariate     (LsRandom      *self,
                                    double         lambd,
                                    double        *out,
                                    char         **error_message);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-random.c — CPython 3.11's `random` module, reproduced bit for bit.
 *
 * The generator is MT19937 as Modules/_randommodule.c runs it (itself
 * the 2002 reference code by Matsumoto and Nishimura); everything above
 * it follows Lib/random.py line by line, because any reordering of the
 * draws (say, computing an argument before instead of after a draw)
 * would make the sequence drift from CPython's.
 */

#define G_LOG_DOMAIN "loopscope-engine"

#include "ls-random.h"

#include <math.h>
#include <string.h>

#define MT_M          397
#define MT_MATRIX_A   0x9908b0dfU
#define MT_UPPER_MASK 0x80000000U
#define MT_LOWER_MASK 0x7fffffffU

/* sys.hash_info of a 64-bit CPython: hashes of numbers are taken modulo
 * the Mersenne prime 2**61 - 1 so that equal int and float hash alike. */
#define HASH_BITS    61
#define HASH_MODULUS ((G_GUINT64_CONSTANT (1) << HASH_BITS) - 1)
#define HASH_INF     314159

/* ---------------------------------------------------------------- */
/* The Twister                                                      */

/* genrand_uint32, init_genrand and init_by_array derive from mt19937ar.c,
 * whose BSD licence asks derived sources to keep its notice:
 *
 *   Copyright (C) 1997 - 2002, Makoto Matsumoto and Takuji Nishimura,
 *   All rights reserved.
 *
 *   Redistribution and use in source and binary forms, with or without
 *   modification, are permitted provided that the following conditions
 *   are met:
 *
 *     1. Redistributions of source code must retain the above copyright
 *        notice, this list of conditions and the following disclaimer.
 *     2. Redistributions in binary form must reproduce the above copyright
 *        notice, this list of conditions and the following disclaimer in
 *        the documentation and/or other materials provided with the
 *        distribution.
 *     3. The names of its contributors may not be used to endorse or
 *        promote products derived from this software without specific
 *        prior written permission.
 *
 *   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
 *   "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
 *   LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
 *   A PARTICULAR PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL THE COPYRIGHT
 *   OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
 *   SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
 *   LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
 *   DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
 *   THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
 *   (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 *   OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

static guint32
genrand_uint32 (LsRandom *self)
{
  static const guint32 mag01[2] = { 0x0U, MT_MATRIX_A };
  guint32 *mt = self->state;
  guint32 y;

  if (self->index >= LS_RANDOM_N)
    {
      int kk;

      for (kk = 0; kk < LS_RANDOM_N - MT_M; kk++)
        {
          y = (mt[kk] & MT_UPPER_MASK) | (mt[kk + 1] & MT_LOWER_MASK);
          mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
      for (; kk < LS_RANDOM_N - 1; kk++)
        {
          y = (mt[kk] & MT_UPPER_MASK) | (mt[kk + 1] & MT_LOWER_MASK);
          mt[kk] = mt[kk + (MT_M - LS_RANDOM_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
      y = (mt[LS_RANDOM_N - 1] & MT_UPPER_MASK) | (mt[0] & MT_LOWER_MASK);
      mt[LS_RANDOM_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];

      self->index = 0;
    }

  y = mt[self->index++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

static void
init_genrand (LsRandom *self,
              guint32   s)
{
  guint32 *mt = self->state;
  int mti;

  mt[0] = s;
  for (mti = 1; mti < LS_RANDOM_N; mti++)
    mt[mti] = 1812433253U * (mt[mti - 1] ^ (mt[mti - 1] >> 30)) + (guint32) mti;
  self->index = mti;
}

static void
init_by_array (LsRandom      *self,
               const guint32 *init_key,
               gsize          key_length)
{
  guint32 *mt = self->state;
  gsize i, j, k;

  init_genrand (self, 19650218U);
  i = 1;
  j = 0;
  k = LS_RANDOM_N > key_length ? LS_RANDOM_N : key_length;
  for (; k; k--)
    {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U))
              + init_key[j] + (guint32) j;
      i++;
      j++;
      if (i >= LS_RANDOM_N)
        {
          mt[0] = mt[LS_RANDOM_N - 1];
          i = 1;
        }
      if (j >= key_length)
        j = 0;
    }
  for (k = LS_RANDOM_N - 1; k; k--)
    {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U))
              - (guint32) i;
      i++;
      if (i >= LS_RANDOM_N)
        {
          mt[0] = mt[LS_RANDOM_N - 1];
          i = 1;
        }
    }

  mt[0] = 0x80000000U;
}

/* ---------------------------------------------------------------- */
/* Seeding                                                          */

void
ls_random_seed_words (LsRandom      *self,
                      const guint32 *key,
                      gsize          len)
{
  static const guint32 zero = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL || len == 0);

  /* CPython feeds at least one word, even for seed(0). */
  if (len == 0)
    {
      key = &zero;
      len = 1;
    }
  init_by_array (self, key, len);
  /* Random.seed() of random.py resets gauss_next after seeding. */
  self->has_gauss_next = FALSE;
  self->gauss_next = 0.0;
}

/* CPython passes _PyLong_NumBits worth of words: high zero words are not
 * part of the key, and they would change the state if they were. */
static void
seed_uint64 (LsRandom *self,
             guint64   magnitude)
{
  guint32 key[2] = { (guint32) magnitude, (guint32) (magnitude >> 32) };

  ls_random_seed_words (self, key, key[1] != 0 ? 2 : 1);
}

void
ls_random_seed_int (LsRandom *self,
                    gint64    seed)
{
  /* Negating in unsigned arithmetic keeps |G_MININT64| = 2**63 exact. */
  guint64 magnitude = seed < 0 ? -(guint64) seed : (guint64) seed;

  seed_uint64 (self, magnitude);
}

void
ls_random_init (LsRandom *self)
{
  ls_random_seed_int (self, 0);
}

void
ls_random_seed_bytes (LsRandom     *self,
                      const guint8 *data,
                      gsize         len)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree guint8 *number = NULL;
  g_autofree guint32 *key = NULL;
  guint8 digest[64];
  gsize digest_len = sizeof digest;
  gsize total, n_words, w;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  /* int.from_bytes(a + sha512(a).digest()), big-endian. */
  checksum = g_checksum_new (G_CHECKSUM_SHA512);
  g_checksum_update (checksum, data, (gssize) len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert (digest_len == sizeof digest);

  total = len + digest_len;
  number = g_malloc (total);
  if (len > 0)
    memcpy (number, data, len);
  memcpy (number + len, digest, digest_len);

  /* Cut the big-endian number into 32-bit words from its least
   * significant end, as random_seed() does with the int. */
  n_words = (total + 3) / 4;
  key = g_new0 (guint32, n_words);
  for (w = 0; w < n_words; w++)
    {
      int b;

      for (b = 3; b >= 0; b--)
        {
          gsize byte_from_end = w * 4 + (gsize) b;

          if (byte_from_end < total)
            key[w] = (key[w] << 8) | number[total - 1 - byte_from_end];
          else
            key[w] <<= 8;
        }
    }

  /* Leading zero bytes of the str do not count in the int. */
  while (n_words > 1 && key[n_words - 1] == 0)
    n_words--;

  ls_random_seed_words (self, key, n_words);
}

gint64
ls_random_hash_float (double value)
{
  guint64 x, y;
  double m;
  int e, sign;

  /* _Py_HashDouble of CPython 3.11, step for step. */
  if (!isfinite (value))
    {
      if (isinf (value))
        return value > 0 ? HASH_INF : -HASH_INF;
      return 0;
    }

  m = frexp (value, &e);
  sign = 1;
  if (m < 0)
    {
      sign = -1;
      m = -m;
    }

  /* 28 bits at a time, rotating within the 61-bit modulus. */
  x = 0;
  while (m != 0.0)
    {
      x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
      m *= 268435456.0;  /* 2**28 */
      e -= 28;
      y = (guint64) m;
      m -= (double) y;
      x += y;
      if (x >= HASH_MODULUS)
        x -= HASH_MODULUS;
    }

  /* Multiplying by 2**e modulo 2**61 - 1 is a rotation by e mod 61. */
  e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
  x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);

  x = x * (guint64) (gint64) sign;
  /* -1 is the error return of tp_hash in CPython, so it is never a hash. */
  if (x == (guint64) -1)
    x = (guint64) -2;
  return (gint64) x;
}

void
ls_random_seed_float (LsRandom *self,
                      double    seed)
{
  g_return_if_fail (self != NULL);

  /* random_seed() takes a non-int's hash cast to size_t, not its
   * absolute value: seed(-1.5) differs from seed(1.5). */
  seed_uint64 (self, (guint64) ls_random_hash_float (seed));
}

/* ---------------------------------------------------------------- */
/* Integers                                                         */

double
ls_random_random (LsRandom *self)
{
  guint32 a, b;

  g_return_val_if_fail (self != NULL, 0.0);

  /* Two statements: C leaves the order of evaluation of a*x+b open. */
  a = genrand_uint32 (self) >> 5;
  b = genrand_uint32 (self) >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

void
ls_random_getrandbits_words (LsRandom *self,
                             int       k,
                             guint32  *words)
{
  int i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (k >= 0);
  g_return_if_fail (words != NULL || k == 0);

  /* Least significant word first; the last one loses its low bits. */
  for (i = 0; k > 0; i++, k -= 32)
    {
      guint32 r = genrand_uint32 (self);

      if (k < 32)
        r >>= (32 - k);
      words[i] = r;
    }
}

guint64
ls_random_getrandbits (LsRandom *self,
                       int       k)
{
  guint32 words[2] = { 0, 0 };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (k >= 0 && k <= 64, 0);

  ls_random_getrandbits_words (self, k, words);
  return ((guint64) words[1] << 32) | words[0];
}

static int
bit_length (guint64 n)
{
  int bits = 0;

  while (n != 0)
    {
      bits++;
      n >>= 1;
    }
  return bits;
}

/* _randbelow_with_getrandbits (n) for n = n_minus_1 + 1, so that every n
 * in [1, 2**64] fits: randint(G_MININT64, G_MAXINT64) needs 2**64. */
static guint64
randbelow_wide (LsRandom *self,
                guint64   n_minus_1)
{
  guint64 n, r;
  int k;

  if (n_minus_1 == G_MAXUINT64)
    {
      /* getrandbits(65) < 2**64 iff its single top bit is clear. */
      for (;;)
        {
          guint32 words[3];

          ls_random_getrandbits_words (self, 65, words);
          if (words[2] == 0)
            return ((guint64) words[1] << 32) | words[0];
        }
    }

  n = n_minus_1 + 1;
  /* n.bit_length(), not (n - 1)'s: for a power of two CPython draws one
   * bit more than needed and rejects about half the draws. */
  k = bit_length (n);
  r = ls_random_getrandbits (self, k);
  while (r >= n)
    r = ls_random_getrandbits (self, k);
  return r;
}

gint64
ls_random_randbelow (LsRandom *self,
                     gint64    n)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n > 0, 0);

  return (gint64) randbelow_wide (self, (guint64) n - 1);
}

/* start + step * r, computed modulo 2**64: the true result lies in
 * [start, stop) so it fits, even when step * r alone does not. */
static gint64
offset (gint64  start,
        gint64  step,
        guint64 r)
{
  return (gint64) ((guint64) start + (guint64) step * r);
}

gboolean
ls_random_randrange (LsRandom  *self,
                     gint64     start,
                     gint64     stop,
                     gint64     step,
                     gint64    *out,
                     char     **error_message)
{
  guint64 width, abs_step, n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error_message == NULL || *error_message == NULL, FALSE);

  /* Same order of tests as random.py: the step-1 path comes first and
   * has its own message, which prints the width as a Python int. */
  if (step == 1)
    {
      if (stop > start)
        {
          width = (guint64) stop - (guint64) start;
          *out = offset (start, 1, randbelow_wide (self, width - 1));
          return TRUE;
        }
      if (error_message != NULL)
        {
          guint64 neg_width = (guint64) start - (guint64) stop;

          *error_message = g_strdup_printf ("empty range for randrange() (%" G_GINT64_FORMAT
                                            ", %" G_GINT64_FORMAT ", %s%" G_GUINT64_FORMAT ")",
                                            start, stop, neg_width != 0 ? "-" : "", neg_width);
        }
      return FALSE;
    }

  if (step == 0)
    {
      if (error_message != NULL)
        *error_message = g_strdup ("zero step for randrange()");
      return FALSE;
    }

  /* n = ceil(|stop - start| / |step|) when start moves towards stop,
   * which is what the floor divisions of random.py amount to. */
  if (step > 0 && stop > start)
    {
      width = (guint64) stop - (guint64) start;
      abs_step = (guint64) step;
    }
  else if (step < 0 && stop < start)
    {
      width = (guint64) start - (guint64) stop;
      abs_step = -(guint64) step;
    }
  else
    {
      if (error_message != NULL)
        *error_message = g_strdup ("empty range for randrange()");
      return FALSE;
    }
  n = width / abs_step + (width % abs_step != 0);

  *out = offset (start, step, randbelow_wide (self, n - 1));
  return TRUE;
}

gboolean
ls_random_randrange_stop (LsRandom  *self,
                          gint64     stop,
                          gint64    *out,
                          char     **error_message)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error_message == NULL || *error_message == NULL, FALSE);

  if (stop > 0)
    {
      *out = ls_random_randbelow (self, stop);
      return TRUE;
    }
  if (error_message != NULL)
    *error_message = g_strdup ("empty range for randrange()");
  return FALSE;
}

gboolean
ls_random_randint (LsRandom  *self,
                   gint64     a,
                   gint64     b,
                   gint64    *out,
                   char     **error_message)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error_message == NULL || *error_message == NULL, FALSE);

  /* b + 1 overflows only for b = G_MAXINT64, where the range is never
   * empty; so the width b - a + 1 is handled as b - a. */
  if (b >= a)
    {
      *out = offset (a, 1, randbelow_wide (self, (guint64) b - (guint64) a));
      return TRUE;
    }
  return ls_random_randrange (self, a, b + 1, 1, out, error_message);
}

/* ---------------------------------------------------------------- */
/* Sequences                                                        */

gsize
ls_random_choice_index (LsRandom *self,
                        gsize     n)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n > 0, 0);

  return (gsize) randbelow_wide (self, (guint64) n - 1);
}

void
ls_random_shuffle_indices (LsRandom *self,
                           gsize     n,
                           gsize    *perm)
{
  gsize i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (perm != NULL || n == 0);

  for (i = 0; i < n; i++)
    perm[i] = i;

  /* Fisher-Yates from the end, as random.shuffle: x[:i+1] for i from
   * n - 1 down to 1. */
  for (i = n; i-- > 1;)
    {
      gsize j = (gsize) randbelow_wide (self, (guint64) i);
      gsize tmp = perm[i];

      perm[i] = perm[j];
      perm[j] = tmp;
    }
}

/* The `setsize` of random.sample: the population size under which a
 * copy of the population costs less memory than a set of k picks. */
static gsize
sample_set_size (gsize k)
{
  gsize setsize = 21;

  if (k > 5)
    {
      /* 4 ** ceil(log(k * 3, 4)) with math.log's float arithmetic, which
       * converts the int argument and the base to double first. */
      double exponent = ceil (log ((double) k * 3.0) / log (4.0));

      if (exponent >= (double) (sizeof (gsize) * 4))
        return G_MAXSIZE;
      setsize += (gsize) 1 << (2 * (int) exponent);
    }
  return setsize;
}

gboolean
ls_random_sample_indices (LsRandom  *self,
                          gsize      population,
                          gsize      k,
                          gsize     *out,
                          char     **error_message)
{
  gsize n = population;
  gsize i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL || k == 0, FALSE);
  g_return_val_if_fail (error_message == NULL || *error_message == NULL, FALSE);

  if (k > n)
    {
      if (error_message != NULL)
        *error_message = g_strdup ("Sample larger than population or is negative");
      return FALSE;
    }

  if (n <= sample_set_size (k))
    {
      /* Pool: the unpicked items stay in pool[0 : n - i]; a picked slot
       * is refilled by the last unpicked item. */
      g_autofree gsize *pool = g_new (gsize, n);

      for (i = 0; i < n; i++)
        pool[i] = i;
      for (i = 0; i < k; i++)
        {
          gsize j = (gsize) randbelow_wide (self, (guint64) (n - i) - 1);

          out[i] = pool[j];
          pool[j] = pool[n - i - 1];
        }
    }
  else
    {
      /* Rejection: CPython's set only answers "seen already?", so the
       * order of the picks does not depend on the set's iteration order. */
      g_autoptr(GHashTable) selected = g_hash_table_new (g_direct_hash, NULL);

      /* k < n here, so each index fits a pointer (gsize is pointer-sized
       * on every GLib platform). */
      for (i = 0; i < k; i++)
        {
          gsize j = (gsize) randbelow_wide (self, (guint64) n - 1);

          while (g_hash_table_contains (selected, GSIZE_TO_POINTER (j)))
            j = (gsize) randbelow_wide (self, (guint64) n - 1);
          g_hash_table_add (selected, GSIZE_TO_POINTER (j));
          out[i] = j;
        }
    }
  return TRUE;
}

gsize
ls_random_choices_index (LsRandom *self,
                         gsize     n)
{
  g_return_val_if_fail (self != NULL, 0);

  /* floor(random() * n) with n converted to float first (n += 0.0). */
  return (gsize) floor (ls_random_random (self) * (double) n);
}

gboolean
ls_random_choices_cum_index (LsRandom      *self,
                             const double  *cum_weights,
                             gsize          n,
                             gsize         *out,
                             char         **error_message)
{
  double total, x;
  gsize lo, hi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cum_weights != NULL && n > 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error_message == NULL || *error_message == NULL, FALSE);

  total = cum_weights[n - 1] + 0.0;
  if (total <= 0.0)
    {
      if (error_message != NULL)
        *error_message = g_strdup ("Total of weights must be greater than zero");
      return FALSE;
    }
  if (!isfinite (total))
    {
      if (error_message != NULL)
        *error_message = g_strdup ("Total of weights must be finite");
      return FALSE;
    }

  /* bisect.bisect_right(cum_weights, x, 0, n - 1): the last index is
   * never searched, it is where every x beyond the others lands. */
  x = ls_random_random (self) * total;
  lo = 0;
  hi = n - 1;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x < cum_weights[mid])
        hi = mid;
      else
        lo = mid + 1;
    }
  *out = lo;
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* Real-valued distributions                                        */

double
ls_random_uniform (LsRandom *self,
                   double    a,
                   double    b)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return a + (b - a) * ls_random_random (self);
}

double
ls_random_gauss (LsRandom *self,
                 double    mu,
                 double    sigma)
{
  double z;

  g_return_val_if_fail (self != NULL, 0.0);

  if (self->has_gauss_next)
    {
      z = self->gauss_next;
      self->has_gauss_next = FALSE;
    }
  else
    {
      /* math.tau, spelled as CPython's float literal for 2 * pi. */
      double x2pi = ls_random_random (self) * 6.283185307179586;
      double g2rad = sqrt (-2.0 * log (1.0 - ls_random_random (self)));

      z = cos (x2pi) * g2rad;
      self->gauss_next = sin (x2pi) * g2rad;
      self->has_gauss_next = TRUE;
    }

  return mu + z * sigma;
}

double
ls_random_triangular (LsRandom *self,
                      double    low,
                      double    high,
                      gboolean  has_mode,
                      double    mode)
{
  double u, c;

  g_return_val_if_fail (self != NULL, 0.0);

  /* The draw comes first: it happens even when the division fails. */
  u = ls_random_random (self);
  if (!has_mode)
    c = 0.5;
  else if (high - low == 0.0)
    return low;  /* random.py catches the ZeroDivisionError */
  else
    c = (mode - low) / (high - low);

  if (u > c)
    {
      double tmp = low;

      u = 1.0 - u;
      c = 1.0 - c;
      low = high;
      high = tmp;
    }
  return low + (high - low) * sqrt (u * c);
}

gboolean
ls_random_expovariate (LsRandom  *self,
                       double     lambd,
                       double    *out,
                       char     **error_message)
{
  double numerator;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error_message == NULL || *error_message == NULL, FALSE);

  /* -log(1.0 - random()) is evaluated before the division raises. */
  numerator = -log (1.0 - ls_random_random (self));
  if (lambd == 0.0)
    {
      if (error_message != NULL)
        *error_message = g_strdup ("float division by zero");
      return FALSE;
    }
  *out = numerator / lambd;
  return TRUE;
}

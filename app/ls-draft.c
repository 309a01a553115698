/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-draft.c: drafts of unsaved text (see ls-draft.h). */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ls-draft.h"

#define ORIGIN_SUFFIX ".origin"

char *
ls_draft_dup_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "loopscope", "drafts", NULL);
}

char *
ls_draft_new_path (const char *dir)
{
  static guint counter;

  /* Time, process and a counter: unique without looking at the folder,
   * and sorted by age when listed. */
  for (;;)
    {
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT "-%lu-%u.py", g_get_real_time (),
                                               (gulong) getpid (), ++counter);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/* Writes `contents` to a temporary file beside `path`, then renames it over
 * `path`: whoever reads `path` sees the old or the new contents, whole.  No
 * fsync: a draft guards against the app crashing or being killed, where
 * the kernel still writes the data; syncing a disk a second after every
 * pause in typing would cost more than a lost draft after a power cut. */
static gboolean
write_atomically (const char  *path,
                  const char  *contents,
                  gsize        len,
                  GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
  gsize done = 0;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create a file beside “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  while (done < len)
    {
      gssize n = write (fd, contents + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_close (fd, NULL);
          g_unlink (tmp);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Could not write “%s”: %s", tmp, g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  if (!g_close (fd, error) || g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      if (error != NULL && *error == NULL)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "Could not rename “%s” to “%s”: %s", tmp, path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
ls_draft_write (const char  *path,
                const char  *text,
                const char  *origin_uri,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *origin_path = g_strconcat (path, ORIGIN_SUFFIX, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create “%s”: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* The origin first: a draft is never paired with a stale origin for
   * longer than this one write. */
  if (origin_uri != NULL)
    {
      if (!write_atomically (origin_path, origin_uri, strlen (origin_uri), error))
        return FALSE;
    }
  else
    g_unlink (origin_path);
  return write_atomically (path, text, strlen (text), error);
}

gboolean
ls_draft_read (const char  *path,
               char       **text,
               char       **origin_uri,
               GError     **error)
{
  g_autofree char *origin_path = g_strconcat (path, ORIGIN_SUFFIX, NULL);
  g_autofree char *origin = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  /* What the editor wrote is UTF-8; anything else is not ours. */
  if (!g_utf8_validate_len (contents, len, NULL))
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   "“%s” is not UTF-8 text", path);
      return FALSE;
    }
  if (g_file_get_contents (origin_path, &origin, NULL, NULL))
    g_strstrip (origin);
  if (origin != NULL && origin[0] == '\0')
    g_clear_pointer (&origin, g_free);

  *text = g_steal_pointer (&contents);
  if (origin_uri != NULL)
    *origin_uri = g_steal_pointer (&origin);
  return TRUE;
}

void
ls_draft_remove (const char *path)
{
  g_autofree char *origin_path = g_strconcat (path, ORIGIN_SUFFIX, NULL);

  g_unlink (path);
  g_unlink (origin_path);
}

typedef struct
{
  char   *path;
  gint64  mtime;
} Found;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Found *fa = a, *fb = b;

  if (fa->mtime != fb->mtime)
    return fa->mtime > fb->mtime ? -1 : 1;
  /* Same second: the names sort by the time they were made. */
  return -strcmp (fa->path, fb->path);
}

GPtrArray *
ls_draft_list (const char *dir)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return paths;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      Found f;
      GStatBuf st;

      /* Temporary files of a write cut short end in six random letters. */
      if (!g_str_has_suffix (name, ".py"))
        continue;
      f.path = g_build_filename (dir, name, NULL);
      if (g_stat (f.path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          g_free (f.path);
          continue;
        }
      f.mtime = (gint64) st.st_mtime;
      g_array_append_val (found, f);
    }
  g_array_sort (found, compare_newest_first);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (paths, g_array_index (found, Found, i).path);
  return paths;
}

/* --- the debounced writer ---------------------------------------------------- */

struct _LsDraftSaver
{
  char            *path;
  guint            delay_ms;
  LsDraftTextFunc  func;
  gpointer         user_data;
  guint            timeout_id;
};

LsDraftSaver *
ls_draft_saver_new (const char      *path,
                    guint            delay_ms,
                    LsDraftTextFunc  func,
                    gpointer         user_data)
{
  LsDraftSaver *self = g_new0 (LsDraftSaver, 1);

  self->path = g_strdup (path);
  self->delay_ms = delay_ms;
  self->func = func;
  self->user_data = user_data;
  return self;
}

const char *
ls_draft_saver_get_path (LsDraftSaver *self)
{
  return self->path;
}

static gboolean
timeout_cb (gpointer user_data)
{
  LsDraftSaver *self = user_data;

  self->timeout_id = 0;
  ls_draft_saver_flush (self);
  return G_SOURCE_REMOVE;
}

void
ls_draft_saver_changed (LsDraftSaver *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->delay_ms, timeout_cb, self);
}

void
ls_draft_saver_flush (LsDraftSaver *self)
{
  g_autofree char *origin = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  text = self->func (self->user_data, &origin);
  if (text == NULL)
    ls_draft_remove (self->path);
  else if (!ls_draft_write (self->path, text, origin, &error))
    /* Nothing the user can do about it now, and the editor still has the
     * text: said once, not after every pause in typing. */
    g_warning_once ("Could not keep a draft of the unsaved text: %s", error->message);
}

void
ls_draft_saver_discard (LsDraftSaver *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  ls_draft_remove (self->path);
}

void
ls_draft_saver_free (LsDraftSaver *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self->path);
  g_free (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-examples.c: reads examples.json, the list of the bundled example
 * programs (the seed document's code blocks among them), from the
 * GResource. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ls-examples.h"

#define EXAMPLES_PATH RESOURCE_PREFIX "/examples"

/* The default when the list cannot be read: the create_task example,
 * which shows two tasks overlapping — the point of the whole app. */
#define FALLBACK_DEFAULT "03-create-task-concurrent.py"

static JsonObject *
load_index (JsonParser **parser_out)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  bytes = g_resources_lookup_data (EXAMPLES_PATH "/examples.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("No examples index in the resources: %s", error->message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser,
                                   g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes),
                                   &error))
    {
      g_critical ("examples.json: %s", error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_critical ("examples.json: the top level is not an object");
      return NULL;
    }

  /* The object belongs to the parser: hand both back together. */
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

/* Chinese readers get the seed document's own headings first; everyone
 * else the English titles first.  Titles live in examples.json next to the files rather
 * than in the .po files, so that adding an example is one edit. */
static gboolean
prefers_chinese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "zh");
}

/* GtkPopoverMenu reads "_" as a mnemonic marker; titles such as
 * "add_done_callback" must keep theirs. */
static char *
escape_mnemonics (const char *text)
{
  GString *str = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        g_string_append_c (str, '_');
      g_string_append_c (str, *p);
    }

  return g_string_free (str, FALSE);
}

char *
ls_examples_dup_default_name (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *index = load_index (&parser);
  const char *name = NULL;

  if (index != NULL)
    name = json_object_get_string_member_with_default (index, "default", NULL);

  return g_strdup (name != NULL ? name : FALLBACK_DEFAULT);
}

GFile *
ls_examples_dup_file (const char *name)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  /* Names come from our own menu, but a path separator would step out of
   * the examples folder; refuse it rather than trust the caller. */
  if (strchr (name, '/') != NULL)
    return NULL;

  uri = g_strconcat ("resource://", EXAMPLES_PATH, "/", name, NULL);
  return g_file_new_for_uri (uri);
}

GMenuModel *
ls_examples_create_menu (const char *action_name)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  JsonObject *index = load_index (&parser);
  JsonArray *examples;
  gboolean chinese = prefers_chinese ();

  if (index == NULL || !json_object_has_member (index, "examples"))
    return G_MENU_MODEL (g_steal_pointer (&menu));

  examples = json_object_get_array_member (index, "examples");
  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *example = json_array_get_object_element (examples, i);
      const char *file;
      const char *title;
      const char *other;
      g_autofree char *plain = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (example == NULL)
        continue;

      file = json_object_get_string_member_with_default (example, "file", NULL);
      title = json_object_get_string_member_with_default (example,
                                                          chinese ? "title_zh" : "title_en",
                                                          file);
      other = json_object_get_string_member_with_default (example,
                                                          chinese ? "title_en" : "title_zh",
                                                          NULL);
      if (file == NULL || title == NULL)
        continue;

      /* File names start with the example's number, which the Chinese
       * headings (several share "超时保护") need to stay apart.  The
       * document's Chinese heading and the English title go side by side,
       * the reader's language first. */
      if (other != NULL && g_strcmp0 (other, title) != 0)
        plain = g_strdup_printf ("%.2s  %s — %s", file, title, other);
      else
        plain = g_strdup_printf ("%.2s  %s", file, title);
      label = escape_mnemonics (plain);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, action_name, "s", file);
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

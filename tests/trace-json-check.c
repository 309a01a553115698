/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace-json-check FILE.json... — checks a `loopscope run --trace-json`
 * file the way a trace viewer reads it (json-glib, as a GNOME app would):
 * the Chrome Trace Event Format object with its traceEvents; every track
 * named; every slice complete, with a duration that is not negative, and
 * the slices of a track in time order; both ends of every flow present.
 * Exits 1 with one line per problem.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>

typedef struct
{
  GHashTable *named;        /* tid -> TRUE */
  GHashTable *last_ts;      /* tid -> double* */
  GHashTable *flow_starts;  /* id -> count */
  GHashTable *flow_ends;    /* id -> count */
  guint       problems;
  const char *file;
} Check;

static void
problem (Check *c, guint index, const char *what)
{
  if (c->problems++ < 20)
    fprintf (stderr, "%s: event %u: %s\n", c->file, index, what);
}

static void
count (GHashTable *table, gint64 id)
{
  gpointer key = GSIZE_TO_POINTER ((gsize) id);

  g_hash_table_insert (table, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) + 1));
}

static void
check_slice (Check *c, JsonObject *e, guint index, gint64 tid, double ts)
{
  double *last = g_hash_table_lookup (c->last_ts, GSIZE_TO_POINTER ((gsize) tid));

  if (!json_object_has_member (e, "dur") || json_object_get_double_member (e, "dur") < 0)
    problem (c, index, "slice without a duration that is >= 0");
  if (!json_object_has_member (e, "name"))
    problem (c, index, "slice without a name");
  if (last == NULL)
    {
      last = g_new (double, 1);
      g_hash_table_insert (c->last_ts, GSIZE_TO_POINTER ((gsize) tid), last);
    }
  else if (ts < *last)
    problem (c, index, "slice goes back in time on its track");
  *last = ts;
}

static void
check_event (Check *c, JsonObject *e, guint index)
{
  const char *ph = json_object_get_string_member_with_default (e, "ph", "");
  gint64 tid = json_object_get_int_member_with_default (e, "tid", -1);
  double ts;

  if (g_strcmp0 (ph, "M") == 0)
    {
      if (g_strcmp0 (json_object_get_string_member_with_default (e, "name", ""), "thread_name") == 0)
        g_hash_table_add (c->named, GSIZE_TO_POINTER ((gsize) tid));
      return;
    }
  if (!json_object_has_member (e, "ts") || !json_object_has_member (e, "pid") || tid < 0)
    {
      problem (c, index, "event without ts, pid or tid");
      return;
    }
  ts = json_object_get_double_member (e, "ts");
  if (!g_hash_table_contains (c->named, GSIZE_TO_POINTER ((gsize) tid)))
    problem (c, index, "event on a track that has no thread_name before it");
  if (g_strcmp0 (ph, "X") == 0)
    check_slice (c, e, index, tid, ts);
  else if (g_strcmp0 (ph, "s") == 0)
    count (c->flow_starts, json_object_get_int_member (e, "id"));
  else if (g_strcmp0 (ph, "f") == 0)
    count (c->flow_ends, json_object_get_int_member (e, "id"));
  else if (g_strcmp0 (ph, "i") != 0)
    problem (c, index, "unexpected phase (only M, X, i, s, f are written)");
}

/* Every flow has exactly one start and one end. */
static void
check_flows (Check *c)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, c->flow_starts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) != 1 ||
        GPOINTER_TO_UINT (g_hash_table_lookup (c->flow_ends, key)) != 1)
      problem (c, 0, "a flow without exactly one start and one end");
  if (g_hash_table_size (c->flow_starts) != g_hash_table_size (c->flow_ends))
    problem (c, 0, "flow ends without starts");
}

static guint
check_file (const char *file)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Check c = { 0 };
  JsonNode *root;
  JsonArray *events;

  c.file = file;
  if (!json_parser_load_from_file (parser, file, &error))
    {
      fprintf (stderr, "%s: not JSON: %s\n", file, error->message);
      return 1;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) || !json_object_has_member (json_node_get_object (root), "traceEvents"))
    {
      fprintf (stderr, "%s: no traceEvents\n", file);
      return 1;
    }
  events = json_object_get_array_member (json_node_get_object (root), "traceEvents");
  c.named = g_hash_table_new (NULL, NULL);
  c.last_ts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  c.flow_starts = g_hash_table_new (NULL, NULL);
  c.flow_ends = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < json_array_get_length (events); i++)
    check_event (&c, json_array_get_object_element (events, i), i);
  check_flows (&c);
  g_hash_table_unref (c.named);
  g_hash_table_unref (c.last_ts);
  g_hash_table_unref (c.flow_starts);
  g_hash_table_unref (c.flow_ends);
  return c.problems;
}

int
main (int argc, char **argv)
{
  guint problems = 0;

  for (int i = 1; i < argc; i++)
    problems += check_file (argv[i]);
  return problems > 0 ? 1 : 0;
}

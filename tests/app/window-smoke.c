/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-smoke.c: builds the real main window under a display and checks
 * that the bundled examples load into it. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <string.h>

#include "ls-application.h"
#include "ls-examples.h"
#include "ls-window.h"
#include "window-test-util.h"

static LsApplication *app;

static void
test_default_example (void)
{
  LsWindow *window = ls_window_new (app);
  g_autofree char *default_name = ls_examples_dup_default_name ();
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GtkSourceLanguage *language;

  g_assert_cmpstr (default_name, ==, "03-create-task-concurrent.py");

  ls_window_open_default_example (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (window_test_wait_for_file (window, default_name, FALSE));

  /* Shown byte for byte as bundled. */
  bytes = g_resources_lookup_data (RESOURCE_PREFIX "/examples/03-create-task-concurrent.py",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);
  text = window_test_dup_text (window);
  g_assert_cmpuint (strlen (text), ==, g_bytes_get_size (bytes));
  g_assert_cmpint (memcmp (text, g_bytes_get_data (bytes, NULL), strlen (text)), ==, 0);

  language = gtk_source_buffer_get_language (ls_window_get_buffer (window));
  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "python3");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "03-create-task-concurrent.py — Loopscope");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every entry of the Examples menu names a bundled file that loads. */
static void
test_every_example_loads (void)
{
  LsWindow *window = ls_window_new (app);
  g_autoptr(GMenuModel) menu = ls_examples_create_menu ("win.open-example");
  int n_items = g_menu_model_get_n_items (menu);

  g_assert_cmpint (n_items, >=, 13);

  for (int i = 0; i < n_items; i++)
    {
      g_autoptr(GVariant) target = NULL;
      g_autofree char *text = NULL;
      const char *name;

      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                      G_VARIANT_TYPE_STRING);
      g_assert_nonnull (target);
      name = g_variant_get_string (target, NULL);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example",
                                                 "s", name));
      g_assert_true (window_test_wait_for_file (window, name, FALSE));
      text = window_test_dup_text (window);
      g_assert_cmpuint (strlen (text), >, 0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_example_names_stay_inside (void)
{
  g_assert_null (ls_examples_dup_file ("../ls-window.ui"));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A TAP plan of 0 with SKIP marks the whole test skipped for meson. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  app = ls_application_new ();
  /* Never hand the work to another running instance. */
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/window/default-example", test_default_example);
  g_test_add_func ("/window/every-example-loads", test_every_example_loads);
  g_test_add_func ("/window/example-names-stay-inside", test_example_names_stay_inside);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}

/* test_whatif.c - the what-if inputs of soso serve: parsing with one-line errors
 * naming the field, the cache key, and the edited region (start years, order, price
 * shift) reaching the library's run (src/serve/model.c). */
#include "serve/serve_int.h"
#include "soso/error.h"

#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define REGION SOSO_SOURCE_DIR "/examples/drina/drina.region.yaml"

static sv_model *g_model;

static int setup(void **state) {
  (void)state;
  return sv_model_new(&g_model, REGION);
}
static int teardown(void **state) {
  (void)state;
  sv_model_free(g_model);
  return 0;
}

static int parse(sv_whatif *w, const char *body, char *field) {
  sv_whatif_default(w, g_model, 20, 3);
  return sv_whatif_parse(w, g_model, body, strlen(body), field, 64);
}

static void test_bad_fields(void **state) {
  (void)state;
  static const struct { const char *body, *field; } k[] = {
      {"[1]", "body"},
      {"{\"price_shift\": \"low\"}", "price_shift"},
      {"{\"price_shift\": -2}", "price_shift"},
      {"{\"colour\": 1}", "colour"},
      {"{\"order\": [\"Sase\"]}", "order"},
      {"{\"order\": [\"Sase\",\"Sase\",\"Olovo\",\"Gorazde\",\"Rudnik\"]}", "order"},
      {"{\"start_year\": {\"Olovo\": 1990}}", "start_year"},
      {"{\"start_year\": {\"Atlantis\": 2030}}", "start_year"},
      {"{\"site\": {\"Olovo\": {\"tailings\": \"lake\"}}}", "site.tailings"},
      {"{\"paths\": 2.5}", "paths"},
      {"{\"strategy\": \"random\"}", "strategy"},
  };
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
    sv_whatif w;
    char field[64] = "";
    assert_int_equal(parse(&w, k[i].body, field), SOSO_EUSAGE);
    assert_string_equal(field, k[i].field);
    assert_null(strchr(soso_error_last(), '\n'));
  }
}

static void test_key(void **state) {
  (void)state;
  sv_whatif a, b;
  char f[64], ka[SV_ID], kb[SV_ID];
  assert_int_equal(parse(&a, "{\"price_shift\": -0.2, \"strategy\": \"all\"}", f), 0);
  assert_int_equal(parse(&b, "{\"strategy\": \"all\", \"price_shift\": -0.2}", f), 0);
  sv_whatif_key(ka, &a, g_model);
  sv_whatif_key(kb, &b, g_model);
  assert_string_equal(ka, kb); /* key order does not matter */
  assert_int_equal(parse(&b, "{\"price_shift\": -0.25}", f), 0);
  sv_whatif_key(kb, &b, g_model);
  assert_string_not_equal(ka, kb);
}

/* Runs w and returns the parsed result. */
static json_t *run(const sv_whatif *w) {
  char *out = NULL;
  size_t len = 0;
  int rc = sv_model_run(&out, &len, g_model, w, NULL, NULL);
  if (rc) fail_msg("%s", soso_error_last());
  json_t *j = json_loadb(out, len, 0, NULL);
  free(out);
  assert_non_null(j);
  return j;
}

static double start_of(json_t *strategy, const char *site) {
  json_t *order = json_object_get(strategy, "order");
  for (size_t i = 0; i < json_array_size(order); i++)
    if (strcmp(json_string_value(json_array_get(order, i)), site) == 0)
      return json_number_value(json_array_get(json_object_get(strategy, "planned_start_month"), i));
  return NAN;
}

static void test_edits_reach_the_run(void **state) {
  (void)state;
  sv_whatif w;
  char f[64];
  /* The file starts Olovo at month 24 (2029); moved to 2033 it starts at month 72. */
  assert_int_equal(parse(&w, "{\"strategy\": \"concurrent\", \"start_year\": {\"Olovo\": 2033}}", f), 0);
  json_t *j = run(&w);
  json_t *st = json_array_get(json_object_get(j, "strategies"), 0);
  assert_true(start_of(st, "Olovo") == 72.0);
  assert_true(start_of(st, "Gorazde") == 36.0); /* untouched */
  json_decref(j);
  /* A reversed order is the sequential strategy's order. */
  assert_int_equal(parse(&w, "{\"strategy\": \"sequential\", \"order\": [\"Rudnik\",\"Gorazde\",\"Olovo\",\"Sase\",\"Veliki Majdan\"]}", f), 0);
  j = run(&w);
  st = json_array_get(json_object_get(j, "strategies"), 0);
  /* Rudnik, first in the edited order, has a fixed plant (its site file), which the
   * one mobile plant cannot serve, so the run starts at the next: Gorazde. */
  assert_string_equal(json_string_value(json_array_get(json_object_get(st, "order"), 0)), "Gorazde");
  json_decref(j);
  /* Lower prices on the same paths: a lower district value (a claim the page makes). */
  assert_int_equal(parse(&w, "{\"strategy\": \"concurrent\"}", f), 0);
  j = run(&w);
  double npv0 = json_number_value(json_object_get(json_object_get(json_array_get(json_object_get(j, "strategies"), 0), "npv"), "mean"));
  json_decref(j);
  assert_int_equal(parse(&w, "{\"strategy\": \"concurrent\", \"price_shift\": -0.4}", f), 0);
  j = run(&w);
  double npv1 = json_number_value(json_object_get(json_object_get(json_array_get(json_object_get(j, "strategies"), 0), "npv"), "mean"));
  json_decref(j);
  assert_true(npv1 < npv0);
}

static void test_site_choice(void **state) {
  (void)state;
  sv_whatif w;
  char f[64];
  assert_int_equal(parse(&w, "{\"strategy\": \"concurrent\", \"site\": {\"Sase\": {\"tailings\": \"pond\", \"plant\": \"fixed\"}}}", f), 0);
  json_t *j = run(&w);
  json_t *imp = json_array_get(json_object_get(j, "impacts"), 1);
  assert_string_equal(json_string_value(json_object_get(imp, "site")), "Sase");
  assert_string_equal(json_string_value(json_object_get(imp, "tailings")), "pond");
  assert_string_equal(json_string_value(json_object_get(imp, "plant")), "fixed");
  assert_non_null(json_object_get(imp, "assessment"));
  json_decref(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bad_fields),
      cmocka_unit_test(test_key),
      cmocka_unit_test(test_edits_reach_the_run),
      cmocka_unit_test(test_site_choice),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

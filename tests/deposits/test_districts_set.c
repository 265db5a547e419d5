/* test_districts_set.c - districts of a deposit set (contained metal gathered per
 * commodity code) and their JSON, GeoJSON, CSV and table outputs.
 *
 * The set is built by hand (test values, assumed): four deposits, three of them
 * within 9 km of each other near Srebrenica, one 300 km away.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/deposits.h"
#include "soso/districts.h"
#include "soso/error.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 4 };

typedef struct fixture {
  char *id[N], *name[N], *country[N];
  double lat[N], lon[N], ore[N];
  size_t first[N + 1];
  soso_grade items[7];
  soso_deposits set;
} fixture;

static char k_ids[N][16] = {"t:a", "t:b", "t:c", "t:far"};
static char k_names[N][24] = {"Alpha, \"east\"", "Bravo", "", "Far"};
static char k_cc[N][3] = {"BA", "RS", "BA", "HR"};

static soso_grade grade(const char *code, double value, const char *unit, double cont) {
  soso_grade g;
  memset(&g, 0, sizeof g);
  snprintf(g.code, sizeof g.code, "%s", code);
  g.value = value;
  snprintf(g.unit, sizeof g.unit, "%s", unit);
  g.contained_t = cont;
  return g;
}

static void make(fixture *f) {
  memset(f, 0, sizeof *f);
  const double lat[N] = {44.107, 44.131, 44.089, 45.9}, lon[N] = {19.297, 19.331, 19.352, 16.2};
  const double ore[N] = {1.37, NAN, 0.283, 2.0};
  for (size_t i = 0; i < N; i++) {
    f->id[i] = k_ids[i];
    f->name[i] = k_names[i];
    f->country[i] = k_cc[i];
    f->lat[i] = lat[i];
    f->lon[i] = lon[i];
    f->ore[i] = ore[i];
  }
  /* a: zn 5.2 % (71,240 t), pb 2.785 % (38,154.5 t); b: zn listed, no figure;
   * c: zn 5.5 % (15,565 t), ag 41 g/t (11.603 t); far: cu 1 % (20,000 t). */
  f->items[0] = grade("zn", 5.2, "%", 71240.0);
  f->items[1] = grade("pb", 2.785, "%", 38154.5);
  f->items[2] = grade("zn", NAN, "", NAN);
  f->items[3] = grade("zn", 5.5, "%", 15565.0);
  f->items[4] = grade("ag", 41.0, "g/t", 11.603);
  f->items[5] = grade("cu", 1.0, "%", 20000.0);
  const size_t first[N + 1] = {0, 2, 3, 5, 6};
  memcpy(f->first, first, sizeof first);
  f->set.n = N;
  f->set.id = f->id;
  f->set.name = f->name;
  f->set.country = f->country;
  f->set.lat = f->lat;
  f->set.lon = f->lon;
  f->set.ore_mt = f->ore;
  f->set.first = f->first;
  f->set.items = f->items;
  f->set.n_items = 6;
}

/* Writes ds in fmt to a memory buffer the caller frees. */
static char *render(const soso_districts *ds, const soso_deposits *set, soso_deposits_format fmt) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  assert_int_equal(soso_districts_write(fp, ds, set, fmt), SOSO_OK);
  fclose(fp);
  return buf;
}

static void test_of_set(void **state) {
  (void)state;
  fixture f;
  make(&f);
  soso_districts *ds = NULL;
  assert_int_equal(soso_districts_of_set(&ds, &f.set, 9.0, 2), SOSO_OK);
  assert_int_equal(soso_districts_count(ds), 1);
  /* Commodities with a contained figure anywhere, alphabetical. */
  assert_int_equal(soso_districts_commodities(ds), 4);
  assert_string_equal(soso_districts_commodity(ds, 0), "ag");
  assert_string_equal(soso_districts_commodity(ds, 1), "cu");
  assert_string_equal(soso_districts_commodity(ds, 2), "pb");
  assert_string_equal(soso_districts_commodity(ds, 3), "zn");
  const soso_district *d = soso_districts_get(ds, 0);
  assert_int_equal(d->n, 3);
  /* Sums of exact binary-representable test values plus one rounding: 1e-9 t. */
  assert_true(fabs(d->contained[3] - (71240.0 + 15565.0)) < 1e-9);
  assert_true(fabs(d->contained[2] - 38154.5) < 1e-9);
  assert_true(fabs(d->contained[0] - 11.603) < 1e-9);
  assert_true(d->contained[1] == 0.0); /* no copper in the district */
  assert_true(fabs(d->ore_mt - 1.653) < 1e-12);
  assert_int_equal(d->n_ore, 2);
  soso_districts_free(ds);
  /* Errors pass through. */
  assert_int_equal(soso_districts_of_set(&ds, &f.set, 0.0, 2), SOSO_EUSAGE);
  assert_null(ds);
}

static void test_json(void **state) {
  (void)state;
  fixture f;
  make(&f);
  soso_districts *ds = NULL;
  assert_int_equal(soso_districts_of_set(&ds, &f.set, 9.0, 2), SOSO_OK);
  char *s = render(ds, &f.set, SOSO_FMT_JSON);
  json_error_t err;
  json_t *root = json_loads(s, 0, &err);
  assert_non_null(root);
  assert_true(json_is_array(root));
  assert_int_equal(json_array_size(root), 1);
  json_t *o = json_array_get(root, 0);
  assert_int_equal(json_integer_value(json_object_get(o, "id")), 1);
  assert_int_equal(json_integer_value(json_object_get(o, "n_deposits")), 3);
  json_t *dep = json_object_get(o, "deposits");
  assert_int_equal(json_array_size(dep), 3);
  assert_string_equal(json_string_value(json_array_get(dep, 0)), "t:a");
  json_t *cc = json_object_get(o, "countries");
  assert_int_equal(json_array_size(cc), 2); /* BA, RS: distinct */
  json_t *cen = json_object_get(o, "centroid");
  assert_true(fabs(json_real_value(json_object_get(cen, "lat")) - 44.109) < 0.01);
  json_t *cont = json_object_get(o, "contained");
  assert_null(json_object_get(cont, "cu")); /* no member has copper: left out */
  json_t *zn = json_object_get(cont, "zn");
  assert_true(fabs(json_real_value(json_object_get(zn, "value")) - 86805.0) < 0.05);
  assert_string_equal(json_string_value(json_object_get(zn, "unit")), "t");
  /* Rounded to 0.1 t in output. */
  assert_true(fabs(json_real_value(json_object_get(json_object_get(cont, "ag"), "value")) - 11.6) <
              1e-9);
  assert_true(json_real_value(json_object_get(o, "span_km")) > 3.0);
  json_decref(root);
  free(s);

  s = render(ds, &f.set, SOSO_FMT_GEOJSON);
  root = json_loads(s, 0, &err);
  assert_non_null(root);
  assert_string_equal(json_string_value(json_object_get(root, "type")), "FeatureCollection");
  json_t *ft = json_array_get(json_object_get(root, "features"), 0);
  json_t *xy = json_object_get(json_object_get(ft, "geometry"), "coordinates");
  assert_true(fabs(json_real_value(json_array_get(xy, 0)) - 19.33) < 0.05); /* lon first */
  assert_true(fabs(json_real_value(json_array_get(xy, 1)) - 44.11) < 0.05);
  json_t *pr = json_object_get(ft, "properties");
  assert_string_equal(json_string_value(json_object_get(pr, "deposits")), "t:a; t:b; t:c");
  assert_non_null(json_object_get(pr, "zn_t"));
  json_decref(root);
  free(s);
  soso_districts_free(ds);
}

static void test_csv_and_table(void **state) {
  (void)state;
  fixture f;
  make(&f);
  soso_districts *ds = NULL;
  assert_int_equal(soso_districts_of_set(&ds, &f.set, 9.0, 2), SOSO_OK);
  char *s = render(ds, &f.set, SOSO_FMT_CSV);
  assert_non_null(strstr(s, "id,n_deposits,lat,lon,span_km,ore_mt,n_ore,ag_t,cu_t,pb_t,zn_t,deposits\r\n"));
  assert_non_null(strstr(s, "\r\n1,3,"));
  assert_non_null(strstr(s, ",11.6,,38154.5,86805.0,t:a; t:b; t:c\r\n")); /* cu empty */
  free(s);
  s = render(ds, &f.set, SOSO_FMT_TABLE);
  assert_non_null(strstr(s, "zn 86.8 kt, pb 38.2 kt, ag 11.6 t"));
  assert_non_null(strstr(s, "Alpha, \"east\", Bravo, t:c")); /* unnamed: its id */
  assert_non_null(strstr(s, "1 districts"));
  free(s);
  soso_districts_free(ds);
  /* No district: an empty JSON array and a header-only CSV. */
  assert_int_equal(soso_districts_of_set(&ds, &f.set, 1.0, 2), SOSO_OK);
  s = render(ds, &f.set, SOSO_FMT_JSON);
  assert_string_equal(s, "[]\n");
  free(s);
  soso_districts_free(ds);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_of_set),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_csv_and_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

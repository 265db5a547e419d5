/* test_screen.c - screening filters one by one and combined, the presets file,
 * metal equivalents, CRM lists, and the JSON / GeoJSON / CSV shapes.
 *
 * The small deposit file below is made up for the test (assumed values chosen
 * with many digits so that a wrong unit or a swapped field cannot pass).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "shared_data.h"
#include <jansson.h>

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/store.h"

#define DATA_DIR SOSO_SOURCE_DIR "/data"
#define DEPOSITS SOSO_SHARED_DIR "/data/deposits/"

static const char k_file[] =
    "record_id,name,country,lat,lon,status,ore_mt,zn_pct,pb_pct,ag_gpt,au_gt,sb_pct,sn_ppm\n"
    "A,Alpha,RS,44.21,19.37,mine,0.37,7.35,3.15,48.5,,,\n"
    "B,Bravo,BA,44.13,18.58,past_mine,1.85,2.45,5.85,,,,\n"
    "C,Charlie,BA,43.67,18.98,prospect,0.23,,,,,3.85,4350\n"
    "D,Delta,PT,37.6,-7.97,deposit,23.5,5.15,1.05,36.5,0.45,,\n"
    "E,Echo,SE,64.9,20.05,occurrence,,,,,,,\n"
    "F,Foxtrot,RS,43.1,22.2,deposit,0.62,,,,6.35,,\n";

typedef struct fixture {
  char dir[64];      /* temporary directory */
  soso_store *store; /* store with k_file imported as source "t" */
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  char path[160];
  snprintf(f->dir, sizeof f->dir, "/tmp/soso_scr_XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(path, sizeof path, "%s/t.db", f->dir);
  if (soso_store_open(&f->store, path) < 0) return -1;
  snprintf(path, sizeof path, "%s/t.csv", f->dir);
  FILE *fp = fopen(path, "w");
  if (!fp) return -1;
  fputs(k_file, fp);
  fclose(fp);
  soso_import_report rep;
  int rc = soso_deposits_import(&rep, f->store, path, NULL);
  soso_deposits_import_report_clear(&rep);
  *state = f;
  return rc;
}

static int teardown(void **state) {
  fixture *f = *state;
  soso_store_free(f->store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  int rc = system(cmd);
  free(f);
  return rc == 0 ? 0 : -1;
}

/* Screens with filters given as key/value pairs; returns the names joined by
 * spaces, in id order. */
static const char *screen(fixture *f, char *buf, size_t n, ...) {
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  va_list ap;
  va_start(ap, n);
  const char *key;
  while ((key = va_arg(ap, const char *)) != NULL) {
    const char *value = va_arg(ap, const char *);
    assert_int_equal(soso_deposits_screen_opts_set(&o, key, value), 0);
  }
  va_end(ap);
  soso_deposits *set = NULL;
  assert_int_equal(soso_deposits_screen_run(&set, f->store, &o, DATA_DIR), 0);
  buf[0] = '\0';
  for (size_t i = 0; i < set->n; i++) {
    strncat(buf, set->name[i], n - strlen(buf) - 2);
    if (i + 1 < set->n) strcat(buf, " ");
  }
  soso_deposits_free(set);
  return buf;
}

static void test_filters(void **state) {
  fixture *f = *state;
  char b[256];
  assert_string_equal(screen(f, b, sizeof b, NULL), "Alpha Bravo Charlie Delta Echo Foxtrot");
  assert_string_equal(screen(f, b, sizeof b, "commodity", "zn,pb", NULL), "Alpha Bravo Delta");
  assert_string_equal(screen(f, b, sizeof b, "commodity", "Antimony", NULL), "Charlie");
  assert_string_equal(screen(f, b, sizeof b, "min-grade", "zn=5", NULL), "Alpha Delta");
  assert_string_equal(screen(f, b, sizeof b, "min-grade", "zn=5,pb=2", NULL), "Alpha");
  /* precious metals in g/t: 6.35 g/t Au passes 5, 0.45 does not */
  assert_string_equal(screen(f, b, sizeof b, "min-grade", "au=5", NULL), "Foxtrot");
  /* a base metal in ppm compares in %: 4350 ppm Sn = 0.435 % */
  assert_string_equal(screen(f, b, sizeof b, "min-grade", "sn=0.43", NULL), "Charlie");
  assert_string_equal(screen(f, b, sizeof b, "min-grade", "sn=0.44", NULL), "");
  /* unknown tonnage (Echo) fails tonnage filters */
  assert_string_equal(screen(f, b, sizeof b, "max-ore-mt", "1", NULL), "Alpha Charlie Foxtrot");
  assert_string_equal(screen(f, b, sizeof b, "min-ore-mt", "1", NULL), "Bravo Delta");
  assert_string_equal(screen(f, b, sizeof b, "status", "mine,past_mine", NULL), "Alpha Bravo");
  assert_string_equal(screen(f, b, sizeof b, "country", "BA", NULL), "Bravo Charlie");
  assert_string_equal(screen(f, b, sizeof b, "country", "Serbia", NULL), "Alpha Foxtrot");
  assert_string_equal(screen(f, b, sizeof b, "bbox", "18,43,20,45", NULL),
                      "Alpha Bravo Charlie");
  /* antimony is on every critical list 2011-2023 but not on the 2024 strategic list */
  assert_string_equal(screen(f, b, sizeof b, "crm", "2011", NULL), "Charlie");
  assert_string_equal(screen(f, b, sizeof b, "crm", "2023", NULL), "Charlie");
  assert_string_equal(screen(f, b, sizeof b, "crm", "2024", NULL), "");
  assert_string_equal(screen(f, b, sizeof b, "commodity", "zn", "country", "RS,BA", "max-ore-mt",
                             "1", NULL),
                      "Alpha");
  /* a later value of the same key replaces the earlier (presets, then options) */
  assert_string_equal(screen(f, b, sizeof b, "country", "PT", "country", "SE", NULL), "Echo");
}

static void test_equivalent(void **state) {
  fixture *f = *state;
  /* ZnEq of Alpha from data/metal_equivalents.csv (prices: World Bank 2020-2024
   * means; recoveries 0.85 base, 0.70 precious):
   *   7.35 + 3.15 * (2076.22 * 0.85) / (2835.76 * 0.85)
   *        + 48.5e-6 * 766152 * 0.70 / (2835.76 * 0.85) * 100 */
  double want = 7.35 + 3.15 * 2076.22 / 2835.76 + 48.5e-6 * 766152.0 * 0.70 /
                                                      (2835.76 * 0.85) * 100.0;
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  assert_int_equal(soso_deposits_screen_opts_set(&o, "min-eq", "zn=8"), 0);
  soso_deposits *set = NULL;
  assert_int_equal(soso_deposits_screen_run(&set, f->store, &o, DATA_DIR), 0);
  /* Alpha: want = 11.1 % ZnEq; Bravo 2.45 + 5.85 * 0.7322 = 6.73: out; Delta 7.55:
   * out; Foxtrot, 6.35 g/t Au alone: 6.35e-6 * 62377914 * 0.70 / (2835.76 * 0.85)
   * * 100 = 11.5 % ZnEq: in */
  double fox = 6.35e-6 * 62377914.0 * 0.70 / (2835.76 * 0.85) * 100.0;
  assert_int_equal(set->n, 2);
  assert_string_equal(set->name[0], "Alpha");
  assert_true(fabs(set->eq[0] - want) < 1e-9 * want); /* same formula, rounding only */
  assert_string_equal(set->main[0], "zn");
  assert_string_equal(set->name[1], "Foxtrot");
  assert_true(fabs(set->eq[1] - fox) < 1e-9 * fox);
  assert_string_equal(set->main[1], "au");
  soso_deposits_free(set);
  /* a commodity without a price cannot be an equivalent base */
  assert_int_equal(soso_deposits_screen_opts_set(&o, "min-eq", "sb=1"), 0);
  assert_int_equal(soso_deposits_screen_run(&set, f->store, &o, DATA_DIR), SOSO_EUSAGE);
  assert_null(set);
}

static void test_bad_options(void **state) {
  (void)state;
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  struct {
    const char *key, *value, *msg;
  } bad[] = {
      {"commodity", "zn,unobtainium", "commodity: \"unobtainium\" is not a known commodity"},
      {"min-grade", "zn5", "min-grade: \"zn5\" is not CODE=VALUE"},
      {"min-grade", "zn=five", "min-grade: \"five\" is not a number"},
      {"min-grade", "zn=-1", "min-grade: zn=-1 is negative"},
      {"max-ore-mt", "2,5", "max-ore-mt: \"2,5\" is not a number"},
      {"status", "dormant", "status: \"dormant\" is not a status"},
      {"country", "Atlantis", "country: \"Atlantis\" is not a country"},
      {"bbox", "18,43,20", "bbox: need minlon,minlat,maxlon,maxlat, got 3 numbers"},
      {"bbox", "18,45,20,43", "bbox: 18,45,20,43 is not minlon,minlat,maxlon,maxlat"},
      {"crm", "2015", "crm: 2015 is not a list year"},
      {"min-eq", "zn=8,pb=2", "min-eq: one CODE=VALUE only"},
      {"grade", "zn=5", "grade: not a filter"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    assert_int_equal(soso_deposits_screen_opts_set(&o, bad[k].key, bad[k].value), SOSO_EUSAGE);
    if (!strstr(soso_error_last(), bad[k].msg)) fail_msg("%s: got \"%s\"", bad[k].msg,
                                                          soso_error_last());
  }
  /* nothing of the refused values was applied */
  assert_int_equal(o.n_commodity, 0);
  assert_int_equal(o.has_bbox, 0);
}

static void test_presets(void **state) {
  fixture *f = *state;
  SOSO_NEED_SHARED(DEPOSITS "deposits_usgs_vms_europe.csv");
  soso_import_report rep;
  assert_int_equal(soso_deposits_import(&rep, f->store, DEPOSITS "deposits_usgs_vms_europe.csv",
                                        NULL), 0);
  soso_deposits_import_report_clear(&rep);
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  assert_int_equal(soso_deposits_screen_preset_apply(&o, DATA_DIR, "figure1"), 0);
  assert_string_equal(o.preset, "figure1");
  soso_deposits *set = NULL;
  assert_int_equal(soso_deposits_screen_run(&set, f->store, &o, DATA_DIR), 0);
  /* every hit meets the documented thresholds; Alpha (7.35 % Zn, 11.1 % ZnEq,
   * 0.37 Mt, Serbia) is one of them, Delta (23.5 Mt) and Yubileinoe (107 Mt) not */
  int alpha = 0, vuelta = 0;
  assert_true(set->n > 10);
  for (size_t i = 0; i < set->n; i++) {
    const char *unit;
    assert_true(soso_deposits_grade(set, i, "zn", &unit) >= 3);
    assert_string_equal(unit, "%");
    assert_true(set->ore_mt[i] <= 5);
    assert_true(set->eq[i] >= 8);
    assert_true(set->lon[i] >= -25 && set->lon[i] <= 45 && set->lat[i] >= 34 &&
                set->lat[i] <= 72);
    assert_true(strcmp(set->name[i], "Delta") != 0 && strcmp(set->name[i], "Yubileinoe") != 0);
    alpha += strcmp(set->name[i], "Alpha") == 0;
    vuelta += strcmp(set->name[i], "Vuelta Falsa") == 0;
    /* contained zinc is ore x grade */
    assert_true(fabs(soso_deposits_contained(set, i, "zn") -
                     set->ore_mt[i] * 1e4 * soso_deposits_grade(set, i, "zn", NULL)) <
                1e-6 * soso_deposits_contained(set, i, "zn"));
  }
  assert_int_equal(alpha, 1);
  assert_int_equal(vuelta, 1);
  soso_deposits_free(set);
  char **names = NULL, **descs = NULL;
  size_t n = 0;
  assert_int_equal(soso_deposits_screen_presets(&names, &descs, &n, DATA_DIR), 0);
  assert_true(n >= 2);
  assert_string_equal(names[0], "figure1");
  assert_non_null(strstr(descs[0], "Figure 1"));
  soso_deposits_strv_free(names, n);
  soso_deposits_strv_free(descs, n);
  assert_int_equal(soso_deposits_screen_preset_apply(&o, DATA_DIR, "figure99"), SOSO_ENOTFOUND);
  /* a broken presets file: the error names file, line and key */
  char path[160];
  snprintf(path, sizeof path, "%s/presets.yaml", f->dir);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("# test\nok:\n  commodity: zn\nbroken:\n  min-grade: zn\n", fp);
  fclose(fp);
  assert_int_equal(soso_deposits_screen_preset_apply(&o, f->dir, "broken"), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "presets.yaml:5: min-grade: \"zn\" is not CODE=VALUE"));
  fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("ok:\n  commodity: [zn, pb]\n", fp);
  fclose(fp);
  assert_int_equal(soso_deposits_screen_preset_apply(&o, f->dir, "ok"), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "presets.yaml:2: lists are written"));
}

/* Writes set in fmt to memory and parses it as JSON. */
static json_t *as_json(const soso_deposits *set, soso_deposits_format fmt) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  assert_int_equal(soso_deposits_write(fp, set, fmt), 0);
  fclose(fp);
  json_error_t err;
  json_t *root = json_loadb(buf, len, 0, &err);
  free(buf);
  assert_non_null(root);
  return root;
}

static void test_outputs(void **state) {
  fixture *f = *state;
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  soso_deposits *set = NULL;
  assert_int_equal(soso_deposits_screen_run(&set, f->store, &o, DATA_DIR), 0);
  assert_int_equal(set->n, 6);
  json_t *arr = as_json(set, SOSO_FMT_JSON);
  assert_true(json_is_array(arr));
  assert_int_equal(json_array_size(arr), 6);
  json_t *a = json_array_get(arr, 0);
  assert_string_equal(json_string_value(json_object_get(a, "id")), "t:A");
  assert_string_equal(json_string_value(json_object_get(a, "name")), "Alpha");
  assert_string_equal(json_string_value(json_object_get(a, "country")), "RS");
  assert_true(fabs(json_real_value(json_object_get(a, "lat")) - 44.21) < 1e-12);
  assert_true(fabs(json_real_value(json_object_get(a, "lon")) - 19.37) < 1e-12);
  assert_true(fabs(json_real_value(json_object_get(a, "ore_mt")) - 0.37) < 1e-12);
  json_t *zn = json_object_get(json_object_get(a, "grades"), "zn");
  assert_true(fabs(json_real_value(json_object_get(zn, "value")) - 7.35) < 1e-12);
  assert_string_equal(json_string_value(json_object_get(zn, "unit")), "%");
  /* 0.37 Mt x 7.35 % = 27,195 t */
  assert_true(fabs(json_real_value(json_object_get(zn, "contained_t")) - 27195.0) < 1e-6);
  json_t *ag = json_object_get(json_object_get(a, "grades"), "ag");
  assert_string_equal(json_string_value(json_object_get(ag, "unit")), "g/t");
  assert_true(json_is_array(json_object_get(a, "crm")));
  assert_int_equal(json_array_size(json_object_get(a, "crm")), 0);
  /* Bravo: Pb (5.85 % x 2076 US$/t) is worth more than Zn (2.45 % x 2836): main pb,
   * then the others in file order */
  json_t *bc = json_object_get(json_array_get(arr, 1), "commodities");
  assert_int_equal(json_array_size(bc), 2);
  assert_string_equal(json_string_value(json_array_get(bc, 0)), "pb");
  assert_string_equal(json_string_value(json_array_get(bc, 1)), "zn");
  json_t *dc = json_object_get(json_array_get(arr, 3), "commodities"); /* Delta */
  assert_int_equal(json_array_size(dc), 4);
  assert_string_equal(json_string_value(json_array_get(dc, 0)), "zn");
  assert_string_equal(json_string_value(json_array_get(dc, 1)), "pb");
  assert_string_equal(json_string_value(json_array_get(dc, 2)), "ag");
  assert_string_equal(json_string_value(json_array_get(dc, 3)), "au");
  json_t *c = json_array_get(arr, 2); /* Charlie, antimony */
  json_t *crm = json_object_get(c, "crm");
  assert_int_equal(json_array_size(crm), 5);
  assert_int_equal(json_integer_value(json_array_get(crm, 0)), 2011);
  assert_int_equal(json_integer_value(json_array_get(crm, 4)), 2023);
  json_t *e = json_array_get(arr, 4); /* Echo: no tonnage */
  assert_true(json_is_null(json_object_get(e, "ore_mt")));
  json_decref(arr);

  json_t *fc = as_json(set, SOSO_FMT_GEOJSON);
  assert_string_equal(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
  json_t *feat = json_array_get(json_object_get(fc, "features"), 3); /* Delta, Portugal */
  json_t *geom = json_object_get(feat, "geometry");
  assert_string_equal(json_string_value(json_object_get(geom, "type")), "Point");
  json_t *xy = json_object_get(geom, "coordinates");
  assert_true(fabs(json_real_value(json_array_get(xy, 0)) - -7.97) < 1e-12); /* lon first */
  assert_true(fabs(json_real_value(json_array_get(xy, 1)) - 37.6) < 1e-12);
  json_t *props = json_object_get(feat, "properties");
  assert_true(fabs(json_real_value(json_object_get(props, "au_gpt")) - 0.45) < 1e-12);
  json_decref(fc);

  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(soso_deposits_write(fp, set, SOSO_FMT_CSV), 0);
  fclose(fp);
  assert_non_null(strstr(buf, "id,name,country,lat,lon,status,deposit_type,ore_mt,main,zn_pct,"));
  /* Charlie: Sb has no price, so values cannot be compared: the first graded (sb)
   * is the main commodity, not the priced minor tin */
  assert_non_null(strstr(buf, "\nt:C,Charlie,BA,43.670000,18.980000,prospect,,0.23,sb,"));
  free(buf);
  soso_deposits_free(set);

  assert_int_equal(soso_deposits_get(&set, f->store, "t:F", DATA_DIR), 0);
  assert_int_equal(set->n, 1);
  assert_string_equal(set->main[0], "au");
  assert_true(fabs(soso_deposits_contained(set, 0, "au") - 0.62 * 6.35) < 1e-12);
  soso_deposits_free(set);
  assert_int_equal(soso_deposits_get(&set, f->store, "t:Z", DATA_DIR), 0);
  assert_int_equal(set->n, 0);
  soso_deposits_free(set);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_equivalent, setup, teardown),
      cmocka_unit_test(test_bad_options),
      cmocka_unit_test_setup_teardown(test_presets, setup, teardown),
      cmocka_unit_test_setup_teardown(test_outputs, setup, teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  return SOSO_TEST_EXIT(rc);
}

/* test_import.c - deposit import: the real USGS/GSC/MinMod files (counts, named
 * deposits), every documented error path, all-or-nothing, --skip-bad, re-import,
 * column mapping, country and commodity normalisation. */
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
#include <sqlite3.h>

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/store.h"
#include "core/store_int.h"

#define DEPOSITS SOSO_SHARED_DIR "/data/deposits/"
#define DATA_DIR SOSO_SOURCE_DIR "/data"

/* cmocka 1.1 has assert_float_equal only for floats: doubles compared here.
 * Tolerances: values read back from SQLite REAL are exact doubles of the parsed
 * decimal, so 1e-12 relative slack covers only the one multiplication in
 * contained metal. */
#define assert_double_equal(a, b, eps) assert_true(fabs((a) - (b)) <= (eps) * (1 + fabs(b)))

/* A fresh store in a temporary file. */
typedef struct fixture {
  char dir[64];      /* temporary directory */
  char db[128];      /* store path */
  soso_store *store; /* open store */
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/soso_dep_XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
  if (soso_store_open(&f->store, f->db) < 0) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  soso_store_free(f->store);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  if (system(cmd) != 0) return -1;
  free(f);
  return 0;
}

/* Writes text to DIR/name and returns the path (static buffer per call site). */
static const char *write_file(const fixture *f, const char *name, const char *text, char *buf,
                              size_t n) {
  snprintf(buf, n, "%s/%s", f->dir, name);
  FILE *fp = fopen(buf, "w");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
  return buf;
}

static long count(const fixture *f, const char *sql) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(f->store), sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long n = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static double real(const fixture *f, const char *sql) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(f->store), sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  double v = sqlite3_column_type(st, 0) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 0);
  sqlite3_finalize(st);
  return v;
}

static void text_eq(const fixture *f, const char *sql, const char *want) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(f->store), sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
  sqlite3_finalize(st);
}

static int import(fixture *f, const char *path, int skip_bad, soso_import_report *rep) {
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  o.skip_bad = skip_bad;
  return soso_deposits_import(rep, f->store, path, &o);
}

/* ---- real files ---------------------------------------------------------------- */

static void test_usgs_vms(void **state) {
  fixture *f = *state;
  SOSO_NEED_SHARED(DEPOSITS "deposits_usgs_vms_europe.csv");
  soso_import_report rep;
  assert_int_equal(import(f, DEPOSITS "deposits_usgs_vms_europe.csv", 0, &rep), 0);
  assert_int_equal(rep.n_rows, 275);
  assert_int_equal(rep.n_inserted, 275);
  assert_int_equal(rep.n_bad, 0);
  assert_string_equal(rep.layout, "wide");
  soso_deposits_import_report_clear(&rep);
  /* Vuelta Falsa (Spain): 1 Mt at 20.7 % Zn, 307 g/t Ag in the USGS table. */
  text_eq(f, "SELECT country FROM deposit WHERE id='deposits_usgs_vms_europe:1263'", "ES");
  assert_double_equal(real(f, "SELECT value FROM deposit_commodity WHERE "
                              "deposit_id='deposits_usgs_vms_europe:1263' AND code='zn'"),
                      20.7, 1e-12);
  /* contained Zn = 1 Mt x 20.7 % = 207,000 t; Ag = 1 Mt x 307 g/t = 307 t */
  assert_double_equal(real(f, "SELECT contained_t FROM deposit_commodity WHERE "
                              "deposit_id='deposits_usgs_vms_europe:1263' AND code='zn'"),
                      207000.0, 1e-6);
  assert_double_equal(real(f, "SELECT contained_t FROM deposit_commodity WHERE "
                              "deposit_id='deposits_usgs_vms_europe:1263' AND code='ag'"),
                      307.0, 1e-9);
  /* Yubileinoe (Russia): 107 Mt */
  assert_double_equal(real(f, "SELECT ore_mt FROM deposit WHERE name='Yubileinoe'"), 107.0,
                      1e-12);
  text_eq(f, "SELECT country FROM deposit WHERE name='Yubileinoe'", "RU");
  /* the same source again: updated, not duplicated */
  assert_int_equal(import(f, DEPOSITS "deposits_usgs_vms_europe.csv", 0, &rep), 0);
  assert_int_equal(rep.n_inserted, 0);
  assert_int_equal(rep.n_updated, 275);
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), 275);
}

static void test_gsc_sn_w(void **state) {
  fixture *f = *state;
  SOSO_NEED_SHARED(DEPOSITS "deposits_gsc_sn_w_europe.csv");
  soso_import_report rep;
  /* Santa Maria (line 6) gives 227 % Sn: without --skip-bad nothing is stored */
  assert_int_equal(import(f, DEPOSITS "deposits_gsc_sn_w_europe.csv", 0, &rep), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "deposits_gsc_sn_w_europe.csv:6: sn_pct: grade 227 "
                                            "% is over 100 %"));
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), 0);
  assert_int_equal(count(f, "SELECT count(*) FROM import_batch"), 0);
  assert_int_equal(import(f, DEPOSITS "deposits_gsc_sn_w_europe.csv", 1, &rep), 0);
  assert_int_equal(rep.n_rows, 57);
  /* bad: Sn 227, 500, 676, 1000 % (lines 6, 16, 28, 33) and Bogochukan (line 37,
   * Sn and W both 100 %: contained metal of an unknown split) */
  assert_int_equal(rep.n_bad, 5);
  assert_int_equal(rep.n_inserted, 52);
  assert_non_null(strstr(rep.bad[4], ":37: "));
  /* flagged: the six rows with one 100 % grade (Beauvoir, La Bosse, La Parrilla,
   * Lednikovy, Neves Corvo, Salau) */
  assert_int_equal(rep.n_flagged, 6);
  soso_deposits_import_report_clear(&rep);
  /* Beauvoir: "0.15 Mt at 100 % Sn" is 150,000 t of contained tin, ore unknown */
  assert_true(isnan(real(f, "SELECT ore_mt FROM deposit WHERE name='Beauvoir'")));
  assert_double_equal(real(f, "SELECT contained_t FROM deposit_commodity c JOIN deposit d ON "
                              "d.id=c.deposit_id WHERE d.name='Beauvoir' AND code='sn'"),
                      150000.0, 1e-6);
  assert_true(isnan(real(f, "SELECT value FROM deposit_commodity c JOIN deposit d ON "
                            "d.id=c.deposit_id WHERE d.name='Beauvoir' AND code='sn'")));
  text_eq(f, "SELECT status FROM deposit WHERE name='Beauvoir'", "deposit");
  /* Neves Corvo: 358,506 t contained Sn */
  assert_double_equal(real(f, "SELECT contained_t FROM deposit_commodity WHERE "
                              "deposit_id='deposits_gsc_sn_w_europe:598' AND code='sn'"),
                      358506.0, 1e-6);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit WHERE name='Bogochukan'"), 0);
}

static void test_occurrences(void **state) {
  fixture *f = *state;
  SOSO_NEED_SHARED(DEPOSITS "deposits_usgs_europe_occurrences.csv");
  soso_import_report rep;
  assert_int_equal(import(f, DEPOSITS "deposits_usgs_europe_occurrences.csv", 0, &rep), 0);
  assert_int_equal(rep.n_rows, 2882);
  assert_int_equal(rep.n_inserted, 2882);
  assert_string_equal(rep.layout, "commodities");
  /* Trepca and Stari Trg ("Serbia and Montenegro") lie in both Serbia's and
   * Kosovo's boxes: reported, not guessed */
  assert_int_equal(rep.n_unnormalised, 1);
  assert_string_equal(rep.unnormalised[0], "Serbia and Montenegro");
  soso_deposits_import_report_clear(&rep);
  text_eq(f, "SELECT country FROM deposit WHERE name='Trepca'", "");
  text_eq(f, "SELECT country_raw FROM deposit WHERE name='Trepca'", "Serbia and Montenegro");
  /* Bor-Majdanpek (Serbia and Montenegro, 44.1 N 22.1 E) is in Serbia's box alone */
  text_eq(f, "SELECT country FROM deposit WHERE name='Bor-Majdanpek'", "RS");
  /* Suva Planina (Yugoslavia, 43.17 N 22.25 E) -> Serbia */
  text_eq(f, "SELECT country FROM deposit WHERE name='Suva Planina Mountain'", "RS");
  text_eq(f, "SELECT country FROM deposit WHERE name='Glavica'", "XK");
  text_eq(f, "SELECT status FROM deposit WHERE name='Bytom District'", "occurrence");
  /* "Zinc;Lead;Copper;Silver;Gold" -> zn pb cu ag au, no grades */
  assert_int_equal(count(f, "SELECT count(*) FROM deposit_commodity WHERE value IS NOT NULL"),
                   0);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit WHERE country=''"), 2);
  /* four names come with U+FFFD replacement characters from the source itself; a
   * fifth, "G\u009Fzelyayla", holds the C1 control U+009F (a Mac Roman u-umlaut
   * read as Latin-1), which import replaces so it cannot reach a terminal */
  assert_int_equal(count(f, "SELECT count(*) FROM deposit WHERE name LIKE '%\xEF\xBF\xBD%'"),
                   5);
}

static void test_long_inventory(void **state) {
  fixture *f = *state;
  SOSO_NEED_SHARED(DEPOSITS "inventory_long_world.csv");
  soso_import_report rep;
  assert_int_equal(import(f, DEPOSITS "inventory_long_world.csv", 0, &rep), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "inventory_long_world.csv:2892: lat: missing"));
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), 0);
  assert_int_equal(import(f, DEPOSITS "inventory_long_world.csv", 1, &rep), 0);
  assert_string_equal(rep.layout, "long");
  assert_int_equal(rep.n_rows, 5771);
  /* bad: 17 rows without coordinates, 6 in cubic metres (placers), 3 "topaz" */
  assert_int_equal(rep.n_bad, 26);
  size_t n_inserted = rep.n_inserted;
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), (long)n_inserted);
  assert_int_equal(n_inserted, 1257);
  /* Hellyer (USGS VMS 1146): 16.9 Mt at 13.8 % Zn, rows merged into one deposit */
  const char *hel = "deposit_id='inventory_long_world:umn/mrdata_vms/1146'";
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT value FROM deposit_commodity WHERE %s AND code='zn'", hel);
  assert_double_equal(real(f, sql), 13.8, 1e-12);
  snprintf(sql, sizeof sql, "SELECT count(*) FROM deposit_commodity WHERE %s", hel);
  assert_int_equal(count(f, sql), 5);
  assert_double_equal(real(f, "SELECT ore_mt FROM deposit WHERE "
                              "id='inventory_long_world:umn/mrdata_vms/1146'"),
                      16.9, 1e-12);
  /* Kamativi (GSC 996): inventories of 15.34 and 24.85 Mt; the deposit keeps the
   * larger, with its 0.124 % Sn */
  assert_double_equal(real(f, "SELECT ore_mt FROM deposit WHERE "
                              "id='inventory_long_world:usc/world_tin_tungsten_deposit/996'"),
                      24.85, 1e-12);
  assert_double_equal(real(f, "SELECT value FROM deposit_commodity WHERE deposit_id="
                              "'inventory_long_world:usc/world_tin_tungsten_deposit/996' AND "
                              "code='sn'"),
                      0.124, 1e-12);
  /* Gois (GSC 592): 2.7 kg/t W = 0.27 % */
  assert_double_equal(real(f, "SELECT value FROM deposit_commodity WHERE deposit_id="
                              "'inventory_long_world:usc/world_tin_tungsten_deposit/592' AND "
                              "code='w'"),
                      0.27, 1e-12);
}

/* ---- error paths on small files ------------------------------------------------ */

static const char k_head[] = "record_id,name,country,lon,lat,ore_Mt,zn_pct,pb_pct,ag_gt\n";

static void expect_bad(fixture *f, const char *row, const char *msg) {
  char text[512], path[256];
  snprintf(text, sizeof text, "%s1,Good,Serbia,20.5,44.2,0.42,7.35,2.1,48\n%s", k_head, row);
  write_file(f, "bad.csv", text, path, sizeof path);
  soso_import_report rep;
  assert_int_equal(import(f, path, 0, &rep), SOSO_EDATA);
  char want[512];
  snprintf(want, sizeof want, "%s:3: %s", path, msg);
  assert_string_equal(soso_error_last(), want);
  soso_deposits_import_report_clear(&rep);
  /* all or nothing: the good row 2 is not stored either */
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), 0);
  assert_int_equal(count(f, "SELECT count(*) FROM import_batch"), 0);
  /* --skip-bad: the good row is stored and the bad one listed */
  assert_int_equal(import(f, path, 1, &rep), 0);
  assert_int_equal(rep.n_bad, 1);
  assert_string_equal(rep.bad[0], want);
  assert_int_equal(rep.n_inserted, 1);
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), 1);
  assert_int_equal(soso_store_exec(f->store, "DELETE FROM deposit; DELETE FROM import_batch;"),
                   0);
}

static void test_bad_values(void **state) {
  fixture *f = *state;
  expect_bad(f, "2,Comma,Serbia,20.1,44.3,0.5,\"12,5\",3,10\n",
             "zn_pct: \"12,5\" is not a number (use a decimal point)");
  expect_bad(f, "2,Rich,Serbia,20.1,44.3,0.5,101,3,10\n", "zn_pct: grade 101 % is over 100 %");
  expect_bad(f, "2,Empty,Serbia,20.1,44.3,0,9.5,3,10\n", "ore_Mt: tonnage 0 must be > 0");
  expect_bad(f, "2,Negative,Serbia,20.1,44.3,-1,9.5,3,10\n", "ore_Mt: tonnage -1 must be > 0");
  expect_bad(f, "2,Polar,Serbia,20.1,95,0.5,9.5,3,10\n", "lat: 95 is outside [-90, 90]");
  expect_bad(f, "2,East,Serbia,181.5,44.3,0.5,9.5,3,10\n", "lon: 181.5 is outside [-180, 180]");
  expect_bad(f, "2,Nowhere,Serbia,20.1,,0.5,9.5,3,10\n", "lat: missing");
  expect_bad(f, ",Anon,Serbia,20.1,44.3,0.5,9.5,3,10\n", "id: missing");
  expect_bad(f, "2,Minus,Serbia,20.1,44.3,0.5,-2,3,10\n", "zn_pct: grade -2 is negative");
  expect_bad(f, "2,Silver,Serbia,20.1,44.3,0.5,9,3,2000000\n",
             "ag_gt: grade 2e+06 g/t is over 100 %");
  /* wide layout: one row per deposit, a repeated id is an error, not a merge */
  expect_bad(f, "1,Again,Serbia,20.1,44.3,0.5,9.5,3,10\n",
             "id: \"1\" is on an earlier row of this file");
}

static void test_reimport_updates(void **state) {
  fixture *f = *state;
  char path[256];
  soso_import_report rep;
  write_file(f, "a.csv", "record_id,name,country,lat,lon,ore_mt,zn_pct\n"
                         "7,Rudnik-like,RS,44.03,20.46,0.31,3.85\n"
                         "8,Other,BA,44.10,19.30,0.07,9.2\n", path, sizeof path);
  assert_int_equal(import(f, path, 0, &rep), 0);
  assert_int_equal(rep.n_inserted, 2);
  soso_deposits_import_report_clear(&rep);
  write_file(f, "a.csv", "record_id,name,country,lat,lon,ore_mt,zn_pct,pb_pct\n"
                         "7,Rudnik-like,RS,44.03,20.46,0.45,4.15,1.7\n", path, sizeof path);
  assert_int_equal(import(f, path, 0, &rep), 0);
  assert_int_equal(rep.n_inserted, 0);
  assert_int_equal(rep.n_updated, 1);
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit"), 2);
  assert_double_equal(real(f, "SELECT ore_mt FROM deposit WHERE id='a:7'"), 0.45, 1e-12);
  assert_double_equal(real(f, "SELECT value FROM deposit_commodity WHERE deposit_id='a:7' AND "
                              "code='zn'"), 4.15, 1e-12);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit_commodity WHERE deposit_id='a:7'"), 2);
  /* another source name: other deposits */
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  o.source = "survey";
  assert_int_equal(soso_deposits_import(&rep, f->store, path, &o), 0);
  assert_string_equal(rep.source, "survey");
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(count(f, "SELECT count(*) FROM deposit WHERE id='survey:7'"), 1);
}

static void test_map_and_errors(void **state) {
  fixture *f = *state;
  char path[256];
  soso_import_report rep;
  write_file(f, "m.csv", "objid,site,land,y_wgs,x_wgs,zinc,silver\n"
                         "X1,Olovo (assumed),Bosnia,44.13,18.58,6.4,38\n", path, sizeof path);
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  /* without a map the file has no lat column */
  assert_int_equal(soso_deposits_import(&rep, f->store, path, &o), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "m.csv:1: lat: missing column"));
  soso_deposits_import_report_clear(&rep);
  const char *map[] = {"objid", "id", "site", "name", "land", "country", "y_wgs", "lat",
                       "x_wgs", "lon", "zinc", "zn_pct", "silver", "ag_gpt"};
  o.map = map;
  o.n_map = 7;
  assert_int_equal(soso_deposits_import(&rep, f->store, path, &o), 0);
  soso_deposits_import_report_clear(&rep);
  text_eq(f, "SELECT country FROM deposit WHERE id='m:X1'", "BA");
  assert_double_equal(real(f, "SELECT value FROM deposit_commodity WHERE deposit_id='m:X1' AND "
                              "code='ag'"), 38.0, 1e-12);
  /* a map naming a column the file lacks */
  const char *bad_src[] = {"zinkk", "zn_pct"};
  o.map = bad_src;
  o.n_map = 1;
  assert_int_equal(soso_deposits_import(&rep, f->store, path, &o), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "--map: no column \"zinkk\""));
  soso_deposits_import_report_clear(&rep);
  /* a map to something soso does not know */
  const char *bad_dst[] = {"zinc", "zinc_content"};
  o.map = bad_dst;
  assert_int_equal(soso_deposits_import(&rep, f->store, path, &o), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "\"zinc_content\" is not a soso column"));
  soso_deposits_import_report_clear(&rep);
  /* a missing file */
  assert_int_equal(import(f, "/nonexistent/deposits.csv", 0, &rep), SOSO_EIO);
  assert_string_equal(soso_error_last(),
                      "/nonexistent/deposits.csv: cannot open: No such file or directory");
  soso_deposits_import_report_clear(&rep);
  /* a file OGR cannot read (empty) */
  write_file(f, "empty.csv", "", path, sizeof path);
  assert_int_equal(import(f, path, 0, &rep), SOSO_EIO);
  assert_non_null(strstr(soso_error_last(), "empty.csv: not a vector file GDAL/OGR can read"));
  soso_deposits_import_report_clear(&rep);
  /* a Latin-1 byte becomes U+FFFD, so that JSON output stays valid UTF-8 */
  write_file(f, "l.csv", "id,name,lat,lon\n1,Kizilca\xf6ren,39.62,31.35\n", path, sizeof path);
  assert_int_equal(import(f, path, 0, &rep), 0);
  assert_int_equal(rep.n_unnormalised, 0); /* no country given is not a bad country */
  soso_deposits_import_report_clear(&rep);
  text_eq(f, "SELECT name FROM deposit WHERE id='l:1'", "Kizilca\xEF\xBF\xBDren");
  /* a status word soso does not know */
  write_file(f, "s.csv", "id,lat,lon,status\n1,44,20,dormant\n", path, sizeof path);
  assert_int_equal(import(f, path, 0, &rep), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "s.csv:2: status: \"dormant\" is not a status"));
  soso_deposits_import_report_clear(&rep);
}

static void test_vocabulary(void **state) {
  (void)state;
  char code[SOSO_CODE_MAX], unit[4], cc[3];
  double k;
  assert_int_equal(soso_deposits_commodity_code(code, "Zinc"), 0);
  assert_string_equal(code, "zn");
  assert_int_equal(soso_deposits_commodity_code(code, " Antimony "), 0);
  assert_string_equal(code, "sb");
  assert_int_equal(soso_deposits_commodity_code(code, "wolframite"), 0);
  assert_string_equal(code, "w");
  assert_int_equal(soso_deposits_commodity_code(code, "Phosphorus-Phosphates"), 0);
  assert_string_equal(code, "phosphate");
  assert_int_equal(soso_deposits_commodity_code(code, "Sulfides"), SOSO_ENOTFOUND);
  assert_string_equal(code, "");
  assert_int_equal(soso_deposits_unit_parse(unit, &k, "percent"), 0);
  assert_string_equal(unit, "%");
  assert_int_equal(soso_deposits_unit_parse(unit, &k, "gpt"), 0);
  assert_string_equal(unit, "g/t");
  assert_int_equal(soso_deposits_unit_parse(unit, &k, "parts per million"), 0);
  assert_string_equal(unit, "ppm");
  assert_int_equal(soso_deposits_unit_parse(unit, &k, "kilogram per tonne"), 0);
  assert_string_equal(unit, "%");
  assert_double_equal(k, 0.1, 0);
  assert_int_equal(soso_deposits_unit_parse(unit, &k, "gram per cubic metre"), SOSO_EDATA);
  assert_int_equal(soso_deposits_tonnage_unit_parse(&k, "million tonnes"), 0);
  assert_double_equal(k, 1.0, 0);
  assert_int_equal(soso_deposits_tonnage_unit_parse(&k, "short tons"), 0);
  assert_double_equal(k, 0.90718474e-6, 1e-20);
  assert_int_equal(soso_deposits_tonnage_unit_parse(&k, "cubic metres"), SOSO_EDATA);
  assert_int_equal(soso_deposits_country_code(cc, "England", NAN, NAN), 0);
  assert_string_equal(cc, "GB");
  assert_int_equal(soso_deposits_country_code(cc, "Estonia?", NAN, NAN), 0);
  assert_string_equal(cc, "EE");
  assert_int_equal(soso_deposits_country_code(cc, "Czechoslovakia", 50.08, 14.43), 0); /* Prague */
  assert_string_equal(cc, "CZ");
  assert_int_equal(soso_deposits_country_code(cc, "Czechoslovakia", 48.72, 21.26), 0); /* Kosice */
  assert_string_equal(cc, "SK");
  assert_int_equal(soso_deposits_country_code(cc, "USSR", 55.75, 37.62), 0); /* Moscow */
  assert_string_equal(cc, "RU");
  /* Kyiv lies in Russia's coarse box too: not guessed */
  assert_int_equal(soso_deposits_country_code(cc, "Soviet Union", 50.45, 30.52), SOSO_ENOTFOUND);
  assert_int_equal(soso_deposits_country_code(cc, "Yugoslavia", 44.82, 20.46), 0); /* Belgrade */
  assert_string_equal(cc, "RS");
  /* Sarajevo is inside Croatia's coarse box as well: not guessed */
  assert_int_equal(soso_deposits_country_code(cc, "Yugoslavia", 43.86, 18.41), SOSO_ENOTFOUND);
  assert_int_equal(soso_deposits_country_code(cc, "Atlantis", 0, 0), SOSO_ENOTFOUND);
  soso_status s;
  assert_int_equal(soso_deposits_status_parse(&s, "past_mine"), 0);
  assert_int_equal(s, SOSO_STATUS_PAST_MINE);
  assert_string_equal(soso_deposits_status_name(s), "past mine");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_vocabulary),
      cmocka_unit_test_setup_teardown(test_usgs_vms, setup, teardown),
      cmocka_unit_test_setup_teardown(test_gsc_sn_w, setup, teardown),
      cmocka_unit_test_setup_teardown(test_occurrences, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_inventory, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_reimport_updates, setup, teardown),
      cmocka_unit_test_setup_teardown(test_map_and_errors, setup, teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  return SOSO_TEST_EXIT(rc);
}

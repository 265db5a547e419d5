/* test_import.c - one questionnaire exported by KoboToolbox (labels, group/question
 * columns, ';' separator), LimeSurvey (code export, A1..A5), SPSS .sav and Stata
 * .dta (written here through ReadStat's writer) gives the same stored answers; bad
 * files give FILE:LINE errors and leave the store as it was; ids are hashed; the
 * codebook's errors name file and line. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/survey.h"
#include "core/store_int.h"

#include <jansson.h>
#include <readstat.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[64];

static const char *in_dir(const char *name) {
  static char buf[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", g_dir, name);
  return buf[k];
}

static void write_text(const char *name, const char *text) {
  FILE *f = fopen(in_dir(name), "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char *k_codebook =
    "title: test questionnaire\n"                                           /* 1 */
    "scale: {min: 1, max: 5}\n"                                             /* 2 */
    "choices:\n"                                                            /* 3 */
    "  - {word: Strongly disagree, code: 1}\n"                              /* 4 */
    "  - {word: Disagree, code: 2}\n"                                       /* 5 */
    "  - {word: Neither, code: 3}\n"                                        /* 6 */
    "  - {word: Agree, code: 4}\n"                                          /* 7 */
    "  - {word: Strongly agree, code: 5}\n"                                 /* 8 */
    "  - {word: A1, code: 1}\n  - {word: A2, code: 2}\n  - {word: A3, code: 3}\n"
    "  - {word: A4, code: 4}\n  - {word: A5, code: 5}\n"                    /* 9-13 */
    "missing: [\"-99\", dont_know]\n"
    "respondent_id: [_uuid, id]\n"
    "weight: weight\n"
    "demographics: [gender]\n"
    "free_text: [comments]\n"
    "items:\n"
    "  - {name: q1, construct: trust, limesurvey: \"TRUST[SQ001]\"}\n"
    "  - {name: q2, construct: trust, limesurvey: \"TRUST[SQ002]\"}\n"
    "  - {name: q3, construct: acceptance, limesurvey: \"ACC[SQ001]\", reverse: true}\n";

/* 6 respondents: answers (0 = missing), weights. */
static const int k_ans[6][3] = {{4, 5, 2}, {2, 0, 4}, {3, 3, 3}, {5, 4, 1}, {1, 2, 0}, {4, 4, 2}};
static const double k_w[6] = {1.25, 0.8, 1.0, 0.75, 1.5, 0.7};

static const char *const k_lab[6] = {"", "Strongly disagree", "Disagree", "Neither", "Agree",
                                      "Strongly agree"};

static void write_kobo(const char *name) {
  char buf[4096] = "start;deviceid;respondent_name;group_a/gender;group_t/q1;group_t/q2;"
                   "group_c/q3;group_c/comments;weight;_uuid\n";
  for (int r = 0; r < 6; r++) {
    char line[512];
    snprintf(line, sizeof line, "2025-03-0%d;dev%d;Ana Kovac;%s;%s;%s;%s;%s;%g;uuid-%d\n", r + 1,
             r, r % 2 ? "female" : "male", k_lab[k_ans[r][0]],
             k_ans[r][1] ? k_lab[k_ans[r][1]] : "dont_know", k_lab[k_ans[r][2]],
             r == 2 ? "\"Ana Kovac said: call 061 234 567; fine\"" : "", k_w[r], r);
    strcat(buf, line);
  }
  write_text(name, buf);
}

static void write_lime(const char *name) {
  char buf[4096] = "id,submitdate,lastpage,gender,TRUST[SQ001],TRUST[SQ002],ACC[SQ001],"
                   "comments,weight\n";
  for (int r = 0; r < 6; r++) {
    char line[512], a[3][8];
    for (int k = 0; k < 3; k++) {
      if (k_ans[r][k]) snprintf(a[k], sizeof a[k], "A%d", k_ans[r][k]);
      else snprintf(a[k], sizeof a[k], "%s", k == 1 ? "-99" : "");
    }
    snprintf(line, sizeof line, "%d,2025-03-0%d,3,%s,%s,%s,%s,,%g\n", r + 1, r + 1,
             r % 2 ? "female" : "male", a[0], a[1], a[2], k_w[r]);
    strcat(buf, line);
  }
  write_text(name, buf);
}

static ssize_t rs_write(const void *data, size_t len, void *ctx) {
  return (ssize_t)fwrite(data, 1, len, (FILE *)ctx);
}

/* SPSS or Stata file of the same answers: q2 of respondent 2 user-missing -99 (SPSS)
 * or plain missing (Stata); q3 of respondent 5 system-missing. */
static void write_stat(const char *name, int dta) {
  FILE *f = fopen(in_dir(name), "wb");
  assert_non_null(f);
  readstat_writer_t *w = readstat_writer_init();
  readstat_set_data_writer(w, rs_write);
  readstat_variable_t *v[5];
  v[0] = readstat_add_variable(w, "q1", READSTAT_TYPE_DOUBLE, 0);
  v[1] = readstat_add_variable(w, "q2", READSTAT_TYPE_DOUBLE, 0);
  v[2] = readstat_add_variable(w, "q3", READSTAT_TYPE_DOUBLE, 0);
  v[3] = readstat_add_variable(w, "weight", READSTAT_TYPE_DOUBLE, 0);
  v[4] = readstat_add_variable(w, "gender", READSTAT_TYPE_STRING, 8);
  if (!dta) readstat_variable_add_missing_double_value(v[1], -99);
  assert_int_equal(dta ? readstat_begin_writing_dta(w, f, 6) : readstat_begin_writing_sav(w, f, 6),
                   READSTAT_OK);
  for (int r = 0; r < 6; r++) {
    readstat_begin_row(w);
    for (int k = 0; k < 3; k++) {
      if (k_ans[r][k]) readstat_insert_double_value(w, v[k], k_ans[r][k]);
      else if (k == 1 && !dta) readstat_insert_double_value(w, v[k], -99);
      else readstat_insert_missing_value(w, v[k]);
    }
    readstat_insert_double_value(w, v[3], k_w[r]);
    readstat_insert_string_value(w, v[4], r % 2 ? "female" : "male");
    readstat_end_row(w);
  }
  assert_int_equal(readstat_end_writing(w), READSTAT_OK);
  readstat_writer_free(w);
  fclose(f);
}

/* Imports file into a fresh store; returns the stored answers as text. */
static char *import_dump(const char *file, const char *db, int expect_ok) {
  soso_survey_codebook *cb = NULL;
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb.yaml")), 0);
  soso_store *st = NULL;
  assert_int_equal(soso_store_open(&st, in_dir(db)), 0);
  soso_survey_import_opts o = SOSO_SURVEY_IMPORT_OPTS_INIT;
  o.community = "Testville";
  o.wave = "1";
  soso_survey_import_result res;
  int rc = soso_survey_import(&res, st, in_dir(file), cb, &o);
  soso_survey_codebook_free(cb);
  if (!expect_ok) {
    soso_store_free(st);
    assert_int_not_equal(rc, 0);
    return NULL;
  }
  if (rc) fail_msg("%s", soso_error_last());
  assert_int_equal(res.n_resp, 6);
  assert_int_equal(res.n_missing, 2);
  sqlite3_stmt *q = NULL;
  sqlite3_prepare_v2(soso__store_db(st),
                     "SELECT group_concat(r.row || ':' || a.item || '=' || coalesce(a.value, 'NA')"
                     " || '@' || r.weight, ' ') FROM (SELECT * FROM survey_answer"
                     " ORDER BY respondent, item) a JOIN survey_respondent r ON r.id = "
                     "a.respondent",
                     -1, &q, NULL);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  char *s = strdup((const char *)sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  soso_store_free(st);
  return s;
}

static void test_same_answers(void **state) {
  (void)state;
  write_kobo("kobo.csv");
  write_lime("lime.csv");
  write_stat("spss.sav", 0);
  write_stat("stata.dta", 1);
  char *k = import_dump("kobo.csv", "k.db", 1), *l = import_dump("lime.csv", "l.db", 1),
       *s = import_dump("spss.sav", "s.db", 1), *d = import_dump("stata.dta", "d.db", 1);
  assert_non_null(strstr(k, "1:q1=4.0@1.25")); /* stored as answered (q3 not reversed) */
  assert_non_null(strstr(k, "2:q2=NA@0.8"));
  assert_string_equal(k, l);
  assert_string_equal(k, s);
  assert_string_equal(k, d);
  free(k);
  free(l);
  free(s);
  free(d);
}

static void test_privacy(void **state) {
  (void)state;
  write_kobo("kobo.csv");
  char *k = import_dump("kobo.csv", "p.db", 1);
  free(k);
  soso_store *st = NULL;
  assert_int_equal(soso_store_open(&st, in_dir("p.db")), 0);
  sqlite3_stmt *q = NULL;
  sqlite3_prepare_v2(soso__store_db(st),
                     "SELECT (SELECT rid_hash FROM survey_respondent WHERE row = 1),"
                     " (SELECT text FROM survey_text)", -1, &q, NULL);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  const char *h = (const char *)sqlite3_column_text(q, 0);
  const char *t = (const char *)sqlite3_column_text(q, 1);
  assert_int_equal(strlen(h), 64);
  assert_null(strstr(h, "uuid"));
  assert_string_equal(t, "[name] said: call [phone]; fine");
  sqlite3_finalize(q);
  soso_store_free(st);
}

static void test_bad_file_changes_nothing(void **state) {
  (void)state;
  write_kobo("kobo.csv");
  char *k = import_dump("kobo.csv", "b.db", 1);
  /* the same community and wave again, with a typo on file line 4 */
  write_text("bad.csv", "_uuid,group_t/q1,q2,q3,weight\n"
                        "a,Agree,Agree,Agree,1\n"
                        "b,Agree,Agree,Agree,1\n"
                        "c,Agre,Agree,Agree,1\n");
  soso_survey_codebook *cb = NULL;
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb.yaml")), 0);
  soso_store *st = NULL;
  assert_int_equal(soso_store_open(&st, in_dir("b.db")), 0);
  soso_survey_import_opts o = {"Testville", "1"};
  soso_survey_import_result res;
  assert_int_equal(soso_survey_import(&res, st, in_dir("bad.csv"), cb, &o), SOSO_EDATA);
  char want[300];
  snprintf(want, sizeof want, "%s:4: group_t/q1: \"Agre\" is not a code 1-5", in_dir("bad.csv"));
  assert_true(strncmp(soso_error_last(), want, strlen(want)) == 0);
  /* bad weight, line 3 */
  write_text("badw.csv", "_uuid,q1,q2,q3,weight\na,1,2,3,1\nb,1,2,3,0\n");
  assert_int_equal(soso_survey_import(&res, st, in_dir("badw.csv"), cb, &o), SOSO_EDATA);
  snprintf(want, sizeof want, "%s:3: weight: weight \"0\" is not a positive number",
           in_dir("badw.csv"));
  assert_string_equal(soso_error_last(), want);
  /* a missing item column */
  write_text("nocol.csv", "_uuid,q1,q2,weight\na,1,2,1\n");
  assert_int_equal(soso_survey_import(&res, st, in_dir("nocol.csv"), cb, &o), SOSO_EDATA);
  snprintf(want, sizeof want, "%s:1: q3: no column for this item", in_dir("nocol.csv"));
  assert_true(strncmp(soso_error_last(), want, strlen(want)) == 0);
  /* an out-of-scale number, a sheet-like message for CSV line 2 */
  write_text("range.csv", "_uuid,q1,q2,q3,weight\na,7,2,3,1\n");
  assert_int_equal(soso_survey_import(&res, st, in_dir("range.csv"), cb, &o), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "range.csv:2: q1: 7 is not a code 1-5"));
  soso_store_free(st);
  soso_survey_codebook_free(cb);
  /* the earlier import is intact */
  soso_store_free(NULL);
  char *again = NULL;
  {
    soso_store *s2 = NULL;
    assert_int_equal(soso_store_open(&s2, in_dir("b.db")), 0);
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(soso__store_db(s2),
                       "SELECT group_concat(r.row || ':' || a.item || '=' || "
                       "coalesce(a.value, 'NA') || '@' || r.weight, ' ') FROM (SELECT * FROM "
                       "survey_answer ORDER BY respondent, item) a JOIN survey_respondent r ON "
                       "r.id = a.respondent", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    again = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    soso_store_free(s2);
  }
  assert_string_equal(k, again);
  free(k);
  free(again);
}

static void test_codebook_errors(void **state) {
  (void)state;
  soso_survey_codebook *cb = NULL;
  write_text("cb1.yaml", "scale: {min: 1, max: 5}\nitems:\n  - {name: a, construct: trus}\n");
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb1.yaml")), SOSO_EDATA);
  assert_null(cb);
  char want[300];
  snprintf(want, sizeof want, "%s:3: construct: \"trus\" is not one of", in_dir("cb1.yaml"));
  assert_true(strncmp(soso_error_last(), want, strlen(want)) == 0);
  write_text("cb2.yaml", "scale: {min: 1, max: 5}\nweigth: w\nitems:\n  - {name: a, construct: trust}\n");
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb2.yaml")), SOSO_EDATA);
  snprintf(want, sizeof want, "%s:2: weigth: unknown key in codebook", in_dir("cb2.yaml"));
  assert_true(strncmp(soso_error_last(), want, strlen(want)) == 0);
  write_text("cb3.yaml", "scale: {min: 1, max: 5}\nitems:\n  - {name: a, construct: trust}\n"
                         "  - {name: A, construct: fears}\n");
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb3.yaml")), SOSO_EDATA);
  snprintf(want, sizeof want, "%s:4: name: item \"A\" given twice", in_dir("cb3.yaml"));
  assert_string_equal(soso_error_last(), want);
  write_text("cb4.yaml", "scale: {min: 1, max: 5.5}\nitems:\n  - {name: a, construct: trust}\n");
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb4.yaml")), SOSO_EDATA);
  snprintf(want, sizeof want, "%s:1: scale: min and max must be whole numbers",
           in_dir("cb4.yaml"));
  assert_true(strncmp(soso_error_last(), want, strlen(want)) == 0);
}

/* The residents' paragraph follows the numbers: all "strongly agree" on acceptance
 * reads "high" and psychological identification, all "strongly disagree" "low" and
 * withdrawal; a wave below 5 respondents is not reported. */
static char *residents_for(int code, int n) {
  char buf[2048] = "_uuid,q1,q2,q3,weight\n";
  for (int r = 0; r < n; r++) {
    char line[64];
    /* q3 is reverse-coded: asked the other way round */
    snprintf(line, sizeof line, "id%d,%d,%d,%d,1\n", r, code, code == 5 ? 4 : 2, 6 - code);
    strcat(buf, line);
  }
  write_text("res.csv", buf);
  unlink(in_dir("res.db"));
  soso_survey_codebook *cb = NULL;
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb.yaml")), 0);
  soso_store *st = NULL;
  assert_int_equal(soso_store_open(&st, in_dir("res.db")), 0);
  soso_survey_import_opts o = {"Testville", "1"};
  soso_survey_import_result res;
  assert_int_equal(soso_survey_import(&res, st, in_dir("res.csv"), cb, &o), 0);
  char *text = NULL;
  assert_int_equal(soso_survey_residents_text(&text, st, "Testville"), 0);
  soso_survey_evidence ev;
  assert_int_equal(soso_survey_evidence_load(&ev, st, "Testville", NULL), 0);
  assert_int_equal(ev.present, n >= 5);
  soso_store_free(st);
  soso_survey_codebook_free(cb);
  return text;
}

static void test_residents_text(void **state) {
  (void)state;
  char *hi = residents_for(5, 8), *lo = residents_for(1, 8), *tiny = residents_for(5, 4);
  assert_non_null(strstr(hi, "Acceptance of the mine was high (5.00 of 5"));
  assert_non_null(strstr(hi, "level of psychological identification")); /* plain words */
  assert_non_null(strstr(lo, "Acceptance of the mine was low (1.00 of 5"));
  assert_non_null(strstr(lo, "level of withdrawal"));
  assert_non_null(strstr(tiny, "fewer than 5 respondents and is not reported"));
  assert_null(strstr(tiny, "Acceptance of the mine"));
  free(hi);
  free(lo);
  free(tiny);
}

/* A demographic field with one cell under 5 hides its smallest other cell too. */
static void test_complementary_suppression(void **state) {
  (void)state;
  write_text("demo.csv", "_uuid,q1,q2,q3,weight,gender\n"
                         "a,1,2,3,1,male\nb,2,2,3,1,male\nc,3,2,3,1,male\nd,4,2,3,1,male\n"
                         "e,5,2,3,1,male\nf,1,2,3,1,female\ng,2,2,3,1,female\n");
  unlink(in_dir("demo.db"));
  soso_survey_codebook *cb = NULL;
  assert_int_equal(soso_survey_codebook_load(&cb, in_dir("cb.yaml")), 0);
  soso_store *st = NULL;
  assert_int_equal(soso_store_open(&st, in_dir("demo.db")), 0);
  soso_survey_import_opts o = {"Testville", "1"};
  soso_survey_import_result res;
  assert_int_equal(soso_survey_import(&res, st, in_dir("demo.csv"), cb, &o), 0);
  soso_survey_analyse_opts ao = SOSO_SURVEY_ANALYSE_OPTS_INIT;
  ao.n_boot = 100;
  void *j = NULL;
  assert_int_equal(soso_survey_analyse(&j, st, &ao), 0);
  char *s = json_dumps(json_object_get((json_t *)j, "demographics"), JSON_COMPACT);
  assert_non_null(strstr(s, "\"value\":\"female\",\"n\":\"<5\""));
  assert_non_null(strstr(s, "\"value\":\"male\",\"n\":\"suppressed\""));
  free(s);
  json_decref((json_t *)j);
  soso_store_free(st);
  soso_survey_codebook_free(cb);
}

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso_survey_XXXXXX");
  if (!mkdtemp(g_dir)) return -1;
  write_text("cb.yaml", k_codebook);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_same_answers),
      cmocka_unit_test(test_privacy),
      cmocka_unit_test(test_bad_file_changes_nothing),
      cmocka_unit_test(test_codebook_errors),
      cmocka_unit_test(test_residents_text),
      cmocka_unit_test(test_complementary_suppression),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

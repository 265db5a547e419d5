/* hear.c - residents' comments and survey answers, kept in the store.
 *
 * The store is opened through the store API (so its schema is current); this file
 * adds its own two tables and puts its connection in WAL mode with a busy timeout,
 * so concurrent posts (and another process using the store) wait instead of failing.
 * Each post carries a client id made by the page; it is UNIQUE, so a resend after a
 * lost reply (the offline queue does that) stores nothing twice. One mutex
 * serialises this connection's statements.
 *
 * TODO(lead): the survey module (include/soso/survey.h, branch h13) stores waves
 * imported from files (soso_survey_import) and keeps its codebook opaque; it has no
 * call to list a codebook's items or to add one response. With those two
 * (e.g. soso_survey_codebook_items, soso_survey_add_response) the page could render
 * the codebook and sv_hear_answer could store answers as a wave through it; until
 * then answers are kept here, one row per response, the answers as a JSON object,
 * and the questionnaire is web/survey.json.
 */
#define _POSIX_C_SOURCE 200809L
#include "serve/serve_int.h"

#include "soso/error.h"
#include "soso/store.h"
#include "core/store_int.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sv_hear {
  soso_store *store;
  sqlite3 *db;          /* owned by store */
  pthread_mutex_t mu;
};

static const char k_schema[] =
    "CREATE TABLE IF NOT EXISTS serve_comment("
    " id INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE,"
    " created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    " community TEXT NOT NULL, dimension TEXT NOT NULL, text TEXT NOT NULL,"
    " lang TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS serve_answer("
    " id INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE,"
    " created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    " wave TEXT NOT NULL, community TEXT NOT NULL, lang TEXT NOT NULL,"
    " answers TEXT NOT NULL CHECK (json_valid(answers)));";

static int dberr(sv_hear *h, const char *what) {
  return soso_error_set(SOSO_EIO, "%s: %s: %s", soso_store_path(h->store), what,
                        sqlite3_errmsg(h->db));
}

int sv_hear_open(sv_hear **out, const char *db_path) {
  *out = NULL;
  sv_hear *h = calloc(1, sizeof *h);
  if (!h) return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  int rc = soso_store_open(&h->store, db_path);
  if (rc) {
    free(h);
    return rc;
  }
  h->db = soso__store_db(h->store);
  sqlite3_busy_timeout(h->db, 10000);
  if ((rc = soso_store_exec(h->store, "PRAGMA journal_mode=WAL")) ||
      (rc = soso_store_exec(h->store, "PRAGMA synchronous=NORMAL")) ||
      (rc = soso_store_exec(h->store, k_schema))) {
    soso_store_free(h->store);
    free(h);
    return rc;
  }
  pthread_mutex_init(&h->mu, NULL);
  *out = h;
  return 0;
}

void sv_hear_free(sv_hear *h) {
  if (!h) return;
  soso_store_free(h->store);
  pthread_mutex_destroy(&h->mu);
  free(h);
}

static int insert(sv_hear *h, int *dup, const char *sql, const char *const *v, size_t n) {
  pthread_mutex_lock(&h->mu);
  sqlite3_stmt *st = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
    rc = dberr(h, "prepare");
    goto done;
  }
  for (size_t i = 0; i < n; i++) sqlite3_bind_text(st, (int)i + 1, v[i], -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = dberr(h, "insert");
    goto done;
  }
  *dup = sqlite3_changes(h->db) == 0;
done:
  sqlite3_finalize(st);
  pthread_mutex_unlock(&h->mu);
  return rc;
}

int sv_hear_comment(sv_hear *h, int *dup, const char *client_id, const char *community,
                    const char *dimension, const char *text, const char *lang) {
  const char *v[] = {client_id, community, dimension, text, lang};
  return insert(h, dup,
                "INSERT OR IGNORE INTO serve_comment(client_id, community, dimension, text, lang)"
                " VALUES(?,?,?,?,?)",
                v, 5);
}

int sv_hear_answer(sv_hear *h, int *dup, const char *client_id, const char *wave,
                   const char *community, const char *lang, json_t *answers) {
  char *a = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
  if (!a) return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  const char *v[] = {client_id, wave, community, lang, a};
  int rc = insert(h, dup,
                  "INSERT OR IGNORE INTO serve_answer(client_id, wave, community, lang, answers)"
                  " VALUES(?,?,?,?,?)",
                  v, 5);
  free(a);
  return rc;
}

static const char *col(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

int sv_hear_comments(sv_hear *h, json_t **out, const char *community, int include_hidden,
                     size_t limit) {
  *out = NULL;
  pthread_mutex_lock(&h->mu);
  sqlite3_stmt *st = NULL;
  int rc = 0;
  const char *sql =
      "SELECT id, created, community, dimension, text, lang, hidden FROM serve_comment"
      " WHERE (?1 IS NULL OR community = ?1) AND (?2 OR hidden = 0)"
      " ORDER BY id DESC LIMIT ?3";
  if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
    rc = dberr(h, "prepare");
    goto done;
  }
  if (community) sqlite3_bind_text(st, 1, community, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 2, include_hidden);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
  json_t *arr = json_array();
  int s;
  while ((s = sqlite3_step(st)) == SQLITE_ROW)
    json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "id",
                                         (json_int_t)sqlite3_column_int64(st, 0), "created",
                                         col(st, 1), "community", col(st, 2), "dimension",
                                         col(st, 3), "text", col(st, 4), "lang", col(st, 5),
                                         "hidden", sqlite3_column_int(st, 6)));
  if (s != SQLITE_DONE) {
    json_decref(arr);
    rc = dberr(h, "select");
    goto done;
  }
  *out = arr;
done:
  sqlite3_finalize(st);
  pthread_mutex_unlock(&h->mu);
  return rc;
}

int sv_hear_moderate(sv_hear *h, long long id, int hidden) {
  pthread_mutex_lock(&h->mu);
  sqlite3_stmt *st = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(h->db, "UPDATE serve_comment SET hidden = ? WHERE id = ?", -1, &st,
                         NULL) != SQLITE_OK) {
    rc = dberr(h, "prepare");
    goto done;
  }
  sqlite3_bind_int(st, 1, hidden);
  sqlite3_bind_int64(st, 2, id);
  if (sqlite3_step(st) != SQLITE_DONE) rc = dberr(h, "update");
  else if (sqlite3_changes(h->db) == 0)
    rc = soso_error_set(SOSO_ENOTFOUND, "comment %lld: no such comment", id);
done:
  sqlite3_finalize(st);
  pthread_mutex_unlock(&h->mu);
  return rc;
}

int sv_hear_aggregate(sv_hear *h, json_t **out, int min_group) {
  *out = NULL;
  pthread_mutex_lock(&h->mu);
  sqlite3_stmt *st = NULL;
  int rc = 0;
  const char *sql =
      "SELECT a.community, j.key, count(*), avg(CAST(j.value AS REAL)),"
      " sum(j.type IN ('integer','real'))"
      " FROM serve_answer a, json_each(a.answers) j GROUP BY a.community, j.key"
      " ORDER BY a.community, j.key";
  if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
    rc = dberr(h, "prepare");
    goto done;
  }
  json_t *arr = json_array();
  int s;
  while ((s = sqlite3_step(st)) == SQLITE_ROW) {
    long long n = sqlite3_column_int64(st, 2);
    long long nnum = sqlite3_column_int64(st, 4);
    json_t *row = json_pack("{s:s,s:s}", "community", col(st, 0), "question", col(st, 1));
    if (n < min_group) {
      json_object_set_new(row, "suppressed", json_true());
      json_object_set_new(row, "n", json_null());
    } else {
      json_object_set_new(row, "suppressed", json_false());
      json_object_set_new(row, "n", json_integer(n));
      json_object_set_new(row, "mean", nnum == n ? json_real(sqlite3_column_double(st, 3))
                                                 : json_null());
    }
    json_array_append_new(arr, row);
  }
  if (s != SQLITE_DONE) {
    json_decref(arr);
    rc = dberr(h, "select");
    goto done;
  }
  *out = json_pack("{s:i,s:o}", "min_group", min_group, "groups", arr);
done:
  sqlite3_finalize(st);
  pthread_mutex_unlock(&h->mu);
  return rc;
}

/* A CSV field, quoted when it must be (RFC 4180), with a leading ' before = + - @
 * so a spreadsheet does not run it as a formula. */
static void csv_field(FILE *f, const char *s) {
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  if (strchr("=+-@", s[0]) && s[0]) quote = 1;
  if (!quote) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (strchr("=+-@", s[0]) && s[0]) fputc('\'', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int sv_hear_export(sv_hear *h, char **out, size_t *out_len, int answers) {
  *out = NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  const char *sql = answers ? "SELECT id, created, wave, community, lang, answers FROM serve_answer ORDER BY id"
                            : "SELECT id, created, community, dimension, lang, hidden, text FROM serve_comment ORDER BY id";
  fputs(answers ? "id,created,wave,community,lang,answers\n"
                : "id,created,community,dimension,lang,hidden,text\n", f);
  pthread_mutex_lock(&h->mu);
  sqlite3_stmt *st = NULL;
  int rc = 0, s;
  if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
    rc = dberr(h, "prepare");
  } else {
    int nc = sqlite3_column_count(st);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
      for (int i = 0; i < nc; i++) {
        if (i) fputc(',', f);
        csv_field(f, col(st, i));
      }
      fputc('\n', f);
    }
    if (s != SQLITE_DONE) rc = dberr(h, "select");
  }
  sqlite3_finalize(st);
  pthread_mutex_unlock(&h->mu);
  if (fclose(f) != 0 && !rc) rc = soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  if (rc) {
    free(buf);
    return rc;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

int sv_hear_count(sv_hear *h, long long *n_comments, long long *n_answers) {
  pthread_mutex_lock(&h->mu);
  sqlite3_stmt *st = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(h->db,
                         "SELECT (SELECT count(*) FROM serve_comment),"
                         " (SELECT count(*) FROM serve_answer)",
                         -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
    rc = dberr(h, "count");
  } else {
    *n_comments = sqlite3_column_int64(st, 0);
    *n_answers = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  pthread_mutex_unlock(&h->mu);
  return rc;
}

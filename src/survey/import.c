/* import.c - `soso survey import`: one export of one community and wave into the
 * store, whole or not at all.
 *
 * Column matching, for each codebook name (item, weight, id, demographic, free
 * text), case-insensitive, first match wins: the header itself; its last
 * '/'-separated part (KoboToolbox group/question columns); the item's `limesurvey`
 * code (LimeSurvey code exports, "TRUST[SQ001]"); the item's `label` (Kobo label
 * exports with question labels as headers). A cell is missing when empty or one of
 * the codebook's missing words/codes; otherwise a whole number on the scale or a
 * `choices` word (labels such as "Strongly agree", XLSForm names, LimeSurvey "A5").
 * Anything else stops the import with FILE:LINE: column: reason.
 *
 * Only mapped columns are stored. The respondent id becomes SHA-256(salt:id) with a
 * random salt kept in the store; columns whose header contains "name" supply the
 * words that redaction removes from the free text of the same row (privacy.c).
 */
#include "soso/error.h"
#include "survey/survey_int.h"
#include "core/store_int.h"

#include <ctype.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *last_part(const char *h) {
  const char *s = strrchr(h, '/');
  return s ? s + 1 : h;
}

/* Column of a name (aliases may be NULL); -1 if none. */
static long find_col(const sv_table *t, const char *name, const char *lime, const char *label) {
  for (size_t c = 0; c < t->n_cols; c++)
    if (strcasecmp(t->header[c], name) == 0) return (long)c;
  for (size_t c = 0; c < t->n_cols; c++)
    if (strcasecmp(last_part(t->header[c]), name) == 0) return (long)c;
  for (size_t c = 0; lime && c < t->n_cols; c++)
    if (strcasecmp(t->header[c], lime) == 0) return (long)c;
  for (size_t c = 0; label && c < t->n_cols; c++)
    if (strcasecmp(t->header[c], label) == 0) return (long)c;
  return -1;
}

/* Trimmed copy into buf. */
static const char *trim(char *buf, size_t n, const char *s) {
  while (isspace((unsigned char)*s)) s++;
  snprintf(buf, n, "%s", s);
  size_t len = strlen(buf);
  while (len && isspace((unsigned char)buf[len - 1])) buf[--len] = '\0';
  return buf;
}

static int is_missing(const soso_survey_codebook *cb, const char *v) {
  for (size_t i = 0; i < cb->n_missing; i++)
    if (strcasecmp(cb->missing[i], v) == 0) return 1;
  double a, b;
  char *e = NULL;
  a = strtod(v, &e);
  if (e && *e == '\0' && e != v)
    for (size_t i = 0; i < cb->n_missing; i++) {
      char *e2 = NULL;
      b = strtod(cb->missing[i], &e2);
      if (e2 && *e2 == '\0' && e2 != cb->missing[i] && a == b) return 1;
    }
  return 0;
}

static const char *where(const sv_table *t, size_t r, char *buf, size_t n) {
  snprintf(buf, n, "%s%ld", t->where_word, t->where[r]);
  return buf;
}

/* Parses an answer: 0 and *v (NaN = missing), or SOSO_EDATA. */
static int answer(double *v, const soso_survey_codebook *cb, const sv_table *t, size_t r,
                  size_t c, const char *path) {
  const char *raw = t->cells[r][c];
  char buf[256], pos[48];
  *v = NAN;
  if (!raw) return SOSO_OK;
  const char *s = trim(buf, sizeof buf, raw);
  if (!*s || is_missing(cb, s)) return SOSO_OK;
  char *e = NULL;
  double x = strtod(s, &e);
  if (e && *e == '\0' && e != s && isfinite(x)) {
    if (x != floor(x) || x < cb->scale_min || x > cb->scale_max)
      return soso_error_set(SOSO_EDATA, "%s:%s: %s: %s is not a code %g-%g or a missing code",
                            path, where(t, r, pos, sizeof pos), t->header[c], s, cb->scale_min,
                            cb->scale_max);
    *v = x;
    return SOSO_OK;
  }
  for (size_t i = 0; i < cb->n_choices; i++)
    if (strcasecmp(cb->choices[i].word, s) == 0) {
      *v = cb->choices[i].code;
      return SOSO_OK;
    }
  return soso_error_set(SOSO_EDATA,
                        "%s:%s: %s: \"%.60s\" is not a code %g-%g, a missing code or a choice "
                        "of the codebook (%s)",
                        path, where(t, r, pos, sizeof pos), t->header[c], s, cb->scale_min,
                        cb->scale_max, cb->path);
}

static int db_fail(sqlite3 *db, const char *path) {
  return soso_error_set(SOSO_EIO, "%s: store: %s", path, sqlite3_errmsg(db));
}

typedef struct stmts {
  sqlite3_stmt *wave, *item, *resp, *ans, *demo, *text;
} stmts;

static void stmts_free(stmts *s) {
  sqlite3_finalize(s->wave);
  sqlite3_finalize(s->item);
  sqlite3_finalize(s->resp);
  sqlite3_finalize(s->ans);
  sqlite3_finalize(s->demo);
  sqlite3_finalize(s->text);
}

static int prepare(sqlite3 *db, stmts *s) {
  return sqlite3_prepare_v2(db,
                            "INSERT INTO survey_wave (community, wave, source, format, codebook,"
                            " title, synthetic, scale_min, scale_max, imported_at, n_resp)"
                            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            -1, &s->wave, NULL) ||
         sqlite3_prepare_v2(db,
                            "INSERT INTO survey_item (wave_id, item, construct, reverse, label)"
                            " VALUES (?,?,?,?,?)",
                            -1, &s->item, NULL) ||
         sqlite3_prepare_v2(db,
                            "INSERT INTO survey_respondent (wave_id, row, rid_hash, weight)"
                            " VALUES (?,?,?,?)",
                            -1, &s->resp, NULL) ||
         sqlite3_prepare_v2(db,
                            "INSERT INTO survey_answer (respondent, item, value) VALUES (?,?,?)",
                            -1, &s->ans, NULL) ||
         sqlite3_prepare_v2(db,
                            "INSERT INTO survey_demographic (respondent, field, value)"
                            " VALUES (?,?,?)",
                            -1, &s->demo, NULL) ||
         sqlite3_prepare_v2(db,
                            "INSERT INTO survey_text (respondent, field, text) VALUES (?,?,?)",
                            -1, &s->text, NULL);
}

static int step(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE ? 0 : rc;
}

/* The store's salt, made on first use. */
static int get_salt(sqlite3 *db, char salt[33], const char *path) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT salt FROM survey_salt WHERE id = 1", -1, &st, NULL))
    return db_fail(db, path);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    snprintf(salt, 33, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return SOSO_OK;
  }
  sqlite3_finalize(st);
  if ((rc = sv_new_salt(salt))) return rc;
  if (sqlite3_prepare_v2(db, "INSERT INTO survey_salt (id, salt) VALUES (1, ?)", -1, &st, NULL))
    return db_fail(db, path);
  sqlite3_bind_text(st, 1, salt, -1, SQLITE_TRANSIENT);
  rc = step(st);
  sqlite3_finalize(st);
  return rc ? db_fail(db, path) : SOSO_OK;
}

typedef struct colmap {
  long *item;          /* column per item */
  long weight, id;
  long *demo, *text;   /* per codebook demographic / free-text field, -1 absent */
  long *names;         /* columns holding names (for redaction) */
  size_t n_names;
  size_t n_used;
} colmap;

static int map_columns(colmap *m, const sv_table *t, const soso_survey_codebook *cb,
                       const char *path) {
  m->item = calloc(cb->n_items, sizeof *m->item);
  m->demo = calloc(cb->n_demo + 1, sizeof *m->demo);
  m->text = calloc(cb->n_text + 1, sizeof *m->text);
  m->names = calloc(t->n_cols + 1, sizeof *m->names);
  if (!m->item || !m->demo || !m->text || !m->names)
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  unsigned char *used = calloc(t->n_cols + 1, 1);
  if (!used) return soso_error_set(SOSO_ENOMEM, "out of memory");
  int rc = SOSO_OK;
  for (size_t i = 0; i < cb->n_items && rc == SOSO_OK; i++) {
    const sv_item *it = &cb->items[i];
    m->item[i] = find_col(t, it->name, it->lime, it->label);
    if (m->item[i] < 0)
      rc = soso_error_set(SOSO_EDATA,
                          "%s:1: %s: no column for this item (looked for \"%s\"%s%s%s; codebook "
                          "%s:%d)",
                          path, it->name, it->name, it->lime ? ", \"" : "",
                          it->lime ? it->lime : "", it->lime ? "\"" : "", cb->path, it->line);
    else if (used[m->item[i]])
      rc = soso_error_set(SOSO_EDATA, "%s:1: %s: column \"%s\" is mapped twice", path,
                          it->name, t->header[m->item[i]]);
    else
      used[m->item[i]] = 1;
  }
  m->weight = cb->weight ? find_col(t, cb->weight, NULL, NULL) : -1;
  if (rc == SOSO_OK && cb->weight && m->weight < 0)
    rc = soso_error_set(SOSO_EDATA, "%s:1: %s: no weight column (the codebook names one)", path,
                        cb->weight);
  if (m->weight >= 0) used[m->weight] = 1;
  m->id = -1;
  if (cb->respondent_id) {
    char ids[256];
    snprintf(ids, sizeof ids, "%s", cb->respondent_id);
    for (char *tok = strtok(ids, "|"); tok && m->id < 0; tok = strtok(NULL, "|"))
      m->id = find_col(t, tok, NULL, NULL);
    if (m->id >= 0) used[m->id] = 1;
  }
  for (size_t i = 0; i < cb->n_demo; i++) {
    m->demo[i] = find_col(t, cb->demographics[i], NULL, NULL);
    if (m->demo[i] >= 0) used[m->demo[i]] = 1;
  }
  for (size_t i = 0; i < cb->n_text; i++) {
    m->text[i] = find_col(t, cb->free_text[i], NULL, NULL);
    if (m->text[i] >= 0) used[m->text[i]] = 1;
  }
  for (size_t c = 0; c < t->n_cols; c++) {
    if (used[c]) m->n_used++;
    char low[256];
    size_t k = 0;
    for (const char *p = t->header[c]; *p && k + 1 < sizeof low; p++)
      low[k++] = (char)tolower((unsigned char)*p);
    low[k] = '\0';
    if (!used[c] && strstr(low, "name")) m->names[m->n_names++] = (long)c;
  }
  free(used);
  return rc;
}

static void colmap_free(colmap *m) {
  free(m->item);
  free(m->demo);
  free(m->text);
  free(m->names);
}

static const char *detect_format(const sv_table *t) {
  if (strcmp(t->format, "csv") != 0) return t->format;
  for (size_t c = 0; c < t->n_cols; c++) {
    const char *h = t->header[c];
    if (strcmp(h, "_uuid") == 0 || strcmp(h, "_submission_time") == 0 || strchr(h, '/'))
      return "kobo-csv";
    if (strcmp(h, "submitdate") == 0 || strcmp(h, "lastpage") == 0 ||
        strcmp(h, "startlanguage") == 0)
      return "limesurvey-csv";
  }
  return "csv";
}

static int store_rows(sqlite3 *db, stmts *s, sqlite3_int64 wave_id, const sv_table *t,
                      const soso_survey_codebook *cb, const colmap *m, const double *vals,
                      const double *wts, const char *salt, const char *path,
                      soso_survey_import_result *res) {
  const char *names[64];
  for (size_t r = 0; r < t->n_rows; r++) {
    sqlite3_bind_int64(s->resp, 1, wave_id);
    sqlite3_bind_int64(s->resp, 2, (sqlite3_int64)r + 1);
    const char *id = m->id >= 0 ? t->cells[r][m->id] : NULL;
    char h[65];
    if (id) {
      sv_hash_id(h, salt, id);
      sqlite3_bind_text(s->resp, 3, h, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_double(s->resp, 4, wts[r]);
    if (step(s->resp)) return db_fail(db, path);
    sqlite3_int64 rid = sqlite3_last_insert_rowid(db);
    for (size_t i = 0; i < cb->n_items; i++) {
      double v = vals[r * cb->n_items + i];
      sqlite3_bind_int64(s->ans, 1, rid);
      sqlite3_bind_text(s->ans, 2, cb->items[i].name, -1, SQLITE_STATIC);
      if (isfinite(v)) sqlite3_bind_double(s->ans, 3, v);
      else res->n_missing++;
      if (step(s->ans)) return db_fail(db, path);
      res->n_answers++;
    }
    for (size_t i = 0; i < cb->n_demo; i++) {
      if (m->demo[i] < 0) continue;
      sqlite3_bind_int64(s->demo, 1, rid);
      sqlite3_bind_text(s->demo, 2, cb->demographics[i], -1, SQLITE_STATIC);
      const char *v = t->cells[r][m->demo[i]];
      if (v) sqlite3_bind_text(s->demo, 3, v, -1, SQLITE_STATIC);
      if (step(s->demo)) return db_fail(db, path);
    }
    size_t nn = 0;
    for (size_t k = 0; k < m->n_names && nn < 64; k++)
      if (t->cells[r][m->names[k]]) names[nn++] = t->cells[r][m->names[k]];
    for (size_t i = 0; i < cb->n_text; i++) {
      if (m->text[i] < 0 || !t->cells[r][m->text[i]]) continue;
      char *red = sv_redact(t->cells[r][m->text[i]], names, nn);
      if (!red) return soso_error_set(SOSO_ENOMEM, "out of memory");
      sqlite3_bind_int64(s->text, 1, rid);
      sqlite3_bind_text(s->text, 2, cb->free_text[i], -1, SQLITE_STATIC);
      sqlite3_bind_text(s->text, 3, red, -1, SQLITE_TRANSIENT);
      free(red);
      if (step(s->text)) return db_fail(db, path);
    }
    res->n_resp++;
  }
  return SOSO_OK;
}

static int write_all(soso_store *store, const sv_table *t, const soso_survey_codebook *cb,
                     const colmap *m, const double *vals, const double *wts, const char *path,
                     const soso_survey_import_opts *o, soso_survey_import_result *res) {
  sqlite3 *db = soso__store_db(store);
  stmts s = {0};
  char salt[33];
  int rc = get_salt(db, salt, path);
  if (rc) return rc;
  sqlite3_stmt *del = NULL;
  if (sqlite3_prepare_v2(db, "DELETE FROM survey_wave WHERE community = ? AND wave = ?", -1,
                         &del, NULL))
    return db_fail(db, path);
  sqlite3_bind_text(del, 1, o->community, -1, SQLITE_STATIC);
  sqlite3_bind_text(del, 2, o->wave, -1, SQLITE_STATIC);
  rc = step(del);
  sqlite3_finalize(del);
  if (rc) return db_fail(db, path);
  res->replaced = sqlite3_changes(db) > 0;
  if (prepare(db, &s)) {
    rc = db_fail(db, path);
    goto done;
  }
  const char *base = strrchr(path, '/');
  const char *cbase = strrchr(cb->path, '/');
  char now[32];
  time_t tt = time(NULL);
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  sqlite3_bind_text(s.wave, 1, o->community, -1, SQLITE_STATIC);
  sqlite3_bind_text(s.wave, 2, o->wave, -1, SQLITE_STATIC);
  sqlite3_bind_text(s.wave, 3, base ? base + 1 : path, -1, SQLITE_STATIC);
  sqlite3_bind_text(s.wave, 4, res->format, -1, SQLITE_STATIC);
  sqlite3_bind_text(s.wave, 5, cbase ? cbase + 1 : cb->path, -1, SQLITE_STATIC);
  sqlite3_bind_text(s.wave, 6, cb->title ? cb->title : "", -1, SQLITE_STATIC);
  sqlite3_bind_int(s.wave, 7, cb->synthetic);
  sqlite3_bind_double(s.wave, 8, cb->scale_min);
  sqlite3_bind_double(s.wave, 9, cb->scale_max);
  sqlite3_bind_text(s.wave, 10, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s.wave, 11, (sqlite3_int64)t->n_rows);
  if (step(s.wave)) {
    rc = db_fail(db, path);
    goto done;
  }
  sqlite3_int64 wave_id = sqlite3_last_insert_rowid(db);
  for (size_t i = 0; i < cb->n_items; i++) {
    sqlite3_bind_int64(s.item, 1, wave_id);
    sqlite3_bind_text(s.item, 2, cb->items[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s.item, 3, soso_survey_construct_name((soso_construct)cb->items[i].construct), -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(s.item, 4, cb->items[i].reverse);
    sqlite3_bind_text(s.item, 5, cb->items[i].label ? cb->items[i].label : "", -1,
                      SQLITE_STATIC);
    if (step(s.item)) {
      rc = db_fail(db, path);
      goto done;
    }
  }
  rc = store_rows(db, &s, wave_id, t, cb, m, vals, wts, salt, path, res);
done:
  stmts_free(&s);
  return rc;
}

int soso_survey_import(soso_survey_import_result *out, soso_store *store, const char *path,
                       const soso_survey_codebook *cb, const soso_survey_import_opts *o) {
  memset(out, 0, sizeof *out);
  if (!store || !path || !cb || !o || !o->community || !*o->community || !o->wave || !*o->wave)
    return soso_error_set(SOSO_EUSAGE, "survey import: needs a store, a file, a codebook, a "
                          "community and a wave");
  sv_table t;
  int rc = sv_table_read(&t, path);
  if (rc) return rc;
  colmap m = {0};
  double *vals = NULL, *wts = NULL;
  if (t.n_rows == 0) {
    rc = soso_error_set(SOSO_EDATA, "%s:2: no respondents in the file", path);
    goto done;
  }
  if ((rc = map_columns(&m, &t, cb, path))) goto done;
  snprintf(out->format, sizeof out->format, "%s", detect_format(&t));
  out->n_dropped = t.n_cols - m.n_used;
  vals = malloc(t.n_rows * cb->n_items * sizeof *vals);
  wts = malloc(t.n_rows * sizeof *wts);
  if (!vals || !wts) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    goto done;
  }
  /* Validate every cell before the store is touched. */
  for (size_t r = 0; r < t.n_rows && rc == SOSO_OK; r++) {
    for (size_t i = 0; i < cb->n_items && rc == SOSO_OK; i++)
      rc = answer(&vals[r * cb->n_items + i], cb, &t, r, (size_t)m.item[i], path);
    wts[r] = 1.0;
    if (rc == SOSO_OK && m.weight >= 0) {
      const char *s = t.cells[r][m.weight];
      char *e = NULL, pos[48];
      double w = s ? strtod(s, &e) : NAN;
      if (!s || !e || *e || !isfinite(w) || w <= 0)
        rc = soso_error_set(SOSO_EDATA, "%s:%s: %s: weight \"%s\" is not a positive number",
                            path, where(&t, r, pos, sizeof pos), t.header[m.weight],
                            s ? s : "");
      else
        wts[r] = w;
    }
  }
  if (rc) goto done;
  if ((rc = soso_store_begin(store))) goto done;
  rc = write_all(store, &t, cb, &m, vals, wts, path, o, out);
  if (rc == SOSO_OK) rc = soso_store_commit(store);
  if (rc) {
    soso_store_rollback(store);
    memset(out, 0, sizeof *out);
  }
done:
  free(vals);
  free(wts);
  colmap_free(&m);
  sv_table_free(&t);
  return rc;
}

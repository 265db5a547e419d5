/* csv.c - the one line-numbered CSV reader and the one CSV field writer
 * (include/soso/csv.h).
 *
 * Invariants: the reader owns a NUL-terminated copy of the text (buf, len bytes,
 * no NUL inside) and splits records in place, so a field is a pointer into buf and
 * no field or record has a size limit; pos is the first unread byte; next_line is
 * the line number of buf[pos]. A record that spans lines (a quoted line break, only
 * with opts.multiline) reports the line it starts on.
 * Hand-written rather than GDAL's CSV driver: that driver guesses column types and
 * does not report line numbers, and opening a dataset costs far more than parsing
 * a small file (which matters to the fuzzers in fuzz/).
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/csv.h"
#include "soso/error.h"
#include "soso/afile.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct soso_csv {
  char *name;         /* file name for messages (owned) */
  char *buf;          /* the text, split in place (owned, NUL-terminated) */
  size_t len;         /* bytes of text */
  size_t pos;         /* first unread byte */
  long line;          /* line of the current record */
  long next_line;     /* line of buf[pos] */
  char **fld;         /* fields of the current record (into buf) */
  size_t nf, cap;     /* fields used and allocated */
  soso_csv_opts o;    /* options (sep resolved after the first record) */
};

static int blank(const soso_csv *r, char c) {
  if (r->o.all_space) return c != '\n' && isspace((unsigned char)c);
  return c == ' ' || c == '\t';
}

/* Guess the separator from the first non-blank line, outside quotes. */
static char detect_sep(const char *s) {
  int quoted = 0, n_comma = 0, n_semi = 0, n_tab = 0;
  for (; *s && (quoted || *s != '\n'); s++) {
    if (*s == '"') quoted = !quoted;
    else if (!quoted && *s == ',') n_comma++;
    else if (!quoted && *s == ';') n_semi++;
    else if (!quoted && *s == '\t') n_tab++;
  }
  return n_comma ? ',' : n_semi ? ';' : n_tab ? '\t' : ',';
}

static int take(soso_csv **out, char *name, char *buf, size_t len, const soso_csv_opts *o) {
  soso_csv *r = calloc(1, sizeof *r);
  if (!r || !name) {
    free(r);
    free(name);
    free(buf);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  static const soso_csv_opts k_def = SOSO_CSV_OPTS_INIT;
  r->o = o ? *o : k_def;
  r->name = name;
  r->buf = buf;
  r->len = len;
  r->next_line = 1;
  const char *nul = memchr(buf, '\0', len);
  if (nul) {
    long line = 1;
    for (const char *p = buf; p < nul; p++) line += *p == '\n';
    int rc = soso_error_set(SOSO_EDATA, "%s:%ld: file: NUL byte (not a text file)", name, line);
    soso_csv_free(r);
    return rc;
  }
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3; /* UTF-8 BOM */
  *out = r;
  return SOSO_OK;
}

static char *dup_name(const char *s) {
  size_t n = strlen(s ? s : "") + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s ? s : "", n);
  return p;
}

int soso_csv_open(soso_csv **out, const char *path, const soso_csv_opts *o) {
  *out = NULL;
  char *buf = NULL;
  size_t len = 0;
  int rc = soso_afile_read_file(&buf, &len, path);
  if (rc < 0) return rc;
  return take(out, dup_name(path), buf, len, o);
}

int soso_csv_open_mem(soso_csv **out, const char *name, const char *text, size_t len,
                      const soso_csv_opts *o) {
  *out = NULL;
  char *buf = malloc(len + 1);
  if (!buf) return soso_error_set(SOSO_ENOMEM, "out of memory");
  if (len) memcpy(buf, text, len);
  buf[len] = '\0';
  return take(out, dup_name(name), buf, len, o);
}

void soso_csv_free(soso_csv *r) {
  if (!r) return;
  free(r->fld);
  free(r->buf);
  free(r->name);
  free(r);
}

static int push(soso_csv *r, char *f) {
  if (r->nf == r->cap) {
    size_t nc = r->cap ? 2 * r->cap : 16;
    char **nfld = realloc(r->fld, nc * sizeof *nfld);
    if (!nfld) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", r->name);
    r->fld = nfld;
    r->cap = nc;
  }
  r->fld[r->nf++] = f;
  return SOSO_OK;
}

/* Skips blank (and, with comments, '#') lines; 0 at the end of the text. */
static int skip_empty(soso_csv *r) {
  for (;;) {
    if (r->pos >= r->len) return 0;
    char *s = r->buf + r->pos;
    while (blank(r, *s) || *s == '\r') s++;
    int comment = r->o.comments && *s == '#';
    if (*s != '\n' && *s != '\0' && !comment) return 1;
    char *nl = strchr(s, '\n');
    if (!nl) {
      r->pos = r->len;
      return 0;
    }
    r->pos = (size_t)(nl - r->buf) + 1;
    r->next_line++;
  }
}

int soso_csv_next(soso_csv *r) {
  r->nf = 0;
  if (!skip_empty(r)) {
    r->line = r->next_line;
    return 0;
  }
  if (!r->o.sep) r->o.sep = detect_sep(r->buf + r->pos);
  const char sep = r->o.sep;
  r->line = r->next_line;
  char *s = r->buf + r->pos;
  int rc;
  for (;;) {
    while (blank(r, *s) && *s != sep) s++;
    if (*s == '"') { /* quoted: copied down in place, "" is a quote */
      char *w = ++s, *f = s;
      for (;;) {
        if (!*s || (*s == '\n' && !r->o.multiline)) {
          return soso_error_set(SOSO_EDATA, "%s:%ld: field %zu: unterminated quote", r->name,
                                r->line, r->nf + 1);
        }
        if (*s == '"' && s[1] == '"') {
          *w++ = '"';
          s += 2;
        } else if (*s == '"') {
          s++;
          break;
        } else {
          if (*s == '\n') r->next_line++;
          *w++ = *s++;
        }
      }
      while ((blank(r, *s) && *s != sep) || (*s == '\r' && (s[1] == '\n' || !s[1]))) s++;
      if (*s && *s != sep && *s != '\n')
        return soso_error_set(SOSO_EDATA, "%s:%ld: field %zu: text after closing quote",
                              r->name, r->line, r->nf + 1);
      char end = *s;
      *w = '\0';
      if ((rc = push(r, f)) < 0) return rc;
      if (end == sep) {
        s++;
        continue;
      }
      if (end == '\n') {
        r->next_line++;
        s++;
      }
      break;
    }
    char *f = s;
    while (*s && *s != sep && *s != '\n') s++;
    char end = *s;
    char *e = s;
    while (e > f && (blank(r, e[-1]) || e[-1] == '\r')) e--;
    *e = '\0';
    if ((rc = push(r, f)) < 0) return rc;
    if (end == sep) {
      s++;
      continue;
    }
    if (end == '\n') {
      r->next_line++;
      s++;
    }
    break;
  }
  r->pos = (size_t)(s - r->buf);
  return 1;
}

size_t soso_csv_count(const soso_csv *r) { return r->nf; }
const char *soso_csv_field(const soso_csv *r, size_t i) { return i < r->nf ? r->fld[i] : ""; }
char **soso_csv_fields(const soso_csv *r) { return r->fld; }
long soso_csv_line(const soso_csv *r) { return r->line; }
char soso_csv_sep(const soso_csv *r) { return r->o.sep ? r->o.sep : ','; }
const char *soso_csv_name(const soso_csv *r) { return r->name; }

/* A plain decimal number ("-3.5", "+1e3"): safe in a cell although it starts
 * with '-' or '+'. */
static int plain_number(const char *s) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end) return 0;
  for (const char *c = s; *c; c++)
    if (!isdigit((unsigned char)*c) && !strchr(".+-eE", *c)) return 0;
  return isfinite(v);
}

int soso_csv_is_formula(const char *s) {
  if (!s || !strchr("=+-@\t\r", *s) || !*s) return 0;
  return !plain_number(s);
}

static void write_field(FILE *f, const char *s, char sep, int quote) {
  if (!s) s = "";
  int formula = soso_csv_is_formula(s);
  quote |= formula;
  for (const char *c = s; *c && !quote; c++)
    quote = *c == sep || *c == '"' || *c == '\r' || *c == '\n';
  if (!quote) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula) fputc('\'', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

void soso_csv_write_field(FILE *f, const char *s, char sep) { write_field(f, s, sep, 0); }
void soso_csv_write_quoted(FILE *f, const char *s, char sep) { write_field(f, s, sep, 1); }

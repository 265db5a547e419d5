/* csv.h - the library's one CSV reader and one CSV writer.
 *
 * Reader: RFC 4180 records with exact line numbers, so that every message can say
 * "FILE:LINE: key: reason". Fields are split in a private copy of the text (no
 * fixed-size buffers: a record or field may be any length). Quoted fields may hold
 * the separator and "" for a quote; unquoted fields are trimmed of blanks; blank
 * lines are skipped; a UTF-8 byte order mark is skipped; a NUL byte is an error
 * (a binary file must not end an import silently).
 * Writer: one text field, quoted when it holds the separator, a quote or a line
 * break, and defused for spreadsheets when it starts with = + - @ (or a tab or
 * carriage return) and is not a plain number: such a cell is written as
 * "'=..." so Excel or LibreOffice show it as text instead of running a formula.
 */
#ifndef SOSO_CSV_H
#define SOSO_CSV_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_csv soso_csv;

typedef struct soso_csv_opts {
  char sep;      /* field separator; 0: detect from the first record (',' else ';'
                    else tab, as GDAL's CSV driver does) */
  int multiline; /* 1: a quoted field may span lines (the record's line is its first) */
  int comments;  /* 1: lines whose first non-blank byte is '#' are skipped */
  int all_space; /* 1: trim every isspace() byte; 0: blanks, tabs and a final '\r' */
} soso_csv_opts;

#define SOSO_CSV_OPTS_INIT {',', 0, 0, 0}

/* Opens path for reading (the whole file is read now). o may be NULL (defaults).
 * Errors: SOSO_EIO "PATH: cannot open: ...", SOSO_ENOMEM, SOSO_EDATA
 * "PATH:LINE: file: NUL byte (not a text file)". *out NULL on failure. */
int soso_csv_open(soso_csv **out, const char *path, const soso_csv_opts *o);

/* The same over len bytes of text (copied); name is used in messages (copied). */
int soso_csv_open_mem(soso_csv **out, const char *name, const char *text, size_t len,
                      const soso_csv_opts *o);

/* Reads the next non-blank record. Returns 1 (a record), 0 (end of text) or a
 * negative code: SOSO_EDATA "PATH:LINE: field N: unterminated quote" or
 * "...: text after closing quote", SOSO_ENOMEM. Fields stay valid until the next
 * call. */
int soso_csv_next(soso_csv *r);

/* Fields of the current record. */
size_t soso_csv_count(const soso_csv *r);
/* Field i of the current record (trimmed, unquoted); "" when i is out of range. */
const char *soso_csv_field(const soso_csv *r, size_t i);
/* All fields of the current record (soso_csv_count of them). */
char **soso_csv_fields(const soso_csv *r);
/* 1-based line where the current record starts; at the end of the text, the
 * number of lines (a final newline starts an empty last line). */
long soso_csv_line(const soso_csv *r);
/* The separator in use (after detection). */
char soso_csv_sep(const soso_csv *r);
/* The name given at open. */
const char *soso_csv_name(const soso_csv *r);

/* Frees the reader; NULL-safe. */
void soso_csv_free(soso_csv *r);

/* Writes text s as one field (see the top of this file for quoting and the
 * spreadsheet-formula guard). sep is the separator the file uses. */
void soso_csv_write_field(FILE *f, const char *s, char sep);

/* The same, always in quotes (for columns a reader expects quoted). */
void soso_csv_write_quoted(FILE *f, const char *s, char sep);

/* 1 when s would be changed by the spreadsheet-formula guard. */
int soso_csv_is_formula(const char *s);

#ifdef __cplusplus
}
#endif
#endif

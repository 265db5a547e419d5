/* text.h - text for people: names compared as people compare them, columns that
 * line up in a terminal, numbers without scientific notation.
 *
 * Names are folded with utf8proc (Unicode 15): compatibility decomposition (NFKD),
 * combining marks stripped, case folded; "Trepča", "TREPCA" and "Trepca" fold to
 * "trepca", "Petiknäs" to "petiknas". Letters without a decomposition keep their
 * identity ("ø", "ł", "ß" -> "ss" by case folding). Display width counts each
 * character's terminal columns (utf8proc_charwidth): 1 for "ä", 2 for wide CJK,
 * 0 for combining marks.
 */
#ifndef SOSO_TEXT_H
#define SOSO_TEXT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The folded form of s (see top) in a new string the caller frees; with
 * alnum_only, only letters and digits are kept ("Trepča (Stari Trg)" ->
 * "trepcastaritrg"). Invalid UTF-8 is read as Latin-1 bytes. NULL only when out
 * of memory. */
char *soso_text_fold(const char *s, int alnum_only);

/* 1 if the folded forms of a and b are equal. */
int soso_text_same(const char *a, const char *b);

/* 1 if the folded form of needle occurs in the folded form of hay. */
int soso_text_contains(const char *hay, const char *needle);

/* Terminal columns of s (invalid bytes count 1). */
size_t soso_text_width(const char *s);

/* Writes s left-aligned in a field of width columns (padding with blanks; never
 * cut). Returns the columns written. */
size_t soso_text_pad(FILE *f, const char *s, size_t width);

/* s shortened to at most width columns, ending in "…" when cut, into out (size
 * n); returns out. */
const char *soso_text_clip(char *out, size_t n, const char *s, size_t width);

/* Writes s right-aligned in width columns. */
size_t soso_text_rpad(FILE *f, const char *s, size_t width);

/* v with `decimals` decimals and a thousands separator sep (e.g. ","; "" for
 * none), never in scientific notation: 805312.4, 0, "," -> "805,312". NaN and
 * infinities give "-". Returns out. */
const char *soso_text_number(char *out, size_t n, double v, int decimals, const char *sep);

/* v rounded to sig significant digits (at most the units: 805312.4, 4 -> "805,300";
 * 0.012345, 3 -> "0.0123"; 6.0, 3 -> "6": trailing zeros after the point dropped),
 * never in scientific notation, with separator sep.
 * For money and counts in tables meant for people. Returns out. */
const char *soso_text_sig(char *out, size_t n, double v, int sig, const char *sep);

#ifdef __cplusplus
}
#endif
#endif

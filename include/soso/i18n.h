/* i18n.h - the reader's language: GNU gettext catalogs (po/, text domain "soso")
 * and numbers and dates written the way the language writes them.
 *
 * Languages: "en" (the msgids themselves), "bs" (Bosnian), "hr" (Croatian), "sr"
 * (Serbian, Cyrillic script) and "sr@latin" (Serbian, Latin script). The names
 * follow gettext's catalog folders (sr = Cyrillic, sr@latin = Latin).
 *
 * One language per process. gettext chooses the catalog from process-wide state
 * (the LC_MESSAGES locale and the LANGUAGE variable), so soso keeps no language
 * variable of its own: soso_i18n_setup writes that state once, before any thread
 * starts, and soso_i18n_lang reads it back. The library holds no mutable global of
 * its own; the program (or soso_report_region, see report.h) chooses the
 * language once, at the start of a run. Two reports in two languages at the same
 * time need two processes.
 *
 * Numbers: soso_i18n_number is the one formatter for numbers a reader sees (the
 * report's text and tables, chart ticks). It never depends on LC_NUMERIC (which
 * soso leaves at "C", so CSV and JSON keep their decimal point).
 */
#ifndef SOSO_I18N_H
#define SOSO_I18N_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The canonical code ("en", "bs", "hr", "sr", "sr@latin") of a language or locale
 * name such as "bs", "bs_BA.UTF-8", "sr_RS@latin", "sr-Latn", "sr-Cyrl", "hr-HR",
 * "en_GB", "C" or "POSIX" (English); NULL for a language soso has no catalog for. */
const char *soso_i18n_canonical(const char *name);

/* The language the environment asks for: the first supported entry of LANGUAGE
 * (a colon-separated list), else LC_ALL, LC_MESSAGES, LANG (the first one set and
 * not empty decides); "en" when none is set or supported. */
const char *soso_i18n_from_env(void);

/* The compiled-in folder of the compiled catalogs (LOCALEDIR/LANG/LC_MESSAGES/
 * soso.mo), built from po/ by the build. */
const char *soso_i18n_localedir_builtin(void);

/* One-time process setup of the message language. lang: a name soso_i18n_canonical
 * accepts, or NULL for soso_i18n_from_env(). localedir: the catalogs' folder (NULL:
 * the built-in one). Sets LC_MESSAGES to "C.UTF-8" (gettext ignores LANGUAGE in
 * the "C" locale) and LANGUAGE to the language, and binds the "soso" domain to
 * localedir in UTF-8. Not thread-safe: call it before starting threads.
 * Errors: SOSO_EUSAGE for a language soso does not have; SOSO_ENOTFOUND when the
 * catalog file of a non-English language is missing (names the path). */
int soso_i18n_setup(const char *lang, const char *localedir);

/* The message language now in use ("en" before any setup). */
const char *soso_i18n_lang(void);

/* BCP 47 tag for HTML's lang attribute: "en", "bs", "hr", "sr-Cyrl", "sr-Latn". */
const char *soso_i18n_html_lang(const char *lang);

/* Flags of soso_i18n_number. */
enum {
  SOSO_NUM_NOGROUP = 1 /* no thousands separator (years, identifiers) */
};

/* Writes v with the given decimals (0..9) the way the current language writes
 * numbers: en "12,345.6"; bs, hr, sr "12.345,6" (decimal comma, a full stop
 * between thousands). Groups only numbers of five or more integer digits, as
 * both English and Bosnian/Croatian/Serbian typesetting recommend (1500, 12,500).
 * The minus sign is "-". Non-finite values are written as "-". Always
 * NUL-terminates (n >= 1); returns the length it needed, like snprintf. */
size_t soso_i18n_number(char *buf, size_t n, double v, int decimals, unsigned flags);

/* A date as the current language writes it: en "2 December 2026"; bs and sr
 * "2. decembar 2026." ("2. децембар 2026."), hr "2. prosinca 2026.". month 1..12;
 * out-of-range parts give the ISO form "2026-12-02". Returns the length needed. */
size_t soso_i18n_date(char *buf, size_t n, int year, int month, int day);

#ifdef __cplusplus
}
#endif
#endif

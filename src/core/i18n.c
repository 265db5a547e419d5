/* i18n.c - the message language (GNU gettext) and numbers and dates for it (see
 * include/soso/i18n.h).
 *
 * No mutable global of soso's own: the language lives where gettext reads it (the
 * LANGUAGE variable and the LC_MESSAGES locale), written once by soso_i18n_setup
 * and read back by soso_i18n_lang. Month names are locale data (as glibc's LC_TIME
 * would hold them, but those locales are rarely installed), not messages, so they
 * are tables here and not catalog entries; Croatian dates use the genitive.
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/i18n.h"

#include "core/i18n_int.h"
#include "soso/error.h"

#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "soso/data.h"

#ifndef SOSO_LOCALE_DIR
#define SOSO_LOCALE_DIR "locale"
#endif

/* The installed tree keeps the compiled catalogs in the data folder (DATADIR/soso/
 * locale); a build tree uses its own (compiled in). */
const char *soso_i18n_localedir_builtin(void) {
  static _Thread_local char buf[4096];
  return soso_data_subdir(buf, sizeof buf, "locale", SOSO_LOCALE_DIR);
}

const char *soso__tr(const char *msgid) {
  /* dgettext returns msgid itself when there is no translation. */
  return dgettext(SOSO_TEXTDOMAIN, msgid);
}

/* Lower-case ASCII compare of the first n bytes. */
static int prefix_eq(const char *s, const char *p) {
  for (; *p; s++, p++) {
    char c = *s;
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != *p) return 0;
  }
  return 1;
}

const char *soso_i18n_canonical(const char *name) {
  if (!name || !*name) return NULL;
  if (strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 || prefix_eq(name, "c.")) return "en";
  /* language code: letters up to '_', '-', '.', '@' or the end */
  size_t k = strcspn(name, "_-.@");
  if (k != 2) return NULL;
  int latin = strstr(name, "@latin") != NULL || strstr(name, "-Latn") != NULL ||
              strstr(name, "-latn") != NULL;
  if (prefix_eq(name, "en")) return "en";
  if (prefix_eq(name, "bs")) return "bs";
  if (prefix_eq(name, "hr")) return "hr";
  if (prefix_eq(name, "sr")) return latin ? "sr@latin" : "sr";
  return NULL;
}

const char *soso_i18n_from_env(void) {
  const char *lv = getenv("LANGUAGE");
  if (lv && *lv) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", lv);
    for (char *save = NULL, *tok = strtok_r(buf, ":", &save); tok;
         tok = strtok_r(NULL, ":", &save)) {
      const char *c = soso_i18n_canonical(tok);
      if (c) return c;
    }
  }
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < 3; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) {
      const char *c = soso_i18n_canonical(v);
      return c ? c : "en";
    }
  }
  return "en";
}

int soso_i18n_setup(const char *lang, const char *localedir) {
  const char *code = lang ? soso_i18n_canonical(lang) : soso_i18n_from_env();
  if (!code)
    return soso_error_set(SOSO_EUSAGE, "language \"%s\" is not available (use en, bs, hr, sr "
                          "or sr@latin)", lang);
  const char *dir = localedir ? localedir : soso_i18n_localedir_builtin();
  if (strcmp(code, "en") != 0) {
    char mo[1200];
    struct stat st;
    snprintf(mo, sizeof mo, "%s/%s/LC_MESSAGES/%s.mo", dir, code, SOSO_TEXTDOMAIN);
    if (stat(mo, &st) != 0)
      return soso_error_set(SOSO_ENOTFOUND, "%s: no catalog for language \"%s\" (build the "
                            "catalogs, or set SOSO_LOCALEDIR)", mo, code);
  }
  if (setenv("LANGUAGE", code, 1) != 0)
    return soso_error_set(SOSO_ERR, "language: cannot set LANGUAGE");
  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is built into glibc (no
   * locale package needed) and is not "C". A change of locale makes gettext drop
   * the translations it cached for the previous language: passing through "C"
   * makes it a change even when LC_MESSAGES was C.UTF-8 already. */
  setlocale(LC_MESSAGES, "C");
  if (!setlocale(LC_MESSAGES, "C.UTF-8") && strcmp(code, "en") != 0)
    return soso_error_set(SOSO_ERR, "language \"%s\": the C.UTF-8 locale is missing, so "
                          "gettext cannot switch language (glibc 2.35 or later has it built in)",
                          code);
  if (!bindtextdomain(SOSO_TEXTDOMAIN, dir) ||
      !bind_textdomain_codeset(SOSO_TEXTDOMAIN, "UTF-8"))
    return soso_error_set(SOSO_ENOMEM, "language: out of memory");
  return SOSO_OK;
}

const char *soso_i18n_lang(void) {
  const char *lv = getenv("LANGUAGE");
  const char *c = lv ? soso_i18n_canonical(lv) : NULL;
  return c ? c : "en";
}

const char *soso_i18n_html_lang(const char *lang) {
  const char *c = soso_i18n_canonical(lang);
  if (!c) return "en";
  if (strcmp(c, "sr") == 0) return "sr-Cyrl";
  if (strcmp(c, "sr@latin") == 0) return "sr-Latn";
  return c;
}

size_t soso_i18n_number(char *buf, size_t n, double v, int decimals, unsigned flags) {
  if (!isfinite(v)) return (size_t)snprintf(buf, n, "-");
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  int en = strcmp(soso_i18n_lang(), "en") == 0;
  char sep = en ? ',' : '.', dot = en ? '.' : ',';
  char raw[400];
  snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
  /* "-0" and "-0.0" read as zero, so the sign goes only on a non-zero result */
  int neg = v < 0 && strspn(raw, "0.") != strlen(raw);
  char out[600];
  size_t k = 0;
  if (neg) out[k++] = '-';
  size_t ilen = strcspn(raw, ".");
  int group = !(flags & SOSO_NUM_NOGROUP) && ilen >= 5;
  for (size_t i = 0; raw[i] && k + 2 < sizeof out; i++) {
    if (raw[i] == '.') {
      out[k++] = dot;
      continue;
    }
    if (group && i > 0 && i < ilen && (ilen - i) % 3 == 0) out[k++] = sep;
    out[k++] = raw[i];
  }
  out[k] = '\0';
  return (size_t)snprintf(buf, n, "%s", out);
}

size_t soso_i18n_date(char *buf, size_t n, int year, int month, int day) {
  static const char *const en[12] = {"January", "February", "March",     "April",
                                     "May",     "June",     "July",      "August",
                                     "September", "October", "November", "December"};
  static const char *const bs[12] = {"januar", "februar", "mart",     "april",
                                     "maj",    "juni",    "juli",     "august",
                                     "septembar", "oktobar", "novembar", "decembar"};
  static const char *const hr[12] = {"siječnja", "veljače", "ožujka",  "travnja",
                                     "svibnja",  "lipnja",  "srpnja",  "kolovoza",
                                     "rujna",    "listopada", "studenoga", "prosinca"};
  static const char *const srl[12] = {"januar", "februar", "mart",     "april",
                                      "maj",    "jun",     "jul",      "avgust",
                                      "septembar", "oktobar", "novembar", "decembar"};
  static const char *const src[12] = {"јануар", "фебруар", "март",     "април",
                                      "мај",    "јун",     "јул",      "август",
                                      "септембар", "октобар", "новембар", "децембар"};
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return (size_t)snprintf(buf, n, "%04d-%02d-%02d", year, month, day);
  const char *lang = soso_i18n_lang();
  const char *const *names = strcmp(lang, "bs") == 0         ? bs
                             : strcmp(lang, "hr") == 0       ? hr
                             : strcmp(lang, "sr") == 0       ? src
                             : strcmp(lang, "sr@latin") == 0 ? srl
                                                             : NULL;
  if (!names) return (size_t)snprintf(buf, n, "%d %s %d", day, en[month - 1], year);
  return (size_t)snprintf(buf, n, "%d. %s %d.", day, names[month - 1], year);
}

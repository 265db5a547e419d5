/* i18n_int.h - marking the sentences a reader sees for translation (GNU gettext).
 *
 * Every user-visible string of the report, the charts and the web app is written
 * as _("English text") (or N_() where it must stay a constant, translated at use).
 * The English text is the msgid; catalogs live in po/. Until the catalogs are
 * wired in (issue 11, "Languages"), _() returns its argument unchanged, so the
 * marking can be done file by file without changing any output.
 */
#ifndef SOSO_I18N_INT_H
#define SOSO_I18N_INT_H

#ifndef _
#define _(s) (s)
#endif
#ifndef N_
#define N_(s) (s)
#endif

#endif

/* i18n_int.h - marking the sentences a reader sees for translation (GNU gettext).
 *
 * Every user-visible string of the report, the charts and the web app is written
 * as _("English text") (or N_() where it must stay a constant, translated at use
 * with _()). The English text is the msgid; the catalogs are po/LANG.po, the template
 * po/soso.pot is made by xgettext over src/ (`make update-po`), and the build
 * compiles each catalog with msgfmt into LOCALEDIR/LANG/LC_MESSAGES/soso.mo.
 *
 * _() looks the text up with dgettext in the "soso" domain, in the language the
 * process was set up for (soso_i18n_setup, include/soso/i18n.h). gettext's language
 * is process-wide state that gettext owns; soso adds no global of its own, and the
 * setup is a documented one-time step before threads start, so _() is safe to
 * call from any thread afterwards. Without setup it returns the English msgid.
 *
 * Rules for msgids: whole sentences with printf conversions ("%s mines near %s"),
 * never sentences glued from pieces, because word order differs between languages;
 * numbers go in through soso_i18n_number, not "%.1f".
 */
#ifndef SOSO_I18N_INT_H
#define SOSO_I18N_INT_H

#define SOSO_TEXTDOMAIN "soso"

/* The translation of msgid in the current language, or msgid itself. The result
 * is owned by gettext (or is msgid) and stays valid for the process. */
const char *soso__tr(const char *msgid)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;

#ifndef _
#define _(s) soso__tr(s)
#endif
#ifndef N_
#define N_(s) (s)
#endif

#endif

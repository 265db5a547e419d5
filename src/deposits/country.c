/* country.c - country names to ISO 3166-1 alpha-2 codes, including the historical
 * states deposit databases still use.
 *
 * Invariants: names match case-insensitively after trimming blanks and a trailing
 * "?" (the USGS tables mark doubtful attributions "Estonia?"); an alpha-2 code in
 * the table is accepted as itself. Kosovo has no ISO code: the user-assigned "XK"
 * (used by the European Commission) is returned.
 * Historical states go to the successor whose bounding box alone contains the
 * point. Boxes are coarse (the states' extents rounded outward to 0.1 degree), so
 * a point in two successors' boxes (e.g. northern Kosovo is also inside Serbia's
 * box) is left not normalised rather than guessed; the importer reports it.
 * The table is written out because Debian's iso-codes lists neither the
 * historical states nor the colloquial names ("England", "Bosnia", "Macedonia")
 * that the sources use, and a compiled table needs no file at run time.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct country {
  const char *code;    /* ISO 3166-1 alpha-2 (XK: Kosovo, user-assigned) */
  const char *name;    /* English short name */
  const char *aliases; /* |-separated other names */
} country;

static const country k_countries[] = {
    {"AF", "Afghanistan", ""}, {"AX", "Aland Islands", "\xc3\x85land|Aland"},
    {"BH", "Bahrain", ""}, {"KW", "Kuwait", ""}, {"QA", "Qatar", ""},
    {"AE", "United Arab Emirates", "UAE"}, {"MR", "Mauritania", ""},
    {"EH", "Western Sahara", "W. Sahara"}, {"PS", "Palestine", ""},
    {"GG", "Guernsey", ""}, {"JE", "Jersey", ""}, {"IM", "Isle of Man", ""},
    {"VA", "Vatican", "Holy See|Vatican City"}, {"AL", "Albania", ""}, {"DZ", "Algeria", ""},
    {"AD", "Andorra", ""}, {"AR", "Argentina", ""}, {"AM", "Armenia", ""},
    {"AU", "Australia", ""}, {"AT", "Austria", ""}, {"AZ", "Azerbaijan", ""},
    {"BY", "Belarus", "Byelorussia"}, {"BE", "Belgium", ""}, {"BT", "Bhutan", ""},
    {"BO", "Bolivia", ""},
    {"BA", "Bosnia and Herzegovina", "Bosnia|Bosnia-Herzegovina|Bosnia & Herzegovina|BiH|"
                                     "Bosnia and Herz."},
    {"BR", "Brazil", ""}, {"BG", "Bulgaria", ""}, {"BF", "Burkina Faso", ""},
    {"CA", "Canada", ""}, {"CL", "Chile", ""}, {"CN", "China", ""},
    {"CO", "Colombia", ""}, {"HR", "Croatia", ""}, {"CU", "Cuba", ""},
    {"CY", "Cyprus", "N. Cyprus|Northern Cyprus"}, {"CZ", "Czechia", "Czech Republic"},
    {"CD", "Democratic Republic of the Congo", "DR Congo|Congo (Kinshasa)|Zaire"},
    {"DK", "Denmark", ""}, {"DO", "Dominican Republic", ""}, {"EC", "Ecuador", ""},
    {"EG", "Egypt", ""}, {"ER", "Eritrea", ""}, {"EE", "Estonia", ""},
    {"ET", "Ethiopia", ""}, {"FO", "Faroe Islands", "Faeroe Is.|Faeroe Islands"}, {"FJ", "Fiji", "Fiji Islands"},
    {"FI", "Finland", ""}, {"FR", "France", ""}, {"GE", "Georgia", ""},
    {"DE", "Germany", ""}, {"GH", "Ghana", ""}, {"GR", "Greece", ""},
    {"GL", "Greenland", "Kalaallit Nunaat (Greenland)|Kalaallit Nunaat"},
    {"GT", "Guatemala", ""}, {"GN", "Guinea", ""}, {"GY", "Guyana", ""},
    {"HU", "Hungary", ""}, {"IS", "Iceland", ""}, {"IN", "India", ""},
    {"ID", "Indonesia", ""}, {"IR", "Iran", ""}, {"IQ", "Iraq", ""},
    {"IE", "Ireland", "Republic of Ireland|Eire"}, {"IL", "Israel", ""},
    {"IT", "Italy", ""}, {"JP", "Japan", ""}, {"JO", "Jordan", ""},
    {"KZ", "Kazakhstan", ""}, {"KE", "Kenya", ""},
    {"XK", "Kosovo", "Kosovo (Serbia)"}, {"KG", "Kyrgyzstan", "Kirghizia"},
    {"LA", "Laos", ""}, {"LV", "Latvia", ""}, {"LB", "Lebanon", ""},
    {"LY", "Libya", ""}, {"LI", "Liechtenstein", ""}, {"LT", "Lithuania", ""},
    {"LU", "Luxembourg", "Luxenbourg"}, {"MG", "Madagascar", ""},
    {"MY", "Malaysia", ""}, {"ML", "Mali", ""}, {"MT", "Malta", ""},
    {"MX", "Mexico", ""}, {"MD", "Moldova", ""}, {"MC", "Monaco", ""},
    {"MN", "Mongolia", ""}, {"ME", "Montenegro", ""}, {"MA", "Morocco", ""},
    {"MZ", "Mozambique", ""}, {"MM", "Myanmar", "Burma"}, {"NA", "Namibia", ""},
    {"NL", "Netherlands", "Holland"}, {"NZ", "New Zealand", ""}, {"NG", "Nigeria", ""},
    {"KP", "North Korea", ""},
    {"MK", "North Macedonia", "Macedonia|FYROM|Former Yugoslav Republic of Macedonia"},
    {"NO", "Norway", ""}, {"OM", "Oman", ""}, {"PK", "Pakistan", ""},
    {"PG", "Papua New Guinea", ""}, {"PE", "Peru", ""}, {"PH", "Philippines", ""},
    {"PL", "Poland", ""}, {"PT", "Portugal", ""}, {"RO", "Romania", ""},
    {"RU", "Russia", "Russian Federation"}, {"SM", "San Marino", ""},
    {"SA", "Saudi Arabia", ""}, {"RS", "Serbia", ""},
    {"SK", "Slovakia", "Slovak Republic"}, {"SI", "Slovenia", ""},
    {"ZA", "South Africa", ""}, {"KR", "South Korea", "Korea, Republic of|Republic of Korea"},
    {"ES", "Spain", ""}, {"LK", "Sri Lanka", ""}, {"SD", "Sudan", ""},
    {"SE", "Sweden", ""}, {"CH", "Switzerland", ""}, {"SY", "Syria", ""},
    {"TJ", "Tajikistan", ""}, {"TZ", "Tanzania", ""}, {"TH", "Thailand", ""},
    {"TN", "Tunisia", ""}, {"TR", "Turkey", "Turkiye|T\xc3\xbcrkiye"},
    {"TM", "Turkmenistan", ""}, {"UG", "Uganda", ""}, {"UA", "Ukraine", ""},
    {"GB", "United Kingdom",
     "UK|Great Britain|England|Scotland|Wales|Northern Ireland|"
     "United Kingdom of Great Britain and Northern Ireland"},
    {"US", "United States", "USA|United States of America"},
    {"UZ", "Uzbekistan", ""}, {"VE", "Venezuela", ""},
    {"VN", "Vietnam", "Viet Nam"}, {"ZM", "Zambia", ""}, {"ZW", "Zimbabwe", ""},
    {NULL, NULL, NULL}};

/* A successor state's bounding box, degrees. */
typedef struct box {
  const char *code; /* successor */
  double min_lon, min_lat, max_lon, max_lat;
} box;

typedef struct historical {
  const char *names;     /* |-separated names of the former state */
  const box *successors; /* terminated by a NULL code */
} historical;

static const box k_yugoslavia[] = {
    {"SI", 13.3, 45.4, 16.7, 46.9}, {"HR", 13.4, 42.3, 19.5, 46.6},
    {"BA", 15.7, 42.5, 19.7, 45.3}, {"RS", 18.8, 42.2, 23.1, 46.2},
    {"ME", 18.4, 41.8, 20.4, 43.6}, {"XK", 20.0, 41.8, 21.8, 43.3},
    {"MK", 20.4, 40.8, 23.1, 42.4}, {NULL, 0, 0, 0, 0}};
static const box k_serbia_montenegro[] = {
    {"RS", 18.8, 42.2, 23.1, 46.2}, {"ME", 18.4, 41.8, 20.4, 43.6},
    {"XK", 20.0, 41.8, 21.8, 43.3}, {NULL, 0, 0, 0, 0}};
static const box k_czechoslovakia[] = {
    {"CZ", 12.0, 48.5, 18.9, 51.1}, {"SK", 16.8, 47.7, 22.6, 49.7}, {NULL, 0, 0, 0, 0}};
static const box k_ussr[] = {
    {"RU", 19.6, 41.1, 180.0, 82.0}, {"RU", -180.0, 64.0, -168.0, 72.0},
    {"UA", 22.1, 44.3, 40.3, 52.4}, {"BY", 23.1, 51.2, 32.8, 56.2},
    {"EE", 21.7, 57.5, 28.3, 59.7}, {"LV", 20.9, 55.6, 28.3, 58.1},
    {"LT", 20.9, 53.8, 26.9, 56.5}, {"MD", 26.6, 45.4, 30.2, 48.5},
    {"GE", 40.0, 41.0, 46.8, 43.6}, {"AM", 43.4, 38.8, 46.7, 41.3},
    {"AZ", 44.7, 38.3, 50.4, 41.9}, {"KZ", 46.4, 40.5, 87.4, 55.5},
    {"UZ", 55.9, 37.1, 73.2, 45.6}, {"TM", 52.4, 35.1, 66.7, 42.8},
    {"KG", 69.2, 39.1, 80.3, 43.3}, {"TJ", 67.3, 36.6, 75.2, 41.1},
    {NULL, 0, 0, 0, 0}};

static const historical k_historical[] = {
    {"Yugoslavia|SFR Yugoslavia|Socialist Federal Republic of Yugoslavia|"
     "Federal Republic of Yugoslavia",
     k_yugoslavia},
    {"Serbia and Montenegro|Serbia & Montenegro", k_serbia_montenegro},
    {"Czechoslovakia", k_czechoslovakia},
    {"USSR|Soviet Union|U.S.S.R.|Union of Soviet Socialist Republics", k_ussr},
    {NULL, NULL}};

static int in_list(const char *s, const char *list) {
  size_t n = strlen(s);
  for (const char *p = list; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncasecmp(p, s, n) == 0) return 1;
    p = bar ? bar + 1 : NULL;
  }
  return 0;
}

/* The successor whose boxes alone contain the point; NULL if none or several. */
static const char *successor(const box *b, double lat, double lon) {
  const char *found = NULL;
  for (; b->code; b++) {
    if (lon < b->min_lon || lon > b->max_lon || lat < b->min_lat || lat > b->max_lat)
      continue;
    if (found && strcmp(found, b->code) != 0) return NULL;
    found = b->code;
  }
  return found;
}

int soso_deposits_country_code(char out[3], const char *name, double lat, double lon) {
  char buf[128];
  out[0] = '\0';
  const char *s = name ? name : "";
  while (*s && isspace((unsigned char)*s)) s++;
  size_t len = strlen(s);
  while (len > 0 && (isspace((unsigned char)s[len - 1]) || s[len - 1] == '?')) len--;
  if (len == 0) return soso_error_set(SOSO_ENOTFOUND, "no country given");
  if (len >= sizeof buf) len = sizeof buf - 1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  for (const country *c = k_countries; c->code; c++) {
    if (strcasecmp(buf, c->code) == 0 || strcasecmp(buf, c->name) == 0 ||
        in_list(buf, c->aliases)) {
      snprintf(out, 3, "%s", c->code);
      return 0;
    }
  }
  for (const historical *h = k_historical; h->names; h++) {
    if (!in_list(buf, h->names)) continue;
    const char *code = successor(h->successors, lat, lon);
    if (!code)
      return soso_error_set(SOSO_ENOTFOUND,
                            "\"%s\": the point (%.4f, %.4f) is in no single successor "
                            "state's box",
                            buf, lat, lon);
    snprintf(out, 3, "%s", code);
    return 0;
  }
  return soso_error_set(SOSO_ENOTFOUND, "\"%s\" is not a known country", buf);
}

const char *soso_deposits_country_name(const char *code) {
  for (const country *c = k_countries; c->code; c++)
    if (strcasecmp(code, c->code) == 0) return c->name;
  return NULL;
}

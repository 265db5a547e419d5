/* commodity.c - the vocabulary of deposit data: commodity codes, grade and
 * tonnage units, deposit status words.
 *
 * Invariants: a commodity code is the lowercase element symbol (IUPAC) for an
 * element, else one lowercase word for a material that is not one element
 * ("fluorspar", "baryte", "phosphate", "ree", "pge"). Synonyms cover what the
 * USGS, GSC and MinMod tables spell (names, symbols, main ore minerals, USGS
 * commodity-group names such as "Phosphorus-Phosphates"). The table is written out
 * here because no Debian-packaged library maps mineral-commodity names to symbols.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/error.h"
#include "soso/suggest.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct commodity {
  const char *code;     /* commodity code */
  const char *name;     /* English name */
  const char *aliases;  /* |-separated other spellings (case-insensitive) */
  int precious;         /* grades in g/t */
} commodity;

static const commodity k_commodities[] = {
    {"zn", "Zinc", "sphalerite|smithsonite", 0},
    {"pb", "Lead", "galena|cerussite", 0},
    {"cu", "Copper", "chalcopyrite|bornite|chalcocite|native copper", 0},
    {"ag", "Silver", "", 1},
    {"au", "Gold", "", 1},
    {"sn", "Tin", "cassiterite", 0},
    {"w", "Tungsten", "wolfram|wolframite|scheelite", 0},
    {"mo", "Molybdenum", "molybdenite", 0},
    {"sb", "Antimony", "stibnite", 0},
    {"bi", "Bismuth", "", 0},
    {"in", "Indium", "", 0},
    {"ni", "Nickel", "pentlandite|garnierite|native nickel|Nickel (battery grade)", 0},
    {"co", "Cobalt", "", 0},
    {"cr", "Chromium", "chromite|Chromic Oxide|chrome", 0},
    {"fe", "Iron", "magnetite|hematite|iron ore", 0},
    {"mn", "Manganese", "pyrolusite|Manganese (battery grade)", 0},
    {"ti", "Titanium", "ilmenite|rutile|Titanium metal", 0},
    {"v", "Vanadium", "", 0},
    {"nb", "Niobium", "columbium|pyrochlore", 0},
    {"ta", "Tantalum", "tantalite", 0},
    {"be", "Beryllium", "beryl", 0},
    {"li", "Lithium", "Lithium (battery grade)|spodumene", 0},
    {"ga", "Gallium", "", 0},
    {"ge", "Germanium", "", 0},
    {"hf", "Hafnium", "", 0},
    {"sc", "Scandium", "", 0},
    {"sr", "Strontium", "celestite", 0},
    {"mg", "Magnesium", "Magnesium metal", 0},
    {"al", "Aluminium", "aluminum|Aluminum Oxide|bauxite", 0},
    {"si", "Silicon", "Silicon metal", 0},
    {"as", "Arsenic", "arsenopyrite", 0},
    {"hg", "Mercury", "cinnabar", 0},
    {"u", "Uranium", "uraninite", 0},
    {"th", "Thorium", "", 0},
    {"zr", "Zirconium", "zircon|baddeleyite", 0},
    {"cd", "Cadmium", "", 0},
    {"te", "Tellurium", "", 0},
    {"se", "Selenium", "", 0},
    {"p", "Phosphorus", "", 0},
    {"b", "Boron", "Boron-Borates|borate|borates|Boron (metallurgy grade)", 0},
    {"s", "Sulfur", "sulphur", 0},
    {"br", "Bromine", "", 0},
    {"na", "Sodium", "", 0},
    {"k", "Potassium", "", 0},
    {"ca", "Calcium", "", 0},
    {"pt", "Platinum", "sperrylite|native platinum", 1},
    {"pd", "Palladium", "native palladium", 1},
    {"rh", "Rhodium", "", 1},
    {"ru", "Ruthenium", "", 1},
    {"ir", "Iridium", "", 1},
    {"os", "Osmium", "", 1},
    {"pge", "Platinum group metals", "PGE|PGM|PGMs|platinum group elements", 1},
    {"ree", "Rare earth elements", "REE|Rare Earth Elements|rare earths", 0},
    {"y", "Yttrium", "", 0},
    {"la", "Lanthanum", "", 0},
    {"ce", "Cerium", "", 0},
    {"pr", "Praseodymium", "", 0},
    {"nd", "Neodymium", "", 0},
    {"sm", "Samarium", "", 0},
    {"eu", "Europium", "", 0},
    {"gd", "Gadolinium", "", 0},
    {"tb", "Terbium", "", 0},
    {"dy", "Dysprosium", "", 0},
    {"ho", "Holmium", "", 0},
    {"er", "Erbium", "", 0},
    {"tm", "Thulium", "", 0},
    {"yb", "Ytterbium", "", 0},
    {"lu", "Lutetium", "", 0},
    {"fluorspar", "Fluorspar", "fluorite|Fluorine-Fluorite|fluorine", 0},
    {"baryte", "Baryte", "barite|Barium-Barite|barium", 0},
    {"graphite", "Graphite", "Natural graphite|Graphite (battery grade)", 0},
    {"phosphate", "Phosphate rock", "Phosphorus-Phosphates|phosphorite|apatite|"
                                    "fluorapatite|francolite", 0},
    {"potash", "Potash", "sylvite|sylvinite", 0},
    {"salt", "Salt", "halite|HAL|rock salt", 0},
    {"magnesite", "Magnesite", "", 0},
    {"feldspar", "Feldspar", "", 0},
    {"coal", "Coking coal", "coking coal", 0},
    {"talc", "Talc", "", 0},
    {"gypsum", "Gypsum", "Gypsum-Anhydrite|anhydrite", 0},
    {"kaolin", "Kaolin", "kaolinite", 0},
    {"diamond", "Diamond", "Gemstone > Diamond", 0},
    {NULL, NULL, NULL, 0}};

/* 1 if s equals (case-insensitively) one of the |-separated words in list. */
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

/* Copies s without leading/trailing blanks into buf (size n). */
static const char *trim(char *buf, size_t n, const char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  size_t len = strlen(s);
  while (len > 0 && isspace((unsigned char)s[len - 1])) len--;
  if (len >= n) len = n - 1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  return buf;
}

int soso_deposits_commodity_code(char out[SOSO_CODE_MAX], const char *name) {
  char buf[96];
  out[0] = '\0';
  if (!name) return soso_error_set(SOSO_ENOTFOUND, "no commodity name");
  trim(buf, sizeof buf, name);
  if (!buf[0]) return soso_error_set(SOSO_ENOTFOUND, "empty commodity name");
  for (const commodity *c = k_commodities; c->code; c++) {
    if (strcasecmp(buf, c->code) == 0 || strcasecmp(buf, c->name) == 0 ||
        in_list(buf, c->aliases)) {
      snprintf(out, SOSO_CODE_MAX, "%s", c->code);
      return 0;
    }
  }
  return soso_error_set(SOSO_ENOTFOUND, "\"%s\" is not a known commodity", buf);
}

const char *soso_deposits_commodity_name(const char *code) {
  for (const commodity *c = k_commodities; c->code; c++)
    if (strcmp(code, c->code) == 0) return c->name;
  return code;
}

int soso_deposits_commodity_is_precious(const char *code) {
  for (const commodity *c = k_commodities; c->code; c++)
    if (strcmp(code, c->code) == 0) return c->precious;
  return 0;
}

int soso_deposits_unit_parse(char out[4], double *factor, const char *unit) {
  char buf[64];
  trim(buf, sizeof buf, unit ? unit : "");
  *factor = 1.0;
  if (in_list(buf, "%|pct|percent|wt%|wt.%|pc")) {
    snprintf(out, 4, "%%");
  } else if (in_list(buf, "g/t|gt|gpt|g/tonne|gram per tonne|grams per tonne|grams per ton")) {
    snprintf(out, 4, "g/t");
  } else if (in_list(buf, "ppm|parts per million")) {
    snprintf(out, 4, "ppm");
  } else if (in_list(buf, "kg/t|kgt|kilogram per tonne|kilograms per tonne")) {
    snprintf(out, 4, "%%"); /* 1 kg/t = 1/1000 of the ore = 0.1 % */
    *factor = 0.1;
  } else {
    out[0] = '\0';
    return soso_error_set(SOSO_EDATA, "\"%s\" is not a grade unit (%%, g/t, ppm, kg/t)",
                          buf);
  }
  return 0;
}

int soso_deposits_tonnage_unit_parse(double *to_mt, const char *unit) {
  char buf[64];
  trim(buf, sizeof buf, unit ? unit : "");
  /* 1 short ton = 2000 lb = 907.18474 kg exactly (US customary units). */
  if (in_list(buf, "Mt|million tonnes|million metric tons|million tons|mt")) *to_mt = 1.0;
  else if (in_list(buf, "t|tonnes|tonne|metric tons")) *to_mt = 1e-6;
  else if (in_list(buf, "kt|thousand tonnes")) *to_mt = 1e-3;
  else if (in_list(buf, "million short tons")) *to_mt = 0.90718474;
  else if (in_list(buf, "short tons")) *to_mt = 0.90718474e-6;
  else if (in_list(buf, "million pounds (avdp)|million pounds|million lb"))
    *to_mt = 0.45359237e-3; /* 1 lb avoirdupois = 0.45359237 kg exactly */
  else
    return soso_error_set(SOSO_EDATA, "\"%s\" is not a tonnage unit (Mt, t, short tons)",
                          buf);
  return 0;
}

static const char *const k_status_names[] = {"unknown", "mine", "past mine", "deposit",
                                             "prospect", "occurrence"};

const char *soso_deposits_status_name(soso_status s) {
  if ((int)s < 0 || (int)s > (int)SOSO_STATUS_OCCURRENCE) return "unknown";
  return k_status_names[s];
}

int soso_deposits_status_parse(soso_status *out, const char *s) {
  char buf[64];
  trim(buf, sizeof buf, s ? s : "");
  for (char *p = buf; *p; p++)
    if (*p == '_' || *p == '-') *p = ' ';
  if (in_list(buf, "mine|producer|producing|active mine|operating"))
    *out = SOSO_STATUS_MINE;
  else if (in_list(buf, "past mine|past producer|former mine|closed mine|abandoned mine"))
    *out = SOSO_STATUS_PAST_MINE;
  else if (in_list(buf, "deposit|resource"))
    *out = SOSO_STATUS_DEPOSIT;
  else if (in_list(buf, "prospect"))
    *out = SOSO_STATUS_PROSPECT;
  else if (in_list(buf, "occurrence|showing|indication"))
    *out = SOSO_STATUS_OCCURRENCE;
  else if (in_list(buf, "unknown"))
    *out = SOSO_STATUS_UNKNOWN;
  else {
    char near[32], hint[64] = "";
    if (soso_suggest_list(near, sizeof near, buf, "mine|past mine|deposit|prospect|occurrence"))
      snprintf(hint, sizeof hint, "; did you mean \"%s\"?", near);
    return soso_error_set(SOSO_EDATA,
                          "\"%s\" is not a status (mine, past mine, deposit, prospect, "
                          "occurrence%s)",
                          buf, hint);
  }
  return 0;
}

double soso__contained_t(double ore_mt, double value, const char *unit) {
  if (!isfinite(ore_mt) || !isfinite(value) || !unit[0]) return NAN;
  if (strcmp(unit, "%") == 0) return ore_mt * 1e6 * value / 100.0;
  return ore_mt * value; /* g/t and ppm: 1 Mt x 1 g/t = 1e6 t x 1e-6 = 1 t */
}

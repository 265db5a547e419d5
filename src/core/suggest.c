/* suggest.c - "did you mean": the closest known word by edit distance, and the
 * British form of American -ize spellings (see soso/suggest.h).
 *
 * Hand-written: the distance is twenty lines of dynamic programming on short
 * words (commands, options, keys); no Debian library offers it for C without a
 * much larger dependency. Words longer than 63 bytes are never suggested for.
 */
#include "soso/suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { SG_MAX = 64 };

int soso_suggest_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la >= SG_MAX || lb >= SG_MAX) return 255;
  int d[SG_MAX][SG_MAX];
  for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
      int best = d[i - 1][j - 1] + (ca != cb);
      if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
          cb == tolower((unsigned char)a[i - 2]) && d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  return d[la][lb] > 255 ? 255 : d[la][lb];
}

static int limit(size_t len) { return len <= 4 ? 1 : len <= 8 ? 2 : 3; }

const char *soso_suggest(const char *word, const char *const *candidates, size_t n) {
  if (!word || !*word || !candidates) return NULL;
  const char *best = NULL;
  int best_d = limit(strlen(word)) + 1;
  for (size_t k = 0; n ? k < n : candidates[k] != NULL; k++) {
    if (!candidates[k] || !*candidates[k]) continue;
    int dist = soso_suggest_distance(word, candidates[k]);
    if (dist < best_d && dist > 0) {
      best_d = dist;
      best = candidates[k];
    }
  }
  return best;
}

const char *soso_suggest_list(char *out, size_t n, const char *word, const char *choices) {
  char buf[SG_MAX];
  const char *best = NULL;
  size_t best_len = 0;
  int best_d = word ? limit(strlen(word)) + 1 : 0;
  if (!word || !*word || !out || n == 0) return NULL;
  for (const char *p = choices; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len > 0 && len < sizeof buf) {
      memcpy(buf, p, len);
      buf[len] = '\0';
      int dist = soso_suggest_distance(word, buf);
      if (dist < best_d && dist > 0) {
        best_d = dist;
        best = p;
        best_len = len;
      }
    }
    p = bar ? bar + 1 : NULL;
  }
  if (!best || best_len >= n) return NULL;
  memcpy(out, best, best_len);
  out[best_len] = '\0';
  return out;
}

const char *soso_suggest_spelling_british(char *out, size_t n, const char *word) {
  static const char *const k_us[] = {"ization", "izations", "ize", "izes", "ized", "izing",
                                     "yze", "yzed", "yzes", "yzing", NULL};
  if (!out || n == 0) return out;
  snprintf(out, n, "%s", word ? word : "");
  size_t len = strlen(out);
  for (const char *const *e = k_us; *e; e++) {
    size_t le = strlen(*e);
    /* at least three letters before the ending: "size" and "prize" stay */
    if (len > le + 2 && strcmp(out + len - le, *e) == 0) {
      out[len - le + 1] = 's'; /* the z after i or y */
      break;
    }
  }
  return out;
}

const char *soso_suggest_hint(char *out, size_t n, const char *word,
                              const char *const *candidates) {
  if (!out || n == 0) return out;
  const char *near = soso_suggest(word, candidates, 0);
  if (near) snprintf(out, n, " (did you mean \"%s\"?)", near);
  else out[0] = '\0';
  return out;
}

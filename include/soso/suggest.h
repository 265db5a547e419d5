/* suggest.h - "did you mean" for misspelt words: commands, options, YAML keys and
 * enumerated values all go through this one function.
 *
 * Closeness is the optimal-string-alignment edit distance (Damerau-Levenshtein
 * with adjacent transpositions), on ASCII case-folded words: "--commodty" ->
 * "--commodity" (1), "optmised" -> "optimised" (1), "sreen" -> "screen" (1).
 */
#ifndef SOSO_SUGGEST_H
#define SOSO_SUGGEST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Edit distance between a and b (case-insensitive for ASCII), capped at 255. */
int soso_suggest_distance(const char *a, const char *b);

/* The candidate closest to word, or NULL when none is close enough: a distance of
 * at most 1 for words up to 4 characters, 2 up to 8, 3 beyond; ties go to the
 * first candidate. candidates: n words, or NULL-terminated when n == 0. The result
 * points into candidates. */
const char *soso_suggest(const char *word, const char *const *candidates, size_t n);

/* " (did you mean \"X\"?)" for the closest of the NULL-terminated candidates,
 * or "" when none is close; written into out (size n), which is returned. Made to
 * be appended to an "unknown key" or "not a known value" message. */
const char *soso_suggest_hint(char *out, size_t n, const char *word,
                              const char *const *candidates);

/* The same over a |-separated list ("table|csv|json"); the word is copied into
 * out (size n) and out returned, or NULL when none is close. */
const char *soso_suggest_list(char *out, size_t n, const char *word, const char *choices);

/* The British spelling of an American -ize/-ization/-yze word ("optimized" ->
 * "optimised", "normalization" -> "normalisation", "analyze" -> "analyse") into
 * out (size n); out gets the word itself when it has no such ending. Returns out.
 * Callers accept both where both are usual by comparing this form. */
const char *soso_suggest_spelling_british(char *out, size_t n, const char *word);

#ifdef __cplusplus
}
#endif
#endif

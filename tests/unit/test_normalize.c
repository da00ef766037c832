/* test_normalize.c: normalisation for matching. */
#include <criterion/criterion.h>
#include <string.h>

#include "reprint.h"

static char *norm(const char *s)
{
    char *out;
    size_t len;

    cr_assert_eq(rp_normalize(s, strlen(s), &out, &len), RP_OK);
    cr_assert_eq(strlen(out), len);
    return out;
}

struct golden {
    const char *in, *out;
};

Test(normalize, golden_table_of_quotes_dashes_case_and_compatibility_forms)
{
    static const struct golden table[] = {
        {"Won\xE2\x80\x99t", "won't"}, /* right single quote */
        {"won't", "won't"},
        {"\xE2\x80\x9C"
         "Quoted\xE2\x80\x9D",
         "\"quoted\""}, /* curly double quotes */
        {"1990\xE2\x80\x93"
         "91",
         "1990-91"}, /* en dash */
        {"a\xE2\x80\x94"
         "b",
         "a-b"}, /* em dash */
        {"\xE2\x88\x92"
         "5",
         "-5"}, /* minus sign */
        {"STRASSE", "strasse"},
        {"Stra\xC3\x9F"
         "e",
         "strasse"}, /* sharp s folds to ss */
        {"\xEF\xAC\x81"
         "nal",
         "final"},                          /* fi ligature (NFKC) */
        {"\xEF\xBC\xA1\xEF\xBC\xA2", "ab"}, /* fullwidth letters */
        {"Cafe\xCC\x81", "caf\xC3\xA9"},    /* combining accent composes */
        {"\xC2\xAB"
         "non"
         "\xC2\xBB",
         "\"non\""},                  /* guillemets */
        {"x\xFFy", "x\xEF\xBF\xBDy"}, /* invalid byte -> U+FFFD */
        {"a\xE2\x80\xB4", "a'''"},    /* triple prime: three quotes */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        char *got = norm(table[i].in);
        cr_expect_str_eq(got, table[i].out, "normalising entry %zu", i);
        rp_free(got);
    }
}

Test(normalize, normalising_twice_changes_nothing)
{
    static const char *const inputs[] = {"\xE1\xBA\x9E",
                                         "\xC7\x85",
                                         "\xE2\x84\xAB",
                                         "\xCE\x90",
                                         ("Stra\xC3\x9F"
                                          "e \xEF\xAC\x81"),
                                         "\xF0\x9F\x87\xA6\xF0\x9F\x87\xB2 x"};
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        char *once = norm(inputs[i]);
        char *twice = norm(once);
        cr_expect_str_eq(once, twice, "input %zu", i);
        rp_free(once);
        rp_free(twice);
    }
}

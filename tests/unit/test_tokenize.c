/* test_tokenize.c: words with byte offsets, sentences and paragraphs. */
#include <criterion/criterion.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/text/tokenize.h"

static rp_text *analyze(const char *s)
{
    rp_text *t;

    cr_assert_eq(rp_text_new(&t), RP_OK);
    cr_assert_eq(rp_text_analyze(t, s, strlen(s)), RP_OK);
    return t;
}

static void expect_words(const char *s, const char *const *want, size_t n)
{
    rp_text *t = analyze(s);
    rp_text_stats st;

    rp_text_stats_get(t, &st);
    cr_assert_eq(st.word_count, n, "'%s': %zu words, want %zu", s, st.word_count, n);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *w = rp_text_word_norm(t, i, &len);
        cr_expect(len == strlen(want[i]) && memcmp(w, want[i], len) == 0,
                  "'%s': word %zu is '%.*s', want '%s'", s, i, (int)len, w, want[i]);
    }
    rp_text_free(t);
}

static void expect_sentences(const char *s, size_t n)
{
    rp_text *t = analyze(s);
    rp_text_stats st;

    rp_text_stats_get(t, &st);
    cr_expect_eq(st.sentence_count, n, "'%s': %zu sentences, want %zu", s, st.sentence_count, n);
    rp_text_free(t);
}

Test(tokenize, numbers_with_separators_are_one_word_and_hyphens_split)
{
    static const char *const want[] = {"120,000", "people", "3.5", "in", "nagorno", "karabakh"};
    expect_words("120,000 people, 3.5% in Nagorno-Karabakh.", want, 6);
}

Test(tokenize, apostrophes_inside_words_stay_and_curly_ones_fold)
{
    static const char *const want[] = {"won't", "azerbaijan's", "won't"};
    expect_words("won\xE2\x80\x99t Azerbaijan's 'won't'", want, 3);
}

Test(tokenize, words_keep_byte_offsets_into_the_original)
{
    const char *s = "  \xE2\x80\x9C"
                    "Caf\xC3\xA9 au lait\xE2\x80\x9D, he said.";
    rp_text *t = analyze(s);
    rp_token w = rp_text_word(t, 0);

    cr_expect_eq(w.start, 5);
    cr_expect_eq(w.end, 10);
    w = rp_text_word(t, 2);
    cr_expect_eq(w.start, 14);
    cr_expect_eq(w.end, 18);
    rp_text_free(t);
}

Test(tokenize, invalid_utf8_is_counted_and_splits_words)
{
    rp_text *t = analyze("ab\xFFgh \xC3 x");
    rp_text_stats st;

    rp_text_stats_get(t, &st);
    cr_expect_eq(st.invalid_utf8, 2);
    cr_expect_eq(st.word_count, 3);
    rp_text_free(t);
}

Test(tokenize, sentences_end_at_terminal_punctuation_before_a_capital)
{
    expect_sentences("It rained. Then it stopped! Did it? Yes.", 4);
}

Test(tokenize, sentences_do_not_end_after_abbreviations_or_initials)
{
    expect_sentences("Mr. Smith met Dr. Jones in St. Louis. J. R. R. Tolkien wrote it.", 2);
    expect_sentences("Gen. Ilham spoke to Sen. Doe on Sept. 22 about No. 5.", 1);
}

Test(tokenize, a_period_without_white_space_after_it_ends_no_sentence)
{
    expect_sentences("Allstate (ALL.N) lost 2.5 percent. The U.S.A. team won.", 2);
}

Test(tokenize, sentences_do_not_end_inside_a_number)
{
    expect_sentences("Growth was 3.5 percent. Prices rose 2.1 points.", 2);
}

Test(tokenize, a_closing_quote_stays_with_its_sentence)
{
    const char *s = "He said: \xE2\x80\x9CWe will stay.\xE2\x80\x9D Then he left.";
    rp_text *t = analyze(s);
    rp_text_stats st;
    rp_token a;

    rp_text_stats_get(t, &st);
    cr_assert_eq(st.sentence_count, 2);
    a = rp_text_sentence(t, 0);
    cr_expect_eq(a.start, 0);
    cr_expect_eq(a.end, strlen("He said: \xE2\x80\x9CWe will stay.\xE2\x80\x9D"));
    rp_text_free(t);
}

Test(tokenize, a_lower_case_word_after_a_quoted_exclamation_continues_the_sentence)
{
    expect_sentences("\"Help!\" he shouted. Nobody came.", 2);
}

Test(tokenize, lines_are_paragraphs_and_sentences_never_cross_them)
{
    rp_text *t = analyze("Headline without period\nFirst line. Second sentence.\n\nThird\n");
    rp_text_stats st;

    rp_text_stats_get(t, &st);
    cr_expect_eq(st.paragraph_count, 3);
    cr_expect_eq(st.sentence_count, 4);
    rp_text_free(t);
}

Test(tokenize, hard_wrapped_text_makes_paragraphs_of_blank_line_blocks)
{
    const char *s = "The minister said on Friday that the talks\n"
                    "would go on for another week, and that both\n"
                    "sides had agreed to meet again.\n"
                    "\n"
                    "Nobody else spoke at the meeting, which\n"
                    "ended early.\n";
    rp_text *t = analyze(s);
    rp_text_stats st;

    rp_text_stats_get(t, &st);
    cr_expect_eq(st.paragraph_count, 2);
    cr_expect_eq(st.sentence_count, 2);
    rp_text_free(t);
}

Test(tokenize, empty_and_blank_texts_have_nothing)
{
    rp_text *t = analyze(" \n\t\n");
    rp_text_stats st;

    rp_text_stats_get(t, &st);
    cr_expect_eq(st.word_count, 0);
    cr_expect_eq(st.sentence_count, 0);
    cr_expect_eq(st.paragraph_count, 0);
    rp_text_free(t);
}

Test(tokenize, one_ten_megabyte_line_is_read_whole)
{
    const size_t n = 10u << 20;
    char *s = malloc(n + 1);
    rp_text *t;
    rp_text_stats st;

    for (size_t i = 0; i < n; i++)
        s[i] = (i % 7 == 6) ? ' ' : 'a' + (char)(i % 5);
    s[n] = '\0';
    cr_assert_eq(rp_text_new(&t), RP_OK);
    cr_assert_eq(rp_text_analyze(t, s, n), RP_OK);
    rp_text_stats_get(t, &st);
    cr_expect_eq(st.word_count, n / 7 + (n % 7 != 0));
    cr_expect_eq(st.paragraph_count, 1);
    rp_text_free(t);
    free(s);
}

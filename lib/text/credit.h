/* credit.h: bylines, credit and date lines (credit.c). */
#ifndef RP_CREDIT_H
#define RP_CREDIT_H

#include <stddef.h>

/* 1 when the line [s, s + len) reads as a byline, credit or agency line, not a headline. */
int rp__is_byline(const char *s, size_t len);
/* 1 when the line holds only dates and times: "September 22, 2023 10:05 am". */
int rp__is_dateline(const char *s, size_t len);
/* ASCII words (letters, digits, any non-ASCII byte) of the line. */
size_t rp__line_words(const char *s, size_t len);

#endif

/* credit.h: bylines, credit and date lines, photo credits, post attributions and navigation
 * lines (credit.c). */
#ifndef RP_CREDIT_H
#define RP_CREDIT_H

#include <stddef.h>

/* 1 when the line [s, s + len) reads as a byline, credit or agency line, not a headline. */
int rp__is_byline(const char *s, size_t len);
/* 1 when the line holds only dates and times: "September 22, 2023 10:05 am". */
int rp__is_dateline(const char *s, size_t len);
/* ASCII words (letters, digits, any non-ASCII byte) of the line. */
size_t rp__line_words(const char *s, size_t len);
/* 1 when the paragraph is a photo caption: it ends with a photo credit ("... via
 * REUTERS/file photo", "(AP Photo/Jane Doe)", "Getty Images") or opens with a caption label
 * ("FILE - ", "Photo:"). */
int rp__is_photo_credit(const char *s, size_t len);
/* 1 for the attribution line of an embedded post: "- Jane Doe (@jdoe) September 19, 2023",
 * "A post shared by ...". */
int rp__is_post_attribution(const char *s, size_t len);
/* 1 for a navigation or footer line: three or more short segments between '|' (or bullet)
 * separators, not ending as a sentence. */
int rp__is_nav_line(const char *s, size_t len);
/* 1 for a credit line that is never prose: "Reporting by ...; Editing by ...",
 * "(Additional reporting by ...)", "Contributing: ...". */
int rp__is_credit_line(const char *s, size_t len);

#endif

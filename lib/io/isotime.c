/* isotime.c: ISO 8601 dates and date-times (the profile of RFC 3339, plus a date alone, a
 * space for the 'T', basic zone forms and fractional seconds) to and from epoch seconds. */
#include <stdio.h>
#include <string.h>

#include "reprint.h"
#include "../base/banned.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    const int64_t yy = y - (m <= 2);
    const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    const int64_t yoe = yy - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits at s[*i]; returns -1 when they are not there. */
static int64_t digits(const char *s, size_t len, size_t *i, int n)
{
    int64_t v = 0;

    if (*i + (size_t)n > len)
        return -1;
    for (int k = 0; k < n; k++) {
        const char c = s[*i + (size_t)k];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *i += (size_t)n;
    return v;
}

static int leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rp_time_parse(const char *s, size_t len, int64_t *out, int *has_time)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t i = 0;
    int64_t y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    int timed = 0;

    *out = RP_TIME_NONE;
    if (has_time != NULL)
        *has_time = 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    y = digits(s, len, &i, 4);
    if (y < 0 || i >= len || s[i++] != '-')
        return RP_EFORMAT;
    mo = digits(s, len, &i, 2);
    if (mo < 1 || mo > 12 || i >= len || s[i++] != '-')
        return RP_EFORMAT;
    d = digits(s, len, &i, 2);
    if (d < 1 || d > mdays[mo - 1] + (mo == 2 && leap(y)))
        return RP_EFORMAT;
    if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        timed = 1;
        h = digits(s, len, &i, 2);
        if (h < 0 || h > 24 || i >= len || s[i++] != ':')
            return RP_EFORMAT;
        mi = digits(s, len, &i, 2);
        if (mi < 0 || mi > 59)
            return RP_EFORMAT;
        if (i < len && s[i] == ':') {
            i++;
            sec = digits(s, len, &i, 2);
            if (sec < 0 || sec > 60) /* 60: a leap second */
                return RP_EFORMAT;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                i++;
                if (i >= len || s[i] < '0' || s[i] > '9')
                    return RP_EFORMAT;
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
            }
        }
        if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            const int sign = s[i++] == '-' ? -1 : 1;
            const int64_t oh = digits(s, len, &i, 2);
            int64_t om = 0;
            if (oh < 0 || oh > 23)
                return RP_EFORMAT;
            if (i < len && s[i] == ':')
                i++;
            if (i < len) {
                om = digits(s, len, &i, 2);
                if (om < 0 || om > 59)
                    return RP_EFORMAT;
            }
            off = sign * (oh * 3600 + om * 60);
        }
    }
    if (i != len)
        return RP_EFORMAT;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    if (has_time != NULL)
        *has_time = timed;
    return RP_OK;
}

char *rp_time_format(int64_t t, int has_time, char *buf, size_t cap)
{
    int64_t days = t / 86400, rem = t % 86400, y, m, d;

    if (rem < 0) {
        rem += 86400;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    if (has_time)
        snprintf(buf, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m,
                 (long long)d, (long long)(rem / 3600), (long long)(rem / 60 % 60),
                 (long long)(rem % 60));
    else
        snprintf(buf, cap, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
    return buf;
}

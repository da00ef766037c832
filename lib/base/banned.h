/* banned.h: turns functions that are easy to misuse into compile errors (after git's). */
#ifndef RP_BANNED_H
#define RP_BANNED_H

#define RP__BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) RP__BANNED(strcpy)
#undef strcat
#define strcat(x, y) RP__BANNED(strcat)
#undef sprintf
#define sprintf(...) RP__BANNED(sprintf)
#undef strtok
#define strtok(x, y) RP__BANNED(strtok)
#undef gets
#define gets(x) RP__BANNED(gets)
#undef atoi
#define atoi(x) RP__BANNED(atoi)

#endif

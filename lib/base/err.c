/* err.c: names of result codes. */
#include "reprint.h"

const char *rp_strerror(int rc)
{
    switch (rc) {
    case RP_OK:
        return "ok";
    case RP_ENOMEM:
        return "out of memory";
    case RP_EINVAL:
        return "invalid argument";
    case RP_EIO:
        return "input/output error";
    case RP_ECORRUPT:
        return "damaged or foreign file";
    case RP_EFORMAT:
        return "malformed input";
    case RP_ELIMIT:
        return "input exceeds a limit";
    default:
        return "unknown error";
    }
}

/* LOG lines and the stack high-water scan: small services apps and ports use. */
#include <string.h>

#include "hil_internal.h"

static uint32_t dropped;

size_t hil_fmt_i64(char *out, int64_t v)
{
    char tmp[20];
    size_t n = 0, k = 0;
    /* Negate in unsigned arithmetic: -INT64_MIN does not exist. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        out[n++] = '-';
    do {
        tmp[k++] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u);
    while (k)
        out[n++] = tmp[--k];
    return n;
}

void hil_log(int level, const char *text)
{
    uint8_t lvl = (uint8_t)level;
    if (dropped) {
        char note[40] = "log: lines dropped: ";
        size_t n = hil_strlen(note);
        n += hil_fmt_i64(note + n, dropped);
        note[n] = 0;
        uint8_t warn = HIL_LOG_WARN;
        if (!hil_txq_push(HIL_T_LOG, &warn, 1, note)) {
            dropped++;
            return;
        }
        dropped = 0;
    }
    if (!hil_txq_push(HIL_T_LOG, &lvl, 1, text))
        dropped++;
}

void hil_log_int(int level, const char *text, int64_t v)
{
    char buf[HIL_LOG_TEXT_MAX + 1];
    size_t n = hil_strlen(text);
    if (n > HIL_LOG_TEXT_MAX - 20)
        n = HIL_LOG_TEXT_MAX - 20;
    memcpy(buf, text, n);
    n += hil_fmt_i64(buf + n, v);
    buf[n] = 0;
    hil_log(level, buf);
}

uint32_t hil_stack_used(const hil_region_t *r)
{
    uintptr_t lo = (r->start + 3u) & ~(uintptr_t)3u;
    uintptr_t hi = r->start + r->size;
    /* Stacks grow down: the lowest overwritten word marks the deepest use. */
    const volatile uint32_t *p = (const volatile uint32_t *)lo;
    while ((uintptr_t)p < hi && *p == HIL_STACK_PAINT)
        p++;
    return (uint32_t)(hi - (uintptr_t)p);
}

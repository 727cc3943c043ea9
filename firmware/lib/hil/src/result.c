/*
 * The app's side of RESULT (hil.h): what end() may fill in. The library adds
 * its own entries after the app's in session.c (finish_clip).
 */
#include "hil_internal.h"

void hil_result_predicted(hil_result_t *r, int idx) { r->predicted = idx; }
void hil_result_status(hil_result_t *r, uint8_t code) { r->status = code; }

void hil_result_cycles_split(hil_result_t *r, uint64_t frontend, uint64_t inference)
{
    r->split = true;
    r->fe = frontend;
    r->inf = inference;
}

void hil_result_scores(hil_result_t *r, const int32_t *s, unsigned n)
{
    if (r->scores_done)
        return;
    r->scores_done = true;
    uint8_t *p = hil_tlv_alloc(&r->tlv, 0x03, 4u * n);
    for (unsigned i = 0; p && i < n; i++)
        hil_put32(p + 4 * i, (uint32_t)s[i]);
}

void hil_result_value(hil_result_t *r, const char *name, int64_t v)
{
    uint8_t b[8];
    hil_put64(b, (uint64_t)v);
    hil_tlv_add(&r->tlv, 0x09, b, 8, name, hil_strlen(name));
}

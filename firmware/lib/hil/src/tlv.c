/* TLV lists (HELLO, RESULT): u8 tag, u16 len, value. */
#include "hil_internal.h"

size_t hil_strlen(const char *s)
{
    size_t n = 0;
    if (s)
        while (s[n])
            n++;
    return n;
}

uint8_t *hil_tlv_alloc(hil_tlv_t *t, uint8_t tag, size_t len)
{
    size_t need = 3u + len;
    if (len > 0xffffu || need > (size_t)(t->cap - t->n)) {
        /* Drop this entry whole and remember it; later, smaller entries
         * still go in. */
        t->overflow = true;
        return NULL;
    }
    uint8_t *p = t->buf + t->n;
    p[0] = tag;
    hil_put16(p + 1, (uint16_t)len);
    t->n = (uint16_t)(t->n + need);
    return p + 3;
}

bool hil_tlv_add(hil_tlv_t *t, uint8_t tag, const void *a, size_t na, const void *b, size_t nb)
{
    uint8_t *p = hil_tlv_alloc(t, tag, na + nb);
    if (!p)
        return false;
    for (size_t i = 0; i < na; i++)
        *p++ = ((const uint8_t *)a)[i];
    for (size_t i = 0; i < nb; i++)
        *p++ = ((const uint8_t *)b)[i];
    return true;
}

bool hil_tlv_u8(hil_tlv_t *t, uint8_t tag, uint8_t v)
{
    return hil_tlv_add(t, tag, &v, 1, NULL, 0);
}

bool hil_tlv_u16(hil_tlv_t *t, uint8_t tag, uint16_t v)
{
    uint8_t b[2];
    hil_put16(b, v);
    return hil_tlv_add(t, tag, b, 2, NULL, 0);
}

bool hil_tlv_u32(hil_tlv_t *t, uint8_t tag, uint32_t v)
{
    uint8_t b[4];
    hil_put32(b, v);
    return hil_tlv_add(t, tag, b, 4, NULL, 0);
}

bool hil_tlv_u64(hil_tlv_t *t, uint8_t tag, uint64_t v)
{
    uint8_t b[8];
    hil_put64(b, v);
    return hil_tlv_add(t, tag, b, 8, NULL, 0);
}

bool hil_tlv_str(hil_tlv_t *t, uint8_t tag, const char *s)
{
    return hil_tlv_add(t, tag, s, hil_strlen(s), NULL, 0);
}

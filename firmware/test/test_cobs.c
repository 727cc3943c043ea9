/* COBS: reference vectors, round trips, segmented input, non-minimal input. */
#include <string.h>

#include "hil_internal.h"
#include "test.h"

typedef struct {
    uint8_t buf[2048];
    size_t n;
} sink_buf_t;

static void to_buf(void *ctx, const uint8_t *p, size_t n)
{
    sink_buf_t *s = ctx;
    memcpy(s->buf + s->n, p, n);
    s->n += n;
}

static size_t encode(const uint8_t *in, size_t n, uint8_t *out)
{
    static sink_buf_t s;
    s.n = 0;
    hil_seg_t seg = {in, n};
    hil_cobs_encode(&seg, 1, to_buf, &s);
    memcpy(out, s.buf, s.n);
    return s.n;
}

/* Decodes enc (no delimiter) with the streaming decoder; returns the result code. */
static int decode(const uint8_t *enc, size_t n, uint8_t *out, uint16_t cap, uint16_t *outn)
{
    hil_cobs_dec_t d;
    hil_cobs_dec_init(&d, out, cap);
    for (size_t i = 0; i < n; i++)
        if (hil_cobs_dec_byte(&d, enc[i]) != HIL_COBS_MORE)
            return -1;
    int r = hil_cobs_dec_byte(&d, 0);
    *outn = d.n;
    return r;
}

static void vector(const uint8_t *in, size_t n, const uint8_t *want, size_t wn)
{
    uint8_t enc[600], dec[600];
    size_t en = encode(in, n, enc);
    CHECK_EQ(en, wn);
    CHECK(en == wn && memcmp(enc, want, wn) == 0);
    uint16_t dn = 0;
    CHECK_EQ(decode(enc, en, dec, sizeof dec, &dn), HIL_COBS_DONE);
    CHECK_EQ(dn, n);
    CHECK(memcmp(dec, in, n) == 0);
}

void test_cobs(void)
{
    static const uint8_t v1[] = {0x00}, e1[] = {0x01, 0x01};
    static const uint8_t v2[] = {0x00, 0x00}, e2[] = {0x01, 0x01, 0x01};
    static const uint8_t v3[] = {0x00, 0x11, 0x00}, e3[] = {0x01, 0x02, 0x11, 0x01};
    static const uint8_t v4[] = {0x11, 0x22, 0x00, 0x33}, e4[] = {0x03, 0x11, 0x22, 0x02, 0x33};
    static const uint8_t v5[] = {0x11, 0x22, 0x33, 0x44}, e5[] = {0x05, 0x11, 0x22, 0x33, 0x44};
    static const uint8_t v6[] = {0x11, 0x00, 0x00, 0x00}, e6[] = {0x02, 0x11, 0x01, 0x01, 0x01};
    vector(v1, 1, e1, 2);
    vector(v2, 2, e2, 3);
    vector(v3, 3, e3, 4);
    vector(v4, 4, e4, 5);
    vector(v5, 4, e5, 5);
    vector(v6, 4, e6, 5);
    vector(NULL, 0, (const uint8_t[]){0x01}, 1);

    /* Runs of 254 and 255 non-zero bytes: the 0xFF block boundary. */
    uint8_t in[600], want[600];
    for (int i = 0; i < 255; i++)
        in[i] = (uint8_t)(i + 1);
    want[0] = 0xff;
    memcpy(want + 1, in, 254);
    vector(in, 254, want, 255);  /* minimal: no trailing 0x01 */
    want[255] = 0x02;
    want[256] = 0xff;
    vector(in, 255, want, 257);
    in[254] = 0;  /* 254 non-zero then a zero */
    want[255] = 0x01;
    want[256] = 0x01;
    vector(in, 255, want, 257);

    /* Decoders must also take the non-minimal form some encoders emit. */
    uint8_t nonmin[256], dec[600];
    nonmin[0] = 0xff;
    for (int i = 0; i < 254; i++)
        nonmin[1 + i] = (uint8_t)(i + 1);
    nonmin[255] = 0x01;
    uint16_t dn = 0;
    CHECK_EQ(decode(nonmin, 256, dec, sizeof dec, &dn), HIL_COBS_DONE);
    CHECK_EQ(dn, 254);

    /* Random round trips, with zeros rare or frequent. */
    for (int round = 0; round < 400; round++) {
        size_t n = t_rand() % 560;
        unsigned zero_odds = 1u + t_rand() % 300u;
        for (size_t i = 0; i < n; i++)
            in[i] = (t_rand() % zero_odds == 0) ? 0 : (uint8_t)(1u + t_rand() % 255u);
        uint8_t enc[700];
        size_t en = encode(in, n, enc);
        CHECK(en <= n + n / 254u + 1u);
        CHECK(memchr(enc, 0, en) == NULL);
        CHECK_EQ(decode(enc, en, dec, sizeof dec, &dn), HIL_COBS_DONE);
        CHECK(dn == n && memcmp(dec, in, n) == 0);

        /* The same bytes split over three segments encode identically. */
        size_t a = n ? t_rand() % (n + 1) : 0, b = a + (n - a ? t_rand() % (n - a + 1) : 0);
        hil_seg_t seg[3] = {{in, a}, {in + a, b - a}, {in + b, n - b}};
        static sink_buf_t s;
        s.n = 0;
        hil_cobs_encode(seg, 3, to_buf, &s);
        CHECK(s.n == en && memcmp(s.buf, enc, en) == 0);
    }

    /* Truncated block: the code promises more bytes than arrive. */
    static const uint8_t cut[] = {0x05, 0x11, 0x22};
    CHECK_EQ(decode(cut, 3, dec, sizeof dec, &dn), HIL_COBS_BAD);
    /* A lone delimiter is an empty frame, not an error. */
    hil_cobs_dec_t d;
    hil_cobs_dec_init(&d, dec, sizeof dec);
    CHECK_EQ(hil_cobs_dec_byte(&d, 0), HIL_COBS_EMPTY);
    /* Over-long input is discarded up to the delimiter, then decoding resumes. */
    hil_cobs_dec_init(&d, dec, 16);
    for (int i = 0; i < 100; i++)
        CHECK_EQ(hil_cobs_dec_byte(&d, 0x07), HIL_COBS_MORE);
    CHECK_EQ(hil_cobs_dec_byte(&d, 0), HIL_COBS_OVERLONG);
    CHECK_EQ(hil_cobs_dec_byte(&d, 0x02), HIL_COBS_MORE);
    CHECK_EQ(hil_cobs_dec_byte(&d, 0x42), HIL_COBS_MORE);
    CHECK_EQ(hil_cobs_dec_byte(&d, 0), HIL_COBS_DONE);
    CHECK(d.n == 1 && dec[0] == 0x42);
}

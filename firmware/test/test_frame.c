/* The frame decoder fed byte by byte: garbage, splits, corruption, over-long runs. */
#include <string.h>

#include "hil_internal.h"
#include "test.h"

typedef struct {
    uint8_t buf[8192];
    size_t n;
} wire_t;

static void to_wire(void *ctx, const uint8_t *p, size_t n)
{
    wire_t *w = ctx;
    memcpy(w->buf + w->n, p, n);
    w->n += n;
}

static void put_frame(wire_t *w, uint8_t type, uint8_t seq, const uint8_t *p, uint16_t len)
{
    hil_frame_encode(type, seq, p, len, to_wire, w);
}

static uint8_t rxbuf[HIL_RAW_MAX];
static hil_rx_t rx;

/* Feeds the wire; counts results; returns the number of good frames. */
static int feed(const wire_t *w, int *corrupt, int *garbage)
{
    int good = 0;
    *corrupt = *garbage = 0;
    for (size_t i = 0; i < w->n; i++) {
        switch (hil_rx_byte(&rx, w->buf[i])) {
        case HIL_RX_FRAME: good++; break;
        case HIL_RX_CORRUPT: (*corrupt)++; break;
        case HIL_RX_GARBAGE: (*garbage)++; break;
        default: break;
        }
    }
    return good;
}

void test_frame(void)
{
    static wire_t w;
    uint8_t payload[HIL_MAX_PAYLOAD + 8];
    int corrupt, garbage;
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)(i * 7);  /* contains zeros */

    /* A good frame, then its fields. */
    hil_rx_init(&rx, rxbuf, sizeof rxbuf);
    w.n = 0;
    put_frame(&w, HIL_T_CLIP_DATA, 42, payload, 100);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK(rx.type == HIL_T_CLIP_DATA && rx.seq == 42 && rx.len == 100);
    CHECK(memcmp(rx.payload, payload, 100) == 0);

    /* Maximum payload decodes; one byte more is an over-long run (garbage). */
    w.n = 0;
    put_frame(&w, HIL_T_CLIP_DATA, 1, payload, HIL_MAX_PAYLOAD);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK_EQ(w.n <= HIL_WIRE_MAX, 1);
    w.n = 0;
    put_frame(&w, HIL_T_CLIP_DATA, 1, payload, HIL_MAX_PAYLOAD + 1);
    put_frame(&w, HIL_T_ACK, 0, payload, 2);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK(garbage == 1 && corrupt == 0 && rx.type == HIL_T_ACK);

    /* Boot-banner garbage ended by a delimiter: one corrupt frame, then sync. */
    w.n = 0;
    memcpy(w.buf, "U-Boot 2024\r\n\0", 14);
    w.n = 14;
    put_frame(&w, HIL_T_NAK, 0, payload, 1);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK(corrupt == 1 && rx.type == HIL_T_NAK);

    /* Garbage glued to the front of a frame spoils that frame only. */
    w.n = 0;
    memcpy(w.buf, "\x13\x37\x42", 3);
    w.n = 3;
    put_frame(&w, HIL_T_LOG, 5, payload, 9);
    put_frame(&w, HIL_T_LOG, 6, payload, 9);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK(corrupt == 1 && rx.seq == 6);

    /* Empty frames (flush bytes) are ignored silently. */
    w.n = 0;
    w.buf[w.n++] = 0;
    w.buf[w.n++] = 0;
    put_frame(&w, HIL_T_ACK, 0, payload, 2);
    w.buf[w.n++] = 0;
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK(corrupt == 0 && garbage == 0);

    /* Many frames back to back, fed across arbitrary split points (the
     * decoder keeps state between calls; here: between bytes). */
    w.n = 0;
    for (int i = 0; i < 12; i++)
        put_frame(&w, HIL_T_CLIP_DATA, (uint8_t)i, payload + i, (uint16_t)(t_rand() % 513));
    hil_rx_init(&rx, rxbuf, sizeof rxbuf);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 12);

    /* Every single-byte corruption of a frame is rejected, and the frame
     * after it still decodes. */
    wire_t good;
    good.n = 0;
    put_frame(&good, HIL_T_RESULT, 9, payload, 40);
    for (size_t pos = 0; pos + 1 < good.n; pos++) {
        for (int k = 0; k < 3; k++) {
            w = good;
            uint8_t v = k == 0 ? 0 : k == 1 ? (uint8_t)(w.buf[pos] ^ 0x01) : (uint8_t)(w.buf[pos] + 0x80);
            if (v == w.buf[pos])
                continue;
            w.buf[pos] = v;
            memcpy(w.buf + w.n, good.buf, good.n);
            w.n += good.n;
            hil_rx_init(&rx, rxbuf, sizeof rxbuf);
            CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
            CHECK(rx.seq == 9 && rx.len == 40 && memcmp(rx.payload, payload, 40) == 0);
        }
    }

    /* Valid COBS and CRC but a len field that disagrees: corrupt. */
    uint8_t raw[16] = {HIL_T_LOG, 0, 5, 0, 1, 2, 3, 4};
    hil_put32(raw + 8, hil_crc32(0, raw, 8));
    hil_seg_t seg = {raw, 12};
    w.n = 0;
    hil_cobs_encode(&seg, 1, to_wire, &w);
    w.buf[w.n++] = 0;
    hil_rx_init(&rx, rxbuf, sizeof rxbuf);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 0);
    CHECK_EQ(corrupt, 1);
    /* Shorter than 8 bytes: corrupt. */
    seg.n = 5;
    w.n = 0;
    hil_cobs_encode(&seg, 1, to_wire, &w);
    w.buf[w.n++] = 0;
    CHECK_EQ(feed(&w, &corrupt, &garbage), 0);
    CHECK_EQ(corrupt, 1);

    /* A long run of random noise never yields a frame, and sync returns. */
    w.n = 0;
    for (int i = 0; i < 5000; i++)
        w.buf[w.n++] = (uint8_t)t_rand();
    w.buf[w.n++] = 0;
    put_frame(&w, HIL_T_ACK, 0, payload, 2);
    hil_rx_init(&rx, rxbuf, sizeof rxbuf);
    CHECK_EQ(feed(&w, &corrupt, &garbage), 1);
    CHECK(rx.type == HIL_T_ACK);
}

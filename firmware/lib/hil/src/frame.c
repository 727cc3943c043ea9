/* Frames: raw = type, seq, u16 len, payload, u32 CRC-32; wire = COBS(raw) 0x00. */
#include "hil_internal.h"

void hil_rx_init(hil_rx_t *rx, uint8_t *buf, uint16_t cap)
{
    hil_cobs_dec_init(&rx->cobs, buf, cap);
    rx->type = rx->seq = 0;
    rx->len = 0;
    rx->payload = buf + 4;
    rx->n_corrupt = rx->n_garbage = 0;
}

int hil_rx_byte(hil_rx_t *rx, uint8_t b)
{
    switch (hil_cobs_dec_byte(&rx->cobs, b)) {
    case HIL_COBS_MORE:
    case HIL_COBS_EMPTY:  /* a lone flush 0x00: ignored silently */
        return HIL_RX_NONE;
    case HIL_COBS_OVERLONG:
        rx->n_garbage++;
        return HIL_RX_GARBAGE;
    case HIL_COBS_BAD:
        rx->n_corrupt++;
        return HIL_RX_CORRUPT;
    default:
        break;
    }
    const uint8_t *raw = rx->cobs.buf;
    uint16_t n = rx->cobs.n;
    if (n < 8 || hil_get16(raw + 2) != n - 8u ||
        hil_crc32(0, raw, n - 4u) != hil_get32(raw + n - 4u)) {
        rx->n_corrupt++;
        return HIL_RX_CORRUPT;
    }
    rx->type = raw[0];
    rx->seq = raw[1];
    rx->len = (uint16_t)(n - 8u);
    rx->payload = raw + 4;
    return HIL_RX_FRAME;
}

void hil_frame_encode(uint8_t type, uint8_t seq, const uint8_t *payload, uint16_t len,
                      hil_sink_t sink, void *ctx)
{
    uint8_t hdr[4] = {type, seq, (uint8_t)len, (uint8_t)(len >> 8)};
    uint8_t crc[4];
    hil_put32(crc, hil_crc32(hil_crc32(0, hdr, 4), payload, len));
    hil_seg_t seg[3] = {{hdr, 4}, {payload, len}, {crc, 4}};
    hil_cobs_encode(seg, 3, sink, ctx);
    static const uint8_t delim = 0;
    sink(ctx, &delim, 1);
}

/*
 * COBS (Cheshire & Baker). The encoder reads its input as a list of
 * segments so a frame (header, payload, CRC) is encoded straight from where
 * the bytes live, without assembling a copy. The decoder takes one byte at a
 * time: bytes come out of a UART ring buffer one by one, and a frame may be
 * split anywhere.
 */
#include "hil_internal.h"

typedef struct {
    const hil_seg_t *seg;
    unsigned nseg, i;
    size_t off;
} cursor_t;

/* Skips exhausted segments; false at the end of the input. */
static bool cur_valid(cursor_t *c)
{
    while (c->i < c->nseg && c->off >= c->seg[c->i].n) {
        c->i++;
        c->off = 0;
    }
    return c->i < c->nseg;
}

static uint8_t cur_take(cursor_t *c)
{
    return c->seg[c->i].p[c->off++];
}

typedef struct {
    uint8_t buf[32];
    unsigned n;
    hil_sink_t sink;
    void *ctx;
} out_t;

static void out_byte(out_t *o, uint8_t b)
{
    o->buf[o->n++] = b;
    if (o->n == sizeof o->buf) {
        o->sink(o->ctx, o->buf, o->n);
        o->n = 0;
    }
}

void hil_cobs_encode(const hil_seg_t *seg, unsigned nseg, hil_sink_t sink, void *ctx)
{
    cursor_t c = {seg, nseg, 0, 0};
    out_t o;
    o.n = 0;
    o.sink = sink;
    o.ctx = ctx;
    for (;;) {
        /* Measure the run of non-zero bytes ahead (at most 254), then replay
         * it: the code byte must precede the bytes it describes. */
        cursor_t scan = c;
        unsigned run = 0;
        while (run < 254 && cur_valid(&scan) && scan.seg[scan.i].p[scan.off] != 0) {
            scan.off++;
            run++;
        }
        out_byte(&o, (uint8_t)(run + 1));
        for (unsigned k = 0; k < run; k++) {
            cur_valid(&c);
            out_byte(&o, cur_take(&c));
        }
        if (!cur_valid(&c))
            break;  /* input ended exactly after the run */
        if (run == 254)
            continue;  /* a full block implies no zero */
        cur_take(&c);  /* the zero this block's code stands for */
        if (!cur_valid(&c)) {
            out_byte(&o, 1);  /* input ended with a zero: an empty last block */
            break;
        }
    }
    if (o.n)
        sink(ctx, o.buf, o.n);
}

enum { ST_IDLE, ST_FRAME, ST_DISCARD };

void hil_cobs_dec_init(hil_cobs_dec_t *d, uint8_t *buf, uint16_t cap)
{
    d->buf = buf;
    d->cap = cap;
    d->n = 0;
    d->code = 0;
    d->left = 0;
    d->state = ST_IDLE;
}

static int emit(hil_cobs_dec_t *d, uint8_t b)
{
    if (d->n >= d->cap) {
        d->state = ST_DISCARD;  /* over-long: drop everything up to the next delimiter */
        return HIL_COBS_MORE;
    }
    d->buf[d->n++] = b;
    return HIL_COBS_MORE;
}

int hil_cobs_dec_byte(hil_cobs_dec_t *d, uint8_t b)
{
    if (b == 0) {
        int r;
        if (d->state == ST_DISCARD)
            r = HIL_COBS_OVERLONG;
        else if (d->state == ST_IDLE)
            r = HIL_COBS_EMPTY;
        else
            r = d->left ? HIL_COBS_BAD : HIL_COBS_DONE;  /* a block cut short is corrupt */
        d->state = ST_IDLE;
        d->left = 0;
        if (r != HIL_COBS_DONE && r != HIL_COBS_BAD)
            d->n = 0;
        return r;
    }
    if (d->state == ST_DISCARD)
        return HIL_COBS_MORE;
    if (d->state == ST_IDLE) {
        d->state = ST_FRAME;
        d->n = 0;
        d->code = 0xff;  /* so the first code byte emits no zero */
        d->left = 0;
    }
    if (d->left == 0) {
        /* A code byte: the previous block (unless full) ended with a zero,
         * which only exists because more data follows. */
        if (d->code != 0xff)
            emit(d, 0);
        d->code = b;
        d->left = (uint8_t)(b - 1);
        return HIL_COBS_MORE;
    }
    d->left--;
    return emit(d, b);
}

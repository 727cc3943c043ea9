/*
 * The link (docs/protocol.md section 2): sequence numbers, ACK/NAK,
 * go-back-N receive rules, stop-and-wait send with exponential RTO, and
 * credit from the port's receive-buffer space.
 *
 * A reliable in-order frame is acknowledged BEFORE it is processed: the app
 * may compute for a long time on it (end() runs inference), and an ACK
 * delayed by that would make the host retransmit for nothing.
 */
#include "hil_internal.h"

static uint8_t rx_buf[HIL_RAW_MAX] __attribute__((aligned(4)));
static hil_rx_t rx;

static struct {
    uint8_t expected;     /* next host sequence number */
    bool nak_sent;        /* NAK(expected) already sent */
    uint8_t credit_sent;  /* credit in our last ACK */
    uint8_t tx_seq;       /* sequence number of our next new frame */
    uint8_t inflight;     /* 0, HIL_SRC_QUEUE or HIL_SRC_BIG */
    uint8_t inflight_seq;
    uint8_t host_credit;  /* frames the host can take after inflight_seq */
    bool hello_acked;
    uint32_t sent_ms, rto_ms;
} L;

static void uart_sink(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    hil_port_uart_write(p, n);
}

uint8_t hil_link_credit(void)
{
    size_t free = hil_port_rx_free();
    if (free <= HIL_RX_SLACK)
        return 0;
    size_t c = (free - HIL_RX_SLACK) / HIL_WIRE_MAX;
    return (uint8_t)(c > HIL_CREDIT_MAX ? HIL_CREDIT_MAX : c);
}

static void send_ack(uint8_t seq)
{
    uint8_t p[2] = {seq, hil_link_credit()};
    L.credit_sent = p[1];
    hil_frame_encode(HIL_T_ACK, 0, p, 2, uart_sink, NULL);
}

static void send_nak(void)
{
    hil_frame_encode(HIL_T_NAK, 0, &L.expected, 1, uart_sink, NULL);
}

void hil_link_init(void)
{
    hil_rx_init(&rx, rx_buf, sizeof rx_buf);
    L.expected = 0;
    L.nak_sent = false;
    L.tx_seq = 0;
    L.inflight = 0;
    L.host_credit = 1;  /* enough for HELLO; the host's ACK sets the real value */
    L.hello_acked = false;
    L.credit_sent = hil_link_credit();
}

bool hil_link_hello_acked(void)
{
    return L.hello_acked;
}

static bool peek_src(uint8_t src, uint8_t *type, const uint8_t **p, uint16_t *len)
{
    return src == HIL_SRC_QUEUE ? hil_txq_peek(type, p, len) : hil_big_peek(type, p, len);
}

static void transmit_inflight(void)
{
    uint8_t type;
    const uint8_t *p;
    uint16_t len;
    if (peek_src(L.inflight, &type, &p, &len))
        hil_frame_encode(type, L.inflight_seq, p, len, uart_sink, NULL);
    L.sent_ms = hil_port_millis();
}

static void inflight_done(void)
{
    if (L.inflight == HIL_SRC_QUEUE) {
        hil_txq_pop();
    } else {
        hil_big_free();
        L.hello_acked = true;  /* the first big frame is always HELLO */
    }
    L.inflight = 0;
}

static void on_ack(uint8_t seq, uint8_t credit)
{
    if (L.inflight && seq == L.inflight_seq)
        inflight_done();
    /* Only an ACK of our newest frame describes the window we send into. */
    if (seq == (uint8_t)(L.tx_seq - 1u))
        L.host_credit = credit;
}

static void on_reliable(uint8_t type, uint8_t seq, const uint8_t *p, uint16_t len)
{
    /* The host sends reliable frames only after it accepted HELLO, so one
     * arriving means HELLO got through even if its ACK was lost; without
     * this a HELLO retransmission would look like a reboot to the host. */
    if (!L.hello_acked && L.inflight == HIL_SRC_BIG) {
        inflight_done();
        L.host_credit = 1;
    }
    uint8_t behind = (uint8_t)(L.expected - seq);
    if (behind == 0) {
        L.expected++;
        L.nak_sent = false;
        send_ack(seq);
        hil_session_frame(type, p, len);
    } else if (behind <= 16) {
        send_ack((uint8_t)(L.expected - 1u));  /* a duplicate: our ACK was lost */
    } else if (!L.nak_sent) {
        send_nak();  /* a frame went missing: go back to `expected` */
        L.nak_sent = true;
    }
}

bool hil_link_poll_rx(void)
{
    bool any = false;
    uint8_t b;
    while (hil_port_uart_read(&b, 1)) {
        any = true;
        int r = hil_rx_byte(&rx, b);
        if (r == HIL_RX_CORRUPT) {
            send_nak();
        } else if (r == HIL_RX_FRAME) {
            /* One frame per call: the main loop gets to send and to feed a
             * memory clip between frames, and rx_buf is ours until we return. */
            const uint8_t *p = rx.payload;
            if (rx.type == HIL_T_ACK && rx.len == 2)
                on_ack(p[0], p[1]);
            else if (rx.type == HIL_T_NAK && rx.len == 1) {
                if (L.inflight && p[0] == L.inflight_seq)
                    transmit_inflight();
            } else if (HIL_RELIABLE(rx.type))
                on_reliable(rx.type, rx.seq, p, rx.len);
            break;
        }
    }
    /* A host told "credit 0" waits for us; tell it as soon as space frees. */
    if (L.credit_sent == 0 && hil_link_credit() != 0) {
        send_ack((uint8_t)(L.expected - 1u));
        any = true;
    }
    return any;
}

bool hil_link_quiet(void)
{
    uint8_t type;
    const uint8_t *p;
    uint16_t len;
    return !L.inflight && !hil_txq_peek(&type, &p, &len);
}

bool hil_link_service_tx(void)
{
    if (L.inflight) {
        if (hil_port_millis() - L.sent_ms < L.rto_ms)
            return false;
        transmit_inflight();
        L.rto_ms = L.rto_ms * 2u > HIL_RTO_MAX_MS ? HIL_RTO_MAX_MS : L.rto_ms * 2u;
        return true;
    }
    if (L.host_credit == 0)
        return false;
    uint8_t type;
    const uint8_t *p;
    uint16_t len;
    /* HELLO (in the big buffer) must be seq 0; queued LOGs wait for it. */
    uint8_t src = 0;
    if (L.hello_acked && hil_txq_peek(&type, &p, &len))
        src = HIL_SRC_QUEUE;
    else if (hil_big_peek(&type, &p, &len))
        src = HIL_SRC_BIG;
    if (!src)
        return false;
    L.inflight = src;
    L.inflight_seq = L.tx_seq++;
    L.host_credit--;
    L.rto_ms = HIL_RTO_MIN_MS;
    transmit_inflight();
    return true;
}

int hil_panic(const char *text)
{
    /* Before HELLO was accepted the host ignores everything: stay quiet. */
    if (!L.hello_acked)
        return 0;
    static const uint8_t flush = 0;
    hil_port_uart_write(&flush, 1);  /* ends any frame cut short by the fault */
    /* Whether the host got our unacknowledged frame is unknown: resend it
     * (a duplicate is harmless) so the LOG after it is in sequence. */
    if (L.inflight)
        transmit_inflight();
    uint8_t buf[1 + HIL_LOG_TEXT_MAX];
    size_t n = hil_strlen(text);
    if (n > HIL_LOG_TEXT_MAX)
        n = HIL_LOG_TEXT_MAX;
    buf[0] = HIL_LOG_ERROR;
    for (size_t i = 0; i < n; i++)
        buf[1 + i] = (uint8_t)text[i];
    hil_frame_encode(HIL_T_LOG, L.tx_seq, buf, (uint16_t)(n + 1u), uart_sink, NULL);
    return 1;
}

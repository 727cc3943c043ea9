/*
 * The link layer against a fake port: go-back-N receive rules, duplicate
 * ACKs, one NAK per gap, credit and its 0 -> non-zero refresh, RTO backoff,
 * NAK-driven retransmission, HELLO implicitly acknowledged.
 */
#include <string.h>

#include "hil_internal.h"
#include "test.h"

/* ---- fake port ---- */
static uint8_t in_q[4096];
static size_t in_n, in_pos;
static uint8_t out_q[16384];
static size_t out_n;
static size_t fake_free = 1100;
static uint32_t now_ms;

size_t hil_port_uart_read(uint8_t *buf, size_t max)
{
    size_t n = 0;
    while (n < max && in_pos < in_n)
        buf[n++] = in_q[in_pos++];
    return n;
}
void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    memcpy(out_q + out_n, buf, n);
    out_n += n;
}
size_t hil_port_rx_free(void) { return fake_free; }
uint32_t hil_port_millis(void) { return now_ms; }

/* ---- fake session: records what the link delivers ---- */
static int delivered;
static uint8_t last_type;
void hil_session_frame(uint8_t type, const uint8_t *payload, uint16_t len)
{
    (void)payload;
    (void)len;
    delivered++;
    last_type = type;
}

/* ---- helpers ---- */
static void to_in(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    memcpy(in_q + in_n, p, n);
    in_n += n;
}

static void send_in(uint8_t type, uint8_t seq, const uint8_t *p, uint16_t len)
{
    hil_frame_encode(type, seq, p, len, to_in, NULL);
}

/* Runs the link until the input is consumed. */
static void pump(void)
{
    while (in_pos < in_n)
        hil_link_poll_rx();
    hil_link_poll_rx();
}

typedef struct {
    uint8_t type, seq;
    uint16_t len;
    uint8_t p[8];
} seen_t;

/* Decodes what the device sent since the last call. */
static int device_sent(seen_t *out, int max)
{
    static uint8_t buf[HIL_RAW_MAX];
    hil_rx_t rx;
    hil_rx_init(&rx, buf, sizeof buf);
    int n = 0;
    for (size_t i = 0; i < out_n; i++)
        if (hil_rx_byte(&rx, out_q[i]) == HIL_RX_FRAME && n < max) {
            out[n].type = rx.type;
            out[n].seq = rx.seq;
            out[n].len = rx.len;
            memcpy(out[n].p, rx.payload, rx.len < 8 ? rx.len : 8);
            n++;
        }
    out_n = 0;
    return n;
}

static void reset_all(void)
{
    uint8_t t;
    const uint8_t *p;
    uint16_t l;
    while (hil_txq_peek(&t, &p, &l))
        hil_txq_pop();
    hil_big_free();
    in_n = in_pos = out_n = 0;
    fake_free = 1100;
    now_ms = 1000;
    delivered = 0;
    hil_link_init();
}

void test_link(void)
{
    seen_t s[16];
    const uint8_t data[4] = {1, 2, 3, 4};
    reset_all();
    CHECK_EQ(hil_link_credit(), 2);  /* (1100 - 32) / 525 */

    /* HELLO goes out as seq 0, nothing queued may overtake it. */
    hil_log(HIL_LOG_INFO, "early");
    hil_big_buf[0] = 0xAA;
    hil_big_ready(HIL_T_HELLO, 1);
    CHECK(hil_link_service_tx());
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_HELLO && s[0].seq == 0);
    CHECK(!hil_link_service_tx());  /* stop-and-wait: LOG waits */

    /* RTO: 200 ms, doubling to 1.6 s. */
    uint32_t t0 = now_ms, expect[] = {200, 600, 1400, 3000, 4600, 6200};
    for (unsigned i = 0; i < 6; i++) {
        now_ms = t0 + expect[i] - 1;
        CHECK(!hil_link_service_tx());
        now_ms = t0 + expect[i];
        CHECK(hil_link_service_tx());
        CHECK_EQ(device_sent(s, 16), 1);
        CHECK(s[0].type == HIL_T_HELLO && s[0].seq == 0);
    }

    /* The host's NAK(0) resends at once. */
    uint8_t nak0 = 0;
    send_in(HIL_T_NAK, 0, &nak0, 1);
    pump();
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_HELLO);

    /* ACK(0, 8): HELLO done, the queued LOG follows as seq 1. */
    uint8_t ack[2] = {0, 8};
    send_in(HIL_T_ACK, 0, ack, 2);
    pump();
    CHECK(hil_link_hello_acked());
    CHECK(!hil_big_busy());
    CHECK(hil_link_service_tx());
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_LOG && s[0].seq == 1 && s[0].p[0] == HIL_LOG_INFO);
    ack[0] = 1;
    send_in(HIL_T_ACK, 0, ack, 2);
    pump();
    CHECK(!hil_link_service_tx());  /* queue empty */

    /* In-order frame: delivered and acknowledged with the credit. */
    send_in(HIL_T_CLIP_BEGIN, 0, data, 4);
    pump();
    CHECK_EQ(delivered, 1);
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_ACK && s[0].p[0] == 0 && s[0].p[1] == 2);

    /* A duplicate: not delivered, ACK(expected - 1) again. */
    send_in(HIL_T_CLIP_BEGIN, 0, data, 4);
    pump();
    CHECK_EQ(delivered, 1);
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_ACK && s[0].p[0] == 0);

    /* A gap: NAK(1) once, then silence until 1 arrives. */
    send_in(HIL_T_CLIP_DATA, 2, data, 4);
    send_in(HIL_T_CLIP_DATA, 3, data, 4);
    pump();
    CHECK_EQ(delivered, 1);
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_NAK && s[0].p[0] == 1);
    send_in(HIL_T_CLIP_DATA, 1, data, 4);
    send_in(HIL_T_CLIP_DATA, 2, data, 4);
    pump();
    CHECK_EQ(delivered, 3);
    CHECK_EQ(device_sent(s, 16), 2);
    CHECK(s[0].p[0] == 1 && s[1].p[0] == 2);

    /* A corrupt frame is NAKed with the expected sequence number. */
    in_n = in_pos = 0;
    send_in(HIL_T_CLIP_DATA, 3, data, 4);
    in_q[2] ^= 0x40;
    pump();
    CHECK_EQ(delivered, 3);
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_NAK && s[0].p[0] == 3);

    /* Credit 0 while the buffer is full, then a fresh ACK once it drains. */
    fake_free = 100;
    send_in(HIL_T_CLIP_DATA, 3, data, 4);
    pump();
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_ACK && s[0].p[0] == 3 && s[0].p[1] == 0);
    pump();
    CHECK_EQ(device_sent(s, 16), 0);  /* still full: nothing new to say */
    fake_free = 1100;
    pump();
    CHECK_EQ(device_sent(s, 16), 1);
    CHECK(s[0].type == HIL_T_ACK && s[0].p[0] == 3 && s[0].p[1] == 2);

    /* Credit is capped (duplicates are recognised within 16 only). */
    fake_free = 100000;
    CHECK_EQ(hil_link_credit(), HIL_CREDIT_MAX);

    /* Unsequenced unknown types are ignored; a sequence far behind is a gap. */
    send_in(0x05, 0, data, 4);
    pump();
    CHECK_EQ(device_sent(s, 16), 0);

    /* A host ACK with credit 0 stops the device until credit returns. */
    hil_log(HIL_LOG_INFO, "a");
    CHECK(hil_link_service_tx());
    CHECK_EQ(device_sent(s, 16), 1);
    ack[0] = s[0].seq;
    ack[1] = 0;
    send_in(HIL_T_ACK, 0, ack, 2);
    pump();
    hil_log(HIL_LOG_INFO, "b");
    CHECK(!hil_link_service_tx());
    ack[1] = 8;
    send_in(HIL_T_ACK, 0, ack, 2);
    pump();
    CHECK(hil_link_service_tx());
    CHECK_EQ(device_sent(s, 16), 1);

    /* HELLO whose ACK was lost: the host's first reliable frame implies it. */
    reset_all();
    hil_big_ready(HIL_T_HELLO, 1);
    hil_link_service_tx();
    device_sent(s, 16);
    send_in(HIL_T_CLIP_BEGIN, 0, data, 4);
    pump();
    CHECK(hil_link_hello_acked());
    CHECK(!hil_big_busy());
    CHECK_EQ(delivered, 1);
    now_ms += 5000;
    CHECK(!hil_link_service_tx());  /* no HELLO retransmission */

    /* hil_panic: resend the unacknowledged frame, then the LOG after it. */
    hil_log(HIL_LOG_INFO, "pending");
    hil_link_service_tx();
    device_sent(s, 16);
    CHECK_EQ(hil_panic("boom"), 1);
    CHECK_EQ(device_sent(s, 16), 2);
    CHECK(s[0].type == HIL_T_LOG && s[0].seq == 1 && s[1].type == HIL_T_LOG && s[1].seq == 2);
    CHECK_EQ(s[1].p[0], HIL_LOG_ERROR);
}

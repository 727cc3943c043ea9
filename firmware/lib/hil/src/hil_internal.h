/* Internal interfaces of the hil library (not for apps or ports). */
#ifndef HIL_INTERNAL_H
#define HIL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil.h"
#include "hil_port.h"

/* ---- sizes (docs/protocol.md section 6) ---- */
#define HIL_MAX_PAYLOAD 512u                   /* announced max_payload */
#define HIL_RAW_MAX (HIL_MAX_PAYLOAD + 8u)      /* type seq len payload crc */
/* Worst-case bytes one frame occupies on the wire: COBS adds one code byte
 * per 254 bytes, plus one (some encoders emit a final 0x01), plus the
 * delimiter. Credit is counted in these units. */
#define HIL_WIRE_MAX (HIL_RAW_MAX + (HIL_RAW_MAX + 253u) / 254u + 2u)
/* Receive space kept for the host's unsequenced ACK/NAK/flush bytes, which
 * credit does not cover. */
#define HIL_RX_SLACK 32u
/* Cap on credit/rx_window: go-back-N duplicates are recognised only within
 * 16 sequence numbers, so never allow more than that in flight. */
#define HIL_CREDIT_MAX 8u

#ifndef HIL_BIG_MAX
#define HIL_BIG_MAX 512u   /* HELLO/RESULT payload buffer */
#endif
#ifndef HIL_TXQ_SIZE
#define HIL_TXQ_SIZE 256u  /* queued LOG/ERROR frames */
#endif
#define HIL_TXQ_LOG_RESERVE 64u /* queue bytes only ERROR frames may use */
#define HIL_LOG_TEXT_MAX 120u

#define HIL_RTO_MIN_MS 200u
#define HIL_RTO_MAX_MS 1600u

enum {
    HIL_T_ACK = 0x01, HIL_T_NAK = 0x02,
    HIL_T_HELLO = 0x10, HIL_T_RESULT = 0x11, HIL_T_LOG = 0x12, HIL_T_ERROR = 0x13,
    HIL_T_CLIP_BEGIN = 0x20, HIL_T_CLIP_DATA = 0x21,
};
#define HIL_RELIABLE(t) ((t) >= 0x10u && (t) <= 0x7fu)

enum {
    HIL_E_UNKNOWN_TYPE = 1, HIL_E_BUSY = 2, HIL_E_TOO_LARGE = 3, HIL_E_REJECTED = 4,
    HIL_E_TOO_MANY = 5, HIL_E_NO_CLIP = 6, HIL_E_BAD_PAYLOAD = 7, HIL_E_MIC_OVERRUN = 8,
};

/* ---- little-endian helpers ---- */
static inline void hil_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void hil_put32(uint8_t *p, uint32_t v) { hil_put16(p, (uint16_t)v); hil_put16(p + 2, (uint16_t)(v >> 16)); }
static inline void hil_put64(uint8_t *p, uint64_t v) { hil_put32(p, (uint32_t)v); hil_put32(p + 4, (uint32_t)(v >> 32)); }
static inline uint16_t hil_get16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t hil_get32(const uint8_t *p) { return (uint32_t)hil_get16(p) | ((uint32_t)hil_get16(p + 2) << 16); }
size_t hil_strlen(const char *s);

/* ---- COBS (cobs.c) ---- */
typedef struct { const uint8_t *p; size_t n; } hil_seg_t;
typedef void (*hil_sink_t)(void *ctx, const uint8_t *p, size_t n);
/* Encodes the concatenation of the segments (no delimiter) into sink. */
void hil_cobs_encode(const hil_seg_t *seg, unsigned nseg, hil_sink_t sink, void *ctx);

enum { HIL_COBS_MORE, HIL_COBS_DONE, HIL_COBS_EMPTY, HIL_COBS_BAD, HIL_COBS_OVERLONG };
typedef struct {
    uint8_t *buf;
    uint16_t cap, n;
    uint8_t code, left, state;
} hil_cobs_dec_t;
void hil_cobs_dec_init(hil_cobs_dec_t *d, uint8_t *buf, uint16_t cap);
/* Feed one wire byte; at a delimiter says what the frame was (d->n bytes). */
int hil_cobs_dec_byte(hil_cobs_dec_t *d, uint8_t b);

/* ---- frames (frame.c) ---- */
enum { HIL_RX_NONE, HIL_RX_FRAME, HIL_RX_CORRUPT, HIL_RX_GARBAGE };
typedef struct {
    hil_cobs_dec_t cobs;
    uint8_t type, seq;
    uint16_t len;           /* payload length of the last good frame */
    const uint8_t *payload; /* into the decode buffer */
    uint32_t n_corrupt, n_garbage;
} hil_rx_t;
void hil_rx_init(hil_rx_t *rx, uint8_t *buf, uint16_t cap);
int hil_rx_byte(hil_rx_t *rx, uint8_t b);
/* One whole frame (with its trailing delimiter) into sink. */
void hil_frame_encode(uint8_t type, uint8_t seq, const uint8_t *payload, uint16_t len,
                      hil_sink_t sink, void *ctx);

/* ---- link (link.c) ---- */
enum { HIL_SRC_QUEUE = 1, HIL_SRC_BIG = 2 };
void hil_link_init(void);
/* Read, decode and dispatch received bytes; true if anything happened. */
bool hil_link_poll_rx(void);
/* Transmit/retransmit; true if anything was sent. */
bool hil_link_service_tx(void);
bool hil_link_hello_acked(void);
/* No frame of ours in flight or queued: nothing the host would answer is pending. */
bool hil_link_quiet(void);
/* Initial credit, for HELLO rx_window. */
uint8_t hil_link_credit(void);

/* ---- outgoing frames (txq.c) ---- */
/* LOG/ERROR queue; false if dropped. */
bool hil_txq_push(uint8_t type, const uint8_t *head, size_t nhead, const char *text);
bool hil_txq_peek(uint8_t *type, const uint8_t **payload, uint16_t *len);
void hil_txq_pop(void);
/* The HELLO/RESULT buffer: filled, then marked ready, freed once acked. */
extern uint8_t hil_big_buf[HIL_BIG_MAX];
bool hil_big_busy(void);
void hil_big_ready(uint8_t type, uint16_t len);
bool hil_big_peek(uint8_t *type, const uint8_t **payload, uint16_t *len);
void hil_big_free(void);
void hil_send_error(uint16_t code, const char *text);

/* ---- TLV writer (tlv.c) ---- */
typedef struct {
    uint8_t *buf;
    uint16_t cap, n;
    bool overflow;
} hil_tlv_t;
/* Room for one entry of len value bytes (header written), or NULL (and
 * overflow set) when it does not fit: the list stays well-formed. */
uint8_t *hil_tlv_alloc(hil_tlv_t *t, uint8_t tag, size_t len);
/* Appends tag, len, a then b (either may be empty); false if it did not fit. */
bool hil_tlv_add(hil_tlv_t *t, uint8_t tag, const void *a, size_t na, const void *b, size_t nb);
bool hil_tlv_u8(hil_tlv_t *t, uint8_t tag, uint8_t v);
bool hil_tlv_u16(hil_tlv_t *t, uint8_t tag, uint16_t v);
bool hil_tlv_u32(hil_tlv_t *t, uint8_t tag, uint32_t v);
bool hil_tlv_u64(hil_tlv_t *t, uint8_t tag, uint64_t v);
bool hil_tlv_str(hil_tlv_t *t, uint8_t tag, const char *s);

/* ---- the conformance probe (probe.c; docs/protocol.md section 7) ---- */
#define HIL_PROBE_SET 1u
typedef struct {
    uint16_t set;    /* 0: not run (no DSP instructions on this core) */
    uint32_t ran, failed;
} hil_probe_t;
void hil_probe_run(hil_probe_t *p);

/* ---- session (session.c) ---- */
/* The RESULT under construction (hil.h), filled by the app in end(). */
struct hil_result {
    hil_tlv_t tlv;
    int predicted;
    uint8_t status;
    bool split, scores_done;
    uint64_t fe, inf;
};
/* A reliable in-order frame from the host, already acknowledged. */
void hil_session_frame(uint8_t type, const uint8_t *payload, uint16_t len);
/* hil_log_int formatting (log.c). Returns chars written (no NUL). */
size_t hil_fmt_i64(char *out, int64_t v);

#endif /* HIL_INTERNAL_H */

/*
 * The session (docs/protocol.md section 4): HELLO, then clips. A clip moves
 * IDLE -> RECEIVING (UART), MEMORY or MIC (microphone) -> ENDING -> IDLE.
 * end() runs from the main loop once the HELLO/RESULT buffer is free, so a
 * RESULT still waiting for its ACK never gets overwritten.
 */
#include <string.h>

#include "hil_internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "CLIP_DATA samples are handed to the app in place: little-endian targets only"
#endif

/* CLIP_BEGIN's mem_addr is 32-bit: the memory path needs a 32-bit address space. */
#define HAVE_MEMORY_PATH (UINTPTR_MAX == 0xffffffffu)
/* The pdm path: only ports whose board has a microphone (hil_port.h). */
#ifdef HIL_PORT_HAS_MIC
#define HAVE_MIC 1
#else
#define HAVE_MIC 0
#endif

enum { IDLE, RECEIVING, MEMORY, MIC, ENDING };

static const hil_app_t *app;
static uint8_t st;
/* Set when a clip ends in an ERROR (rejected or aborted): the host may
 * already have sent its CLIP_DATA, which is then dropped without further
 * ERRORs that could race into the next clip. Cleared by CLIP_BEGIN. */
static bool drop_data;
static hil_clip_t clip;
static uint32_t mem_addr;
static uint32_t consumed;
static uint64_t cyc_total, cyc_fe, cyc_inf;
static bool begun;  /* memory path: the app's begin() has run for this clip */

/* Ports without a coarse counter need no sync (hil_port.h). */
__attribute__((weak)) void hil_port_clock_sync(void)
{
}

static void run_samples(const int16_t *s, uint32_t n)
{
    uint64_t t0 = hil_port_cycles();
    app->samples(s, n);
    uint64_t d = hil_port_cycles() - t0;
    cyc_total += d;
    cyc_fe += d;
    consumed += n;
    if (consumed == clip.n_samples)
        st = ENDING;
}

static void error_with_id(uint16_t code, const char *text)
{
    char buf[HIL_LOG_TEXT_MAX + 1];
    size_t n = hil_strlen(text);
    if (n > HIL_LOG_TEXT_MAX - 12)
        n = HIL_LOG_TEXT_MAX - 12;
    memcpy(buf, text, n);
    n += hil_fmt_i64(buf + n, clip.clip_id);
    buf[n] = 0;
    hil_send_error(code, buf);
}

/* The app's begin(), measured; false (ERROR sent, clip dropped) if it rejects the clip. */
static bool begin_clip(void)
{
    const char *reason = NULL;
    hil_port_clock_sync();
    uint64_t t0 = hil_port_cycles();
    int rc = app->begin(&clip, &reason);
    uint64_t d = hil_port_cycles() - t0;
    if (rc) {
        st = IDLE;
        drop_data = true;
        hil_send_error(HIL_E_REJECTED, reason ? reason : "rejected by the app");
        return false;
    }
    cyc_total = d;
    cyc_fe = cyc_inf = 0;
    return true;
}

static void clip_begin(const uint8_t *p, uint16_t len)
{
    if (st != IDLE) {
        error_with_id(HIL_E_BUSY, "busy with clip ");
        return;
    }
    drop_data = true;  /* until accepted below */
    if (len < 19 || p[18] > HIL_MAX_ARGS || len != 19u + 4u * p[18]) {
        hil_send_error(HIL_E_BAD_PAYLOAD, "bad CLIP_BEGIN length");
        return;
    }
    memset(&clip, 0, sizeof clip);
    clip.clip_id = hil_get32(p);
    clip.n_samples = hil_get32(p + 4);
    clip.sample_rate = hil_get32(p + 8);
    clip.flags = hil_get16(p + 12);
    mem_addr = hil_get32(p + 14);
    clip.n_args = p[18];
    for (unsigned i = 0; i < clip.n_args; i++)
        clip.args[i] = (int32_t)hil_get32(p + 19 + 4 * i);
    if (app->max_clip_samples && clip.n_samples > app->max_clip_samples) {
        error_with_id(HIL_E_TOO_LARGE, "too many samples for max_clip: clip ");
        return;
    }
    bool mem = clip.flags & HIL_CLIP_MEMORY;
    if (mem && (!HAVE_MEMORY_PATH || (mem_addr & 1u))) {
        error_with_id(HIL_E_BAD_PAYLOAD,
                      HAVE_MEMORY_PATH ? "odd mem_addr: clip " : "no memory path on this port: clip ");
        return;
    }
    bool mic = clip.flags & HIL_CLIP_MIC;
    if (mic && (mem || !HAVE_MIC)) {
        error_with_id(HIL_E_BAD_PAYLOAD, mem ? "memory and microphone flags both set: clip " : "no microphone on this port: clip ");
        return;
    }
    drop_data = false;
    consumed = 0;
    if (mem) {
        /* Begun in service_clip, once the link is quiet (see there). */
        st = MEMORY;
        begun = false;
        return;
    }
    if (!begin_clip())
        return;
#if HAVE_MIC
    /* After begin(), so a rejected clip never starts the microphone. */
    const char *why = mic && clip.n_samples ? hil_port_mic_start(clip.sample_rate, clip.n_samples) : NULL;
    if (why) {
        st = IDLE;
        drop_data = true;
        hil_send_error(HIL_E_BAD_PAYLOAD, why);
        return;
    }
#endif
    st = clip.n_samples == 0 ? ENDING : mic ? MIC : RECEIVING;
}

/* The host marks the clip failed on ERROR; drop it here too, and the data
 * it may already have sent for it (see drop_data). */
static void abandon(uint16_t code, const char *text)
{
    error_with_id(code, text);
#if HAVE_MIC
    if (st == MIC)
        hil_port_mic_stop();
#endif
    st = IDLE;
    drop_data = true;
}

static void clip_data(const uint8_t *p, uint16_t len)
{
    if (st == IDLE) {
        if (!drop_data)
            hil_send_error(HIL_E_NO_CLIP, "CLIP_DATA without a clip");
        return;
    }
    if (len & 1u) {
        abandon(HIL_E_BAD_PAYLOAD, "odd CLIP_DATA length: clip ");
        return;
    }
    uint32_t n = len / 2u;
    if (st == MEMORY || st == MIC) {
        abandon(HIL_E_TOO_MANY, st == MIC ? "CLIP_DATA for microphone clip " : "CLIP_DATA for memory clip ");
        return;
    }
    if (st != RECEIVING || n > clip.n_samples - consumed) {
        abandon(HIL_E_TOO_MANY, "samples beyond n_samples: clip ");
        return;
    }
    if (n)
        run_samples((const int16_t *)(const void *)p, n);  /* rx buffer is 4-aligned */
}

void hil_session_frame(uint8_t type, const uint8_t *payload, uint16_t len)
{
    if (type == HIL_T_CLIP_BEGIN)
        clip_begin(payload, len);
    else if (type == HIL_T_CLIP_DATA)
        clip_data(payload, len);
    else
        hil_send_error(HIL_E_UNKNOWN_TYPE, "unknown frame type");
}

/* ---- RESULT ---- */

static struct hil_result res;

static void finish_clip(void)
{
    /* The library's own entries go after the app's; keep room for them so
     * an app with many values cannot crowd out clip_id or cycles. */
    size_t reserve = 7 + 5 + 3 * 11 + 7 + 7 + 7 + 4;
    hil_region_t sr;
    for (unsigned i = 0; hil_port_stack(i, &sr); i++)
        reserve += 11 + hil_strlen(sr.name);
    memset(&res, 0, sizeof res);
    res.tlv.buf = hil_big_buf;
    res.tlv.cap = (uint16_t)(reserve < HIL_BIG_MAX ? HIL_BIG_MAX - reserve : 0);
    res.predicted = -1;

    uint64_t t0 = hil_port_cycles();
    app->end(&res);
    uint64_t d = hil_port_cycles() - t0;
    cyc_total += d;
    cyc_inf += d;

    hil_tlv_t *t = &res.tlv;
    bool app_overflow = t->overflow;
    t->cap = HIL_BIG_MAX;
    hil_tlv_u32(t, 0x01, clip.clip_id);
    hil_tlv_u16(t, 0x02, res.predicted < 0 ? 0xffffu : (uint16_t)res.predicted);
    hil_tlv_u64(t, 0x04, cyc_total);
    hil_tlv_u64(t, 0x05, res.split ? res.fe : cyc_fe);
    hil_tlv_u64(t, 0x06, res.split ? res.inf : cyc_inf);
    for (unsigned i = 0; hil_port_stack(i, &sr); i++) {
        uint8_t b[8];
        uint32_t used = hil_stack_used(&sr);
        if (i == 0)
            hil_tlv_u32(t, 0x07, used);
        hil_put32(b, used);
        hil_put32(b + 4, sr.size);
        hil_tlv_add(t, 0x08, b, 8, sr.name, hil_strlen(sr.name));
    }
    hil_tlv_u32(t, 0x0a, consumed);
    hil_tlv_u32(t, 0x0b, 0);  /* no heap */
    hil_tlv_u8(t, 0x0c, res.status);
#ifdef HIL_TEST_FUTURE_TAGS
    /* A newer device's additions (docs/protocol.md 8): an unknown RESULT tag, and an unknown reliable frame. */
    hil_tlv_u32(t, 0x7e, 0xfeedf00du);
    hil_txq_push(0x7d, NULL, 0, "a frame type from the future");
#endif
    if (app_overflow)
        hil_log(HIL_LOG_WARN, "RESULT full: some scores/values were dropped");
    hil_big_ready(HIL_T_RESULT, t->n);
    st = IDLE;
}

#if HAVE_MIC
/* Feeds the app each captured block, in the same chunks as the memory path;
 * the port captures the next blocks meanwhile. */
static bool service_mic(void)
{
    if (hil_port_mic_overruns()) {
        abandon(HIL_E_MIC_OVERRUN, "microphone overrun (the app fell behind real time): clip ");
        return true;
    }
    const int16_t *s;
    uint32_t n = hil_port_mic_read(&s);
    if (n > clip.n_samples - consumed)
        n = clip.n_samples - consumed;
    if (!n)
        return false;  /* idle: the next block comes with an interrupt */
    for (uint32_t off = 0, k; off < n; off += k) {
        k = n - off < HIL_MAX_PAYLOAD / 2u ? n - off : HIL_MAX_PAYLOAD / 2u;
        run_samples(s + off, k);
    }
    hil_port_mic_release();
    if (st == ENDING)
        hil_port_mic_stop();
    return true;
}
#endif

static bool service_clip(void)
{
#if HAVE_MIC
    if (st == MIC)
        return service_mic();
#endif
    if (st == MEMORY) {
        /* The whole clip is in memory, so nothing need arrive while it is worked on: first let
         * what we sent be acknowledged (the app's boot LOG, say), so no host byte's interrupt
         * lands in a measured window, then line the counter up with our own instructions. */
        if (!begun) {
            if (!hil_link_quiet())
                return false;
            begun = true;
            if (!begin_clip())
                return true;
            if (clip.n_samples == 0) {
                st = ENDING;
                return true;
            }
        }
        uint32_t n = clip.n_samples - consumed;
        if (n > HIL_MAX_PAYLOAD / 2u)
            n = HIL_MAX_PAYLOAD / 2u;  /* the same chunks CLIP_DATA would bring */
        run_samples((const int16_t *)(uintptr_t)mem_addr + consumed, n);
        return true;
    }
    if (st == ENDING && !hil_big_busy()) {
        finish_clip();
        return true;
    }
    return false;
}

/* ---- HELLO and the main loop ---- */

/* What the conformance probe found at boot (HELLO tag 0x0f). */
static hil_probe_t probe;

static void send_hello(void)
{
    hil_tlv_t t = {hil_big_buf, HIL_BIG_MAX, 0, false};
    hil_tlv_u16(&t, 0x01, HIL_PROTOCOL_VERSION);
    hil_tlv_str(&t, 0x02, app->name);
    hil_tlv_str(&t, 0x03, app->version);
    hil_tlv_str(&t, 0x04, hil_port_board());
    hil_tlv_u32(&t, 0x05, hil_port_cpu_hz());
    for (unsigned i = 0; i < app->n_labels; i++)
        hil_tlv_str(&t, 0x06, app->labels[i]);
    hil_tlv_u16(&t, 0x07, HIL_MAX_PAYLOAD);
    hil_tlv_u8(&t, 0x08, hil_link_credit());
    hil_tlv_str(&t, 0x09, hil_port_cycle_source());
    hil_region_t r;
    for (unsigned i = 0; hil_port_region(i, &r); i++) {
        uint8_t b[9];
        hil_put32(b, (uint32_t)r.start);
        hil_put32(b + 4, r.size);
        b[8] = r.kind;
        hil_tlv_add(&t, 0x0a, b, 9, r.name, hil_strlen(r.name));
    }
    float scale = app->score_scale != 0.0f ? app->score_scale : 1.0f;
    uint32_t bits;
    memcpy(&bits, &scale, 4);
    hil_tlv_u32(&t, 0x0b, bits);
    hil_tlv_u32(&t, 0x0c, app->max_clip_samples);
    hil_tlv_u8(&t, 0x0d, (uint8_t)(1u | (HAVE_MEMORY_PATH ? 2u : 0u) | (HAVE_MIC ? 4u : 0u)));
    if (probe.set) {
        uint8_t b[10];
        hil_put16(b, probe.set);
        hil_put32(b + 2, probe.ran);
        hil_put32(b + 6, probe.failed);
        hil_tlv_add(&t, 0x0f, b, 10, NULL, 0);
    }
#ifdef HIL_TEST_FUTURE_TAGS
    hil_tlv_str(&t, 0x7f, "a HELLO tag from the future");
#endif
    hil_big_ready(HIL_T_HELLO, t.n);
}

void hil_main(const hil_app_t *a)
{
    app = a;
    hil_probe_run(&probe);
    hil_port_init();
    hil_link_init();
    if (app->init)
        app->init();
    send_hello();
    for (;;) {
        bool busy = hil_link_service_tx();
        busy |= hil_link_poll_rx();
        busy |= service_clip();
        if (!busy)
            hil_port_idle();
    }
}

uint64_t hil_cycles(void)
{
    return hil_port_cycles();
}

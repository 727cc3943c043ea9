/*
 * platforms/nrf52840/pdm.c on the host, against two models of the PDM
 * interface playing on its registers (test/nrf52840/cm.h puts them in arrays):
 *
 * - renode: NRF52840_PDM as its source reads (Renode 1.15): TASKS_START starts
 *   a timer; each tick takes the PTR written so far, raises STARTED, writes a
 *   whole MAXCNT block, raises END. TASKS_STOP only raises STOPPED; a change of
 *   MAXCNT restarts the timer, and 0 parks it.
 * - silicon: the nRF52840 PS v1.8: STARTED when the DMA latches PTR (at START,
 *   then with each END), TASKS_STOP ends after the block in flight.
 *
 * Either way the app must get exactly the clip's samples, in order, in blocks
 * of at most 256, and the PDM must be configured for 16 kHz and stopped after.
 */
#include <stdint.h>
#include <string.h>

#include "cm.h"
#include "hil_port.h"
#include "test.h"

uint32_t t_pdm_regs[0x1000 / 4];
uint32_t t_p0_regs[0x800 / 4];
unsigned t_irq_enabled, t_irq_masked;

void IRQ29_Handler(void);

#define R(off) t_pdm_regs[(off) / 4]
enum {
    START = 0x000, STOP = 0x004, EV_STARTED = 0x100, EV_STOPPED = 0x104, EV_END = 0x108,
    INTENSET = 0x304, INTENCLR = 0x308, ENABLE = 0x500, CLKCTRL = 0x504, MODE = 0x508,
    GAINL = 0x518, RATIO = 0x520, PSEL_CLK = 0x540, PSEL_DIN = 0x544, PTR = 0x560, MAXCNT = 0x564,
};

#define CLIP_MAX 6000u
static int16_t src[CLIP_MAX], got[CLIP_MAX];
static uint32_t src_n, src_pos, got_n, max_block, ticks;
static uint32_t inten, last_maxcnt;
static bool ticking, in_flight;
static uint32_t latched;

/* Register writes take effect when the model next looks (before each tick). */
static void model_writes(bool silicon)
{
    if (R(INTENCLR)) {
        R(INTENSET) &= ~R(INTENCLR);
        R(INTENCLR) = 0;
    }
    inten = R(INTENSET);
    if (R(START)) {
        R(START) = 0;
        ticking = R(ENABLE) == 1;
        if (silicon && ticking) {
            latched = R(PTR);
            in_flight = true;
            R(EV_STARTED) = 1;
        }
    }
    if (R(STOP)) {
        R(STOP) = 0;
        if (silicon)
            ticking = false;  /* after the block in flight */
        else
            R(EV_STOPPED) = 1;
    }
    if (!silicon && R(MAXCNT) != last_maxcnt && ticking)
        ticking = R(MAXCNT) != 0;  /* Renode: restarted, or parked at 0 */
    last_maxcnt = R(MAXCNT);
}

static void interrupt(void)
{
    bool pending = (R(EV_STARTED) && (inten & 1u)) || (R(EV_END) && (inten & 4u));
    if (pending && (t_irq_enabled & (1u << 29)) && !t_irq_masked)
        IRQ29_Handler();
}

/* PTR is 32 bits wide; pdm.c's buffers sit in this binary's .bss, next to
 * the register arrays, so on a 64-bit host their upper half is the arrays'. */
static int16_t *dma_address(uint32_t ptr)
{
    uintptr_t here = (uintptr_t)t_pdm_regs;
    uintptr_t a = (here & ~(uintptr_t)0xffffffffu) | ptr;
    CHECK(a - here + (1u << 20) < (2u << 20));  /* within 1 MiB: the reconstruction holds */
    return (int16_t *)a;
}

static void fill(uint32_t addr)
{
    int16_t *dst = dma_address(addr);
    for (uint32_t i = 0; i < R(MAXCNT); i++)
        dst[i] = src_pos < src_n ? src[src_pos++] : 0;
}

/* One block of the microphone; false when the PDM is not running. */
static bool model_tick(bool silicon)
{
    model_writes(silicon);
    if (silicon) {
        interrupt();  /* a STARTED still pending (the first one) */
        model_writes(silicon);
        if (!in_flight)
            return false;
        fill(latched);
        R(EV_END) = 1;
        in_flight = ticking;
        if (ticking) {
            latched = R(PTR);
            R(EV_STARTED) = 1;
        } else {
            R(EV_STOPPED) = 1;
        }
    } else {
        if (!ticking || R(MAXCNT) == 0)
            return false;
        uint32_t p = R(PTR);
        R(EV_STARTED) = 1;
        fill(p);
        R(EV_END) = 1;
    }
    ticks++;
    interrupt();
    return true;
}

/* The library's side: take every complete block, as service_mic() does. */
static void drain(void)
{
    const int16_t *s;
    uint32_t n;
    while ((n = hil_port_mic_read(&s)) != 0) {
        if (n > max_block)
            max_block = n;
        for (uint32_t i = 0; i < n && got_n < CLIP_MAX; i++)
            got[got_n++] = s[i];
        hil_port_mic_release();
    }
}

/* Records an n-sample clip; the app takes the blocks every `lag` ticks. */
static uint32_t record(bool silicon, uint32_t n, uint32_t lag)
{
    memset(t_pdm_regs, 0, sizeof t_pdm_regs);
    R(CLKCTRL) = 0x08400000u;  /* reset values */
    R(GAINL) = 0x28;
    src_n = n, src_pos = 0, got_n = 0, max_block = 0, ticks = 0;
    ticking = in_flight = false;
    last_maxcnt = 0;
    for (uint32_t i = 0; i < n; i++)
        src[i] = (int16_t)(t_rand() & 0xffffu);
    CHECK(hil_port_mic_start(16000, n) == NULL);
    CHECK_EQ(R(CLKCTRL), 0x0A000000u);  /* 1.280 MHz */
    CHECK_EQ(R(RATIO), 1);              /* 80: 16 kHz exactly */
    CHECK_EQ(R(MODE), 1);               /* mono */
    CHECK_EQ(R(GAINL), 0x28);           /* 0 dB */
    CHECK_EQ(R(PSEL_CLK), 26);
    CHECK_EQ(R(PSEL_DIN), 25);
    CHECK_EQ(R(ENABLE), 1);
    CHECK_EQ(R(MAXCNT), 256);
    CHECK(t_irq_enabled & (1u << 29));
    for (uint32_t k = 0; k < 100 && model_tick(silicon); k++)
        if ((k + 1) % lag == 0)
            drain();
    drain();
    uint32_t lost = hil_port_mic_overruns();
    hil_port_mic_stop();
    CHECK_EQ(R(ENABLE), 0);
    CHECK_EQ(t_irq_masked, 0);
    return lost;
}

static void check_clip(const char *what, bool silicon, uint32_t n, uint32_t lag)
{
    int before = t_failures;
    uint32_t lost = record(silicon, n, lag);
    CHECK_EQ(lost, 0);
    CHECK_EQ(got_n, n);
    CHECK(memcmp(got, src, n * sizeof got[0]) == 0);
    CHECK(max_block <= 256);
    /* Renode: exactly the blocks the clip needs; silicon: one more in flight. */
    CHECK_EQ(ticks, (n + 255) / 256 + (silicon ? 1u : 0u));
    if (t_failures > before)
        fprintf(stderr, "  in: %s, %u samples, app every %u blocks\n", what, (unsigned)n, (unsigned)lag);
}

void test_pdm(void)
{
    for (int silicon = 0; silicon <= 1; silicon++) {
        const char *what = silicon ? "silicon" : "renode";
        check_clip(what, silicon, 4000, 1);  /* 15 whole blocks and 160 samples */
        check_clip(what, silicon, 512, 1);   /* whole blocks only */
        check_clip(what, silicon, 100, 1);   /* less than one block */
        check_clip(what, silicon, 4000, 2);  /* the app 2 blocks behind: the ring holds */
        /* 4 blocks behind: a buffer still with the app is overwritten, and said so. */
        CHECK(record(silicon, 4000, 4) > 0);
    }
    CHECK(hil_port_mic_start(16129, 100) != NULL);  /* the reset clocking's rate */
    CHECK(hil_port_mic_start(8000, 100) != NULL);
}

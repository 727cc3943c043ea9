/*
 * The self-test app: everything it reports is recomputed by the host
 * (verify: selftest), so every definition here is exact and documented in
 * docs/porting.md. Args (app.yaml order): recurse_bytes, hang (1: spin
 * forever after the last sample; 2: sleep forever with interrupts off).
 */
#include "hil.h"
#include "hil_port.h"

#define LOOP_ITERS 100000u

static const char *const labels[4] = {"seg0", "seg1", "seg2", "seg3"};

static struct {
    uint32_t clip_id, n_total, n;
    uint32_t bound[5];  /* segment k is samples [bound[k], bound[k+1]) */
    unsigned seg;
    uint32_t crc;
    int64_t sum, energy, score[4];
    int32_t min, max, recurse_bytes, hang;
} S;

/* The address of a local one call deeper than the caller: its SP, near enough. */
__attribute__((noinline)) static uintptr_t stack_pointer(void)
{
    volatile uint8_t here = 0;
    return (uintptr_t)&here;
}

/* Recurses until a frame lies below floor; returns the deepest frame's
 * address. The buffer is written whole so the painted stack really is
 * overwritten, and read after the call so it cannot become a loop. */
__attribute__((noinline)) static uintptr_t dive(uintptr_t floor)
{
    volatile uint8_t buf[64];
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)i;
    uintptr_t here = (uintptr_t)&buf[0];
    uintptr_t deepest = here > floor ? dive(floor) : here;
    buf[0] = (uint8_t)deepest;
    return deepest;
}

/* Exactly iters iterations of two instructions, so an instruction-counting
 * emulator executes 2 x iters instructions between the two counter reads. */
static uint64_t timed_loop(uint32_t iters)
{
    uint64_t t0 = hil_cycles();
#if defined(__arm__) || defined(__thumb__)
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(iters) : : "cc");
#elif defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("1: sub $1, %0\n\tjnz 1b" : "+r"(iters) : : "cc");
#else
    for (volatile uint32_t i = iters; i; i--) {
    }
#endif
    return hil_cycles() - t0;
}

/* hang 2: the core sleeps for good and executes nothing, so an emulator that
 * counts instructions (QEMU -icount) sees the device's clock stand still while
 * it goes on answering: the host must call that the firmware's timeout, not a
 * stalled emulator. Every interrupt is off and none is left pending, since WFI
 * wakes on a pending enabled interrupt even with PRIMASK set (which would make
 * this a spin). Only architectural v7-M registers (SysTick, NVIC, SCB), so it is
 * the same on every Cortex-M port; elsewhere (the host build) it spins. */
__attribute__((noreturn)) static void sleep_forever(void)
{
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && __ARM_ARCH >= 7
    volatile uint32_t *const syst_csr = (volatile uint32_t *)(uintptr_t)0xE000E010u;
    volatile uint32_t *const ictr = (volatile uint32_t *)(uintptr_t)0xE000E004u;
    volatile uint32_t *const icer = (volatile uint32_t *)(uintptr_t)0xE000E180u;
    volatile uint32_t *const icpr = (volatile uint32_t *)(uintptr_t)0xE000E280u;
    volatile uint32_t *const icsr = (volatile uint32_t *)(uintptr_t)0xE000ED04u;
    __asm__ volatile("cpsid i" ::: "memory");
    *syst_csr = 0;  /* no more ticks */
    /* ICTR.INTLINESNUM: (n + 1) x 32 interrupt lines. */
    for (uint32_t n = 0; n <= (*ictr & 0xFu); n++) {
        icer[n] = 0xFFFFFFFFu;
        icpr[n] = 0xFFFFFFFFu;
    }
    *icsr = 1u << 25;  /* PENDSTCLR: a tick that came in meanwhile */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    for (;;)
        __asm__ volatile("wfi");
#else
    for (;;) {
    }
#endif
}

static void st_init(void)
{
    const char *board = hil_port_board();
    char line[64] = "selftest ready on ";
    unsigned n = 18;
    while (*board && n < sizeof line - 1)
        line[n++] = *board++;
    line[n] = 0;
    hil_log(HIL_LOG_INFO, line);
}

static int st_begin(const hil_clip_t *clip, const char **reason)
{
    S.clip_id = clip->clip_id;
    S.n_total = clip->n_samples;
    S.recurse_bytes = clip->args[0];
    S.hang = clip->args[1];
    if (S.recurse_bytes < 0) {
        *reason = "selftest: recurse_bytes < 0";
        return 1;
    }
    hil_region_t st;
    if (S.recurse_bytes > 0 && hil_port_stack(0, &st)) {
        /* Keep 1 KiB for end() itself and the interrupts. */
        uintptr_t sp = stack_pointer();
        uintptr_t room = sp > st.start + 1024u ? sp - st.start - 1024u : 0;
        if ((uint32_t)S.recurse_bytes > room) {
            *reason = "selftest: recurse_bytes exceeds the free main stack";
            return 1;
        }
    }
    S.n = 0;
    S.crc = 0;
    S.sum = S.energy = 0;
    S.min = S.max = 0;
    for (unsigned k = 0; k < 4; k++)
        S.score[k] = 0;
    for (unsigned k = 0; k <= 4; k++)
        S.bound[k] = (uint32_t)((uint64_t)k * S.n_total / 4u);
    S.seg = 0;
    return 0;
}

static void st_samples(const int16_t *s, uint32_t n)
{
    /* The library only runs on little-endian targets, so the samples' bytes
     * in memory are the int16 LE bytes the host hashes. */
    S.crc = hil_crc32(S.crc, s, 2u * n);
    for (uint32_t i = 0; i < n; i++) {
        int32_t x = s[i];
        if (S.n == 0 || x < S.min)
            S.min = x;
        if (S.n == 0 || x > S.max)
            S.max = x;
        S.sum += x;
        S.energy += (int64_t)x * x;
        while (S.seg < 3 && S.n >= S.bound[S.seg + 1])
            S.seg++;
        S.score[S.seg] += x < 0 ? -x : x;
        S.n++;
    }
}

static void st_end(hil_result_t *r)
{
    /* After the last sample, no RESULT: the host must time out and reset us. */
    if (S.hang == 2)
        sleep_forever();
    if (S.hang)
        for (;;) {
        }
    uintptr_t sp0 = stack_pointer();
    uint32_t recursed = 0;
    if (S.recurse_bytes > 0)
        recursed = (uint32_t)(sp0 - dive(sp0 - (uint32_t)S.recurse_bytes));
    uint64_t loop_cycles = timed_loop(LOOP_ITERS);

    int32_t scores[4];
    int best = -1;
    for (int k = 0; k < 4; k++) {
        scores[k] = S.score[k] > INT32_MAX ? INT32_MAX : (int32_t)S.score[k];
        if (S.n && (best < 0 || scores[k] > scores[best]))
            best = k;
    }
    int64_t sum = S.sum;
#ifdef SELFTEST_FAULT
    if (S.clip_id & 1u)
        sum += 1;  /* deliberate: the host's verifier must catch this */
#endif
    hil_result_predicted(r, best);
    hil_result_scores(r, scores, 4);
    hil_result_value(r, "n", S.n);
    hil_result_value(r, "crc32", S.crc);
    hil_result_value(r, "sum", sum);
    hil_result_value(r, "energy", S.energy);
    hil_result_value(r, "min", S.min);
    hil_result_value(r, "max", S.max);
    hil_result_value(r, "loop_iters", LOOP_ITERS);
    hil_result_value(r, "loop_cycles", (int64_t)loop_cycles);
    hil_result_value(r, "recursed", recursed);
    hil_log_int(HIL_LOG_DEBUG, "selftest: done clip ", S.clip_id);
}

const hil_app_t hil_selftest_app = {
    .name = "selftest",
    .version = "1.0.0",
    .labels = labels,
    .n_labels = 4,
    .max_clip_samples = 0,
    .score_scale = 1.0f,
    .begin = st_begin,
    .samples = st_samples,
    .end = st_end,
    .init = st_init,
};

/*
 * The cycle counter: DWT CYCCNT when the core really has one, else SysTick
 * at the core clock, both extended to 64 bits by the SysTick interrupt.
 *
 * DWT is optional in v7-M and emulators vary: QEMU 7.2 reads the whole DWT
 * and the ROM table as zero (no fault), so "DWT_CTRL.NOCYCCNT == 0" alone
 * would wrongly claim a counter. All checks below are plain reads of the
 * always-present PPB, so none of them can fault.
 *
 * A platform whose chip is known to have a DWT defines CM_HAS_DWT: then only
 * "CYCCNT actually counts" decides. Renode models the DWT
 * (Miscellaneous.DWT) but neither the ROM table (reads as zero) nor DEMCR
 * (an unhandled NVIC offset, reads as zero), so the two checks above the
 * counting test would turn its working counter down.
 */
#include "cm.h"
#include "hil_port.h"

static uint32_t hz, reload;
static volatile uint32_t wraps;
static uint32_t last_w, last_t;  /* the latest systick_read, which the next may not go below */
/* What the count and the milliseconds were when hil_port_clock_sync last restarted SysTick's period. */
static uint64_t base_ticks;
static uint32_t base_ms;
static bool use_dwt;
static volatile uint32_t dwt_hi, dwt_last;

static bool dwt_detect(void)
{
#ifndef CM_HAS_DWT
    if (!(ROMTABLE_DWT & 1u))  /* ROM table: DWT present bit */
        return false;
#endif
    SCB_DEMCR |= 1u << 24;  /* TRCENA */
#ifndef CM_HAS_DWT
    if (!(SCB_DEMCR & (1u << 24)))
        return false;
#endif
    if (DWT_CTRL & (1u << 25))  /* NOCYCCNT */
        return false;
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;  /* CYCCNTENA */
    /* It must actually count. Renode derives CYCCNT from virtual time, which
     * may only move at the end of a time quantum (100 us), so give it up to
     * ~20000 reads rather than a fixed short delay; silicon and Renode with
     * instruction-precise time answer on the second read. */
    uint32_t a = DWT_CYCCNT;
    for (uint32_t i = 0; i < 20000u; i++)
        if (DWT_CYCCNT != a)
            return true;
    return false;
}

void cm_init(uint32_t cpu_hz)
{
    hz = cpu_hz;
    reload = cpu_hz / CM_TICK_HZ - 1u;  /* 24-bit: fine up to 1.6 GHz */
    use_dwt = dwt_detect();
    SYST_RVR = reload;
    SYST_CVR = 0;
    SYST_CSR = 7u;  /* core clock, interrupt, enable */
}

static inline uint32_t irq_save(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) : : "memory");
    return primask;
}

static inline void irq_restore(uint32_t primask)
{
    __asm__ volatile("msr primask, %0" : : "r"(primask) : "memory");
}

/* Wraps and the counter value, consistently: a wrap whose interrupt is
 * still pending (we may be running with interrupts masked) is counted. */
static uint32_t systick_read(uint32_t *w)
{
    uint32_t pm = irq_save();
    uint32_t n = wraps, v = SYST_CVR;
    if (SCB_ICSR & (1u << 26)) {  /* PENDSTSET */
        v = SYST_CVR;
        n++;
        /* QEMU can report the wrap as pending while CVR still reads 0 (the
         * reload happens when its timer callback runs). Time since the wrap
         * is then ~0, not a whole period: reading it as `reload - 0` counted
         * one SysTick period twice (seen as +10 M on one KWS clip). */
        if (v == 0)
            v = reload;
    }
    /* The converse: QEMU also reloads CVR before its timer callback sets the
     * pending bit. Read in between, the wrap is missing and the count steps
     * back by almost a period (seen as a clip of 2^64 - 176,616 ticks). Within
     * one wrap count time only goes forward, so a step back is that wrap. */
    uint32_t t = reload - v;
    if (n == last_w && t < last_t)
        n++;
    last_w = n;
    last_t = t;
    irq_restore(pm);
    *w = n;
    return t;
}

static uint64_t dwt_read(void)
{
    uint32_t pm = irq_save();
    uint32_t c = DWT_CYCCNT;
    if (c < dwt_last)  /* wrapped since the last look (looked at every tick) */
        dwt_hi++;
    dwt_last = c;
    uint64_t r = ((uint64_t)dwt_hi << 32) | c;
    irq_restore(pm);
    return r;
}

void SysTick_Handler(void)
{
    wraps++;
    if (use_dwt)
        dwt_read();  /* every 10 ms, far more often than CYCCNT wraps */
}

uint64_t hil_port_cycles(void)
{
    if (use_dwt)
        return dwt_read();
    uint32_t w;
    uint32_t t = systick_read(&w);
    return base_ticks + (uint64_t)w * (reload + 1u) + t;
}

/*
 * SysTick ticks once per 40 instructions under QEMU -icount (25 MHz), so a
 * window's count depends on where in a tick it starts, which depends on when
 * the host's CLIP_BEGIN arrived: the same clip read a few hundred instructions
 * apart from run to run. Writing CVR restarts the period at this instruction
 * (the counter reloads on the next tick), so from here on where every tick and
 * wrap falls is fixed by the firmware's own instructions. The count carries on
 * from base_ticks; what the old period had counted is kept there. DWT counts
 * every cycle and needs none of this.
 */
void hil_port_clock_sync(void)
{
    if (use_dwt)
        return;
    uint32_t pm = irq_save();
    uint32_t w;
    uint32_t t = systick_read(&w);
    base_ticks += (uint64_t)w * (reload + 1u) + t;
    base_ms += w * (1000u / CM_TICK_HZ) + t / (hz / 1000u);
    SYST_CVR = 0;                 /* any write clears it; it reloads on the next tick */
    SCB_ICSR = 1u << 25;          /* PENDSTCLR: a wrap still pending is counted above */
    wraps = 0;
    last_w = last_t = 0;
    while (SYST_CVR == 0)         /* until the reload: 0 would read as a whole period gone */
        ;
    irq_restore(pm);
}

const char *hil_port_cycle_source(void)
{
    return use_dwt ? "dwt" : "systick";
}

uint32_t hil_port_cpu_hz(void)
{
    return hz;
}

uint32_t hil_port_millis(void)
{
    uint32_t w;
    uint32_t t = systick_read(&w);
    return base_ms + w * (1000u / CM_TICK_HZ) + t / (hz / 1000u);
}

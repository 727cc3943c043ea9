/*
 * nrf52840 microphone: the PDM interface (nRF52840 PS v1.8 §6.11) with
 * EasyDMA, wired as on the Arduino Nano 33 BLE Sense (MP34DT05 mic: CLK
 * P0.26, DIN P0.25, mic power P0.17; the pins Arduino's PDM library uses).
 *
 * 16 kHz exactly: PDM_CLK 1.280 MHz (PDMCLKCTRL 0x0A000000) with RATIO 80.
 * The reset value (1.032 MHz, ratio 64) samples at 16.129 kHz, which would
 * feed the app audio 0.8 % fast on silicon and pace Renode's model off 16 kHz.
 * Mono, left channel on the falling clock edge (as Arduino's PDM library;
 * which edge a mic drives depends on its L/R pin), gain 0 dB.
 *
 * Capture: SAMPLE.PTR is double-buffered. STARTED says the DMA latched the
 * PTR written before, so the interrupt writes the next buffer's address at
 * once; END says a block of BLOCK samples is in RAM. Blocks go round a ring
 * of NBUF buffers the main loop reads in order (hil_port_mic_read) while the
 * next ones fill; a block whose buffer the app still holds is an overrun.
 * Blocks past the clip's end go to a scratch buffer, and the interrupt stops
 * the PDM as soon as the last block needed is in.
 *
 * Renode (sysbus.pdm, NRF52840_PDM, fed by `SetInputFile`): its model writes
 * a whole block per tick of a timer at sample rate / MAXCNT and raises
 * STARTED and END together, which the ring handles the same way. TASKS_STOP
 * only raises STOPPED there and its timer keeps taking samples, so the stop
 * also writes MAXCNT = 0: any MAXCNT change restarts the model's timer and 0
 * parks it. On silicon MAXCNT is only read at the next START, so that write
 * changes nothing.
 */
#include "cm.h"
#include "hil_port.h"

/* The peripherals' addresses; firmware/test/nrf52840/cm.h moves them into
 * host memory, so the unit tests run this file against a model of Renode's. */
#ifndef NRF_PDM_BASE
#define NRF_PDM_BASE 0x4001D000u
#endif
#ifndef NRF_P0_BASE
#define NRF_P0_BASE 0x50000000u
#endif

#define PDM NRF_PDM_BASE
#define PDM_TASKS_START CM_REG(PDM + 0x000u)
#define PDM_TASKS_STOP CM_REG(PDM + 0x004u)
#define PDM_EVENTS_STARTED CM_REG(PDM + 0x100u)
#define PDM_EVENTS_STOPPED CM_REG(PDM + 0x104u)
#define PDM_EVENTS_END CM_REG(PDM + 0x108u)
#define PDM_INTENSET CM_REG(PDM + 0x304u)
#define PDM_INTENCLR CM_REG(PDM + 0x308u)
#define PDM_ENABLE CM_REG(PDM + 0x500u)
#define PDM_PDMCLKCTRL CM_REG(PDM + 0x504u)
#define PDM_MODE CM_REG(PDM + 0x508u)
#define PDM_GAINL CM_REG(PDM + 0x518u)
#define PDM_GAINR CM_REG(PDM + 0x51Cu)
#define PDM_RATIO CM_REG(PDM + 0x520u)
#define PDM_PSEL_CLK CM_REG(PDM + 0x540u)
#define PDM_PSEL_DIN CM_REG(PDM + 0x544u)
#define PDM_SAMPLE_PTR CM_REG(PDM + 0x560u)
#define PDM_SAMPLE_MAXCNT CM_REG(PDM + 0x564u)

#define CLK_1280K 0x0A000000u
#define RATIO_80 1u
#define MODE_MONO_LEFTFALLING 1u  /* OPERATION = Mono (bit 0), EDGE = LeftFalling (bit 1 = 0) */
#define GAIN_0DB 0x28u
#define INT_STARTED (1u << 0)
#define INT_STOPPED (1u << 1)
#define INT_END (1u << 2)
#define PDM_IRQ 29u  /* peripheral ID of 0x4001D000; Renode: pdm -> nvic@29 */
#define RATE_HZ 16000u

#define P0 NRF_P0_BASE
#define P0_OUTSET CM_REG(P0 + 0x508u)
#define P0_OUTCLR CM_REG(P0 + 0x50Cu)
#define P0_DIRSET CM_REG(P0 + 0x518u)
#define PIN_PWR 17u
#define PIN_CLK 26u
#define PIN_DIN 25u

/* 256 samples: the memory path's chunk (max_payload / 2), 16 ms of audio. */
#define BLOCK 256u
/* 4 blocks in the ring: one recording, one queued in PTR, so the app may
 * hold 2 recorded blocks (fall 32 ms behind) before one is overwritten. */
#define NBUF 4u
#define STOP_SPINS 100000u

static int16_t ring[NBUF][BLOCK] __attribute__((aligned(4)));
static int16_t scratch[BLOCK] __attribute__((aligned(4)));
/* Blocks given a buffer (PTR written), completed (END), released by the
 * main loop, and needed for the clip. Only the ISR moves queued and done. */
static volatile uint32_t queued, done, released, needed, overruns;
static uint32_t n_samples;
static volatile uint8_t running;

static uint32_t buffer_for(uint32_t block)
{
    if (block >= needed)
        return (uint32_t)(uintptr_t)scratch;
    /* Its buffer last held block - NBUF: still with the app = overrun. */
    if (block - released >= NBUF)
        overruns++;
    return (uint32_t)(uintptr_t)ring[block % NBUF];
}

static void park(void)
{
    PDM_INTENCLR = INT_STARTED | INT_STOPPED | INT_END;
    PDM_TASKS_STOP = 1;
    PDM_SAMPLE_MAXCNT = 0;  /* Renode: parks the model's sampling timer (see above) */
    running = 0;
}

void IRQ29_Handler(void);  /* overrides the weak default in startup.c */
void IRQ29_Handler(void)
{
    /* Renode raises STARTED and END of one block together; silicon raises END
     * of one block with STARTED of the next. Either order is right: STARTED
     * queues the next buffer, END counts a completed one. */
    if (PDM_EVENTS_STARTED) {
        PDM_EVENTS_STARTED = 0;
        PDM_SAMPLE_PTR = buffer_for(queued);
        queued = queued + 1u;
    }
    if (PDM_EVENTS_END) {
        PDM_EVENTS_END = 0;
        done = done + 1u;
        if (done >= needed && running)
            park();
    }
    if (PDM_EVENTS_STOPPED)
        PDM_EVENTS_STOPPED = 0;
}

const char *hil_port_mic_start(uint32_t sample_rate, uint32_t n)
{
    if (sample_rate != RATE_HZ)
        return "the nrf52840 microphone samples at 16000 Hz only (PDM 1.28 MHz, ratio 80)";
    hil_port_mic_stop();
    n_samples = n;
    needed = (n + BLOCK - 1u) / BLOCK;
    done = released = overruns = 0;
    P0_OUTSET = (1u << PIN_PWR);  /* mic power on; CLK idles low */
    P0_OUTCLR = (1u << PIN_CLK);
    P0_DIRSET = (1u << PIN_PWR) | (1u << PIN_CLK);
    PDM_PSEL_CLK = PIN_CLK;  /* port 0, CONNECT (bit 31) = 0 */
    PDM_PSEL_DIN = PIN_DIN;
    PDM_PDMCLKCTRL = CLK_1280K;
    PDM_RATIO = RATIO_80;
    PDM_MODE = MODE_MONO_LEFTFALLING;
    PDM_GAINL = GAIN_0DB;
    PDM_GAINR = GAIN_0DB;
    PDM_ENABLE = 1;
    PDM_EVENTS_STARTED = 0;
    PDM_EVENTS_END = 0;
    PDM_EVENTS_STOPPED = 0;
    /* Block 0's buffer before START; the first STARTED asks for block 1's. */
    PDM_SAMPLE_PTR = buffer_for(0);
    queued = 1;
    PDM_SAMPLE_MAXCNT = BLOCK;
    running = 1;
    PDM_INTENSET = INT_STARTED | INT_END;
    cm_irq_enable(PDM_IRQ);
    PDM_TASKS_START = 1;
    return 0;
}

uint32_t hil_port_mic_read(const int16_t **s)
{
    uint32_t b = released;
    if (b >= done || b >= needed)
        return 0;
    *s = ring[b % NBUF];
    uint32_t left = n_samples - b * BLOCK;
    return left < BLOCK ? left : BLOCK;
}

void hil_port_mic_release(void)
{
    if (released < done)
        released = released + 1u;
}

void hil_port_mic_stop(void)
{
    cm_irq_mask();
    if (running)
        park();
    cm_irq_unmask();
    if (PDM_ENABLE) {
        /* Silicon finishes the block in flight before STOPPED (bounded: a
         * board without a mic must not hang); then the PDM is powered down. */
        for (uint32_t i = 0; i < STOP_SPINS && !PDM_EVENTS_STOPPED; i++) {
        }
        PDM_EVENTS_STOPPED = 0;
        PDM_EVENTS_STARTED = 0;
        PDM_EVENTS_END = 0;
        PDM_ENABLE = 0;
    }
    needed = 0;
}

uint32_t hil_port_mic_overruns(void)
{
    return overruns;
}

/*
 * tinyhil device library: the porting interface.
 *
 * A port implements every hil_port_*() function below (see docs/porting.md).
 * The library calls them only from the main loop, never from an interrupt,
 * except hil_panic() which a fault handler may call.
 */
#ifndef HIL_PORT_H
#define HIL_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Ports fill stacks with this word at boot; the library finds the
 * high-water mark as the lowest word that no longer holds it. */
#define HIL_STACK_PAINT 0xC5A5C5A5u

/* HELLO `region` kinds. */
enum { HIL_REGION_DATA = 0, HIL_REGION_BSS = 1, HIL_REGION_STACK = 2, HIL_REGION_HEAP = 3, HIL_REGION_OTHER = 4 };

typedef struct {
    const char *name;  /* ".data", "main", ... */
    uintptr_t start;   /* lowest address */
    uint32_t size;     /* bytes */
    uint8_t kind;      /* HIL_REGION_* */
} hil_region_t;

/* Called first by hil_main(): clocks, cycle counter, UART with RX enabled.
 * Send nothing on the UART: the first bytes out must be the HELLO frame. */
void hil_port_init(void);

/* Non-blocking: copy up to max received bytes into buf, return how many. */
size_t hil_port_uart_read(uint8_t *buf, size_t max);
/* Blocking: return once all n bytes are handed to the UART. */
void hil_port_uart_write(const uint8_t *buf, size_t n);
/* Free bytes in the receive buffer right now (the link's credit). */
size_t hil_port_rx_free(void);
/* Nothing to do: sleep until a byte arrives or at most ~10 ms pass (the
 * link's timers need the loop to run). May return at once (busy polling). */
void hil_port_idle(void);

/* Free-running 64-bit counter of the cycle source, monotonic. */
uint64_t hil_port_cycles(void);
/* "dwt", "systick", "host" or "none" (HELLO cycle_source). */
const char *hil_port_cycle_source(void);
/* Core clock in Hz (HELLO cpu_hz). */
uint32_t hil_port_cpu_hz(void);
/* The platform name, exactly as the host's platform file (HELLO board). */
const char *hil_port_board(void);
/* Milliseconds since boot (wraps; only differences are used). */
uint32_t hil_port_millis(void);
/* Optional (the library has an empty default): called as each clip begins,
 * before its first measured callback. A port whose counter ticks more coarsely
 * than the instructions it times (SysTick under QEMU -icount: 40 instructions
 * per tick) restarts the counter's period here, so where a clip's work falls
 * on its ticks follows from the firmware's own instructions, not from when the
 * host's bytes happened to arrive: the same clip measures the same, however
 * loaded the host was. The counter must stay monotonic. */
void hil_port_clock_sync(void);

/* Static memory region idx for HELLO (data, bss, stack, ...): fill *r and
 * return 1, or return 0 past the last one. */
int hil_port_region(unsigned idx, hil_region_t *r);
/* Painted stack idx (0 = the main stack) for RESULT stack_hwm/stack: fill
 * *r and return 1, or return 0 past the last one. */
int hil_port_stack(unsigned idx, hil_region_t *r);

/* Optional microphone (the pdm audio path, docs/protocol.md 4.2): a port
 * whose board has one adds -DHIL_PORT_HAS_MIC to its CPU_FLAGS and
 * implements these; the library calls them only then. Capture runs in the
 * background (DMA, interrupts) while the app works on earlier blocks. */
/* Starts capturing exactly n_samples int16 mono samples at sample_rate Hz.
 * Returns NULL, or why it cannot (a rate the microphone does not run at). */
const char *hil_port_mic_start(uint32_t sample_rate, uint32_t n_samples);
/* The oldest captured block not yet released, in capture order: sets *s
 * and returns its sample count (the last block holds only the samples up
 * to n_samples), or returns 0 when none is complete yet. */
uint32_t hil_port_mic_read(const int16_t **s);
/* The block the last hil_port_mic_read() returned is consumed. */
void hil_port_mic_release(void);
/* Stops capturing (clip done or abandoned); idempotent. */
void hil_port_mic_stop(void);
/* Blocks lost since hil_port_mic_start() because every buffer was still
 * waiting for the app (the app fell behind real time). */
uint32_t hil_port_mic_overruns(void);

/* Provided by the library: bytes of the painted stack *r ever used. An
 * unpainted stack reads as fully used (the safe mistake). */
uint32_t hil_stack_used(const hil_region_t *r);
/* Provided by the library, for fault handlers: best-effort LOG of text
 * (level error) on the link, waiting for nothing. Returns 1 if it was sent
 * (the host had accepted HELLO: reset, the host will see the new HELLO),
 * 0 if nobody listens yet (halt rather than reset in a loop). */
int hil_panic(const char *text);

#ifdef __cplusplus
}
#endif

#endif /* HIL_PORT_H */

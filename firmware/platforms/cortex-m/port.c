/*
 * The receive ring, idling, and memory regions from the linker script.
 *
 * RX is interrupt driven because a real UART drops bytes while the CPU is
 * busy in the app; the ring is single-producer (the ISR moves `head`) and
 * single-consumer (the main loop moves `tail`), so neither side needs to
 * mask interrupts.
 */
#include "cm.h"
#include "hil_port.h"

static uint8_t ring[CM_RX_BUF];
static volatile uint16_t head, tail;  /* one slot stays empty: full != empty */
volatile uint32_t cm_rx_overruns;

void cm_rx_push(uint8_t b)
{
    uint16_t h = head, next = (uint16_t)(h + 1u == CM_RX_BUF ? 0u : h + 1u);
    if (next == tail) {
        cm_rx_overruns++;
        return;
    }
    ring[h] = b;
    __asm__ volatile("" ::: "memory");  /* the byte before the index */
    head = next;
}

size_t hil_port_uart_read(uint8_t *buf, size_t max)
{
    size_t n = 0;
    uint16_t t = tail;
    while (n < max && t != head) {
        buf[n++] = ring[t];
        t = (uint16_t)(t + 1u == CM_RX_BUF ? 0u : t + 1u);
    }
    tail = t;
    return n;
}

size_t hil_port_rx_free(void)
{
    uint16_t h = head, t = tail;
    size_t used = h >= t ? (size_t)(h - t) : (size_t)(CM_RX_BUF - t + h);
    return CM_RX_BUF - 1u - used;
}

void hil_port_idle(void)
{
    /* WFI with interrupts masked still wakes on a pending interrupt, so a
     * byte arriving between the check and the WFI cannot be slept through.
     * SysTick wakes us at least every 10 ms for the link's timers. */
    __asm__ volatile("cpsid i" ::: "memory");
    if (head == tail)
        __asm__ volatile("dsb\n\twfi" ::: "memory");
    __asm__ volatile("cpsie i" ::: "memory");
}

extern uint32_t __data_start__[], __data_end__[], __bss_start__[], __bss_end__[];
extern uint32_t __stack_start__[], __stack_end__[];

static void fill(hil_region_t *r, const char *name, const uint32_t *lo, const uint32_t *hi, uint8_t kind)
{
    r->name = name;
    r->start = (uintptr_t)lo;
    r->size = (uint32_t)((uintptr_t)hi - (uintptr_t)lo);
    r->kind = kind;
}

int hil_port_region(unsigned idx, hil_region_t *r)
{
    switch (idx) {
    case 0: fill(r, ".data", __data_start__, __data_end__, HIL_REGION_DATA); return 1;
    case 1: fill(r, ".bss", __bss_start__, __bss_end__, HIL_REGION_BSS); return 1;
    case 2: fill(r, ".stack", __stack_start__, __stack_end__, HIL_REGION_STACK); return 1;
    default: return 0;
    }
}

int hil_port_stack(unsigned idx, hil_region_t *r)
{
    if (idx != 0)
        return 0;
    fill(r, "main", __stack_start__, __stack_end__, HIL_REGION_STACK);
    return 1;
}

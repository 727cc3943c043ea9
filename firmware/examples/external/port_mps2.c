/*
 * A complete, self-contained tinyhil port for QEMU mps2-an386 (Cortex-M4F,
 * 25 MHz, CMSDK UART0): startup, UART with interrupt-driven receive, a
 * 64-bit SysTick counter, stack painting, memory regions, fault handling.
 * Copy this file and change the marked parts for your board.
 */
#include "hil.h"
#include "hil_port.h"

#define REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

/* ---- board specifics: change these for your board ---- */
#define BOARD_NAME "mps2-an386"  /* must equal the platform's name */
#define CPU_HZ 25000000u
#define UART 0x40004000u         /* CMSDK APB UART0 */
#define UART_DATA REG(UART + 0x00u)
#define UART_STATE REG(UART + 0x04u)  /* bit 0 TX full, bit 1 RX full */
#define UART_CTRL REG(UART + 0x08u)   /* bit 0 TX en, 1 RX en, 3 RX irq en */
#define UART_INTCLR REG(UART + 0x0Cu)
#define UART_BAUDDIV REG(UART + 0x10u)
#define UART_RX_IRQ 0u

/* ---- Cortex-M core registers ---- */
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
#define NVIC_ISER0 REG(0xE000E100u)
#define SCB_ICSR REG(0xE000ED04u)
#define SCB_AIRCR REG(0xE000ED0Cu)
#define SCB_CPACR REG(0xE000ED88u)

void uart_rx_isr(void);
void systick_isr(void);
void reset_handler(void);
void fault_handler(void);

/* Linker script symbols (external.ld). */
extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _sstack[], _estack[];
extern int main(void);

/* ---- receive ring: the ISR writes head, the main loop reads tail ---- */
#define RX_SIZE 1100u  /* two full 512-byte frames: credit 2 */
static uint8_t rx_ring[RX_SIZE];
static volatile uint16_t rx_head, rx_tail;

void uart_rx_isr(void)
{
    UART_INTCLR = 2u;  /* clear first: a byte arriving after the loop re-raises it */
    while (UART_STATE & 2u) {
        uint8_t b = (uint8_t)UART_DATA;
        uint16_t next = (uint16_t)((rx_head + 1u) % RX_SIZE);
        if (next != rx_tail) {  /* full: drop (credit keeps this from happening) */
            rx_ring[rx_head] = b;
            rx_head = next;
        }
    }
}

size_t hil_port_uart_read(uint8_t *buf, size_t max)
{
    size_t n = 0;
    while (n < max && rx_tail != rx_head) {
        buf[n++] = rx_ring[rx_tail];
        rx_tail = (uint16_t)((rx_tail + 1u) % RX_SIZE);
    }
    return n;
}

size_t hil_port_rx_free(void)
{
    return RX_SIZE - 1u - (uint16_t)((rx_head + RX_SIZE - rx_tail) % RX_SIZE);
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    while (n--) {
        while (UART_STATE & 1u) {
        }
        UART_DATA = *buf++;
    }
}

/* ---- time: SysTick at the core clock, wrapping every 10 ms ---- */
#define RELOAD (CPU_HZ / 100u - 1u)
static volatile uint32_t ticks_10ms;

void systick_isr(void) { ticks_10ms++; }

static uint32_t systick(uint32_t *wraps)
{
    __asm__ volatile("cpsid i" ::: "memory");
    uint32_t w = ticks_10ms, v = SYST_CVR;
    if (SCB_ICSR & (1u << 26)) {  /* wrapped, interrupt not yet taken */
        v = SYST_CVR;
        w++;
    }
    __asm__ volatile("cpsie i" ::: "memory");
    *wraps = w;
    return RELOAD - v;
}

uint64_t hil_port_cycles(void)
{
    uint32_t w, t = systick(&w);
    return (uint64_t)w * (RELOAD + 1u) + t;
}

uint32_t hil_port_millis(void)
{
    uint32_t w, t = systick(&w);
    return w * 10u + t / (CPU_HZ / 1000u);
}

const char *hil_port_cycle_source(void) { return "systick"; }
uint32_t hil_port_cpu_hz(void) { return CPU_HZ; }
const char *hil_port_board(void) { return BOARD_NAME; }

void hil_port_idle(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
    if (rx_head == rx_tail)
        __asm__ volatile("dsb\n\twfi" ::: "memory");  /* wakes on the pending IRQ */
    __asm__ volatile("cpsie i" ::: "memory");
}

void hil_port_init(void)
{
    SYST_RVR = RELOAD;
    SYST_CVR = 0;
    SYST_CSR = 7u;
    UART_BAUDDIV = CPU_HZ / 115200u;
    UART_CTRL = 1u | 2u | 8u;
    (void)UART_DATA;  /* QEMU: RX only starts after the first DATA read */
    NVIC_ISER0 = 1u << UART_RX_IRQ;
}

/* ---- memory regions and the painted main stack ---- */
static void region(hil_region_t *r, const char *name, uint32_t *lo, uint32_t *hi, uint8_t kind)
{
    *r = (hil_region_t){name, (uintptr_t)lo, (uint32_t)((uintptr_t)hi - (uintptr_t)lo), kind};
}

int hil_port_region(unsigned idx, hil_region_t *r)
{
    if (idx == 0)
        region(r, ".data", _sdata, _edata, HIL_REGION_DATA);
    else if (idx == 1)
        region(r, ".bss", _sbss, _ebss, HIL_REGION_BSS);
    else if (idx == 2)
        region(r, ".stack", _sstack, _estack, HIL_REGION_STACK);
    return idx <= 2;
}

int hil_port_stack(unsigned idx, hil_region_t *r)
{
    if (idx == 0)
        region(r, "main", _sstack, _estack, HIL_REGION_STACK);
    return idx == 0;
}

/* ---- startup and faults ---- */
void reset_handler(void)
{
    SCB_CPACR |= 0xFu << 20;  /* FPU on before anything may use it */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    for (uint32_t *s = _sidata, *d = _sdata; d < _edata;)
        *d++ = *s++;
    for (uint32_t *d = _sbss; d < _ebss;)
        *d++ = 0;
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (volatile uint32_t *p = _sstack; p < sp - 4;)
        *p++ = HIL_STACK_PAINT;  /* the high-water scan looks for this */
    main();
    for (;;) {
    }
}

void fault_handler(void)
{
    if (hil_panic("HardFault (external port)")) {
        for (volatile int i = 0; i < 100000; i++) {
        }
        SCB_AIRCR = 0x05FA0004u;  /* reset: the host sees a new HELLO */
    }
    for (;;) {
    }
}

typedef void (*vector_t)(void);
__attribute__((section(".vectors"), used)) static const vector_t vectors[16 + 32] = {
    [0] = (vector_t)(uintptr_t)_estack,
    [1] = reset_handler,
    [2] = fault_handler, [3] = fault_handler, [4] = fault_handler,
    [5] = fault_handler, [6] = fault_handler,
    [15] = systick_isr,
    [16 + UART_RX_IRQ] = uart_rx_isr,
};

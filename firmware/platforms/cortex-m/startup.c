/*
 * Vector table, reset and fault handling for v7-M (Cortex-M3/M4/M7).
 *
 * Reset: enable the FPU (before any code that might touch it), copy .data,
 * zero .bss, paint the unused main stack for the high-water scan, main().
 * Faults: log through the link (hil_panic) and reset, so the host sees a
 * LOG, then a fresh HELLO; before the host ever accepted HELLO nobody
 * listens and a reset would just loop, so halt instead.
 */
#include "cm.h"
#include "hil_port.h"

extern uint32_t __data_load__[], __data_start__[], __data_end__[];
extern uint32_t __bss_start__[], __bss_end__[], __stack_start__[], __stack_end__[];
extern int main(void);

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void);
void HardFault_Handler(void);
void SysTick_Handler(void);

#define WEAK_DEFAULT __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_DEFAULT;
void SVC_Handler(void) WEAK_DEFAULT;
void DebugMon_Handler(void) WEAK_DEFAULT;
void PendSV_Handler(void) WEAK_DEFAULT;

/* IRQ<n>_Handler, n = 0..99, each weak: a board defines the ones it uses
 * (e.g. IRQ0_Handler for the CMSDK UART0 RX interrupt). */
#define CM_IRQS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) \
    CM_TENS(X, 1) CM_TENS(X, 2) CM_TENS(X, 3) CM_TENS(X, 4) CM_TENS(X, 5) \
    CM_TENS(X, 6) CM_TENS(X, 7) CM_TENS(X, 8) CM_TENS(X, 9)
#define CM_TENS(X, t) X(t##0) X(t##1) X(t##2) X(t##3) X(t##4) X(t##5) X(t##6) X(t##7) X(t##8) X(t##9)
#define CM_DECLARE(n) void IRQ##n##_Handler(void) WEAK_DEFAULT;
#define CM_ENTRY(n) IRQ##n##_Handler,
CM_IRQS(CM_DECLARE)

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) const vector_t cm_vectors[16 + 100] = {
    (vector_t)(uintptr_t)__stack_end__,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    HardFault_Handler,  /* MemManage, BusFault, UsageFault: disabled by */
    HardFault_Handler,  /* default (they escalate to HardFault) but a   */
    HardFault_Handler,  /* board may enable them; same handling.        */
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    CM_IRQS(CM_ENTRY)
};

void Reset_Handler(void)
{
    SCB_CPACR |= 0xFu << 20;  /* CP10/CP11 full access; RAZ/WI without an FPU */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    SCB_VTOR = (uint32_t)(uintptr_t)cm_vectors;

    for (uint32_t *s = __data_load__, *d = __data_start__; d < __data_end__;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start__; d < __bss_end__;)
        *d++ = 0;
    /* Paint from the bottom up to just below where we stand: everything
     * deeper than this frame is unused so far. */
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (volatile uint32_t *p = __stack_start__; p < sp - 4;)
        *p++ = HIL_STACK_PAINT;

    main();
    for (;;) {
    }
}

static char *put_hex(char *p, const char *label, uint32_t v)
{
    while (*label)
        *p++ = *label++;
    for (int s = 28; s >= 0; s -= 4)
        *p++ = "0123456789abcdef"[(v >> s) & 15u];
    return p;
}

/* frame: the exception stack frame (r0-r3, r12, lr, pc, xpsr). */
void cm_fault(const uint32_t *frame, uint32_t ipsr) __attribute__((used, noreturn));
void cm_fault(const uint32_t *frame, uint32_t ipsr)
{
    char msg[96], *p = msg;
    p = put_hex(p, ipsr == 3 ? "HardFault pc=" : "exception ", ipsr == 3 ? frame[6] : ipsr);
    if (ipsr != 3)
        p = put_hex(p, " pc=", frame[6]);
    p = put_hex(p, " lr=", frame[5]);
    p = put_hex(p, " cfsr=", SCB_CFSR);
    p = put_hex(p, " hfsr=", SCB_HFSR);
    *p = 0;
    /* Quiet until the host accepted HELLO; resetting then would only
     * repeat the fault, so halt. */
    if (hil_panic(msg)) {
        for (volatile uint32_t i = 0; i < 200000u; i++) {
        }  /* let the UART shift out the last bytes */
        cm_reset();
    }
    for (;;)
        __asm__ volatile("wfi");
}

__attribute__((naked)) void HardFault_Handler(void)
{
    __asm__ volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "mrs r1, ipsr\n\t"
        "b cm_fault\n\t");
}

__attribute__((naked)) void Default_Handler(void)
{
    __asm__ volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "mrs r1, ipsr\n\t"
        "b cm_fault\n\t");
}

void cm_reset(void)
{
    __asm__ volatile("dsb" ::: "memory");
    SCB_AIRCR = 0x05FA0004u;  /* VECTKEY | SYSRESETREQ */
    __asm__ volatile("dsb" ::: "memory");
    for (;;) {
    }
}

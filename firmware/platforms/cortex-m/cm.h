/*
 * Shared Cortex-M (v7-M) support: what a platform's board.c calls.
 * A board implements hil_port_init() (calling cm_init() first),
 * hil_port_uart_write(), hil_port_board(), and its UART's RX interrupt
 * (which hands every byte to cm_rx_push()). Everything else in hil_port.h
 * lives in platforms/cortex-m.
 */
#ifndef CM_H
#define CM_H

#include <stdbool.h>
#include <stdint.h>

#define CM_REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define SYST_CSR CM_REG(0xE000E010u)
#define SYST_RVR CM_REG(0xE000E014u)
#define SYST_CVR CM_REG(0xE000E018u)
#define NVIC_ISER(n) CM_REG(0xE000E100u + 4u * (n))
#define SCB_ICSR CM_REG(0xE000ED04u)
#define SCB_VTOR CM_REG(0xE000ED08u)
#define SCB_AIRCR CM_REG(0xE000ED0Cu)
#define SCB_CFSR CM_REG(0xE000ED28u)
#define SCB_HFSR CM_REG(0xE000ED2Cu)
#define SCB_CPACR CM_REG(0xE000ED88u)
#define SCB_DEMCR CM_REG(0xE000EDFCu)
#define DWT_CTRL CM_REG(0xE0001000u)
#define DWT_CYCCNT CM_REG(0xE0001004u)
#define ROMTABLE_DWT CM_REG(0xE00FF004u)

/* Receive ring size: two worst-case 512-byte frames plus slack, so the
 * link grants credit 2 (the host sends the next frame while the app works
 * on the current one). Smaller saves RAM at the cost of credit 1. */
#ifndef CM_RX_BUF
#define CM_RX_BUF 1100u
#endif

/* SysTick period: the 64-bit counter's wrap interrupt, and the longest
 * hil_port_idle() sleeps. */
#define CM_TICK_HZ 100u

/* Starts SysTick (and DWT when present); call first in hil_port_init(). */
void cm_init(uint32_t cpu_hz);
/* From the UART RX interrupt: one received byte into the ring. */
void cm_rx_push(uint8_t b);
/* Bytes dropped because the ring was full (credit should prevent it). */
extern volatile uint32_t cm_rx_overruns;

/* Polls of a status register before a board gives up waiting for a clock or
 * regulator to come up (emulators may never set the bit). */
#define CM_READY_SPINS 200000u

/* Waits until (*reg & mask) == want, at most CM_READY_SPINS polls; false on timeout. */
static inline bool cm_wait_bits(volatile uint32_t *reg, uint32_t mask, uint32_t want)
{
    for (uint32_t i = 0; i < CM_READY_SPINS; i++)
        if ((*reg & mask) == want)
            return true;
    return false;
}

static inline void cm_irq_enable(unsigned irq)
{
    NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

/* A short critical section against the interrupt handlers (PRIMASK). */
static inline void cm_irq_mask(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void cm_irq_unmask(void) { __asm__ volatile("cpsie i" ::: "memory"); }

void cm_reset(void) __attribute__((noreturn));

/* Exception handlers (the vector table is in startup.c). A board defines
 * IRQ<n>_Handler for the interrupts it uses (declared where defined). */
void SysTick_Handler(void);

#endif /* CM_H */

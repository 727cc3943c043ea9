/*
 * The unit tests' stand-in for platforms/cortex-m/cm.h when they compile
 * platforms/nrf52840/pdm.c on the host: the PDM and GPIO registers live in
 * arrays (test_pdm.c plays the peripheral on them), the NVIC and PRIMASK
 * calls are recorded instead of executed.
 */
#ifndef CM_H
#define CM_H

#include <stdbool.h>
#include <stdint.h>

#define CM_REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

extern uint32_t t_pdm_regs[0x1000 / 4];
extern uint32_t t_p0_regs[0x800 / 4];
extern unsigned t_irq_enabled, t_irq_masked;

#define NRF_PDM_BASE ((uintptr_t)t_pdm_regs)
#define NRF_P0_BASE ((uintptr_t)t_p0_regs)

static inline void cm_irq_enable(unsigned irq) { t_irq_enabled |= 1u << irq; }
static inline void cm_irq_mask(void) { t_irq_masked++; }
static inline void cm_irq_unmask(void) { t_irq_masked--; }

#endif /* CM_H */

/*
 * The USART of the STM32F1/F2/F4 families (SR, DR, BRR, CR1 at +0x0, +0x4,
 * +0x8, +0xC), shared by the netduinoplus2 (STM32F405 on QEMU) and
 * stm32f4-discovery (STM32F407 on Renode) ports: one peripheral, one driver.
 * The F7's USART has another register map (ISR/RDR/TDR) and keeps its own code.
 */
#ifndef STM32_USART_H
#define STM32_USART_H

#include <stddef.h>
#include <stdint.h>

#include "cm.h"

#define STM32_USART_SR(base) CM_REG((base) + 0x00u)
#define STM32_USART_DR(base) CM_REG((base) + 0x04u)
#define STM32_USART_BRR(base) CM_REG((base) + 0x08u)
#define STM32_USART_CR1(base) CM_REG((base) + 0x0Cu)

#define STM32_USART_SR_RXNE (1u << 5)
#define STM32_USART_SR_TXE (1u << 7)
#define STM32_USART_CR1_RE (1u << 2)
#define STM32_USART_CR1_TE (1u << 3)
#define STM32_USART_CR1_RXNEIE (1u << 5)
#define STM32_USART_CR1_UE (1u << 13)

/*
 * 115200 8N1 from the peripheral clock, receiver and its interrupt on. RX is
 * on before HELLO on purpose: the host sends nothing before it, and these
 * USARTs (real and emulated) drop bytes that arrive before UE and RE are set.
 */
static inline void stm32_usart_init(uint32_t base, uint32_t pclk_hz, unsigned irq)
{
    STM32_USART_BRR(base) = (pclk_hz + 115200u / 2u) / 115200u;
    STM32_USART_CR1(base) = STM32_USART_CR1_UE | STM32_USART_CR1_TE | STM32_USART_CR1_RE | STM32_USART_CR1_RXNEIE;
    cm_irq_enable(irq);
}

/* The RX interrupt: reading SR then DR clears RXNE and any overrun. */
static inline void stm32_usart_rx_irq(uint32_t base)
{
    while (STM32_USART_SR(base) & STM32_USART_SR_RXNE)
        cm_rx_push((uint8_t)STM32_USART_DR(base));
}

/* Blocking transmit, one byte whenever the data register is empty. */
static inline void stm32_usart_write(uint32_t base, const uint8_t *buf, size_t n)
{
    while (n--) {
        while (!(STM32_USART_SR(base) & STM32_USART_SR_TXE)) {
        }
        STM32_USART_DR(base) = *buf++;
    }
}

#endif

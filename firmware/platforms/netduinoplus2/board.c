/*
 * netduinoplus2 (QEMU): STM32F405, USART1 at 0x40011000 (QEMU's first
 * -serial), RX interrupt = IRQ 37.
 *
 * The core clock is QEMU's fixed 168 MHz; on a real board the PLL would
 * have to be set up first, and QEMU's RCC is an unimplemented stub that
 * reads as zero, so waiting for PLL-ready would hang here. The RCC/GPIO
 * writes below are what silicon needs and are ignored by QEMU.
 */
#include "cm.h"
#include "hil_port.h"
#include "stm32_usart.h"

#define RCC_AHB1ENR CM_REG(0x40023830u)
#define RCC_APB2ENR CM_REG(0x40023844u)
#define GPIOA_MODER CM_REG(0x40020000u)
#define GPIOA_AFRH CM_REG(0x40020024u)

#define USART1 0x40011000u
#define USART1_IRQ 37u

#define CPU_HZ 168000000u
#define APB2_HZ (CPU_HZ / 2u)

void hil_port_init(void)
{
    cm_init(CPU_HZ);
    RCC_AHB1ENR |= 1u;        /* GPIOA */
    RCC_APB2ENR |= 1u << 4;   /* USART1 */
    GPIOA_MODER = (GPIOA_MODER & ~(0xFu << 18)) | (0xAu << 18);       /* PA9, PA10: AF */
    GPIOA_AFRH = (GPIOA_AFRH & ~(0xFFu << 4)) | (0x77u << 4);         /* AF7 = USART1 */
    stm32_usart_init(USART1, APB2_HZ, USART1_IRQ);
}

void IRQ37_Handler(void);  /* overrides the weak default in startup.c */
void IRQ37_Handler(void)
{
    stm32_usart_rx_irq(USART1);
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    stm32_usart_write(USART1, buf, n);
}

const char *hil_port_board(void)
{
    return "netduinoplus2";
}

/*
 * stm32f4-discovery: STM32F407VG (Cortex-M4F). References: RM0090 rev 19
 * (RCC §7.3, GPIO §8.4, USART §30.6, flash ACR §3.9), UM1472 (board: 8 MHz
 * HSE from the ST-LINK MCO, USART2 free on PA2/PA3).
 *
 * Clock: HSE 8 MHz -> PLL (M 8, N 336, P 2, Q 7) = 168 MHz SYSCLK, AHB /1,
 * APB1 /4 = 42 MHz (USART2), APB2 /2 = 84 MHz, flash 5 wait states.
 * Every wait for a ready flag is bounded: if the PLL never locks the chip
 * stays on the 16 MHz HSI and says so in HELLO (cpu_hz), instead of hanging
 * before the host could hear anything. Renode's STM32F4_RCC reports the
 * ready flags as soon as the enables are set; QEMU's RCC stub reads all
 * zero, which no real chip does (HSIRDY), so then the emulator's fixed
 * 168 MHz is taken as it is.
 *
 * UART: USART2, PA2 TX / PA3 RX (AF7), 115200 8N1, RX interrupt (IRQ 38)
 * into the shared receive ring. Renode: sysbus.usart2 (STM32_UART).
 */
#include "cm.h"
#include "hil_port.h"
#include "stm32_usart.h"

#define RCC_CR CM_REG(0x40023800u)
#define RCC_PLLCFGR CM_REG(0x40023804u)
#define RCC_CFGR CM_REG(0x40023808u)
#define RCC_AHB1ENR CM_REG(0x40023830u)
#define RCC_APB1ENR CM_REG(0x40023840u)
#define FLASH_ACR CM_REG(0x40023C00u)
#define GPIOA_MODER CM_REG(0x40020000u)
#define GPIOA_AFRL CM_REG(0x40020020u)

#define USART2 0x40004400u

#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
#define CFGR_SW_PLL 2u
#define CFGR_SWS_MASK (3u << 2)
#define CFGR_SWS_PLL (2u << 2)
#define CFGR_PPRE1_DIV4 (5u << 10)
#define CFGR_PPRE2_DIV2 (4u << 13)
/* PLLM 8 | PLLN 336 << 6 | PLLP /2 (0) << 16 | PLLSRC HSE << 22 | PLLQ 7 << 24 */
#define PLLCFGR_168MHZ (8u | (336u << 6) | (1u << 22) | (7u << 24))
#define ACR_5WS_PRFT_IC_DC (5u | (1u << 8) | (1u << 9) | (1u << 10))

#define USART2_IRQ 38u

#define HSI_HZ 16000000u
#define PLL_HZ 168000000u

/* 168 MHz from the PLL; returns the core clock actually running. */
static uint32_t clock_init(void)
{
    /* An RCC that reads all zero is not there (QEMU's STM32F405 stub: HSIRDY
     * is set on every real chip): the emulator fixes the clock at 168 MHz. */
    if (RCC_CR == 0)
        return PLL_HZ;
    RCC_CR |= CR_HSEON;
    if (!cm_wait_bits(&RCC_CR, CR_HSERDY, CR_HSERDY))
        return HSI_HZ;
    RCC_PLLCFGR = PLLCFGR_168MHZ;
    RCC_CR |= CR_PLLON;
    if (!cm_wait_bits(&RCC_CR, CR_PLLRDY, CR_PLLRDY))
        return HSI_HZ;
    /* Wait states before the clock goes up (RM0090 §3.5.1). */
    FLASH_ACR = ACR_5WS_PRFT_IC_DC;
    RCC_CFGR = CFGR_PPRE1_DIV4 | CFGR_PPRE2_DIV2 | CFGR_SW_PLL;
    if (!cm_wait_bits(&RCC_CFGR, CFGR_SWS_MASK, CFGR_SWS_PLL))
        return HSI_HZ;
    return PLL_HZ;
}

void hil_port_init(void)
{
    uint32_t hz = clock_init();
    cm_init(hz);
    uint32_t apb1 = hz == PLL_HZ ? hz / 4u : hz;
    RCC_AHB1ENR |= 1u;        /* GPIOA */
    RCC_APB1ENR |= 1u << 17;  /* USART2 */
    (void)RCC_APB1ENR;        /* let the enable take effect (errata 2.1.13) */
    GPIOA_MODER = (GPIOA_MODER & ~(0xFu << 4)) | (0xAu << 4);   /* PA2, PA3: AF */
    GPIOA_AFRL = (GPIOA_AFRL & ~(0xFFu << 8)) | (0x77u << 8);  /* AF7 = USART2 */
    stm32_usart_init(USART2, apb1, USART2_IRQ);
}

void IRQ38_Handler(void);  /* overrides the weak default in startup.c */
void IRQ38_Handler(void)
{
    stm32_usart_rx_irq(USART2);
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    stm32_usart_write(USART2, buf, n);
}

const char *hil_port_board(void)
{
    return "stm32f4-discovery";
}

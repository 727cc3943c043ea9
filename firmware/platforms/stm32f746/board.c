/*
 * stm32f746: STM32F746NG (Cortex-M7F) as on the STM32F746G-DISCO. References:
 * RM0385 rev 8 (PWR over-drive §4.4.1, RCC §5.3, GPIO §6.4, USART §31.8,
 * flash ACR §3.3.3), UM1907 (board: 25 MHz HSE, ST-LINK VCP on USART1
 * PA9 TX / PB7 RX).
 *
 * Clock: HSE 25 MHz -> PLL (M 25, N 432, P 2, Q 9) = 216 MHz SYSCLK with
 * over-drive on, AHB /1, APB1 /4 = 54 MHz, APB2 /2 = 108 MHz (USART1), flash
 * 7 wait states. Every ready wait is bounded: without a locked PLL the chip
 * stays on the 16 MHz HSI and HELLO says so. In Renode the over-drive flags
 * come from Python "flipflop" stubs and the RCC reports ready at once.
 *
 * DWT: on the Cortex-M7 the DWT has a lock (LAR); unlock it before the shared
 * code enables CYCCNT. Renode ignores the write.
 *
 * UART: USART1, 115200 8N1, RX interrupt (IRQ 37) into the shared ring.
 * Renode: sysbus.usart1 (STM32F7_USART: RDR must not be read when RXNE is
 * clear, so the handler checks first).
 */
#include "cm.h"
#include "hil_port.h"

#define RCC_CR CM_REG(0x40023800u)
#define RCC_PLLCFGR CM_REG(0x40023804u)
#define RCC_CFGR CM_REG(0x40023808u)
#define RCC_AHB1ENR CM_REG(0x40023830u)
#define RCC_APB1ENR CM_REG(0x40023840u)
#define RCC_APB2ENR CM_REG(0x40023844u)
#define PWR_CR1 CM_REG(0x40007000u)
#define PWR_CSR1 CM_REG(0x40007004u)
#define FLASH_ACR CM_REG(0x40023C00u)
#define GPIOA_MODER CM_REG(0x40020000u)
#define GPIOA_AFRH CM_REG(0x40020024u)
#define GPIOB_MODER CM_REG(0x40020400u)
#define GPIOB_AFRL CM_REG(0x40020420u)
#define DWT_LAR CM_REG(0xE0001FB0u)

#define USART1 0x40011000u
#define USART_CR1 CM_REG(USART1 + 0x00u)
#define USART_BRR CM_REG(USART1 + 0x0Cu)
#define USART_ISR CM_REG(USART1 + 0x1Cu)
#define USART_ICR CM_REG(USART1 + 0x20u)
#define USART_RDR CM_REG(USART1 + 0x24u)
#define USART_TDR CM_REG(USART1 + 0x28u)

#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
#define PWR_ODEN (1u << 16)
#define PWR_ODSWEN (1u << 17)
#define PWR_ODRDY (1u << 16)
#define PWR_ODSWRDY (1u << 17)
#define CFGR_SW_PLL 2u
#define CFGR_SWS_MASK (3u << 2)
#define CFGR_SWS_PLL (2u << 2)
#define CFGR_PPRE1_DIV4 (5u << 10)
#define CFGR_PPRE2_DIV2 (4u << 13)
/* PLLM 25 | PLLN 432 << 6 | PLLP /2 (0) << 16 | PLLSRC HSE << 22 | PLLQ 9 << 24 */
#define PLLCFGR_216MHZ (25u | (432u << 6) | (1u << 22) | (9u << 24))
#define ACR_7WS_PRFT_ART (7u | (1u << 8) | (1u << 9))

#define CR1_UE (1u << 0)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define CR1_RXNEIE (1u << 5)
#define ISR_ORE (1u << 3)
#define ISR_RXNE (1u << 5)
#define ISR_TXE (1u << 7)
#define ICR_ORECF (1u << 3)
#define USART1_IRQ 37u

#define HSI_HZ 16000000u
#define PLL_HZ 216000000u

/* 216 MHz from the PLL with over-drive; returns the core clock actually running. */
static uint32_t clock_init(void)
{
    /* An RCC that reads all zero is not modelled (HSIRDY is set on every real
     * chip): take the nominal clock, as the emulator does. */
    if (RCC_CR == 0)
        return PLL_HZ;
    RCC_APB1ENR |= 1u << 28;  /* PWR */
    (void)RCC_APB1ENR;
    RCC_CR |= CR_HSEON;
    if (!cm_wait_bits(&RCC_CR, CR_HSERDY, CR_HSERDY))
        return HSI_HZ;
    RCC_PLLCFGR = PLLCFGR_216MHZ;
    RCC_CR |= CR_PLLON;
    /* Over-drive (needed above 180 MHz) while the PLL locks (RM0385 §4.4.1). */
    PWR_CR1 |= PWR_ODEN;
    bool od = cm_wait_bits(&PWR_CSR1, PWR_ODRDY, PWR_ODRDY);
    PWR_CR1 |= PWR_ODSWEN;
    od = od && cm_wait_bits(&PWR_CSR1, PWR_ODSWRDY, PWR_ODSWRDY);
    if (!od || !cm_wait_bits(&RCC_CR, CR_PLLRDY, CR_PLLRDY))
        return HSI_HZ;
    FLASH_ACR = ACR_7WS_PRFT_ART;
    RCC_CFGR = CFGR_PPRE1_DIV4 | CFGR_PPRE2_DIV2 | CFGR_SW_PLL;
    if (!cm_wait_bits(&RCC_CFGR, CFGR_SWS_MASK, CFGR_SWS_PLL))
        return HSI_HZ;
    return PLL_HZ;
}

void hil_port_init(void)
{
    uint32_t hz = clock_init();
    DWT_LAR = 0xC5ACCE55u;  /* unlock the DWT (CoreSight lock) */
    cm_init(hz);
    uint32_t apb2 = hz == PLL_HZ ? hz / 2u : hz;
    RCC_AHB1ENR |= (1u << 0) | (1u << 1);  /* GPIOA, GPIOB */
    RCC_APB2ENR |= 1u << 4;                /* USART1 */
    (void)RCC_APB2ENR;
    GPIOA_MODER = (GPIOA_MODER & ~(0x3u << 18)) | (0x2u << 18);  /* PA9: AF */
    GPIOA_AFRH = (GPIOA_AFRH & ~(0xFu << 4)) | (0x7u << 4);      /* AF7 = USART1_TX */
    GPIOB_MODER = (GPIOB_MODER & ~(0x3u << 14)) | (0x2u << 14);  /* PB7: AF */
    GPIOB_AFRL = (GPIOB_AFRL & ~(0xFu << 28)) | (0x7u << 28);    /* AF7 = USART1_RX */
    USART_BRR = (apb2 + 115200u / 2u) / 115200u;
    /* RX on before HELLO (the host sends nothing before it). */
    USART_CR1 = CR1_UE | CR1_TE | CR1_RE | CR1_RXNEIE;
    cm_irq_enable(USART1_IRQ);
}

void IRQ37_Handler(void);  /* overrides the weak default in startup.c */
void IRQ37_Handler(void)
{
    /* An overrun keeps the interrupt asserted until cleared (RXNEIE covers ORE). */
    if (USART_ISR & ISR_ORE)
        USART_ICR = ICR_ORECF;
    while (USART_ISR & ISR_RXNE)
        cm_rx_push((uint8_t)USART_RDR);
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    while (n--) {
        while (!(USART_ISR & ISR_TXE)) {
        }
        USART_TDR = *buf++;
    }
}

const char *hil_port_board(void)
{
    return "stm32f746";
}

/*
 * mps2-an386 (QEMU): CMSDK APB UART0 at 0x40004000, RX interrupt = IRQ 0.
 */
#include "cm.h"
#include "hil_port.h"

#define UART0 0x40004000u
#define UART_DATA CM_REG(UART0 + 0x00u)
#define UART_STATE CM_REG(UART0 + 0x04u)
#define UART_CTRL CM_REG(UART0 + 0x08u)
#define UART_INTCLEAR CM_REG(UART0 + 0x0Cu)
#define UART_BAUDDIV CM_REG(UART0 + 0x10u)

#define STATE_TXFULL 1u
#define STATE_RXFULL 2u
#define CTRL_TXEN 1u
#define CTRL_RXEN 2u
#define CTRL_RXINTEN 8u
#define INT_RX 2u
#define UART0_RX_IRQ 0u

#define CPU_HZ 25000000u

void hil_port_init(void)
{
    cm_init(CPU_HZ);
    UART_BAUDDIV = CPU_HZ / 115200u;  /* must be >= 16; QEMU ignores the rate */
    UART_CTRL = CTRL_TXEN | CTRL_RXEN | CTRL_RXINTEN;
    /* QEMU quirk: its CMSDK UART only asks the chardev for input again after
     * DATA is read, so until the first read nothing ever arrives. */
    (void)UART_DATA;
    UART_INTCLEAR = INT_RX;
    cm_irq_enable(UART0_RX_IRQ);
}

void IRQ0_Handler(void);  /* overrides the weak default in startup.c */
void IRQ0_Handler(void)
{
    /* Clear first, then drain: a byte landing after the last STATE check
     * raises the (level) interrupt again instead of being stranded. */
    UART_INTCLEAR = INT_RX;
    while (UART_STATE & STATE_RXFULL)
        cm_rx_push((uint8_t)UART_DATA);
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    while (n--) {
        while (UART_STATE & STATE_TXFULL) {
        }
        UART_DATA = *buf++;
    }
}

const char *hil_port_board(void)
{
    return "mps2-an386";
}

/*
 * nrf52840: nRF52840 (Cortex-M4F at 64 MHz), as on the Arduino Nano 33 BLE
 * Sense. References: nRF52840 Product Specification v1.8 (CLOCK §5.4, GPIO
 * §6.9, UARTE §6.34), Arduino ABX00031 schematic (D1/TX = P1.03, D0/RX = P1.10).
 *
 * Clock: the CPU always runs at 64 MHz; the 64 MHz crystal (HFXO) is started
 * for an accurate baud rate (bounded wait, so a board without it still talks).
 *
 * UART: UARTE0 (EasyDMA), 115200 8N1. EasyDMA only reaches RAM, so both
 * directions go through RAM buffers. RX is interrupt driven one byte at a
 * time: RXD.MAXCNT = 1, and the ENDRX interrupt (IRQ 2) hands the byte to the
 * shared ring, clears ENDRX and restarts reception. At 115200 baud a byte
 * takes 87 us, far longer than the handler. No SHORTS: Renode's UARTE model
 * does not implement them, so the handler triggers STARTRX itself, after
 * clearing ENDRX (the model holds further bytes while ENDRX is set).
 * Renode: sysbus.uart0 (NRF52840_UART, easyDMA: true).
 */
#include "cm.h"
#include "hil_port.h"

#define CLOCK 0x40000000u
#define CLOCK_TASKS_HFCLKSTART CM_REG(CLOCK + 0x000u)
#define CLOCK_EVENTS_HFCLKSTARTED CM_REG(CLOCK + 0x100u)

/*
 * The protocol UART's pins, per board (the platform's board: section passes
 * them in DEFINES): by default the Nano 33 BLE Sense's D1/D0, P1.03 TX and
 * P1.10 RX; the nRF52840-DK's virtual COM port is P0.06 TX, P0.08 RX.
 */
#ifndef HIL_UART_TX_PORT
#define HIL_UART_TX_PORT 1u
#endif
#ifndef HIL_UART_TX_PIN
#define HIL_UART_TX_PIN 3u
#endif
#ifndef HIL_UART_RX_PORT
#define HIL_UART_RX_PORT 1u
#endif
#ifndef HIL_UART_RX_PIN
#define HIL_UART_RX_PIN 10u
#endif
#define GPIO(port) ((port) ? 0x50000300u : 0x50000000u)
#define TX_OUTSET CM_REG(GPIO(HIL_UART_TX_PORT) + 0x508u)
#define TX_DIRSET CM_REG(GPIO(HIL_UART_TX_PORT) + 0x518u)
#define PSEL(port, pin) (((port) << 5) | (pin))  /* CONNECT (bit 31) = 0 */

#define UARTE0 0x40002000u
#define U_TASKS_STARTRX CM_REG(UARTE0 + 0x000u)
#define U_TASKS_STARTTX CM_REG(UARTE0 + 0x008u)
#define U_EVENTS_RXDRDY CM_REG(UARTE0 + 0x108u)
#define U_EVENTS_ENDRX CM_REG(UARTE0 + 0x110u)
#define U_EVENTS_ENDTX CM_REG(UARTE0 + 0x120u)
#define U_EVENTS_ERROR CM_REG(UARTE0 + 0x124u)
#define U_INTENSET CM_REG(UARTE0 + 0x304u)
#define U_ERRORSRC CM_REG(UARTE0 + 0x480u)
#define U_ENABLE CM_REG(UARTE0 + 0x500u)
#define U_PSEL_TXD CM_REG(UARTE0 + 0x50Cu)
#define U_PSEL_RXD CM_REG(UARTE0 + 0x514u)
#define U_BAUDRATE CM_REG(UARTE0 + 0x524u)
#define U_RXD_PTR CM_REG(UARTE0 + 0x534u)
#define U_RXD_MAXCNT CM_REG(UARTE0 + 0x538u)
#define U_TXD_PTR CM_REG(UARTE0 + 0x544u)
#define U_TXD_MAXCNT CM_REG(UARTE0 + 0x548u)
#define U_CONFIG CM_REG(UARTE0 + 0x56Cu)

#define ENABLE_UARTE 8u
#define BAUD_115200 0x01D7E000u
#define INT_ENDRX (1u << 4)
#define UARTE0_IRQ 2u

#define CPU_HZ 64000000u
#define TX_CHUNK 64u

static volatile uint8_t rx_byte;
static uint8_t tx_buf[TX_CHUNK];

void hil_port_init(void)
{
    cm_init(CPU_HZ);
    CLOCK_EVENTS_HFCLKSTARTED = 0;
    CLOCK_TASKS_HFCLKSTART = 1;
    (void)cm_wait_bits(&CLOCK_EVENTS_HFCLKSTARTED, 1u, 1u);
    TX_OUTSET = 1u << HIL_UART_TX_PIN;  /* TX idles high */
    TX_DIRSET = 1u << HIL_UART_TX_PIN;
    U_PSEL_TXD = PSEL(HIL_UART_TX_PORT, HIL_UART_TX_PIN);
    U_PSEL_RXD = PSEL(HIL_UART_RX_PORT, HIL_UART_RX_PIN);
    U_BAUDRATE = BAUD_115200;
    U_CONFIG = 0;  /* 8N1, no flow control */
    U_ENABLE = ENABLE_UARTE;
    /* RX on before HELLO: one byte at a time into rx_byte. */
    U_RXD_PTR = (uint32_t)(uintptr_t)&rx_byte;
    U_RXD_MAXCNT = 1;
    U_EVENTS_ENDRX = 0;
    U_INTENSET = INT_ENDRX;
    cm_irq_enable(UARTE0_IRQ);
    U_TASKS_STARTRX = 1;
}

void IRQ2_Handler(void);  /* overrides the weak default in startup.c */
void IRQ2_Handler(void)
{
    if (U_EVENTS_ERROR) {  /* framing/overrun: clear and carry on */
        U_EVENTS_ERROR = 0;
        U_ERRORSRC = U_ERRORSRC;  /* write 1s to clear */
    }
    if (U_EVENTS_ENDRX) {
        uint8_t b = rx_byte;
        /* Clear before restarting: the next byte may land at once. */
        U_EVENTS_ENDRX = 0;
        U_EVENTS_RXDRDY = 0;
        U_TASKS_STARTRX = 1;
        cm_rx_push(b);
    }
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    while (n) {
        size_t k = n < TX_CHUNK ? n : TX_CHUNK;
        for (size_t i = 0; i < k; i++)
            tx_buf[i] = buf[i];
        U_EVENTS_ENDTX = 0;
        U_TXD_PTR = (uint32_t)(uintptr_t)tx_buf;
        U_TXD_MAXCNT = k;
        U_TASKS_STARTTX = 1;
        while (!U_EVENTS_ENDTX) {
        }
        buf += k;
        n -= k;
    }
}

const char *hil_port_board(void)
{
    return "nrf52840";
}

/*
 * Outgoing reliable frames wait here until the link sends them and the host
 * acknowledges them; the link retransmits straight from these buffers, so
 * there is no separate transmit copy.
 *
 * Two sources: a small FIFO of LOG/ERROR frames (filled from app callbacks,
 * which must never block on the link) and one big buffer for HELLO/RESULT.
 * The FIFO goes first, so a clip's log lines reach the host before its
 * RESULT.
 */
#include <string.h>

#include "hil_internal.h"

static uint8_t q[HIL_TXQ_SIZE];  /* entries: type, len, payload[len] */
static uint16_t q_n;

uint8_t hil_big_buf[HIL_BIG_MAX] __attribute__((aligned(4)));
static uint16_t big_len;
static uint8_t big_type;  /* 0: free, else the type of the frame waiting in it */

bool hil_txq_push(uint8_t type, const uint8_t *head, size_t nhead, const char *text)
{
    size_t nt = hil_strlen(text);
    if (nt > HIL_LOG_TEXT_MAX)
        nt = HIL_LOG_TEXT_MAX;
    size_t need = 2u + nhead + nt;
    size_t room = HIL_TXQ_SIZE - q_n;
    /* LOG lines leave a reserve so protocol ERRORs still get through when
     * an app floods the log. */
    if (type == HIL_T_LOG)
        room = room > HIL_TXQ_LOG_RESERVE ? room - HIL_TXQ_LOG_RESERVE : 0;
    if (need > room)
        return false;
    uint8_t *p = q + q_n;
    p[0] = type;
    p[1] = (uint8_t)(nhead + nt);
    memcpy(p + 2, head, nhead);
    memcpy(p + 2 + nhead, text, nt);
    q_n = (uint16_t)(q_n + need);
    return true;
}

bool hil_txq_peek(uint8_t *type, const uint8_t **payload, uint16_t *len)
{
    if (!q_n)
        return false;
    *type = q[0];
    *len = q[1];
    *payload = q + 2;
    return true;
}

void hil_txq_pop(void)
{
    if (!q_n)
        return;
    uint16_t n = (uint16_t)(2u + q[1]);
    memmove(q, q + n, (size_t)(q_n - n));
    q_n = (uint16_t)(q_n - n);
}

bool hil_big_busy(void)
{
    return big_type != 0;
}

void hil_big_ready(uint8_t type, uint16_t len)
{
    big_type = type;
    big_len = len;
}

bool hil_big_peek(uint8_t *type, const uint8_t **payload, uint16_t *len)
{
    if (!big_type)
        return false;
    *type = big_type;
    *payload = hil_big_buf;
    *len = big_len;
    return true;
}

void hil_big_free(void)
{
    big_type = 0;
}

void hil_send_error(uint16_t code, const char *text)
{
    uint8_t head[2];
    hil_put16(head, code);
    hil_txq_push(HIL_T_ERROR, head, 2, text);
}

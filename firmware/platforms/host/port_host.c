/*
 * Host port: the protocol on stdin/stdout, so host tests can talk to the
 * real C library and app without an emulator. Cycles are CLOCK_MONOTONIC
 * nanoseconds (cycle source "host"). EOF on stdin ends the process (exit 0),
 * as does a closed stdout. Nothing but frames may go to stdout; diagnostics
 * belong on stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "hil_port.h"

/* Bytes we hold in user space; the pipe behind it buffers the rest, so the
 * credit this yields (7) is a real bound only on what we hold. */
static uint8_t rbuf[4096];
static size_t rpos, rend;
static struct timespec t0;

/* A painted band below the frame of hil_port_init(): everything hil_main()
 * calls runs in it, so the usual scan gives the stack high-water. */
#define PAINT_BYTES (256u * 1024u)
static uintptr_t stack_lo, stack_hi;

__attribute__((noinline)) static void paint_stack(void)
{
    volatile uint32_t band[PAINT_BYTES / 4u];
    for (size_t i = 0; i < PAINT_BYTES / 4u; i++)
        band[i] = HIL_STACK_PAINT;
    stack_lo = (uintptr_t)&band[0];
}

void hil_port_init(void)
{
    signal(SIGPIPE, SIG_IGN);  /* a closed stdout shows up as EPIPE below */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    stack_hi = (uintptr_t)__builtin_frame_address(0);
    paint_stack();
}

static void fill_rbuf(int timeout_ms)
{
    struct pollfd p = {.fd = 0, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) <= 0)
        return;
    ssize_t n = read(0, rbuf, sizeof rbuf);
    if (n == 0)
        exit(0);  /* the host closed our stdin: done */
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        exit(1);
    }
    rpos = 0;
    rend = (size_t)n;
}

size_t hil_port_uart_read(uint8_t *buf, size_t max)
{
    if (rpos == rend)
        fill_rbuf(0);
    size_t n = 0;
    while (n < max && rpos < rend)
        buf[n++] = rbuf[rpos++];
    return n;
}

void hil_port_uart_write(const uint8_t *buf, size_t n)
{
    while (n) {
        ssize_t w = write(1, buf, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            exit(0);  /* the host went away */
        }
        buf += w;
        n -= (size_t)w;
    }
}

size_t hil_port_rx_free(void)
{
    return sizeof rbuf - (rend - rpos);
}

void hil_port_idle(void)
{
    if (rpos == rend)
        fill_rbuf(10);
}

uint64_t hil_port_cycles(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)(t.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)t.tv_nsec - (uint64_t)t0.tv_nsec;
}

const char *hil_port_cycle_source(void) { return "host"; }
uint32_t hil_port_cpu_hz(void) { return 1000000000u; } /* counts are ns */
const char *hil_port_board(void) { return "host"; }
uint32_t hil_port_millis(void) { return (uint32_t)(hil_port_cycles() / 1000000u); }

/* Provided by the default GNU ld script. */
extern char __data_start[], _edata[], __bss_start[], _end[];

int hil_port_region(unsigned idx, hil_region_t *r)
{
    switch (idx) {
    case 0:
        *r = (hil_region_t){".data", (uintptr_t)__data_start, (uint32_t)(_edata - __data_start), HIL_REGION_DATA};
        return 1;
    case 1:
        *r = (hil_region_t){".bss", (uintptr_t)__bss_start, (uint32_t)(_end - __bss_start), HIL_REGION_BSS};
        return 1;
    default:
        return 0;
    }
}

int hil_port_stack(unsigned idx, hil_region_t *r)
{
    if (idx != 0)
        return 0;
    *r = (hil_region_t){"main", stack_lo, (uint32_t)(stack_hi - stack_lo), HIL_REGION_STACK};
    return 1;
}

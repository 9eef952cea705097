/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Polled 16550 UART driver for the hypervisor console (COM1 by default).
 * Output is synchronous and polled; input is polled by the console timer.
 * Not responsible for option parsing (lib/cmdline.c: serial_spec_parse).
 */
#include <vesta/cmdline.h>
#include <vesta/console.h>
#include <asm/processor.h>

#define UART_CLOCK_HZ	1843200
#define UART_RBR	0
#define UART_THR	0
#define UART_IER	1
#define UART_DLL	0
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LCR_DLAB	0x80

static uint16_t uart_base = 0x3f8;
static bool uart_present;

static uint8_t lcr_bits(const struct serial_spec *s)
{
	uint8_t lcr = (uint8_t)(s->data_bits - 5);

	if (s->stop_bits == 2)
		lcr |= 0x04;
	switch (s->parity) {
	case 'o':
		lcr |= 0x08;
		break;
	case 'e':
		lcr |= 0x18;
		break;
	case 'm':
		lcr |= 0x28;
		break;
	case 's':
		lcr |= 0x38;
		break;
	default:
		break;
	}
	return lcr;
}

void serial_setup(const struct serial_spec *s)
{
	uint16_t base = s->io_base ? s->io_base : 0x3f8;
	uint8_t lcr = lcr_bits(s);

	uart_base = base;
	/* A scratch-register probe: a missing UART reads back 0xff. */
	outb(0x5a, base + 7);
	uart_present = inb(base + 7) == 0x5a;
	if (!uart_present)
		return;
	outb(0, base + UART_IER);
	if (s->baud) {
		uint32_t div = UART_CLOCK_HZ / 16 / s->baud;

		if (!div)
			div = 1;
		outb(LCR_DLAB, base + UART_LCR);
		outb(div & 0xff, base + UART_DLL);
		outb((div >> 8) & 0xff, base + UART_DLM);
	}
	outb(lcr, base + UART_LCR);
	outb(0x07, base + UART_FCR);	/* enable and clear FIFOs */
	outb(0x03, base + UART_MCR);	/* DTR | RTS */
}

void serial_putc(char c)
{
	unsigned int spins = 0;

	if (!uart_present)
		return;
	/* Bounded wait: a wedged UART must not hang the hypervisor. */
	while (!(inb(uart_base + UART_LSR) & LSR_THRE) && ++spins < 100000)
		cpu_relax();
	outb((uint8_t)c, uart_base + UART_THR);
}

int serial_getc(void)
{
	if (!uart_present || !(inb(uart_base + UART_LSR) & LSR_DR))
		return -1;
	return inb(uart_base + UART_RBR);
}

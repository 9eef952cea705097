/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console: where printk() output goes (serial port, ring buffer) and
 * where serial input is delivered (the debug-key handler for now; dom0
 * later). Not responsible for formatting (printk.c) or UART details.
 */
#ifndef VESTA_CONSOLE_H
#define VESTA_CONSOLE_H

#include <stddef.h>

/*
 * console_init() - Program the UART from the current `com1=` settings.
 * Called once before the command line is parsed (defaults: COM1, keep the
 * firmware's baud rate) and again after it, to apply `com1=`.
 */
void console_init(void);

/* Write raw bytes to every console output. Caller holds no console lock. */
void console_write(const char *s, size_t len);

/*
 * console_poll_input() - Drain pending serial input into the key handler.
 * Context: called from the input timer on the boot CPU, interrupts on.
 */
void console_poll_input(void);

/* The UART driver's interface (arch/x86/ns16550.c). */
struct serial_spec;
void serial_setup(const struct serial_spec *spec);
void serial_putc(char c);
/* Returns the next received byte, or -1 when none is pending. */
int serial_getc(void);
/* True if the console is enabled (`console=none` disables output). */
extern int console_enabled;

#endif /* VESTA_CONSOLE_H */

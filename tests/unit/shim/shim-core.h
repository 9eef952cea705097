/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Test-facing side of shim-core.c: the record of what the code under test
 * printed, the page allocator's outstanding count, and the lock-deadlock
 * timeout. Not responsible for domains or guest memory (fake-domain.h).
 */
#ifndef VESTA_TEST_SHIM_CORE_H
#define VESTA_TEST_SHIM_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* Forget everything printed so far. */
void shim_log_reset(void);

/* Everything printed since the last reset (the tail, if it was long). */
const char *shim_log_text(void);

/* Messages printed since the last reset. */
unsigned int shim_log_count(void);

/* Echo printk output to stderr as well (off by default). */
void shim_log_echo(bool on);

/* Pages handed out by alloc_pages() and not yet freed. */
long shim_pages_outstanding(void);

/* Make the next @n calls of alloc_pages() succeed, then fail (-1: never). */
void shim_alloc_fail_after(int n);

#endif /* VESTA_TEST_SHIM_CORE_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Diagnostics sink for pure library code. Library functions never print;
 * they report each problem they find through a caller-supplied callback, so
 * the hypervisor can printk() them at boot and host tests can capture and
 * assert them. A NULL sink (or NULL fn) discards messages.
 */
#ifndef VESTA_DIAG_H
#define VESTA_DIAG_H

struct diag {
	/* printf-style; fmt is a plain message, no trailing newline. */
	void (*fn)(void *ctx, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	void *ctx;
};

#define diag_report(dg, ...)                                          \
	do {                                                          \
		const struct diag *dg_ = (dg);                        \
		if (dg_ && dg_->fn)                                   \
			dg_->fn(dg_->ctx, __VA_ARGS__);               \
	} while (0)

#endif /* VESTA_DIAG_H */

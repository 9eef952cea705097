/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * libFuzzer harness for the 2-level event channels
 * (hypervisor/common/evtchn.c) built through tests/unit/shim/. Every
 * MODEL_OP_BYTES bytes of input become one operation on two fresh fake
 * domains: a hypercall (any sub-op, hostile ports, vCPUs, VIRQs and
 * domain ids, garbage in padding and OUT fields, faulting pointers,
 * hypercall 16), a guest write to its bitmaps, or a hypervisor-side call
 * (hv ports, raises, VIRQs, destroying and recreating a domain). After
 * each one the reference model (evtchn-model.c) compares results and the
 * whole state, and checks peers, VIRQ tables, locks and references; any
 * difference aborts with the reason. Not covered: concurrency (the unit
 * test has a threaded run).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "evtchn-model.h"
#include "shim-core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Enough steps to fill a few words of ports; keeps executions fast. */
#define MAX_STEPS 400

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m = model_create();
	struct model_op op;
	size_t steps = size / MODEL_OP_BYTES;

	if (!m)
		abort();
	if (steps > MAX_STEPS)
		steps = MAX_STEPS;
	shim_log_reset();
	for (size_t i = 0; i < steps; i++) {
		model_decode(data + i * MODEL_OP_BYTES, &op);
		if (model_step(m, &op)) {
			fprintf(stderr, "fuzz-evtchn: step %zu op %u: %s\n", i,
				op.kind, model_error(m));
			abort();
		}
	}
	model_destroy(m);
	if (shim_pages_outstanding())
		abort();
	return 0;
}

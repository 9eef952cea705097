/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * A reference model of the 2-level event channels of two fake domains
 * (A: id 0, privileged, 3 vCPUs; B: id 1, unprivileged, 2 vCPUs), used by
 * the randomized unit test and the fuzz harness. Each step runs one
 * operation (a hypercall through fake guest memory, a guest write to
 * shared_info, or a hypervisor-side call) on both the real code and the
 * model, compares return values and outputs, then compares the complete
 * state: every port of both domains, the pending and mask bitmaps, each
 * vCPU's selector and upcall flag and VIRQ table, the hook counters,
 * reference counts and held locks; plus invariants that hold whatever
 * the model says (peers point back, VIRQ tables and ports agree). Not
 * responsible for concurrency (test-evtchn.c has a threaded test).
 */
#ifndef VESTA_TEST_EVTCHN_MODEL_H
#define VESTA_TEST_EVTCHN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

enum model_op_kind {
	MOP_ALLOC_UNBOUND,
	MOP_BIND_INTERDOMAIN,
	MOP_BIND_VIRQ,
	MOP_BIND_IPI,
	MOP_BIND_PIRQ,
	MOP_CLOSE,
	MOP_SEND,
	MOP_STATUS,
	MOP_BIND_VCPU,
	MOP_UNMASK,
	MOP_RESET,
	MOP_FIFO,		/* init_control, expand_array, set_priority */
	MOP_BAD_CMD,		/* sub-op numbers past the table */
	MOP_BAD_POINTER,	/* faulting copy-in, or copy-out */
	MOP_GUEST_MASK,		/* guest sets a mask bit */
	MOP_GUEST_UNMASK_BIT,	/* guest clears a mask bit itself */
	MOP_GUEST_CLEAR_PENDING, /* guest acknowledges a port */
	MOP_GUEST_ACK,		/* guest clears upcall and selector */
	MOP_HV_ALLOC,		/* evtchn_alloc_hv_port() */
	MOP_HV_FREE,		/* evtchn_free_hv_port() */
	MOP_HV_RAISE,		/* evtchn_raise() */
	MOP_VIRQ_VCPU,		/* send_guest_vcpu_virq() */
	MOP_VIRQ_GLOBAL,	/* send_guest_global_virq() */
	MOP_RECREATE,		/* destroy domain B, create a fresh id 1 */
	MOP_COUNT
};

struct model_op {
	uint8_t kind;		/* enum model_op_kind */
	uint8_t caller;		/* 0: A, 1: B */
	uint8_t vcpu;		/* caller's vCPU (modulo its count) */
	bool compat;		/* through hypercall 16 */
	/*
	 * port := the last port allocated in the domain the op addresses
	 * (dom for bind_interdomain and status, else the caller's).
	 */
	bool use_last;
	uint16_t dom;		/* a domid argument */
	uint16_t dom2;		/* a second domid argument */
	uint32_t port;
	uint32_t arg;		/* virq, vCPU, sub-op... per kind */
	uint32_t arg2;
	uint8_t fill;		/* garbage for padding and OUT fields */
};

/* Bytes model_decode() consumes per operation. */
#define MODEL_OP_BYTES 8

struct model;

/* Fresh domains A and B (fake_domain_create) and their model. NULL: OOM. */
struct model *model_create(void);

/* Destroy both domains and free the model. */
void model_destroy(struct model *m);

/* Build an operation from MODEL_OP_BYTES bytes, hostile values included. */
void model_decode(const uint8_t *b, struct model_op *op);

/* Run @op on the code and the model. Return: 0, or -1 (model_error()). */
int model_step(struct model *m, const struct model_op *op);

/* The first mismatch found, as text. */
const char *model_error(const struct model *m);

/* Ports in use (not free or reserved) in domain 0 or 1 of the model. */
unsigned int model_ports_in_use(const struct model *m, unsigned int dom);

#endif /* VESTA_TEST_EVTCHN_MODEL_H */

/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring page shared between a guest (the frontend, e.g.
 * Linux hvc_xen) and its console backend: one input and one output byte
 * ring with free-running 32-bit indices, in Xen's layout. This header
 * does not describe how the page and its event channel are found
 * (start_info console.domU, or xenstore for extra consoles).
 */
#ifndef VESTA_PUBLIC_IO_CONSOLE_H
#define VESTA_PUBLIC_IO_CONSOLE_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define VESTA_CONS_IN_SIZE		1024
#define VESTA_CONS_OUT_SIZE		2048

/*
 * Indices only ever grow (and wrap at 2^32); the byte for index i is at
 * i & (size - 1). prod - cons is the number of unread bytes.
 */
#define VESTA_CONS_IN_IDX(idx)		((idx) & (VESTA_CONS_IN_SIZE - 1))
#define VESTA_CONS_OUT_IDX(idx)		((idx) & (VESTA_CONS_OUT_SIZE - 1))

/* vesta_cons_interface.connection. */
#define VESTA_XENCONSOLE_CONNECTED	0
#define VESTA_XENCONSOLE_DISCONNECTED	1

#ifndef __ASSEMBLER__

typedef uint32_t vesta_cons_ring_idx_t;

/*
 * The ring page. The guest writes out[] and out_prod and reads in[] and
 * advances in_cons; the backend does the opposite. Each side notifies the
 * other through the console event channel after moving an index.
 */
struct vesta_cons_interface {
	char in[VESTA_CONS_IN_SIZE];	/* backend -> guest bytes */
	char out[VESTA_CONS_OUT_SIZE];	/* guest -> backend bytes */
	vesta_cons_ring_idx_t in_cons;	/* guest: next byte to read */
	vesta_cons_ring_idx_t in_prod;	/* backend: next byte to write */
	vesta_cons_ring_idx_t out_cons;	/* backend: next byte to read */
	vesta_cons_ring_idx_t out_prod;	/* guest: next byte to write */
	uint8_t connection;		/* backend: VESTA_XENCONSOLE_* */
	uint8_t pad[3];			/* padding */
};
_Static_assert(sizeof(struct vesta_cons_interface) == 3092,
	       "cons_interface size");
_Static_assert(__builtin_offsetof(struct vesta_cons_interface, out) == 1024,
	       "cons_interface.out");
_Static_assert(__builtin_offsetof(struct vesta_cons_interface,
				  in_cons) == 3072,
	       "cons_interface.in_cons");
_Static_assert(__builtin_offsetof(struct vesta_cons_interface,
				  out_prod) == 3084,
	       "cons_interface.out_prod");
_Static_assert(__builtin_offsetof(struct vesta_cons_interface,
				  connection) == 3088,
	       "cons_interface.connection");

#endif /* !__ASSEMBLER__ */

#endif /* VESTA_PUBLIC_IO_CONSOLE_H */

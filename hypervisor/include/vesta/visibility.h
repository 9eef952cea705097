/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Force-included into every hypervisor translation unit. The image is
 * position-independent code linked at a fixed address in the PV hole; with
 * every symbol hidden the compiler emits RIP-relative references and no GOT.
 */
#pragma GCC visibility push(hidden)

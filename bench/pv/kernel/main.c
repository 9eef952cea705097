/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * pvbench: the PV core benchmark kernel. As a privileged domain (dom0 of
 * Vesta or of Xen 4.17) it times the null hypercall, the guest system-call
 * bounce, event-channel loopback ping-pong and, given "peer=<domid>" on
 * its command line, ping-pong with that domain; as an unprivileged domain
 * it is the echoing peer. Figures are printed as PVB lines (pvbench.h),
 * then "PVB-END" (dom0) or "PVB-DOMU-END" (peer). It never fails on time:
 * the RESULT line only says whether the measurements could run. Not
 * responsible for comparing figures (bench/pv/report.py does).
 */
#include "pvbench.h"

#define HC_BATCHES	21
#define HC_OPS		2000

/*
 * Time hypercall @nr(@arg, 0). The last result must be @want, or any
 * positive value if @want is 1 (a version number); else no figure.
 */
static void run_hypercall(const char *name, unsigned long nr,
			  unsigned long arg, long want)
{
	static struct pvb_stat st;
	struct pvb_clock t0;
	long rc = 0;

	pvb_stat_reset(&st);
	for (unsigned int b = 0; b <= HC_BATCHES; b++) {
		pvb_now(&t0);
		for (unsigned int i = 0; i < HC_OPS; i++)
			rc = hypercall2(nr, arg, 0);
		if (b)		/* batch 0 is the warm-up */
			pvb_stat_since(&st, &t0);
	}
	if (want == 1 ? rc <= 0 : rc != want) {
		guest_fail("%s returned %ld", name, rc);
		pvb_skip(name, "unexpected-result");
		return;
	}
	pvb_report(name, &st, HC_OPS);
}

void pvb_bench_hypercalls(void)
{
	run_hypercall("hc_xenver", VESTA_HC_xen_version, VESTA_XENVER_version,
		      1);
	run_hypercall("hc_enosys", PVB_HC_UNKNOWN, 0, -VESTA_ENOSYS);
}

/* "peer=<domid>" from the command line, or 0 if absent. */
static unsigned int parse_peer(const char *cmd)
{
	const char *p = guest_strstr(cmd, "peer=");
	unsigned int v = 0;

	if (!p)
		return 0;
	for (p += 5; *p >= '0' && *p <= '9' && v < 0x7ff0; p++)
		v = v * 10 + (unsigned int)(*p - '0');
	return v;
}

static void print_info(const struct vesta_start_info *si)
{
	long ver = hypercall_xen_version(VESTA_XENVER_version, NULL);

	guest_printf("PVB-INFO abi_version=%ld.%ld privileged=%d "
		     "nr_pages=%lu cmdline=\"%s\"\n",
		     ver >> 16, ver & 0xffff, guest_is_privileged(),
		     (unsigned long)si->nr_pages, (const char *)si->cmd_line);
}

void test_main(const struct vesta_start_info *si)
{
	unsigned int peer;

	print_info(si);
	if (!guest_is_privileged()) {
		pvb_echo_interdomain();
		guest_printf("PVB-DOMU-END\n");
		return;
	}
	pvb_bench_hypercalls();
	pvb_bench_syscall(si);
	pvb_bench_loopback();
	peer = parse_peer((const char *)si->cmd_line);
	if (peer) {
		pvb_bench_interdomain(peer);
	} else {
		pvb_skip("evtchn_inter_spin", "no-peer-domain");
		pvb_skip("evtchn_inter_block", "no-peer-domain");
	}
	guest_printf("PVB-END\n");
}

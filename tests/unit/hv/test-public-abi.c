/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Unit tests of the public guest ABI headers (hypervisor/include/public):
 * every struct's size and the offsets of the fields guests and the
 * hypervisor depend on, and the ABI numbers (hypercalls, sub-ops, flags,
 * selectors, address ranges), are compared with literal values taken from
 * Xen's x86-64 public headers. The headers' own _Static_asserts catch most
 * mistakes at compile time; this table is the independent second copy, so
 * a header edited together with its assert still fails here. That each
 * header compiles on its own (host, freestanding and assembler) is checked
 * by the build rule in public-abi.mk, not here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <public/vesta.h>
#include <public/arch-x86.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/vcpu.h>
#include <public/callback.h>
#include <public/version.h>
#include <public/physdev.h>
#include <public/memory.h>
#include <public/grant_table.h>
#include <public/platform.h>
#include <public/io/console.h>
#include <public/errno.h>

/* One expected number: a size, an offset or a constant. */
struct expect {
	const char *what;
	long long got;
	long long want;
};

#define SZ(t, n)	{ "sizeof(" #t ")", (long long)sizeof(t), (n) }
#define OF(t, f, n)	{ #t "." #f, (long long)offsetof(t, f), (n) }
#define K(m, n)		{ #m, (long long)(m), (n) }

static void check(const struct expect *e, size_t n)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		if (e[i].got == e[i].want)
			continue;
		fprintf(stderr, "%s is %lld, Xen ABI says %lld\n",
			e[i].what, e[i].got, e[i].want);
		bad++;
	}
	assert_int_equal(bad, 0);
}

#define CHECK(table)	check(table, sizeof(table) / sizeof(table[0]))

static const struct expect core_layout[] = {
	SZ(struct vesta_mmu_update, 16),
	SZ(struct vesta_mmuext_op, 24),
	OF(struct vesta_mmuext_op, arg1, 8),
	OF(struct vesta_mmuext_op, arg2, 16),
	SZ(struct vesta_multicall_entry, 64),
	OF(struct vesta_multicall_entry, result, 8),
	OF(struct vesta_multicall_entry, args, 16),
	SZ(struct vesta_vcpu_time_info, 32),
	OF(struct vesta_vcpu_time_info, tsc_timestamp, 8),
	OF(struct vesta_vcpu_time_info, system_time, 16),
	OF(struct vesta_vcpu_time_info, tsc_to_system_mul, 24),
	OF(struct vesta_vcpu_time_info, tsc_shift, 28),
	OF(struct vesta_vcpu_time_info, flags, 29),
	SZ(struct vesta_arch_vcpu_info, 16),
	SZ(struct vesta_vcpu_info, 64),
	OF(struct vesta_vcpu_info, evtchn_upcall_mask, 1),
	OF(struct vesta_vcpu_info, evtchn_pending_sel, 8),
	OF(struct vesta_vcpu_info, arch.cr2, 16),
	OF(struct vesta_vcpu_info, time, 32),
	SZ(struct vesta_arch_shared_info, 48),
	OF(struct vesta_arch_shared_info, nmi_reason, 16),
	OF(struct vesta_arch_shared_info, p2m_generation, 40),
	SZ(struct vesta_shared_info, 3136),
	OF(struct vesta_shared_info, vcpu_info[1], 64),
	OF(struct vesta_shared_info, evtchn_pending, 2048),
	OF(struct vesta_shared_info, evtchn_mask, 2560),
	OF(struct vesta_shared_info, wc_version, 3072),
	OF(struct vesta_shared_info, wc_sec, 3076),
	OF(struct vesta_shared_info, wc_nsec, 3080),
	OF(struct vesta_shared_info, wc_sec_hi, 3084),
	OF(struct vesta_shared_info, arch, 3088),
	SZ(struct vesta_dom0_vga_console_info, 40),
	OF(struct vesta_dom0_vga_console_info, u, 4),
	OF(struct vesta_dom0_vga_console_info, u.text_mode_3.columns, 12),
	OF(struct vesta_dom0_vga_console_info, u.vesa_lfb.lfb_base, 12),
	OF(struct vesta_dom0_vga_console_info, u.vesa_lfb.red_pos, 20),
	OF(struct vesta_dom0_vga_console_info, u.vesa_lfb.gbl_caps, 28),
	OF(struct vesta_dom0_vga_console_info, u.vesa_lfb.ext_lfb_base, 36),
};

/* pv-abi.md 1.5. */
static const struct expect start_info_layout[] = {
	SZ(struct vesta_start_info, 1168),
	OF(struct vesta_start_info, nr_pages, 32),
	OF(struct vesta_start_info, shared_info, 40),
	OF(struct vesta_start_info, flags, 48),
	OF(struct vesta_start_info, store_mfn, 56),
	OF(struct vesta_start_info, store_evtchn, 64),
	OF(struct vesta_start_info, console.domU.mfn, 72),
	OF(struct vesta_start_info, console.domU.evtchn, 80),
	OF(struct vesta_start_info, console.dom0.info_off, 72),
	OF(struct vesta_start_info, console.dom0.info_size, 76),
	OF(struct vesta_start_info, pt_base, 88),
	OF(struct vesta_start_info, nr_pt_frames, 96),
	OF(struct vesta_start_info, mfn_list, 104),
	OF(struct vesta_start_info, mod_start, 112),
	OF(struct vesta_start_info, mod_len, 120),
	OF(struct vesta_start_info, cmd_line, 128),
	OF(struct vesta_start_info, first_p2m_pfn, 1152),
	OF(struct vesta_start_info, nr_p2m_frames, 1160),
};

static const struct expect arch_layout[] = {
	SZ(struct vesta_trap_info, 16),
	OF(struct vesta_trap_info, flags, 1),
	OF(struct vesta_trap_info, cs, 2),
	OF(struct vesta_trap_info, address, 8),
	SZ(struct vesta_cpu_user_regs, 200),
	OF(struct vesta_cpu_user_regs, rbp, 32),
	OF(struct vesta_cpu_user_regs, r11, 48),
	OF(struct vesta_cpu_user_regs, rax, 80),
	OF(struct vesta_cpu_user_regs, rdi, 112),
	OF(struct vesta_cpu_user_regs, error_code, 120),
	OF(struct vesta_cpu_user_regs, entry_vector, 124),
	OF(struct vesta_cpu_user_regs, rip, 128),
	OF(struct vesta_cpu_user_regs, cs, 136),
	OF(struct vesta_cpu_user_regs, saved_upcall_mask, 140),
	OF(struct vesta_cpu_user_regs, rflags, 144),
	OF(struct vesta_cpu_user_regs, rsp, 152),
	OF(struct vesta_cpu_user_regs, ss, 160),
	OF(struct vesta_cpu_user_regs, es, 168),
	OF(struct vesta_cpu_user_regs, ds, 176),
	OF(struct vesta_cpu_user_regs, fs, 184),
	OF(struct vesta_cpu_user_regs, gs, 192),
	SZ(struct vesta_iret_context, 72),
	OF(struct vesta_iret_context, flags, 24),
	OF(struct vesta_iret_context, rip, 32),
	OF(struct vesta_iret_context, rsp, 56),
	OF(struct vesta_iret_context, ss, 64),
};

static const struct expect guest_context_layout[] = {
	SZ(struct vesta_vcpu_guest_context, 5168),
	OF(struct vesta_vcpu_guest_context, flags, 512),
	OF(struct vesta_vcpu_guest_context, user_regs, 520),
	OF(struct vesta_vcpu_guest_context, trap_ctxt, 720),
	OF(struct vesta_vcpu_guest_context, ldt_base, 4816),
	OF(struct vesta_vcpu_guest_context, ldt_ents, 4824),
	OF(struct vesta_vcpu_guest_context, gdt_frames, 4832),
	OF(struct vesta_vcpu_guest_context, gdt_ents, 4960),
	OF(struct vesta_vcpu_guest_context, kernel_ss, 4968),
	OF(struct vesta_vcpu_guest_context, kernel_sp, 4976),
	OF(struct vesta_vcpu_guest_context, ctrlreg, 4984),
	OF(struct vesta_vcpu_guest_context, debugreg, 5048),
	OF(struct vesta_vcpu_guest_context, event_callback_eip, 5112),
	OF(struct vesta_vcpu_guest_context, failsafe_callback_eip, 5120),
	OF(struct vesta_vcpu_guest_context, syscall_callback_eip, 5128),
	OF(struct vesta_vcpu_guest_context, vm_assist, 5136),
	OF(struct vesta_vcpu_guest_context, fs_base, 5144),
	OF(struct vesta_vcpu_guest_context, gs_base_kernel, 5152),
	OF(struct vesta_vcpu_guest_context, gs_base_user, 5160),
};

static const struct expect sched_vcpu_callback_layout[] = {
	SZ(struct vesta_sched_shutdown, 4),
	SZ(struct vesta_sched_poll, 24),
	OF(struct vesta_sched_poll, nr_ports, 8),
	OF(struct vesta_sched_poll, timeout, 16),
	SZ(struct vesta_sched_remote_shutdown, 8),
	OF(struct vesta_sched_remote_shutdown, reason, 4),
	SZ(struct vesta_sched_watchdog, 8),
	SZ(struct vesta_sched_pin_override, 4),
	SZ(struct vesta_vcpu_runstate_info, 48),
	OF(struct vesta_vcpu_runstate_info, state_entry_time, 8),
	OF(struct vesta_vcpu_runstate_info, time, 16),
	SZ(struct vesta_vcpu_register_runstate_memory_area, 8),
	SZ(struct vesta_vcpu_set_periodic_timer, 8),
	SZ(struct vesta_vcpu_set_singleshot_timer, 16),
	OF(struct vesta_vcpu_set_singleshot_timer, flags, 8),
	SZ(struct vesta_vcpu_register_vcpu_info, 16),
	OF(struct vesta_vcpu_register_vcpu_info, offset, 8),
	OF(struct vesta_vcpu_register_vcpu_info, rsvd, 12),
	SZ(struct vesta_vcpu_get_physid, 8),
	SZ(struct vesta_vcpu_register_time_memory_area, 8),
	SZ(struct vesta_callback_register, 16),
	OF(struct vesta_callback_register, flags, 2),
	OF(struct vesta_callback_register, address, 8),
	SZ(struct vesta_callback_unregister, 4),
	SZ(struct vesta_compile_info, 144),
	OF(struct vesta_compile_info, compile_by, 64),
	OF(struct vesta_compile_info, compile_domain, 80),
	OF(struct vesta_compile_info, compile_date, 112),
	SZ(struct vesta_platform_parameters, 8),
	SZ(struct vesta_feature_info, 8),
	OF(struct vesta_feature_info, submap, 4),
	SZ(struct vesta_varbuf, 4),
	SZ(struct vesta_build_id, 4),
	OF(struct vesta_build_id, buf, 4),
	OF(struct vesta_varbuf, buf, 4),
};

static const struct expect evtchn_layout[] = {
	SZ(struct vesta_evtchn_alloc_unbound, 8),
	OF(struct vesta_evtchn_alloc_unbound, remote_dom, 2),
	OF(struct vesta_evtchn_alloc_unbound, port, 4),
	SZ(struct vesta_evtchn_bind_interdomain, 12),
	OF(struct vesta_evtchn_bind_interdomain, remote_port, 4),
	OF(struct vesta_evtchn_bind_interdomain, local_port, 8),
	SZ(struct vesta_evtchn_bind_virq, 12),
	OF(struct vesta_evtchn_bind_virq, vcpu, 4),
	OF(struct vesta_evtchn_bind_virq, port, 8),
	SZ(struct vesta_evtchn_bind_pirq, 12),
	OF(struct vesta_evtchn_bind_pirq, port, 8),
	SZ(struct vesta_evtchn_bind_ipi, 8),
	OF(struct vesta_evtchn_bind_ipi, port, 4),
	SZ(struct vesta_evtchn_close, 4),
	SZ(struct vesta_evtchn_send, 4),
	SZ(struct vesta_evtchn_status, 24),
	OF(struct vesta_evtchn_status, port, 4),
	OF(struct vesta_evtchn_status, status, 8),
	OF(struct vesta_evtchn_status, vcpu, 12),
	OF(struct vesta_evtchn_status, u, 16),
	OF(struct vesta_evtchn_status, u.interdomain.port, 20),
	SZ(struct vesta_evtchn_bind_vcpu, 8),
	SZ(struct vesta_evtchn_unmask, 4),
	SZ(struct vesta_evtchn_reset, 2),
	SZ(struct vesta_evtchn_init_control, 24),
	OF(struct vesta_evtchn_init_control, offset, 8),
	OF(struct vesta_evtchn_init_control, vcpu, 12),
	OF(struct vesta_evtchn_init_control, link_bits, 16),
	SZ(struct vesta_evtchn_expand_array, 8),
	SZ(struct vesta_evtchn_set_priority, 8),
	SZ(struct vesta_evtchn_op, 28),
	OF(struct vesta_evtchn_op, u, 4),
	SZ(struct vesta_evtchn_fifo_control_block, 72),
	OF(struct vesta_evtchn_fifo_control_block, head, 8),
};

static const struct expect physdev_layout[] = {
	SZ(struct vesta_physdev_eoi, 4),
	SZ(struct vesta_physdev_pirq_eoi_gmfn, 8),
	SZ(struct vesta_physdev_irq_status_query, 8),
	SZ(struct vesta_physdev_set_iopl, 4),
	SZ(struct vesta_physdev_set_iobitmap, 16),
	OF(struct vesta_physdev_set_iobitmap, nr_ports, 8),
	SZ(struct vesta_physdev_apic, 16),
	OF(struct vesta_physdev_apic, reg, 8),
	OF(struct vesta_physdev_apic, value, 12),
	SZ(struct vesta_physdev_irq, 8),
	SZ(struct vesta_physdev_map_pirq, 40),
	OF(struct vesta_physdev_map_pirq, type, 4),
	OF(struct vesta_physdev_map_pirq, index, 8),
	OF(struct vesta_physdev_map_pirq, pirq, 12),
	OF(struct vesta_physdev_map_pirq, bus, 16),
	OF(struct vesta_physdev_map_pirq, devfn, 20),
	OF(struct vesta_physdev_map_pirq, entry_nr, 24),
	OF(struct vesta_physdev_map_pirq, table_base, 32),
	SZ(struct vesta_physdev_unmap_pirq, 8),
	OF(struct vesta_physdev_unmap_pirq, pirq, 4),
	SZ(struct vesta_physdev_manage_pci, 2),
	SZ(struct vesta_physdev_restore_msi, 2),
	SZ(struct vesta_physdev_manage_pci_ext, 16),
	OF(struct vesta_physdev_manage_pci_ext, is_extfn, 4),
	OF(struct vesta_physdev_manage_pci_ext, physfn, 12),
	SZ(struct vesta_physdev_op, 24),
	OF(struct vesta_physdev_op, u, 8),
	SZ(struct vesta_physdev_setup_gsi, 8),
	OF(struct vesta_physdev_setup_gsi, triggering, 4),
	OF(struct vesta_physdev_setup_gsi, polarity, 5),
	SZ(struct vesta_physdev_get_free_pirq, 8),
	SZ(struct vesta_physdev_pci_mmcfg_reserved, 16),
	OF(struct vesta_physdev_pci_mmcfg_reserved, segment, 8),
	OF(struct vesta_physdev_pci_mmcfg_reserved, end_bus, 11),
	OF(struct vesta_physdev_pci_mmcfg_reserved, flags, 12),
	SZ(struct vesta_physdev_pci_device_add, 12),
	OF(struct vesta_physdev_pci_device_add, flags, 4),
	OF(struct vesta_physdev_pci_device_add, physfn, 8),
	OF(struct vesta_physdev_pci_device_add, optarr, 12),
	SZ(struct vesta_physdev_pci_device, 4),
	SZ(struct vesta_pci_device_reset, 8),
	SZ(struct vesta_physdev_dbgp_op, 6),
	OF(struct vesta_physdev_dbgp_op, u, 2),
};

static const struct expect memory_layout[] = {
	SZ(struct vesta_memory_reservation, 32),
	OF(struct vesta_memory_reservation, nr_extents, 8),
	OF(struct vesta_memory_reservation, extent_order, 16),
	OF(struct vesta_memory_reservation, mem_flags, 20),
	OF(struct vesta_memory_reservation, domid, 24),
	SZ(struct vesta_memory_exchange, 72),
	OF(struct vesta_memory_exchange, out, 32),
	OF(struct vesta_memory_exchange, nr_exchanged, 64),
	SZ(struct vesta_machphys_mfn_list, 24),
	OF(struct vesta_machphys_mfn_list, extent_start, 8),
	OF(struct vesta_machphys_mfn_list, nr_extents, 16),
	SZ(struct vesta_machphys_mapping, 24),
	OF(struct vesta_machphys_mapping, max_mfn, 16),
	SZ(struct vesta_add_to_physmap, 24),
	OF(struct vesta_add_to_physmap, size, 2),
	OF(struct vesta_add_to_physmap, space, 4),
	OF(struct vesta_add_to_physmap, idx, 8),
	OF(struct vesta_add_to_physmap, gpfn, 16),
	SZ(struct vesta_add_to_physmap_batch, 32),
	OF(struct vesta_add_to_physmap_batch, u, 6),
	OF(struct vesta_add_to_physmap_batch, idxs, 8),
	OF(struct vesta_add_to_physmap_batch, errs, 24),
	SZ(struct vesta_remove_from_physmap, 16),
	SZ(struct vesta_memory_map, 16),
	OF(struct vesta_memory_map, buffer, 8),
	SZ(struct vesta_foreign_memory_map, 24),
	OF(struct vesta_foreign_memory_map, map, 8),
	SZ(struct vesta_e820_entry, 20),
	OF(struct vesta_e820_entry, size, 8),
	OF(struct vesta_e820_entry, type, 16),
	SZ(struct vesta_pod_target, 40),
	OF(struct vesta_pod_target, domid, 32),
};

static const struct expect grant_layout[] = {
	SZ(struct vesta_grant_entry_v1, 8),
	OF(struct vesta_grant_entry_v1, domid, 2),
	OF(struct vesta_grant_entry_v1, frame, 4),
	SZ(union vesta_grant_entry_v2, 16),
	OF(union vesta_grant_entry_v2, full_page.frame, 8),
	OF(union vesta_grant_entry_v2, sub_page.length, 6),
	OF(union vesta_grant_entry_v2, transitive.gref, 8),
	SZ(struct vesta_gnttab_map_grant_ref, 32),
	OF(struct vesta_gnttab_map_grant_ref, flags, 8),
	OF(struct vesta_gnttab_map_grant_ref, ref, 12),
	OF(struct vesta_gnttab_map_grant_ref, dom, 16),
	OF(struct vesta_gnttab_map_grant_ref, status, 18),
	OF(struct vesta_gnttab_map_grant_ref, handle, 20),
	OF(struct vesta_gnttab_map_grant_ref, dev_bus_addr, 24),
	SZ(struct vesta_gnttab_unmap_grant_ref, 24),
	OF(struct vesta_gnttab_unmap_grant_ref, handle, 16),
	OF(struct vesta_gnttab_unmap_grant_ref, status, 20),
	SZ(struct vesta_gnttab_setup_table, 24),
	OF(struct vesta_gnttab_setup_table, nr_frames, 4),
	OF(struct vesta_gnttab_setup_table, status, 8),
	OF(struct vesta_gnttab_setup_table, frame_list, 16),
	SZ(struct vesta_gnttab_dump_table, 4),
	SZ(struct vesta_gnttab_transfer, 24),
	OF(struct vesta_gnttab_transfer, ref, 12),
	OF(struct vesta_gnttab_transfer, status, 16),
	SZ(struct vesta_gnttab_copy, 40),
	OF(struct vesta_gnttab_copy, source.domid, 8),
	OF(struct vesta_gnttab_copy, source.offset, 10),
	OF(struct vesta_gnttab_copy, dest, 16),
	OF(struct vesta_gnttab_copy, len, 32),
	OF(struct vesta_gnttab_copy, flags, 34),
	OF(struct vesta_gnttab_copy, status, 36),
	SZ(struct vesta_gnttab_query_size, 16),
	OF(struct vesta_gnttab_query_size, nr_frames, 4),
	OF(struct vesta_gnttab_query_size, max_nr_frames, 8),
	OF(struct vesta_gnttab_query_size, status, 12),
	SZ(struct vesta_gnttab_unmap_and_replace, 24),
	OF(struct vesta_gnttab_unmap_and_replace, status, 20),
	SZ(struct vesta_gnttab_set_version, 4),
	SZ(struct vesta_gnttab_get_status_frames, 16),
	OF(struct vesta_gnttab_get_status_frames, status, 6),
	OF(struct vesta_gnttab_get_status_frames, frame_list, 8),
	SZ(struct vesta_gnttab_get_version, 8),
	SZ(struct vesta_gnttab_swap_grant_ref, 12),
	SZ(struct vesta_gnttab_cache_flush, 16),
	OF(struct vesta_gnttab_cache_flush, op, 12),
};

static const struct expect misc_layout[] = {
	SZ(struct vesta_cons_interface, 3092),
	OF(struct vesta_cons_interface, out, 1024),
	OF(struct vesta_cons_interface, in_cons, 3072),
	OF(struct vesta_cons_interface, in_prod, 3076),
	OF(struct vesta_cons_interface, out_cons, 3080),
	OF(struct vesta_cons_interface, out_prod, 3084),
	OF(struct vesta_cons_interface, connection, 3088),
	SZ(struct vesta_platform_op, 136),
	OF(struct vesta_platform_op, interface_version, 4),
	OF(struct vesta_platform_op, u, 8),
	SZ(struct vesta_xenpf_settime32, 16),
	SZ(struct vesta_xenpf_settime64, 24),
	OF(struct vesta_xenpf_settime64, mbz, 12),
	OF(struct vesta_xenpf_settime64, system_time, 16),
};

/* pv-abi.md 1.7 and appendix A. */
static const struct expect hypercall_numbers[] = {
	K(VESTA_HC_set_trap_table, 0), K(VESTA_HC_mmu_update, 1),
	K(VESTA_HC_set_gdt, 2), K(VESTA_HC_stack_switch, 3),
	K(VESTA_HC_set_callbacks, 4), K(VESTA_HC_fpu_taskswitch, 5),
	K(VESTA_HC_sched_op_compat, 6), K(VESTA_HC_platform_op, 7),
	K(VESTA_HC_set_debugreg, 8), K(VESTA_HC_get_debugreg, 9),
	K(VESTA_HC_update_descriptor, 10), K(VESTA_HC_memory_op, 12),
	K(VESTA_HC_multicall, 13), K(VESTA_HC_update_va_mapping, 14),
	K(VESTA_HC_set_timer_op, 15), K(VESTA_HC_event_channel_op_compat, 16),
	K(VESTA_HC_xen_version, 17), K(VESTA_HC_console_io, 18),
	K(VESTA_HC_physdev_op_compat, 19), K(VESTA_HC_grant_table_op, 20),
	K(VESTA_HC_vm_assist, 21),
	K(VESTA_HC_update_va_mapping_otherdomain, 22),
	K(VESTA_HC_iret, 23), K(VESTA_HC_vcpu_op, 24),
	K(VESTA_HC_set_segment_base, 25), K(VESTA_HC_mmuext_op, 26),
	K(VESTA_HC_xsm_op, 27), K(VESTA_HC_nmi_op, 28),
	K(VESTA_HC_sched_op, 29), K(VESTA_HC_callback_op, 30),
	K(VESTA_HC_xenoprof_op, 31), K(VESTA_HC_event_channel_op, 32),
	K(VESTA_HC_physdev_op, 33), K(VESTA_HC_hvm_op, 34),
	K(VESTA_HC_sysctl, 35), K(VESTA_HC_domctl, 36),
	K(VESTA_HC_kexec_op, 37), K(VESTA_HC_tmem_op, 38),
	K(VESTA_HC_argo_op, 39), K(VESTA_HC_xenpmu_op, 40),
	K(VESTA_HC_dm_op, 41), K(VESTA_HC_hypfs_op, 42),
	K(VESTA_HC_arch_0, 48), K(VESTA_HC_mca, 48), K(VESTA_HC_arch_7, 55),
};

static const struct expect core_numbers[] = {
	K(VESTA_VIRQ_TIMER, 0), K(VESTA_VIRQ_DEBUG, 1),
	K(VESTA_VIRQ_CONSOLE, 2), K(VESTA_VIRQ_DOM_EXC, 3),
	K(VESTA_VIRQ_TBUF, 4), K(VESTA_VIRQ_DEBUGGER, 6),
	K(VESTA_VIRQ_XENOPROF, 7), K(VESTA_VIRQ_CON_RING, 8),
	K(VESTA_VIRQ_PCPU_STATE, 9), K(VESTA_VIRQ_MEM_EVENT, 10),
	K(VESTA_VIRQ_ARGO, 11), K(VESTA_VIRQ_ENOMEM, 12),
	K(VESTA_VIRQ_XENPMU, 13), K(VESTA_VIRQ_ARCH_0, 16),
	K(VESTA_VIRQ_MCA, 16), K(VESTA_NR_VIRQS, 24),
	K(VESTA_MMU_NORMAL_PT_UPDATE, 0), K(VESTA_MMU_MACHPHYS_UPDATE, 1),
	K(VESTA_MMU_PT_UPDATE_PRESERVE_AD, 2),
	K(VESTA_MMU_PT_UPDATE_NO_TRANSLATE, 3),
	K(VESTA_MMUEXT_PIN_L1_TABLE, 0), K(VESTA_MMUEXT_PIN_L4_TABLE, 3),
	K(VESTA_MMUEXT_UNPIN_TABLE, 4), K(VESTA_MMUEXT_NEW_BASEPTR, 5),
	K(VESTA_MMUEXT_TLB_FLUSH_LOCAL, 6), K(VESTA_MMUEXT_INVLPG_LOCAL, 7),
	K(VESTA_MMUEXT_TLB_FLUSH_MULTI, 8), K(VESTA_MMUEXT_INVLPG_MULTI, 9),
	K(VESTA_MMUEXT_TLB_FLUSH_ALL, 10), K(VESTA_MMUEXT_INVLPG_ALL, 11),
	K(VESTA_MMUEXT_FLUSH_CACHE, 12), K(VESTA_MMUEXT_SET_LDT, 13),
	K(VESTA_MMUEXT_NEW_USER_BASEPTR, 15), K(VESTA_MMUEXT_CLEAR_PAGE, 16),
	K(VESTA_MMUEXT_COPY_PAGE, 17), K(VESTA_MMUEXT_FLUSH_CACHE_GLOBAL, 18),
	K(VESTA_MMUEXT_MARK_SUPER, 19), K(VESTA_MMUEXT_UNMARK_SUPER, 20),
	K(VESTA_UVMF_TLB_FLUSH, 1), K(VESTA_UVMF_INVLPG, 2),
	K(VESTA_UVMF_FLUSHTYPE_MASK, 3), K(VESTA_UVMF_LOCAL, 0),
	K(VESTA_UVMF_ALL, 4),
	K(VESTA_CONSOLEIO_write, 0), K(VESTA_CONSOLEIO_read, 1),
	K(VESTA_VMASST_CMD_enable, 0), K(VESTA_VMASST_CMD_disable, 1),
	K(VESTA_VMASST_TYPE_4gb_segments, 0),
	K(VESTA_VMASST_TYPE_4gb_segments_notify, 1),
	K(VESTA_VMASST_TYPE_writable_pagetables, 2),
	K(VESTA_VMASST_TYPE_pae_extended_cr3, 3),
	K(VESTA_VMASST_TYPE_architectural_iopl, 4),
	K(VESTA_VMASST_TYPE_runstate_update_flag, 5),
	K(VESTA_VMASST_TYPE_m2p_strict, 32),
};

static const struct expect boot_numbers[] = {
	K(VESTA_DOMID_FIRST_RESERVED, 0x7FF0), K(VESTA_DOMID_SELF, 0x7FF0),
	K(VESTA_DOMID_IO, 0x7FF1), K(VESTA_DOMID_XEN, 0x7FF2),
	K(VESTA_DOMID_COW, 0x7FF3), K(VESTA_DOMID_INVALID, 0x7FF4),
	K(VESTA_DOMID_ANY, 0x7FF5), K(VESTA_DOMID_IDLE, 0x7FFF),
	K(VESTA_LEGACY_MAX_VCPUS, 32), K(VESTA_MAX_VIRT_CPUS, 32),
	K(VESTA_PVCLOCK_TSC_STABLE_BIT, 1), K(VESTA_PVCLOCK_GUEST_STOPPED, 2),
	K(VESTA_SIF_PRIVILEGED, 1), K(VESTA_SIF_INITDOMAIN, 2),
	K(VESTA_SIF_MULTIBOOT_MOD, 4), K(VESTA_SIF_MOD_START_PFN, 8),
	K(VESTA_SIF_VIRT_P2M_4TOOLS, 16), K(VESTA_SIF_PM_MASK, 0xFF00),
	K(VESTA_MAX_GUEST_CMDLINE, 1024),
	K(VESTA_VGATYPE_TEXT_MODE_3, 3), K(VESTA_VGATYPE_VESA_LFB, 0x23),
	K(VESTA_VGATYPE_EFI_LFB, 0x70),
};

static const struct expect arch_numbers[] = {
	K(VESTA_FLAT_RING3_CS32, 0xe023), K(VESTA_FLAT_RING3_CS64, 0xe033),
	K(VESTA_FLAT_RING3_DS32, 0xe02b), K(VESTA_FLAT_RING3_DS64, 0),
	K(VESTA_FLAT_RING3_SS32, 0xe02b), K(VESTA_FLAT_RING3_SS64, 0xe02b),
	K(VESTA_FLAT_KERNEL_CS, 0xe033), K(VESTA_FLAT_KERNEL_DS, 0),
	K(VESTA_FLAT_KERNEL_SS, 0xe02b), K(VESTA_FLAT_USER_CS, 0xe033),
	K(VESTA_FLAT_USER_DS, 0), K(VESTA_FLAT_USER_SS, 0xe02b),
	K(VESTA_FLAT_KERNEL_CS32, 0xe023), K(VESTA_FLAT_USER_SS32, 0xe02b),
	K(VESTA_FIRST_RESERVED_GDT_PAGE, 14),
	K(VESTA_FIRST_RESERVED_GDT_BYTE, 57344),
	K(VESTA_FIRST_RESERVED_GDT_ENTRY, 7168),
	K(VESTA_HYPERVISOR_VIRT_START, (long long)0xFFFF800000000000ULL),
	K(VESTA_HYPERVISOR_VIRT_END, (long long)0xFFFF880000000000ULL),
	K(VESTA_MACH2PHYS_VIRT_START, (long long)0xFFFF800000000000ULL),
	K(VESTA_MACH2PHYS_VIRT_END, (long long)0xFFFF804000000000ULL),
	K(VESTA_MACH2PHYS_NR_ENTRIES, 1LL << 35),
	K(VESTA_SEGBASE_FS, 0), K(VESTA_SEGBASE_GS_USER, 1),
	K(VESTA_SEGBASE_GS_KERNEL, 2), K(VESTA_SEGBASE_GS_USER_SEL, 3),
	K(VESTA_VGCF_i387_valid, 1), K(VESTA_VGCF_in_kernel, 4),
	K(VESTA_VGCF_failsafe_disables_events, 8),
	K(VESTA_VGCF_syscall_disables_events, 16),
	K(VESTA_VGCF_online, 32), K(VESTA_VGCF_in_syscall, 256),
	K(VESTA_TI_DPL_MASK, 3), K(VESTA_TI_IF, 4),
	K(VESTA_CPUID_LEAF_BASE, 0x40000000),
	K(VESTA_EMULATE_PREFIX_LEN, 5),
};

static const struct expect sched_vcpu_numbers[] = {
	K(VESTA_SCHEDOP_yield, 0), K(VESTA_SCHEDOP_block, 1),
	K(VESTA_SCHEDOP_shutdown, 2), K(VESTA_SCHEDOP_poll, 3),
	K(VESTA_SCHEDOP_remote_shutdown, 4), K(VESTA_SCHEDOP_shutdown_code, 5),
	K(VESTA_SCHEDOP_watchdog, 6), K(VESTA_SCHEDOP_pin_override, 7),
	K(VESTA_SHUTDOWN_poweroff, 0), K(VESTA_SHUTDOWN_reboot, 1),
	K(VESTA_SHUTDOWN_suspend, 2), K(VESTA_SHUTDOWN_crash, 3),
	K(VESTA_SHUTDOWN_watchdog, 4), K(VESTA_SHUTDOWN_soft_reset, 5),
	K(VESTA_VCPUOP_initialise, 0), K(VESTA_VCPUOP_up, 1),
	K(VESTA_VCPUOP_down, 2), K(VESTA_VCPUOP_is_up, 3),
	K(VESTA_VCPUOP_get_runstate_info, 4),
	K(VESTA_VCPUOP_register_runstate_memory_area, 5),
	K(VESTA_VCPUOP_set_periodic_timer, 6),
	K(VESTA_VCPUOP_stop_periodic_timer, 7),
	K(VESTA_VCPUOP_set_singleshot_timer, 8),
	K(VESTA_VCPUOP_stop_singleshot_timer, 9),
	K(VESTA_VCPUOP_register_vcpu_info, 10), K(VESTA_VCPUOP_send_nmi, 11),
	K(VESTA_VCPUOP_get_physid, 12),
	K(VESTA_VCPUOP_register_vcpu_time_memory_area, 13),
	K(VESTA_RUNSTATE_running, 0), K(VESTA_RUNSTATE_runnable, 1),
	K(VESTA_RUNSTATE_blocked, 2), K(VESTA_RUNSTATE_offline, 3),
	K(VESTA_RUNSTATE_UPDATE, (long long)0x8000000000000000ULL),
	K(VESTA_VCPU_SSHOTTMR_future, 1),
	K(VESTA_CALLBACKTYPE_event, 0), K(VESTA_CALLBACKTYPE_failsafe, 1),
	K(VESTA_CALLBACKTYPE_syscall, 2), K(VESTA_CALLBACKTYPE_nmi, 4),
	K(VESTA_CALLBACKTYPE_sysenter, 5), K(VESTA_CALLBACKTYPE_syscall32, 7),
	K(VESTA_CALLBACKF_mask_events, 1),
	K(VESTA_CALLBACKOP_register, 0), K(VESTA_CALLBACKOP_unregister, 1),
};

static const struct expect evtchn_numbers[] = {
	K(VESTA_EVTCHNOP_bind_interdomain, 0), K(VESTA_EVTCHNOP_bind_virq, 1),
	K(VESTA_EVTCHNOP_bind_pirq, 2), K(VESTA_EVTCHNOP_close, 3),
	K(VESTA_EVTCHNOP_send, 4), K(VESTA_EVTCHNOP_status, 5),
	K(VESTA_EVTCHNOP_alloc_unbound, 6), K(VESTA_EVTCHNOP_bind_ipi, 7),
	K(VESTA_EVTCHNOP_bind_vcpu, 8), K(VESTA_EVTCHNOP_unmask, 9),
	K(VESTA_EVTCHNOP_reset, 10), K(VESTA_EVTCHNOP_init_control, 11),
	K(VESTA_EVTCHNOP_expand_array, 12), K(VESTA_EVTCHNOP_set_priority, 13),
	K(VESTA_EVTCHNOP_reset_cont, 14),
	K(VESTA_EVTCHNSTAT_closed, 0), K(VESTA_EVTCHNSTAT_unbound, 1),
	K(VESTA_EVTCHNSTAT_interdomain, 2), K(VESTA_EVTCHNSTAT_pirq, 3),
	K(VESTA_EVTCHNSTAT_virq, 4), K(VESTA_EVTCHNSTAT_ipi, 5),
	K(VESTA_BIND_PIRQ__WILL_SHARE, 1),
	K(VESTA_EVTCHN_2L_NR_CHANNELS, 4096),
	K(VESTA_EVTCHN_FIFO_NR_CHANNELS, 1 << 17),
	K(VESTA_EVTCHN_FIFO_PRIORITY_DEFAULT, 7),
	K(VESTA_EVTCHN_FIFO_MAX_QUEUES, 16),
};

static const struct expect version_numbers[] = {
	K(VESTA_XENVER_version, 0), K(VESTA_XENVER_extraversion, 1),
	K(VESTA_XENVER_compile_info, 2), K(VESTA_XENVER_capabilities, 3),
	K(VESTA_XENVER_changeset, 4), K(VESTA_XENVER_platform_parameters, 5),
	K(VESTA_XENVER_get_features, 6), K(VESTA_XENVER_pagesize, 7),
	K(VESTA_XENVER_guest_handle, 8), K(VESTA_XENVER_commandline, 9),
	K(VESTA_XENVER_build_id, 10),
	K(VESTA_XENVER_EXTRAVERSION_LEN, 16),
	K(VESTA_XENVER_CAPABILITIES_LEN, 1024),
	K(VESTA_XENVER_CHANGESET_LEN, 64),
	K(VESTA_XENVER_COMMANDLINE_LEN, 1024),
	K(VESTA_FEAT_writable_page_tables, 0),
	K(VESTA_FEAT_writable_descriptor_tables, 1),
	K(VESTA_FEAT_auto_translated_physmap, 2),
	K(VESTA_FEAT_supervisor_mode_kernel, 3),
	K(VESTA_FEAT_pae_pgdir_above_4gb, 4),
	K(VESTA_FEAT_mmu_pt_update_preserve_ad, 5),
	K(VESTA_FEAT_highmem_assist, 6),
	K(VESTA_FEAT_gnttab_map_avail_bits, 7),
	K(VESTA_FEAT_hvm_callback_vector, 8),
	K(VESTA_FEAT_hvm_safe_pvclock, 9), K(VESTA_FEAT_hvm_pirqs, 10),
	K(VESTA_FEAT_dom0, 11), K(VESTA_FEAT_grant_map_identity, 12),
	K(VESTA_FEAT_memory_op_vnode_supported, 13),
	K(VESTA_FEAT_ARM_SMCCC_supported, 14),
	K(VESTA_FEAT_linux_rsdp_unrestricted, 15),
	K(VESTA_FEAT_not_direct_mapped, 16), K(VESTA_FEAT_direct_mapped, 17),
	K(VESTA_FEAT_runstate_phys_area, 18),
	K(VESTA_FEAT_vcpu_time_phys_area, 19),
	K(VESTA_FEAT_dm_msix_all_writes, 20), K(VESTA_FEAT_NR_SUBMAPS, 1),
};

static const struct expect physdev_memory_numbers[] = {
	K(VESTA_PHYSDEVOP_irq_status_query, 5), K(VESTA_PHYSDEVOP_set_iopl, 6),
	K(VESTA_PHYSDEVOP_set_iobitmap, 7), K(VESTA_PHYSDEVOP_apic_read, 8),
	K(VESTA_PHYSDEVOP_apic_write, 9),
	K(VESTA_PHYSDEVOP_alloc_irq_vector, 10),
	K(VESTA_PHYSDEVOP_free_irq_vector, 11), K(VESTA_PHYSDEVOP_eoi, 12),
	K(VESTA_PHYSDEVOP_map_pirq, 13), K(VESTA_PHYSDEVOP_unmap_pirq, 14),
	K(VESTA_PHYSDEVOP_manage_pci_add, 15),
	K(VESTA_PHYSDEVOP_manage_pci_remove, 16),
	K(VESTA_PHYSDEVOP_pirq_eoi_gmfn_v1, 17),
	K(VESTA_PHYSDEVOP_restore_msi, 19),
	K(VESTA_PHYSDEVOP_manage_pci_add_ext, 20),
	K(VESTA_PHYSDEVOP_setup_gsi, 21), K(VESTA_PHYSDEVOP_get_free_pirq, 23),
	K(VESTA_PHYSDEVOP_pci_mmcfg_reserved, 24),
	K(VESTA_PHYSDEVOP_pci_device_add, 25),
	K(VESTA_PHYSDEVOP_pci_device_remove, 26),
	K(VESTA_PHYSDEVOP_pirq_eoi_gmfn_v2, 28),
	K(VESTA_PHYSDEVOP_dbgp_op, 29), K(VESTA_PHYSDEVOP_prepare_msix, 30),
	K(VESTA_PHYSDEVOP_release_msix, 31),
	K(VESTA_MAP_PIRQ_TYPE_MSI, 0), K(VESTA_MAP_PIRQ_TYPE_GSI, 1),
	K(VESTA_XENIRQSTAT_needs_eoi, 1), K(VESTA_XENIRQSTAT_shared, 2),
	K(VESTA_XENMEM_increase_reservation, 0),
	K(VESTA_XENMEM_decrease_reservation, 1),
	K(VESTA_XENMEM_maximum_ram_page, 2),
	K(VESTA_XENMEM_current_reservation, 3),
	K(VESTA_XENMEM_maximum_reservation, 4),
	K(VESTA_XENMEM_machphys_mfn_list, 5),
	K(VESTA_XENMEM_populate_physmap, 6), K(VESTA_XENMEM_add_to_physmap, 7),
	K(VESTA_XENMEM_memory_map, 9), K(VESTA_XENMEM_machine_memory_map, 10),
	K(VESTA_XENMEM_exchange, 11), K(VESTA_XENMEM_machphys_mapping, 12),
	K(VESTA_XENMEM_set_memory_map, 13), K(VESTA_XENMEM_maximum_gpfn, 14),
	K(VESTA_XENMEM_remove_from_physmap, 15),
	K(VESTA_XENMEM_add_to_physmap_batch, 23),
	K(VESTA_XENMEM_acquire_resource, 28),
	K(VESTA_XENMAPSPACE_shared_info, 0),
	K(VESTA_XENMAPSPACE_grant_table, 1),
	K(VESTA_XENMEMF_populate_on_demand, 1 << 16),
	K(VESTA_E820_RAM, 1), K(VESTA_E820_RESERVED, 2),
};

static const struct expect grant_platform_numbers[] = {
	K(VESTA_GNTTABOP_map_grant_ref, 0),
	K(VESTA_GNTTABOP_unmap_grant_ref, 1),
	K(VESTA_GNTTABOP_setup_table, 2), K(VESTA_GNTTABOP_dump_table, 3),
	K(VESTA_GNTTABOP_transfer, 4), K(VESTA_GNTTABOP_copy, 5),
	K(VESTA_GNTTABOP_query_size, 6),
	K(VESTA_GNTTABOP_unmap_and_replace, 7),
	K(VESTA_GNTTABOP_set_version, 8),
	K(VESTA_GNTTABOP_get_status_frames, 9),
	K(VESTA_GNTTABOP_get_version, 10), K(VESTA_GNTTABOP_swap_grant_ref, 11),
	K(VESTA_GNTTABOP_cache_flush, 12),
	K(VESTA_GTF_permit_access, 1), K(VESTA_GTF_accept_transfer, 2),
	K(VESTA_GTF_transitive, 3), K(VESTA_GTF_readonly, 4),
	K(VESTA_GTF_reading, 8), K(VESTA_GTF_writing, 16),
	K(VESTA_GTF_sub_page, 256), K(VESTA_GTF_transfer_completed, 8),
	K(VESTA_GNTMAP_device_map, 1), K(VESTA_GNTMAP_host_map, 2),
	K(VESTA_GNTMAP_readonly, 4), K(VESTA_GNTMAP_application_map, 8),
	K(VESTA_GNTMAP_contains_pte, 16),
	K(VESTA_GNTMAP_guest_avail_mask, 0xFFFF0000),
	K(VESTA_GNTCOPY_source_gref, 1), K(VESTA_GNTCOPY_dest_gref, 2),
	K(VESTA_GNTST_okay, 0), K(VESTA_GNTST_general_error, -1),
	K(VESTA_GNTST_bad_gntref, -3), K(VESTA_GNTST_eagain, -12),
	K(VESTA_GNTST_no_space, -13),
	K(VESTA_XENPF_INTERFACE_VERSION, 0x03000001),
	K(VESTA_XENPF_settime32, 17), K(VESTA_XENPF_settime64, 62),
	K(VESTA_XENPF_firmware_info, 50), K(VESTA_XENPF_enter_acpi_sleep, 51),
	K(VESTA_XENPF_set_processor_pminfo, 54),
	K(VESTA_XENPF_get_cpuinfo, 55), K(VESTA_XEN_PM_PDC, 3),
	K(VESTA_XEN_FW_EFI_INFO, 4), K(VESTA_XEN_FW_KBD_SHIFT_FLAGS, 5),
	K(VESTA_CONS_IN_SIZE, 1024), K(VESTA_CONS_OUT_SIZE, 2048),
	K(VESTA_XENCONSOLE_CONNECTED, 0), K(VESTA_XENCONSOLE_DISCONNECTED, 1),
	K(VESTA_ETIME, 62), K(VESTA_ENOSYS, 38),
};

static void test_layouts_core(void **state)
{
	(void)state;
	CHECK(core_layout);
	CHECK(start_info_layout);
	CHECK(arch_layout);
	CHECK(guest_context_layout);
}

static void test_layouts_subops(void **state)
{
	(void)state;
	CHECK(sched_vcpu_callback_layout);
	CHECK(evtchn_layout);
	CHECK(physdev_layout);
	CHECK(memory_layout);
	CHECK(grant_layout);
	CHECK(misc_layout);
}

static void test_numbers(void **state)
{
	(void)state;
	CHECK(hypercall_numbers);
	CHECK(core_numbers);
	CHECK(boot_numbers);
	CHECK(arch_numbers);
	CHECK(sched_vcpu_numbers);
	CHECK(evtchn_numbers);
	CHECK(version_numbers);
	CHECK(physdev_memory_numbers);
	CHECK(grant_platform_numbers);
}

/* The string and byte-sequence constants. */
static void test_strings(void **state)
{
	static const uint8_t prefix[] = VESTA_EMULATE_PREFIX_BYTES;
	static const uint8_t want[] = { 0x0f, 0x0b, 'x', 'e', 'n' };
	struct vesta_start_info si;

	(void)state;
	assert_string_equal(VESTA_START_INFO_MAGIC, "xen-3.0-x86_64");
	assert_true(sizeof(VESTA_START_INFO_MAGIC) <= sizeof(si.magic));
	assert_int_equal(sizeof(prefix), VESTA_EMULATE_PREFIX_LEN);
	assert_memory_equal(prefix, want, sizeof(want));
	assert_non_null(strstr(VESTA_EMULATE_PREFIX,
			       "0x0f, 0x0b, 0x78, 0x65, 0x6e"));
}

/*
 * The CS slot of a bounce frame and of the iret frame carries the saved
 * upcall mask in bits 32-39; the runstate update flag is bit 63. Both
 * need the fields to be 64 bits wide.
 */
static void test_field_widths(void **state)
{
	struct vesta_iret_context ic;
	struct vesta_vcpu_runstate_info rs;
	struct vesta_e820_entry e820[2];

	(void)state;
	assert_int_equal(sizeof(ic.cs), 8);
	assert_int_equal(sizeof(rs.state_entry_time), 8);
	assert_int_equal(sizeof(rs.state), 4);
	/* Packed: consecutive entries are 20 bytes apart. */
	assert_int_equal((char *)&e820[1] - (char *)&e820[0], 20);
	assert_int_equal(sizeof(((struct vesta_vcpu_guest_context *)0)->
				trap_ctxt) / sizeof(struct vesta_trap_info),
			 256);
	assert_int_equal(sizeof(((struct vesta_shared_info *)0)->
				evtchn_pending) * 8,
			 VESTA_EVTCHN_2L_NR_CHANNELS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts_core),
		cmocka_unit_test(test_layouts_subops),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_field_widths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * The API of the PV test-kernel framework (tests/guests/lib): console
 * output, the result protocol, start_info and shared_info access, the
 * exception machinery (trap table, expected faults, exception table),
 * event channels and the pvclock, secondary vCPUs, command-line words. A
 * test kernel implements test_main() and uses only this header and
 * hypercall.h. The framework does not decide what a test checks. It runs
 * test_main() on vCPU 0; a test may start up to GUEST_MAX_VCPUS - 1 more
 * (smp.c), each on its own stack, which is how guest_cpu_id() tells them
 * apart.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/errno.h>
#include <vesta/format.h>

#include "hypercall.h"

#define GUEST_PAGE_SIZE		4096UL
#define GUEST_PAGE_SHIFT	12

/* x86 page-table entry bits a test may put into update_va_mapping. */
#define GUEST_PTE_P		0x001ULL
#define GUEST_PTE_RW		0x002ULL
#define GUEST_PTE_US		0x004ULL
#define GUEST_PTE_A		0x020ULL
#define GUEST_PTE_D		0x040ULL
#define GUEST_PTE_NX		(1ULL << 63)

/* #PF error-code bits. */
#define GUEST_PFEC_P		0x01
#define GUEST_PFEC_W		0x02
#define GUEST_PFEC_U		0x04
#define GUEST_PFEC_RSVD		0x08
#define GUEST_PFEC_I		0x10

#define GUEST_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define GUEST_ALIGNED(n)	__attribute__((__aligned__(n)))
#define GUEST_PAGE_ALIGNED_BSS	\
	__attribute__((__section__(".bss.page_aligned"), __aligned__(4096)))
#define GUEST_NORETURN		__attribute__((__noreturn__))
#define GUEST_PRINTF(f, a)	__attribute__((__format__(printf, f, a)))

/*
 * test_main() - The test, supplied by each test kernel.
 * @si: the start_info page as the builder passed it (read-only)
 *
 * Runs after the framework set up the console, the trap table, the event
 * and failsafe callbacks and the shared_info mapping. Returning is the
 * same as calling guest_finish().
 */
void test_main(const struct vesta_start_info *si);

/* ---- console and result protocol (console.c, report.c) ---- */

/*
 * guest_write() - Write @len bytes to the hypervisor console
 * (CONSOLEIO_write), in as many calls as it takes.
 */
void guest_write(const char *s, size_t len);

/* guest_printf() - printf to the console; output is cut at 511 bytes. */
int guest_printf(const char *fmt, ...) GUEST_PRINTF(1, 2);

/*
 * guest_fail() - Report one failed check: prints "FAIL: <message>" and
 * makes the final result FAILURE. The test carries on.
 */
void guest_fail(const char *fmt, ...) GUEST_PRINTF(1, 2);

/*
 * guest_skip() - Note that part of the test could not run: prints
 * "SKIP: <message>" and makes the final result SKIP (unless something
 * failed). The first reason given is repeated on the RESULT line.
 */
void guest_skip(const char *fmt, ...) GUEST_PRINTF(1, 2);

/*
 * guest_check() - Compare @got with @expected; on mismatch print
 * "FAIL: <what> (expected X got Y)" in hex and mark the test failed.
 * Return: true if they are equal.
 */
bool guest_check(const char *what, uint64_t expected, uint64_t got);

/* guest_check_rc() - guest_check() for signed hypercall results, in decimal. */
bool guest_check_rc(const char *what, long expected, long got);

/* guest_failures() - Number of guest_fail()/failed checks so far. */
unsigned int guest_failures(void);

/*
 * guest_finish() - Print exactly one "RESULT: SUCCESS|SKIP|FAILURE" line
 * (with the first skip reason for SKIP) and shut the domain down with
 * SHUTDOWN_poweroff. Never returns.
 */
GUEST_NORETURN void guest_finish(void);

/*
 * guest_error() - The test cannot go on (unexpected exception, broken
 * environment): print "RESULT: ERROR: <message>" and shut down with
 * SHUTDOWN_crash. Never returns.
 */
GUEST_NORETURN void guest_error(const char *fmt, ...) GUEST_PRINTF(1, 2);

/*
 * guest_shutdown() - SCHEDOP_shutdown with @reason (VESTA_SHUTDOWN_*);
 * spins in SCHEDOP_yield if the hypervisor returns. Never returns.
 */
GUEST_NORETURN void guest_shutdown(unsigned int reason);

/* ---- environment (setup.c) ---- */

/* The start_info page, and the shared_info page mapped by the framework. */
extern const struct vesta_start_info *guest_start_info;
extern struct vesta_shared_info *guest_shared_info;

/*
 * guest_vcpu_info() - The calling vCPU's vcpu_info: its legacy slot in
 * shared_info, or the copy recorded with guest_set_vcpu_info().
 */
struct vesta_vcpu_info *guest_vcpu_info(void);

/* guest_vcpu_info_of() - guest_vcpu_info() of vCPU @id (NULL if >= max). */
struct vesta_vcpu_info *guest_vcpu_info_of(unsigned int id);

/*
 * guest_set_vcpu_info() - Record that vCPU @id's vcpu_info now lives at
 * @vi (after VCPUOP_register_vcpu_info moved it); events, time and the
 * upcall mask of that vCPU are used there from now on.
 */
void guest_set_vcpu_info(unsigned int id, struct vesta_vcpu_info *vi);

/* guest_is_privileged() - start_info has SIF_PRIVILEGED (e.g. dom0). */
bool guest_is_privileged(void);

/*
 * guest_virt_to_mfn() - Machine frame behind a virtual address inside the
 * initial region (kernel image, .bss, start_info...), through the p2m list
 * start_info->mfn_list. Return: the MFN, or ~0UL if @va is outside.
 */
unsigned long guest_virt_to_mfn(const void *va);

/*
 * guest_map_mfn() - Map machine frame @mfn at the page-aligned @va (which
 * must lie in the initial region, e.g. a page of .bss) with update_va_mapping
 * and flags P|A|D (+RW if @writable), flushing that address.
 * Return: the hypercall's result (0 on success).
 */
long guest_map_mfn(void *va, unsigned long mfn, bool writable);

/*
 * guest_unmap() - Clear the PTE of the page-aligned @va (update_va_mapping
 * with 0), e.g. to make a hole after a buffer. Undo with guest_map_mfn(va,
 * guest_virt_to_mfn(va), true). Return: the hypercall's result.
 */
long guest_unmap(void *va);

/*
 * Addresses a guest pointer argument can never be valid at, for -EFAULT
 * checks: unmapped in every test kernel (lower half, above the region),
 * inside the hypervisor's reserved hole, and non-canonical.
 */
#define GUEST_BAD_PTR_UNMAPPED	((void *)0x0000100000000000UL)
#define GUEST_BAD_PTR_HOLE	((void *)0xffff830000000000UL)
#define GUEST_BAD_PTR_NONCANON	((void *)0x8000000000000000UL)

/* ---- exceptions (traps.c, entry.S) ---- */

/* The vector number guest_trap_dispatch() sees for an event upcall. */
#define GUEST_VEC_EVENT		256

/*
 * Register state at an exception, as the entry stubs save it: the
 * interrupted GPRs (RCX/R11 taken from the bounce frame), then the vector,
 * the error code (0 if the vector has none), and the hardware-style frame.
 * Handlers may change any field; it is restored by HYPERVISOR_iret.
 */
struct guest_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* guest_has_error_code() - The architecture pushes an error code for @vec. */
bool guest_has_error_code(unsigned int vec);

/*
 * guest_frame_base() - Guest address of the bounce frame the hypervisor
 * built (its lowest word, the saved RCX) for the exception in @regs.
 */
uint64_t guest_frame_base(const struct guest_regs *regs);

/*
 * A recorded fault: what the handler saw. cr2 is vcpu_info.arch.cr2 read
 * in the handler (meaningful for #PF only). upcall_mask is the vcpu_info
 * upcall mask inside the handler.
 */
struct guest_fault {
	unsigned int vector;
	uint64_t error_code;
	uint64_t rip, cs, rflags, rsp, ss;
	uint64_t rcx, r11;
	uint64_t cr2;
	uint64_t frame;
	uint8_t upcall_mask;
};

/*
 * guest_expect_fault() - Arm the handler for one exception: the next
 * exception (any vector) is recorded instead of being fatal, and the
 * faulting context resumes at RIP + @skip_len, or at @fixup if non-zero.
 * Expectations belong to the calling vCPU (guest_cpu_id()), as do the
 * faults guest_fault_taken() reports.
 */
void guest_expect_fault(unsigned int skip_len, uint64_t fixup);

/*
 * guest_fault_taken() - Collect the fault recorded since the last
 * guest_expect_fault() and disarm. Return: true (and *@f filled) if one
 * was taken, false if none happened.
 */
bool guest_fault_taken(struct guest_fault *f);

/*
 * Exception table: GUEST_EXTABLE(from, to) in inline asm makes a fault at
 * label @from resume at @to and be recorded (collect it with
 * guest_fault_taken()) without arming first.
 */
#define GUEST_EXTABLE(from, to)					\
	".pushsection .guest_extable, \"a\"\n\t"			\
	".balign 8\n\t"						\
	".quad " #from ", " #to "\n\t"					\
	".popsection\n\t"

/*
 * A per-vector hook: called before the expectation/extable logic. Return
 * true if it handled the exception (the context resumes from @regs).
 */
typedef bool (*guest_trap_hook_t)(struct guest_regs *regs);

/* guest_set_trap_hook() - Install (or with NULL remove) the hook of @vec. */
void guest_set_trap_hook(unsigned int vec, guest_trap_hook_t hook);

/*
 * guest_set_trap() - Point vector @vec of the virtual IDT at the framework's
 * stub with gate DPL @dpl (0-3) and, if @mask_events, interrupt-gate
 * semantics (VESTA_TI_IF). Return: set_trap_table's result.
 */
long guest_set_trap(unsigned int vec, unsigned int dpl, bool mask_events);

/*
 * guest_trap_stub() - Address of the entry stub of @vec (0-255), e.g. to
 * build a trap table by hand.
 */
uint64_t guest_trap_stub(unsigned int vec);

/*
 * guest_fill_trap_ctxt() - Copy the framework's trap table, as installed
 * by the start of day and guest_set_trap(), indexed by vector (the
 * vcpu_guest_context layout; unused vectors zero).
 */
void guest_fill_trap_ctxt(struct vesta_trap_info ctxt[VESTA_NR_TRAP_VECTORS]);

/*
 * Framework internals, declared here for the files that share them:
 * guest_start() is called by head.S; guest_traps_init() by setup.c;
 * guest_trap_dispatch() and guest_failsafe() by entry.S; and
 * guest_events_upcall() by guest_trap_dispatch() for GUEST_VEC_EVENT.
 */
GUEST_NORETURN void guest_start(const struct vesta_start_info *si);
void guest_traps_init(void);
void guest_trap_dispatch(struct guest_regs *regs);
GUEST_NORETURN void guest_failsafe(const uint64_t *frame);
void guest_events_upcall(struct guest_regs *regs);

/* guest_dump_regs() - Print @regs to the console. */
void guest_dump_regs(const struct guest_regs *regs);

/* Entry points in entry.S, e.g. for a vcpu_guest_context. */
extern char guest_event_entry[], guest_failsafe_entry[];

/* ---- events (events.c) ---- */

typedef void (*guest_evtchn_handler_t)(unsigned int port, void *arg);

/* Installed by setup.c: event and failsafe callback registration. */
long guest_events_init(void);

/*
 * guest_evtchn_set_handler() - Call @fn(@port, @arg) from the upcall each
 * time @port is found pending (after its pending bit was cleared).
 * @fn NULL removes it. Ports >= 4096 are ignored.
 */
void guest_evtchn_set_handler(unsigned int port, guest_evtchn_handler_t fn,
			      void *arg);

/*
 * guest_evtchn_bind_cpu() - Handle @port in the upcalls of vCPU @cpu (the
 * vCPU the hypervisor notifies for it, e.g. the one a per-vCPU VIRQ or IPI
 * was bound to). Ports start on vCPU 0.
 */
void guest_evtchn_bind_cpu(unsigned int port, unsigned int cpu);

/*
 * guest_evtchn_mask()/_unmask() - Set/clear the port's mask bit in
 * shared_info directly (unmask does not re-raise; use EVTCHNOP_unmask for
 * that).
 */
void guest_evtchn_mask(unsigned int port);
void guest_evtchn_unmask(unsigned int port);

/* guest_evtchn_is_pending() - The port's pending bit in shared_info. */
bool guest_evtchn_is_pending(unsigned int port);

/* guest_evtchn_clear_pending() - Clear the port's pending bit. */
void guest_evtchn_clear_pending(unsigned int port);

/*
 * guest_events_enable()/_disable() - Clear/set the vcpu_info upcall mask.
 * enable forces an upcall (via a hypercall) if one is already pending.
 */
void guest_events_enable(void);
void guest_events_disable(void);

/* guest_upcall_count() - Event upcalls taken so far. */
unsigned long guest_upcall_count(void);

/* guest_unhandled_events() - Pending ports found that had no handler. */
unsigned long guest_unhandled_events(void);

/*
 * guest_evtchn_poll() - SCHEDOP_poll on the single @port with absolute
 * deadline @timeout_abs_ns (0: none). Return: the hypercall's result.
 */
long guest_evtchn_poll(unsigned int port, uint64_t timeout_abs_ns);

/*
 * guest_wait_count() - Wait until *@count (advanced by @port's handler)
 * reaches @target or system time reaches @deadline_ns, sleeping in
 * SCHEDOP_poll on @port and letting the upcall run in between. Leaves
 * events enabled. Return: true if the target was reached.
 */
bool guest_wait_count(unsigned int port, const volatile unsigned long *count,
		      unsigned long target, uint64_t deadline_ns);

/*
 * Finding each other across domains: the offering side allocates an
 * unbound port for the other domain (guest_xdom_offer(), returns the port
 * or a negative errno); the other side tries bind_interdomain on its
 * ports 1..GUEST_XDOM_MAX_PORT until one succeeds, retrying until
 * @timeout_ns has passed (guest_xdom_find(), returns its local port or
 * -VESTA_ETIMEDOUT). The binder's new port starts pending (the ABI says
 * so): clear it before counting events.
 */
#define GUEST_XDOM_MAX_PORT	64
long guest_xdom_offer(unsigned int remote_dom);
long guest_xdom_find(unsigned int remote_dom, uint64_t timeout_ns);

/* ---- time (time.c) ---- */

/*
 * guest_system_time() - Nanoseconds of hypervisor system time from the
 * calling vCPU's pvclock (pv-abi.md 4), with the version protocol.
 */
uint64_t guest_system_time(void);

/*
 * guest_sleep_ns() - Let about @ns of system time pass, giving the pCPU
 * away with SCHEDOP_yield meanwhile (no timer or event needed).
 */
void guest_sleep_ns(uint64_t ns);

/* guest_rdtsc() - The raw TSC. */
static inline uint64_t guest_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ---- secondary vCPUs (smp.c) ---- */

#define GUEST_MAX_VCPUS		8

/*
 * guest_cpu_id() - The vCPU the caller runs on, told by its stack: 0 on
 * vCPU 0's stack (and on any stack that is not a secondary vCPU's), n on
 * the stack guest_vcpu_start() gave vCPU n.
 */
unsigned int guest_cpu_id(void);

/* guest_vcpu_stack_top() - Top of vCPU @id's kernel stack (NULL if none). */
void *guest_vcpu_stack_top(unsigned int id);

typedef void (*guest_vcpu_fn_t)(unsigned int id, void *arg);

/*
 * guest_vcpu_context() - Fill @ctx so that vCPU @id starts in guest kernel
 * mode on its own stack (also its kernel_sp) with the current page tables
 * (the builder's L4, start_info.pt_base), the framework's trap table and
 * event/failsafe callbacks, events masked, and runs @fn(@id, @arg); when
 * @fn returns the vCPU takes itself down (VCPUOP_down). A test may change
 * fields before passing @ctx to VCPUOP_initialise itself. @fn NULL leaves
 * what vCPU @id will run unchanged (for a context that is only probed).
 * vCPU ids >= GUEST_MAX_VCPUS get no stack (RSP 0).
 */
void guest_vcpu_context(struct vesta_vcpu_guest_context *ctx, unsigned int id,
			guest_vcpu_fn_t fn, void *arg);

/*
 * guest_vcpu_start() - VCPUOP_initialise vCPU @id (1..GUEST_MAX_VCPUS-1)
 * with guest_vcpu_context(), then VCPUOP_up. Return: 0, the first failing
 * hypercall's result, or -VESTA_EINVAL for a bad @id.
 */
long guest_vcpu_start(unsigned int id, guest_vcpu_fn_t fn, void *arg);

/* guest_vcpu_started()/_done() - vCPU @id entered / returned from @fn. */
bool guest_vcpu_started(unsigned int id);
bool guest_vcpu_done(unsigned int id);

/* Framework internal: the C entry of secondary vCPUs (head.S calls it). */
GUEST_NORETURN void guest_ap_main(unsigned int id);

/* ---- command line (util.c) ---- */

/* guest_cmdline() - start_info's command line. */
const char *guest_cmdline(void);

/* guest_cmdline_has() - @word appears as a whole word on the command line. */
bool guest_cmdline_has(const char *word);

/*
 * guest_cmdline_ulong() - The decimal value N of the word "@key=N" on the
 * command line, or @def if there is none.
 */
unsigned long guest_cmdline_ulong(const char *key, unsigned long def);

/* ---- small helpers (util.c and inline) ---- */

/*
 * guest_strstr() - First occurrence of @needle in @hay.
 * Return: pointer into @hay, or NULL.
 */
const char *guest_strstr(const char *hay, const char *needle);

static inline void guest_barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

/* guest_cpuid() - Forced-emulation CPUID (ud2; "xen"; cpuid). */
static inline void guest_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a,
			       uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile(VESTA_CPUID
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "0"(leaf), "2"(subleaf));
}

/* The builder's initial RSP (the bootstrap stack we leave at once). */
extern uint64_t guest_boot_rsp;

/* Where pseudo-physical address 0 is mapped (VIRT_BASE, or 0 without). */
#define GUEST_REGION_START	((unsigned long)GUEST_VIRT_BASE)

/* Linker-provided bounds of the image. */
extern char _image_start[], _end[], __bss_start[], __bss_end[];
extern char guest_stack_bottom[], guest_stack_top[];

#endif /* GUEST_GUEST_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap and interrupt dispatch. Exceptions raised by hypervisor code are
 * fatal: a register dump, the faulting instruction bytes and a stack trace
 * go to the console and every CPU is halted. NMIs stop a CPU during panic.
 * Interrupt vectors go to the handler registered for them. Guest traps are
 * a later milestone's job.
 */
#include <vesta/lib.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>

static irq_handler_t vector_handlers[256];

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

void set_vector_handler(unsigned int vec, irq_handler_t fn)
{
	BUG_ON(vec < 32 || vec > 255);
	vector_handlers[vec] = fn;
}

static void show_code(unsigned long rip)
{
	char line[16 * 3 + 8];
	unsigned int p = 0;

	for (unsigned int i = 0; i < 16; i++) {
		unsigned long a = rip + i;
		static const char hex[] = "0123456789abcdef";

		if (!va_is_mapped(a)) {
			line[p++] = '?';
			line[p++] = '?';
		} else {
			uint8_t b = *(const volatile uint8_t *)a;

			line[p++] = hex[b >> 4];
			line[p++] = hex[b & 15];
		}
		line[p++] = ' ';
	}
	line[p] = '\0';
	printk(LOG_ERR "Code at rip: %s\n", line);
}

void show_registers(const struct cpu_user_regs *r)
{
	printk(LOG_ERR "RIP: %04lx:%016lx  RFLAGS: %016lx  vector %lu error %lx\n",
	       r->cs, r->rip, r->rflags, r->vector, r->error_code);
	printk(LOG_ERR "rax: %016lx  rbx: %016lx  rcx: %016lx\n", r->rax,
	       r->rbx, r->rcx);
	printk(LOG_ERR "rdx: %016lx  rsi: %016lx  rdi: %016lx\n", r->rdx,
	       r->rsi, r->rdi);
	printk(LOG_ERR "rbp: %016lx  rsp: %016lx  r8:  %016lx\n", r->rbp,
	       r->rsp, r->r8);
	printk(LOG_ERR "r9:  %016lx  r10: %016lx  r11: %016lx\n", r->r9,
	       r->r10, r->r11);
	printk(LOG_ERR "r12: %016lx  r13: %016lx  r14: %016lx\n", r->r12,
	       r->r13, r->r14);
	printk(LOG_ERR "r15: %016lx  ss: %04lx\n", r->r15, r->ss);
	printk(LOG_ERR "cr0: %016lx  cr2: %016lx  cr3: %016lx  cr4: %016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/*
 * Frame-pointer walk (the image is built with frame pointers). Every frame
 * must lie inside this CPU's stack block and move upwards, so a corrupt
 * chain ends the walk instead of faulting again.
 */
void show_stack_trace(unsigned long rbp)
{
	unsigned long lo = (rbp & ~(STACK_SIZE - 1));
	unsigned long hi = lo + STACK_SIZE - CPU_INFO_SIZE;

	printk(LOG_ERR "Stack trace (addr2line -e vesta <addr>):\n");
	for (unsigned int depth = 0; depth < 32; depth++) {
		const unsigned long *frame = (const unsigned long *)rbp;

		if (rbp < lo || rbp + 16 > hi || (rbp & 7))
			break;
		printk(LOG_ERR "   [<%016lx>]\n", frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

static void __noreturn fatal_trap(struct cpu_user_regs *r)
{
	unsigned int vec = (unsigned int)r->vector;

	smp_send_stop();
	console_force_unlock();
	printk(LOG_ERR "\n*** FATAL EXCEPTION in hypervisor on CPU %u: %s\n",
	       smp_processor_id(), vec < 32 && exc_names[vec] ?
	       exc_names[vec] : "unknown");
	if (vec == 14)
		printk(LOG_ERR "Page fault at %016lx (%s, %s, %s)\n",
		       read_cr2(), r->error_code & 1 ? "protection" : "not present",
		       r->error_code & 2 ? "write" : "read",
		       r->error_code & 16 ? "instruction fetch" : "data");
	show_registers(r);
	show_code(r->rip);
	show_stack_trace(r->rbp);
	printk(LOG_ERR "*** All CPUs halted.\n");
	for (;;) {
		local_irq_disable();
		halt();
	}
}

static void do_nmi(struct cpu_user_regs *r)
{
	struct pcpu *p = this_pcpu();

	if (READ_ONCE(p->stopped)) {
		/* Another CPU is panicking: park here for good. */
		for (;;) {
			local_irq_disable();
			halt();
		}
	}
	printk_ratelimited(LOG_WARNING "Unexpected NMI on CPU %u at %016lx\n",
			   p->id, r->rip);
}

struct ex_entry {
	uint64_t insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

/* A fault at a known instruction (guest memory access, IRET) recovers. */
static bool fixup_exception(struct cpu_user_regs *regs)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end;
	     e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}

void do_trap(struct cpu_user_regs *regs);
void do_trap(struct cpu_user_regs *regs)
{
	unsigned int vec = (unsigned int)regs->vector;
	bool from_guest = (regs->cs & 3) != 0;
	irq_handler_t h;

	if (vec == VEC_NMI) {
		do_nmi(regs);
		return;
	}
	if (vec < 32) {
		/* #DF and #MC are the hypervisor's own trouble. */
		if (from_guest && vec != 8 && vec != 18) {
			pv_handle_trap(regs);
			return;
		}
		if ((vec == 13 || vec == 14) && fixup_exception(regs))
			return;
		fatal_trap(regs);
	}

	this_pcpu()->nr_irqs++;
	if (vec == VEC_SPURIOUS)
		return;	/* spurious interrupts take no EOI */
	h = vector_handlers[vec];
	if (h)
		h(regs);
	else
		printk_ratelimited(LOG_WARNING "CPU %u: unexpected vector %u\n",
				   smp_processor_id(), vec);
	lapic_eoi();
}

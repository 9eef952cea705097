/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU descriptor tables: the GDT with the hypervisor's code/data
 * segments and the TSS (IST stacks for #DF, NMI and #MC), and the single
 * IDT shared by all CPUs. Not responsible for what the vectors do
 * (traps.c).
 */
#include <vesta/lib.h>
#include <vesta/printk.h>
#include <string.h>
#include <asm/pcpu.h>
#include <asm/processor.h>

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t rsvd;
} __attribute__((packed));

static struct idt_gate idt[256] __aligned(16);
extern const uint64_t trap_stub_table[256];

struct pcpu pcpus[NR_CPUS];
/* The boot CPU's GDT; the others allocate theirs before they start. */
static uint64_t bsp_gdt[GDT_ENTRIES] __aligned(PAGE_SIZE);

extern char syscall_entry[], syscall32_entry[];

static void set_gate(unsigned int vec, uint64_t addr, unsigned int ist)
{
	struct idt_gate *g = &idt[vec];

	g->off_lo = addr & 0xffff;
	g->sel = SEL_HV_CS;
	g->ist = (uint8_t)ist;
	g->type_attr = 0x8e;	/* present, DPL 0, 64-bit interrupt gate */
	g->off_mid = (addr >> 16) & 0xffff;
	g->off_hi = (uint32_t)(addr >> 32);
	g->rsvd = 0;
}

void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, trap_stub_table[v], 0);
	/* Vectors that can arrive on a broken stack get a known-good one. */
	idt[8].ist = IST_DF;
	idt[2].ist = IST_NMI;
	idt[18].ist = IST_MC;
	/* int3 from the guest (ring 3) reaches #BP, not #GP. */
	idt[3].type_attr = 0xee;
}

static void load_tables(struct pcpu *p)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { GDT_ENTRIES * 8 - 1,
					    (uint64_t)p->gdt },
	  idtr = { sizeof(idt) - 1, (uint64_t)idt };

	asm volatile("lgdt %0" ::"m"(gdtr));
	asm volatile("lidt %0" ::"m"(idtr));
	/* Reload CS with a far return, then the data segments. */
	asm volatile("pushq %0\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %1, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     :
		     : "i"(SEL_HV_CS), "i"(SEL_HV_DS)
		     : "rax", "memory");
	asm volatile("ltr %w0" ::"r"(SEL_TSS));
}

void cpu_tables_init(struct pcpu *p)
{
	uint64_t tss = (uint64_t)&p->tss;
	uint64_t limit = sizeof(p->tss) - 1;

	if (!p->gdt)
		p->gdt = bsp_gdt;
	memset(p->gdt, 0, GDT_ENTRIES * 8);
	p->gdt[SEL_HV_CS >> 3] = 0x00af9a000000ffffULL;
	p->gdt[SEL_HV_DS >> 3] = 0x00cf92000000ffffULL;
	/* The flat ring-3 segments every PV guest may use. */
	p->gdt[SEL_RING3_CS32 >> 3] = 0x00cffa000000ffffULL;
	p->gdt[SEL_RING3_DS >> 3] = 0x00cff2000000ffffULL;
	p->gdt[SEL_RING3_CS64 >> 3] = 0x00affa000000ffffULL;
	p->gdt[SEL_HV_CS32 >> 3] = 0x00cf9a000000ffffULL;
	/* 16-byte available 64-bit TSS descriptor (type 9). */
	p->gdt[SEL_TSS >> 3] = (limit & 0xffff) | ((tss & 0xffffff) << 16) |
			       (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
			       (((tss >> 24) & 0xff) << 56);
	p->gdt[(SEL_TSS >> 3) + 1] = tss >> 32;

	memset(&p->tss, 0, sizeof(p->tss));
	/* IST stacks are pages 0-2 of the stack block; stacks grow down. */
	p->tss.ist[IST_DF - 1] = (uint64_t)p->stack_block + 1 * PAGE_SIZE;
	p->tss.ist[IST_NMI - 1] = (uint64_t)p->stack_block + 2 * PAGE_SIZE;
	p->tss.ist[IST_MC - 1] = (uint64_t)p->stack_block + 3 * PAGE_SIZE;
	p->tss.rsp[0] = (uint64_t)p->stack_block + STACK_SIZE - CPU_INFO_SIZE;
	p->tss.iomap_base = sizeof(p->tss);
	load_tables(p);
}

/*
 * SYSCALL from ring 3 enters the hypervisor (the PV hypercall and guest
 * system-call path). SYSRET's base selector is FLAT_RING3_CS32, so a
 * 64-bit SYSRET lands on FLAT_RING3_CS64 / FLAT_RING3_SS64 as the ABI
 * fixes. KERNEL_GS_BASE holds this CPU's cpu_info for the entry code's
 * two SWAPGS; the hypervisor itself never uses %gs.
 */
void cpu_syscall_init(struct pcpu *p)
{
	struct cpu_info *ci = (struct cpu_info *)(p->stack_block + STACK_SIZE -
						  CPU_INFO_SIZE);

	ci->frame_top = (uint64_t)ci;
	wrmsr(MSR_STAR, ((uint64_t)SEL_RING3_CS32 << 48) |
			((uint64_t)SEL_HV_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)syscall32_entry);
	/* Entry runs with IF, TF, DF, AC and NT clear. */
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF |
				X86_EFLAGS_AC | X86_EFLAGS_NT);
	wrmsr(MSR_SHADOW_GS_BASE, (uint64_t)ci);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | EFER_NXE);
}

/*
 * CPUID faulting makes a guest's plain CPUID trap (#GP) so it sees the
 * same policy as through the forced-emulation prefix. Not every CPU has
 * it; probing MSR_PLATFORM_INFO may itself fault, hence the safe read.
 */
bool cpuid_faulting;

void cpuid_faulting_init(void)
{
	uint64_t v;

	if (rdmsr_safe(MSR_PLATFORM_INFO, &v) || !(v & (1ULL << 31)) ||
	    wrmsr_safe(MSR_MISC_FEATURES_ENABLES, 1)) {
		if (!this_pcpu()->id)
			printk(LOG_INFO "cpu: no CPUID faulting: guests' plain CPUID sees the host's values\n");
		return;
	}
	if (!this_pcpu()->id)
		printk(LOG_INFO "cpu: CPUID faulting on: plain CPUID in guests is emulated\n");
	cpuid_faulting = true;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot CPU's path from head.S to the idle loop: console, multiboot
 * information, command line, memory map and allocators, ACPI, APICs, time,
 * secondary CPUs, then the boot summary. Also the idle loop every CPU ends
 * in. Each step's details live in its own file; this one only orders them.
 */
#include <vesta/console.h>
#include <vesta/debug.h>
#include <vesta/keyhandler.h>
#include <vesta/lib.h>
#include <vesta/memmap.h>
#include <vesta/mm.h>
#include <vesta/multiboot.h>
#include <vesta/param.h>
#include <vesta/printk.h>
#include <vesta/smp.h>
#include <vesta/softirq.h>
#include <vesta/time.h>
#include <vesta/timer.h>
#include <string.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pcpu.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/pv.h>
#include <vesta/domain.h>

#define MEMMAP_MAX	256
#define INPUT_POLL_MS	20

extern char boot_stack[];
void __start_vesta(uint32_t magic, uint32_t info);

static struct boot_info boot_info;
static struct memmap_entry memmap[MEMMAP_MAX];
static unsigned int nr_memmap;
static uint64_t ram_found;	/* bytes of RAM the firmware reported */
static struct timer input_timer, summary_timer;
static uint64_t module_sum[MB_MAX_MODULES];
static uint64_t image_sum;

/* FNV-1a: cheap, and any change to the bytes changes it in practice. */
static uint64_t checksum(const void *p, uint64_t len)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (uint64_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

extern char __text_start[], __rodata_end[];

static uint64_t image_checksum(void)
{
	return checksum(__text_start, (uint64_t)(__rodata_end - __text_start));
}

/* Modules the direct map covers (head.S maps the first 4 GiB). */
static bool module_mapped(const struct boot_module *m)
{
	return m->end > m->start && m->end <= GB(4);
}

static void checksum_boot_data(void)
{
	image_sum = image_checksum();
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		if (module_mapped(m))
			module_sum[i] = checksum(__va(m->start), m->end - m->start);
	}
}

unsigned int boot_data_verify(void)
{
	unsigned int bad = 0;

	if (image_checksum() != image_sum) {
		printk(LOG_ERR "selftest: hypervisor image changed!\n");
		bad++;
	}
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];
		bool ok;

		if (!module_mapped(m))
			continue;
		ok = checksum(__va(m->start), m->end - m->start) == module_sum[i];
		printk("selftest: module %u (%lu bytes) %s\n", i,
		       (unsigned long)(m->end - m->start),
		       ok ? "intact" : "CHANGED");
		bad += !ok;
	}
	return bad;
}

/* Multiboot structures live below 4 GiB, which head.S direct-maps. */
static const void *mb_map(void *ctx, uint64_t pa, size_t len)
{
	(void)ctx;
	if (pa + len < pa || pa + len > GB(4))
		return NULL;
	return __va(pa);
}

static const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case MEMMAP_RAM:	return "RAM";
	case MEMMAP_RESERVED:	return "reserved";
	case MEMMAP_ACPI:	return "ACPI data";
	case MEMMAP_NVS:	return "ACPI NVS";
	case MEMMAP_UNUSABLE:	return "unusable";
	case MEMMAP_PMEM:	return "persistent";
	case MEMMAP_HYPERVISOR:	return "hypervisor";
	case MEMMAP_MODULE:	return "boot module";
	case MEMMAP_BOOT:	return "low memory (kept)";
	default:		return "other";
	}
}

static void mark(uint64_t addr, uint64_t size, uint32_t type,
		 const struct diag *dg)
{
	if (memmap_mark(memmap, &nr_memmap, MEMMAP_MAX, addr, size, type, dg))
		printk(LOG_WARNING "memmap: cannot mark %#lx+%#lx as %s\n",
		       (unsigned long)addr, (unsigned long)size,
		       memmap_type_name(type));
}

static void setup_memory(void)
{
	const struct diag dg = { printk_diag, "memmap" };

	if (!boot_info.nr_mmap)
		panic("multiboot: the boot loader passed no memory map; cannot continue");
	nr_memmap = boot_info.nr_mmap;
	memcpy(memmap, boot_info.mmap, nr_memmap * sizeof(memmap[0]));
	if (memmap_sanitize(memmap, &nr_memmap, MEMMAP_MAX, 1ULL << 52, &dg))
		panic("memmap: too many memory map entries after sanitising");
	ram_found = memmap_total(memmap, nr_memmap, MEMMAP_RAM);
	/* Low memory holds the BIOS data, EBDA and the AP trampoline. */
	mark(0, MB(1), MEMMAP_BOOT, &dg);
	mark(__pa(__image_start), (uint64_t)(__image_end - __image_start),
	     MEMMAP_HYPERVISOR, &dg);
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		printk(LOG_INFO "module %u: %#lx-%#lx \"%s\"\n", i,
		       (unsigned long)m->start, (unsigned long)m->end, m->cmdline);
		if (m->end > m->start)
			mark(m->start, m->end - m->start, MEMMAP_MODULE, &dg);
	}
	printk(LOG_INFO "Physical memory map:\n");
	for (unsigned int i = 0; i < nr_memmap; i++)
		printk(LOG_INFO " %016lx - %016lx %s\n",
		       (unsigned long)memmap[i].addr,
		       (unsigned long)(memmap[i].addr + memmap[i].size),
		       memmap_type_name(memmap[i].type));
	bootmem_init(memmap, nr_memmap);
	directmap_init(memmap, nr_memmap);
	page_alloc_init();
	mm_heap_ready();
}

static void lapic_timer_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	this_pcpu()->nr_timer_irqs++;
	raise_softirq(TIMER_SOFTIRQ);
}

static void ipi_call_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	smp_call_function_interrupt();
}

static void ipi_event_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	this_pcpu()->nr_ipis++;
}

static void lapic_error_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	printk_ratelimited(LOG_WARNING "apic: error interrupt on CPU %u\n",
			   smp_processor_id());
}

void cpu_common_init(struct pcpu *p)
{
	cpu_tables_init(p);
	cpu_syscall_init(p);
	/* Native FPU error reporting (#MF) and WAIT/FWAIT obeying TS. */
	write_cr0(read_cr0() | X86_CR0_MP | X86_CR0_NE);
	write_cr4(read_cr4() | X86_CR4_PGE | X86_CR4_OSFXSR |
		  X86_CR4_OSXMMEXCPT);
	lapic_cpu_init();
	lapic_timer_cpu_init();
	timer_cpu_init(p->id);
	sched_cpu_init(p->id);
	cpuid_faulting_init();
	xstate_cpu_init();
	__atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
}

void idle_loop(void)
{
	struct pcpu *p = this_pcpu();

	for (;;) {
		local_irq_disable();
		if (softirq_pending()) {
			local_irq_enable();
			do_softirq();
			continue;
		}
		WRITE_ONCE(p->in_idle, true);
		p->nr_halts++;
		/* sti;hlt: an interrupt between the check and hlt still wakes us. */
		safe_halt();
		WRITE_ONCE(p->in_idle, false);
	}
}

static void input_poll(void *unused)
{
	(void)unused;
	console_poll_input();
	(void)set_timer(&input_timer, now_ns() + MILLISECS(INPUT_POLL_MS));
}

/*
 * Multiboot1 loaders (GRUB legacy, QEMU) put the image's file name before
 * the options; multiboot2 loaders pass the options alone.
 */
static const char *hv_cmdline(const struct boot_info *bi)
{
	const char *s = bi->cmdline;

	if (bi->proto != 1)
		return s;
	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

uint32_t memmap_type_at(uint64_t pa)
{
	for (unsigned int i = 0; i < nr_memmap; i++)
		if (pa >= memmap[i].addr && pa - memmap[i].addr < memmap[i].size)
			return memmap[i].type;
	return 0;
}

const struct boot_info *boot_info_get(void)
{
	return &boot_info;
}

const char *hv_command_line(void)
{
	return hv_cmdline(&boot_info);
}

/* Release builds have no test-only code (see vesta/debug.h). */
__attribute__((weak)) void debug_boot_hook(void)
{
}

static void boot_summary(void *unused)
{
	static unsigned int tries;
	unsigned int idle = 0;
	uint64_t t = now_ns();

	(void)unused;
	/* Every CPU (this one included) must have executed hlt by now. */
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu) && READ_ONCE(pcpus[cpu].nr_halts))
			idle++;
	/*
	 * Under emulation a just-started CPU may not have been scheduled yet:
	 * look again for up to 5 s before reporting a CPU that never idled.
	 */
	if (idle < nr_cpus_online && ++tries < 500) {
		(void)set_timer(&summary_timer, now_ns() + MILLISECS(10));
		return;
	}
	printk(LOG_INFO "Vesta %s: boot complete: %u CPUs up, %u idle; RAM %lu MiB, free %lu MiB; TSC %lu.%03lu MHz (%s); boot %lu ms\n",
	       PACKAGE_VERSION, nr_cpus_online, idle,
	       (unsigned long)(ram_found >> 20),
	       (unsigned long)(free_ram_pages() >> 8),
	       (unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000),
	       clocksource_name, (unsigned long)(t / 1000000));
	printk(LOG_INFO "Debug keys on the serial console: press 'h' for help\n");
	debug_boot_hook();
}

void __start_vesta(uint32_t magic, uint32_t info)
{
	struct pcpu *bsp = &pcpus[0];
	const struct diag mb_dg = { printk_diag, "multiboot" };
	const struct diag cl_dg = { printk_diag, "cmdline" };
	const struct mb_reader rd = { mb_map, NULL };
	int rc;

	bsp->stack_block = boot_stack;
	get_cpu_info()->cpu_id = 0;
	console_init();
	idt_init();
	cpu_tables_init(bsp);
	printk(LOG_INFO "Vesta hypervisor %s (x86-64) starting\n",
	       PACKAGE_VERSION);

	rc = multiboot_parse(magic, info, &rd, &boot_info, &mb_dg);
	if (rc)
		panic("multiboot: cannot use the boot information (magic %#x, info at %#x): not booted by a multiboot loader?",
		      magic, info);
	printk(LOG_INFO "Booted by %s (multiboot%u), command line: \"%s\"\n",
	       boot_info.loader_name[0] ? boot_info.loader_name : "unknown loader",
	       boot_info.proto, boot_info.cmdline);
	cmdline_parse(hv_cmdline(&boot_info), __params_start,
		      (size_t)(__params_end - __params_start), &cl_dg);
	console_init();

	checksum_boot_data();
	setup_memory();
	m2p_init();
	sched_init();
	acpi_init(&boot_info);
	lapic_init_bsp(acpi.has_madt && acpi.madt.lapic_addr ?
		       acpi.madt.lapic_addr : 0xfee00000);
	set_vector_handler(VEC_LAPIC_TIMER, lapic_timer_interrupt);
	set_vector_handler(VEC_IPI_CALL, ipi_call_interrupt);
	set_vector_handler(VEC_IPI_EVENT, ipi_event_interrupt);
	set_vector_handler(VEC_LAPIC_ERROR, lapic_error_interrupt);
	bsp->id = 0;
	cpu_common_init(bsp);
	bsp->apic_id = lapic_id();
	get_cpu_info()->apic_id = bsp->apic_id;
	ioapic_init(&acpi.madt);
	time_init();
	if (!lapic_tsc_deadline)
		lapic_timer_calibrate();
	WRITE_ONCE(bsp->online, true);
	local_irq_enable();

	smp_boot_cpus();
	pv_build_boot_domains();

	timer_init(&input_timer, input_poll, NULL, 0);
	(void)set_timer(&input_timer, now_ns() + MILLISECS(INPUT_POLL_MS));
	timer_init(&summary_timer, boot_summary, NULL, 0);
	(void)set_timer(&summary_timer, now_ns() + MILLISECS(1));
	idle_loop();
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IO-APIC discovery: maps every IO-APIC the MADT lists and masks all of
 * its redirection entries, so no device interrupt arrives before someone
 * owns it. Routing GSIs (to dom0 as PIRQs) is a later milestone. Also
 * masks the legacy 8259 PICs.
 */
#include <vesta/lib.h>
#include <vesta/printk.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/processor.h>

#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VER	0x01
#define IOAPIC_REDIR	0x10

struct ioapic {
	volatile uint32_t *mmio;
	uint8_t id;
	uint32_t gsi_base;
	unsigned int nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
	io->mmio[IOREGSEL / 4] = reg;
	return io->mmio[IOWIN / 4];
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->mmio[IOREGSEL / 4] = reg;
	io->mmio[IOWIN / 4] = v;
}

static void mask_legacy_pic(void)
{
	outb(0xff, 0x21);
	outb(0xff, 0xa1);
}

void ioapic_init(const struct acpi_madt_info *madt)
{
	mask_legacy_pic();
	for (unsigned int i = 0; i < madt->nr_ioapics; i++) {
		struct ioapic *io = &ioapics[nr_ioapics];
		uint32_t ver;

		io->mmio = ioremap(madt->ioapics[i].addr, 0x20);
		if (!io->mmio) {
			printk(LOG_WARNING "ioapic: cannot map IO-APIC %u at %#x\n",
			       madt->ioapics[i].id, madt->ioapics[i].addr);
			continue;
		}
		io->id = madt->ioapics[i].id;
		io->gsi_base = madt->ioapics[i].gsi_base;
		ver = ioapic_read(io, IOAPIC_VER);
		if (ver == 0xffffffff) {
			printk(LOG_WARNING "ioapic: nothing answers at %#x (IO-APIC %u); ignored\n",
			       madt->ioapics[i].addr, io->id);
			continue;
		}
		io->nr_pins = ((ver >> 16) & 0xff) + 1;
		for (unsigned int pin = 0; pin < io->nr_pins; pin++) {
			/* Masked, edge, fixed, vector 0: inert until routed. */
			ioapic_write(io, IOAPIC_REDIR + 2 * pin + 1, 0);
			ioapic_write(io, IOAPIC_REDIR + 2 * pin,
				     APIC_LVT_MASKED);
		}
		printk(LOG_INFO "ioapic: IO-APIC %u at %#x, GSIs %u-%u, version %#x, all pins masked\n",
		       io->id, madt->ioapics[i].addr, io->gsi_base,
		       io->gsi_base + io->nr_pins - 1, ver & 0xff);
		nr_ioapics++;
	}
}

unsigned int ioapic_count(void)
{
	return nr_ioapics;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * Pure decoders for RSDP, SDT headers, RSDT/XSDT, MADT, FADT and HPET (see
 * <vesta/acpi.h>). Every offset below is a fact of the ACPI specification.
 * Each read is preceded by a bounds check against the caller's length and
 * goes through memcpy, so hostile or misaligned firmware tables cannot make
 * us read out of bounds or fault. Not responsible for locating tables in
 * physical memory or for interpreting AML.
 */
#include <string.h>

#include <vesta/acpi.h>
#include <vesta/errno.h>

/* ACPI is little-endian, as is every architecture Vesta runs on. */
static uint8_t rd8(const uint8_t *p, size_t off)
{
	return p[off];
}

static uint16_t rd16(const uint8_t *p, size_t off)
{
	uint16_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint32_t rd32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* Raw Generic Address Structure: 12 bytes, address at offset 4. */
#define GAS_LEN 12

static void rd_gas(const uint8_t *p, size_t off, struct acpi_gas *g)
{
	g->space_id = rd8(p, off);
	g->bit_width = rd8(p, off + 1);
	g->bit_offset = rd8(p, off + 2);
	g->access_size = rd8(p, off + 3);
	g->address = rd64(p, off + 4);
}

/* Does the field [off, off + size) lie inside a table of length len? */
static bool has_field(size_t len, size_t off, size_t size)
{
	return size <= len && off <= len - size;
}

static uint8_t byte_sum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += p[i];
	return sum;
}

/*
 * Printable copy of a 4-byte signature: firmware bytes must not reach the
 * console raw (control characters, escape sequences).
 */
static void sig_name(char name[5], const uint8_t *sig)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		bool is_print = sig[i] >= 0x20 && sig[i] < 0x7f;

		name[i] = is_print ? (char)sig[i] : '?';
	}
	name[4] = '\0';
}

/* RSDP layout. */
#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36
#define RSDP_OEM_ID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24

int acpi_rsdp_check(const void *p, size_t len, struct acpi_rsdp_info *out)
{
	const uint8_t *b = p;
	uint8_t rev;
	uint32_t full_len;

	if (len < RSDP_V1_LEN || memcmp(b, "RSD PTR ", 8) != 0)
		return -EINVAL;
	if (byte_sum(b, RSDP_V1_LEN) != 0)
		return -EINVAL;
	rev = rd8(b, RSDP_REVISION);
	if (rev >= 2) {
		if (len < RSDP_V2_LEN)
			return -EINVAL;
		full_len = rd32(b, RSDP_LENGTH);
		if (full_len < RSDP_V2_LEN || full_len > len)
			return -EINVAL;
		if (byte_sum(b, full_len) != 0)
			return -EINVAL;
	}
	if (!out)
		return 0;
	out->revision = rev;
	out->rsdt = rd32(b, RSDP_RSDT);
	out->xsdt = rev >= 2 ? rd64(b, RSDP_XSDT) : 0;
	memcpy(out->oem_id, b + RSDP_OEM_ID, 6);
	out->oem_id[6] = '\0';
	return 0;
}

long acpi_rsdp_scan(const void *buf, size_t len)
{
	const uint8_t *b = buf;
	size_t off;

	/* off + 16 cannot wrap: off < len on every iteration. */
	for (off = 0; off < len && len - off >= RSDP_V1_LEN; off += 16) {
		if (off > __LONG_MAX__)
			break;
		if (acpi_rsdp_check(b + off, len - off, NULL) == 0)
			return (long)off;
	}
	return -ENOENT;
}

/* SDT header layout. */
#define SDT_LENGTH 4
#define SDT_REVISION 8

int acpi_table_check(const void *t, size_t avail, const char *sig,
		     const struct diag *dg)
{
	const uint8_t *b = t;
	char name[5];
	uint32_t len;

	if (sig)
		sig_name(name, (const uint8_t *)sig);
	else if (avail >= 4)
		sig_name(name, b);
	else
		memcpy(name, "????", 5);

	if (avail < ACPI_SDT_HEADER_LEN) {
		diag_report(dg, "ACPI %s: only %lu bytes, header needs %u",
			    name, (unsigned long)avail, ACPI_SDT_HEADER_LEN);
		return -EINVAL;
	}
	if (sig && memcmp(b, sig, 4) != 0) {
		char found[5];

		sig_name(found, b);
		diag_report(dg, "ACPI %s: wrong signature %s", name, found);
		return -EINVAL;
	}
	len = rd32(b, SDT_LENGTH);
	if (len < ACPI_SDT_HEADER_LEN) {
		diag_report(dg, "ACPI %s: length %u shorter than its header",
			    name, len);
		return -EINVAL;
	}
	if (len > avail || len > __INT_MAX__) {
		diag_report(dg,
			    "ACPI %s: length %u exceeds the %lu bytes mapped",
			    name, len, (unsigned long)avail);
		return -EINVAL;
	}
	if (byte_sum(b, len) != 0) {
		diag_report(dg, "ACPI %s: bad checksum", name);
		return -EINVAL;
	}
	return (int)len;
}

int acpi_sdt_entries(const void *sdt, size_t len, bool is_xsdt,
		     uint64_t *out, unsigned int max, const struct diag *dg)
{
	const uint8_t *b = sdt;
	const char *name = is_xsdt ? "XSDT" : "RSDT";
	size_t esz = is_xsdt ? 8 : 4;
	size_t off;
	unsigned int n = 0;
	bool is_dropping = false;
	uint64_t addr;

	if (len < ACPI_SDT_HEADER_LEN) {
		diag_report(dg, "ACPI %s: length %lu shorter than its header",
			    name, (unsigned long)len);
		return -EINVAL;
	}
	if (max > __INT_MAX__)
		max = __INT_MAX__;
	if ((len - ACPI_SDT_HEADER_LEN) % esz)
		diag_report(dg, "ACPI %s: trailing partial entry ignored",
			    name);
	/* Bounded by len / esz iterations. */
	for (off = ACPI_SDT_HEADER_LEN; has_field(len, off, esz); off += esz) {
		addr = is_xsdt ? rd64(b, off) : rd32(b, off);
		if (!addr)
			continue;
		if (n >= max) {
			if (!is_dropping)
				diag_report(dg,
					    "ACPI %s: more than %u tables, rest ignored",
					    name, max);
			is_dropping = true;
			continue;
		}
		out[n++] = addr;
	}
	return (int)n;
}

/* MADT layout. */
#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44
#define MADT_PCAT_COMPAT (1u << 0)

#define MADT_LAPIC 0x0
#define MADT_IOAPIC 0x1
#define MADT_ISO 0x2
#define MADT_LAPIC_NMI 0x4
#define MADT_LAPIC_OVR 0x5
#define MADT_X2APIC 0x9
#define MADT_X2APIC_NMI 0xa

#define MADT_CPU_ENABLED (1u << 0)
#define MADT_CPU_ONLINE_CAPABLE (1u << 1)

/* Per-walk state: which arrays have already reported an overflow. */
struct madt_walk {
	struct acpi_madt_info *out;
	const struct diag *dg;
	bool is_full_cpus, is_full_ioapics, is_full_isos, is_full_nmis;
};

/* One report per array, so a hostile table cannot flood the console. */
static bool madt_room(struct madt_walk *w, unsigned int nr, unsigned int max,
		      bool *is_full, const char *what)
{
	if (nr < max)
		return true;
	if (!*is_full)
		diag_report(w->dg, "ACPI APIC: more than %u %s, rest ignored",
			    max, what);
	*is_full = true;
	return false;
}

static void madt_add_cpu(struct madt_walk *w, uint32_t apic_id, uint32_t uid,
			 uint32_t flags, bool is_x2apic)
{
	struct acpi_madt_info *m = w->out;
	struct acpi_madt_cpu *c;
	unsigned int i;

	/* O(n) per CPU, n <= ACPI_MAX_CPUS: bounded and only run at boot. */
	for (i = 0; i < m->nr_cpus; i++) {
		if (m->cpus[i].apic_id == apic_id) {
			diag_report(w->dg,
				    "ACPI APIC: duplicate APIC ID 0x%x (UID %u) ignored",
				    apic_id, uid);
			return;
		}
	}
	if (!madt_room(w, m->nr_cpus, ACPI_MAX_CPUS, &w->is_full_cpus, "CPUs"))
		return;
	c = &m->cpus[m->nr_cpus++];
	c->apic_id = apic_id;
	c->uid = uid;
	c->enabled = flags & MADT_CPU_ENABLED;
	c->online_capable = flags & MADT_CPU_ONLINE_CAPABLE;
	c->x2apic_entry = is_x2apic;
}

static void madt_add_ioapic(struct madt_walk *w, const uint8_t *e)
{
	struct acpi_madt_info *m = w->out;
	struct acpi_madt_ioapic *io;

	if (!madt_room(w, m->nr_ioapics, ACPI_MAX_IOAPICS,
		       &w->is_full_ioapics, "IO-APICs"))
		return;
	io = &m->ioapics[m->nr_ioapics++];
	io->id = rd8(e, 2);
	io->addr = rd32(e, 4);
	io->gsi_base = rd32(e, 8);
}

static void madt_add_iso(struct madt_walk *w, const uint8_t *e)
{
	struct acpi_madt_info *m = w->out;
	struct acpi_madt_iso *iso;

	if (!madt_room(w, m->nr_isos, ACPI_MAX_ISOS, &w->is_full_isos,
		       "interrupt source overrides"))
		return;
	iso = &m->isos[m->nr_isos++];
	iso->bus = rd8(e, 2);
	iso->source = rd8(e, 3);
	iso->gsi = rd32(e, 4);
	iso->flags = rd16(e, 8);
}

static void madt_add_nmi(struct madt_walk *w, uint32_t uid, uint16_t flags,
			 uint8_t lint)
{
	struct acpi_madt_info *m = w->out;
	struct acpi_madt_nmi *nmi;

	if (!madt_room(w, m->nr_lapic_nmis, ACPI_MAX_LAPIC_NMIS,
		       &w->is_full_nmis, "local APIC NMIs"))
		return;
	nmi = &m->lapic_nmis[m->nr_lapic_nmis++];
	nmi->uid = uid;
	nmi->flags = flags;
	nmi->lint = lint;
}

/* Minimum entry length per type; 0 = type not decoded. */
static unsigned int madt_min_len(uint8_t type)
{
	switch (type) {
	case MADT_LAPIC:
		return 8;
	case MADT_IOAPIC:
		return 12;
	case MADT_ISO:
		return 10;
	case MADT_LAPIC_NMI:
		return 6;
	case MADT_LAPIC_OVR:
		return 12;
	case MADT_X2APIC:
		return 16;
	case MADT_X2APIC_NMI:
		return 12;
	default:
		return 0;
	}
}

/* e has at least madt_min_len(e[0]) readable bytes. */
static void madt_entry(struct madt_walk *w, const uint8_t *e)
{
	uint8_t uid8;

	switch (rd8(e, 0)) {
	case MADT_LAPIC:
		madt_add_cpu(w, rd8(e, 3), rd8(e, 2), rd32(e, 4), false);
		break;
	case MADT_IOAPIC:
		madt_add_ioapic(w, e);
		break;
	case MADT_ISO:
		madt_add_iso(w, e);
		break;
	case MADT_LAPIC_NMI:
		/* 0xff is the "all processors" UID of the 8-bit entry. */
		uid8 = rd8(e, 2);
		madt_add_nmi(w, uid8 == 0xff ? ACPI_NMI_ALL_CPUS : uid8,
			     rd16(e, 3), rd8(e, 5));
		break;
	case MADT_LAPIC_OVR:
		w->out->lapic_addr = rd64(e, 4);
		break;
	case MADT_X2APIC:
		madt_add_cpu(w, rd32(e, 4), rd32(e, 12), rd32(e, 8), true);
		break;
	case MADT_X2APIC_NMI:
		madt_add_nmi(w, rd32(e, 4), rd16(e, 2), rd8(e, 8));
		break;
	default:
		break;
	}
}

int acpi_madt_parse(const void *madt, size_t len, struct acpi_madt_info *out,
		    const struct diag *dg)
{
	const uint8_t *b = madt;
	struct madt_walk w = { .out = out, .dg = dg };
	size_t off;
	unsigned int elen, need;
	uint8_t type;

	memset(out, 0, sizeof(*out));
	if (len < MADT_ENTRIES) {
		diag_report(dg, "ACPI APIC: length %lu too short",
			    (unsigned long)len);
		return -EINVAL;
	}
	out->lapic_addr = rd32(b, MADT_LAPIC_ADDR);
	out->pcat_compat = rd32(b, MADT_FLAGS) & MADT_PCAT_COMPAT;

	/* Each pass advances off by elen >= 2, so at most len / 2 passes. */
	for (off = MADT_ENTRIES; off < len; off += elen) {
		if (len - off < 2) {
			diag_report(dg,
				    "ACPI APIC: truncated entry at offset %lu",
				    (unsigned long)off);
			break;
		}
		type = rd8(b, off);
		elen = rd8(b, off + 1);
		need = madt_min_len(type);
		if (elen < 2 || elen > len - off) {
			diag_report(dg,
				    "ACPI APIC: entry type %u at offset %lu has bad length %u",
				    type, (unsigned long)off, elen);
			break;
		}
		if (elen < need) {
			diag_report(dg,
				    "ACPI APIC: entry type %u at offset %lu too short (%u < %u)",
				    type, (unsigned long)off, elen, need);
			break;
		}
		madt_entry(&w, b + off);
	}
	return 0;
}

/* FADT layout. */
#define FADT_FIRMWARE_CTRL 36
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1B_CNT_BLK 68
#define FADT_PM_TMR_BLK 76
#define FADT_PM_TMR_LEN 91
#define FADT_CENTURY 108
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_FIRMWARE_CTRL 132
#define FADT_X_DSDT 140
#define FADT_X_PM1A_CNT_BLK 172
#define FADT_X_PM1B_CNT_BLK 184
#define FADT_X_PM_TMR_BLK 208

/* A 64-bit address field if it is inside the table and non-zero, else 0. */
static uint64_t fadt_x_addr(const uint8_t *b, size_t len, size_t off)
{
	return has_field(len, off, 8) ? rd64(b, off) : 0;
}

/*
 * Pick the 64-bit address when present and non-zero, else the 32-bit one.
 * ACPI says the 32-bit field is then ignored; a mismatch is worth a note
 * because some firmware gets one of them wrong.
 */
static uint64_t fadt_addr(const uint8_t *b, size_t len, size_t off32,
			  size_t off64, const char *what,
			  const struct diag *dg)
{
	uint32_t a32 = rd32(b, off32);
	uint64_t a64 = fadt_x_addr(b, len, off64);

	if (!a64)
		return a32;
	if (a32 && a32 != a64)
		diag_report(dg,
			    "ACPI FACP: %s 0x%x and X_%s 0x%llx differ, using X_%s",
			    what, a32, what, (unsigned long long)a64, what);
	return a64;
}

/* A PM1x control block: the X_ GAS if usable, else the legacy I/O port. */
static void fadt_pm1_cnt(const uint8_t *b, size_t len, size_t off32,
			 size_t off64, struct acpi_gas *g)
{
	uint32_t port = rd32(b, off32);

	if (has_field(len, off64, GAS_LEN)) {
		rd_gas(b, off64, g);
		if (g->address)
			return;
	}
	memset(g, 0, sizeof(*g));
	if (!port)
		return;
	/* PM1x_CNT is a 16-bit register; PM1_CNT_LEN covers the block. */
	g->space_id = ACPI_GAS_SYSTEM_IO;
	g->bit_width = 16;
	g->access_size = 2;
	g->address = port;
}

static uint64_t fadt_pm_timer(const uint8_t *b, size_t len,
			      const struct diag *dg)
{
	struct acpi_gas g = { .space_id = ACPI_GAS_SYSTEM_IO };
	uint8_t tmr_len = rd8(b, FADT_PM_TMR_LEN);

	if (has_field(len, FADT_X_PM_TMR_BLK, GAS_LEN))
		rd_gas(b, FADT_X_PM_TMR_BLK, &g);
	if (!g.address) {
		g.space_id = ACPI_GAS_SYSTEM_IO;
		g.address = rd32(b, FADT_PM_TMR_BLK);
	}
	if (!g.address)
		return 0;
	if (tmr_len != 4) {
		diag_report(dg, "ACPI FACP: PM timer ignored, PM_TMR_LEN %u",
			    tmr_len);
		return 0;
	}
	if (g.space_id != ACPI_GAS_SYSTEM_IO || g.address > 0xffff) {
		diag_report(dg,
			    "ACPI FACP: PM timer ignored, not an I/O port (space %u, address 0x%llx)",
			    g.space_id, (unsigned long long)g.address);
		return 0;
	}
	return g.address;
}

static void fadt_reset(const uint8_t *b, size_t len, struct acpi_fadt_info *f,
		       const struct diag *dg)
{
	if (!(f->flags & ACPI_FADT_RESET_REG_SUP))
		return;
	if (!has_field(len, FADT_RESET_VALUE, 1)) {
		diag_report(dg,
			    "ACPI FACP: RESET_REG_SUP set but table too short for RESET_REG");
		return;
	}
	rd_gas(b, FADT_RESET_REG, &f->reset_reg);
	f->reset_value = rd8(b, FADT_RESET_VALUE);
	if (!f->reset_reg.address) {
		diag_report(dg,
			    "ACPI FACP: RESET_REG_SUP set but RESET_REG is 0");
		memset(&f->reset_reg, 0, sizeof(f->reset_reg));
		f->reset_value = 0;
		return;
	}
	f->has_reset = true;
}

int acpi_fadt_parse(const void *fadt, size_t len, struct acpi_fadt_info *out,
		    const struct diag *dg)
{
	const uint8_t *b = fadt;

	memset(out, 0, sizeof(*out));
	if (len < ACPI_FADT_V1_LEN) {
		diag_report(dg, "ACPI FACP: length %lu too short",
			    (unsigned long)len);
		return -EINVAL;
	}
	out->revision = rd8(b, SDT_REVISION);
	out->flags = rd32(b, FADT_FLAGS);
	out->hw_reduced = out->flags & ACPI_FADT_HW_REDUCED_ACPI;
	out->iapc_boot_arch = rd16(b, FADT_IAPC_BOOT_ARCH);
	out->dsdt = fadt_addr(b, len, FADT_DSDT, FADT_X_DSDT, "DSDT", dg);
	out->facs = fadt_addr(b, len, FADT_FIRMWARE_CTRL, FADT_X_FIRMWARE_CTRL,
			      "FIRMWARE_CTRL", dg);
	fadt_reset(b, len, out, dg);

	/* ACPI: OSPM ignores fixed hardware fields on HW-reduced systems. */
	if (out->hw_reduced)
		return 0;
	out->sci_int = rd16(b, FADT_SCI_INT);
	out->smi_cmd = rd32(b, FADT_SMI_CMD);
	out->century = rd8(b, FADT_CENTURY);
	out->pm_tmr_port = fadt_pm_timer(b, len, dg);
	out->pm_tmr_32bit = out->pm_tmr_port &&
			    (out->flags & ACPI_FADT_TMR_VAL_EXT);
	fadt_pm1_cnt(b, len, FADT_PM1A_CNT_BLK, FADT_X_PM1A_CNT_BLK,
		     &out->pm1a_cnt);
	fadt_pm1_cnt(b, len, FADT_PM1B_CNT_BLK, FADT_X_PM1B_CNT_BLK,
		     &out->pm1b_cnt);
	return 0;
}

/* HPET layout. */
#define HPET_BLOCK_ID 36
#define HPET_BASE 40
#define HPET_NUMBER 52
#define HPET_MIN_TICK 53

int acpi_hpet_parse(const void *hpet, size_t len, struct acpi_hpet_info *out,
		    const struct diag *dg)
{
	const uint8_t *b = hpet;
	struct acpi_gas g;

	if (len < ACPI_HPET_LEN) {
		diag_report(dg, "ACPI HPET: length %lu too short",
			    (unsigned long)len);
		return -EINVAL;
	}
	rd_gas(b, HPET_BASE, &g);
	if (g.space_id != ACPI_GAS_SYSTEM_MEMORY || !g.address) {
		diag_report(dg,
			    "ACPI HPET: unusable base address (space %u, address 0x%llx)",
			    g.space_id, (unsigned long long)g.address);
		return -EINVAL;
	}
	out->address = g.address;
	out->space_id = g.space_id;
	out->number = rd8(b, HPET_NUMBER);
	out->min_tick = rd16(b, HPET_MIN_TICK);
	out->block_id = rd32(b, HPET_BLOCK_ID);
	return 0;
}

# Debian's stock kernel as dom0 (VESTA_TEST_KERNEL, from fetch-kernel.sh):
# the builder places it, Linux switches to its own validated page tables
# (mmu_update, pinning, writable page tables), sets up memory, events and
# the pvclock, runs its initcalls (ACPI, PCI enumeration, balloon, the
# network stack) and switches to the TSC clocksource; it later fails when
# it starts user-mode helpers (dom0's memory and device support are the
# next issues). Move the last expect on as dom0 gets further. The boot
# summary's free RAM excludes dom0's 512 MiB, hence summary = no.
boot = kernel
machine = q35
smp = 2
mem = 2048
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 dom0_mem=512M
module-file = @KERNEL@ console=hvc0 earlyprintk=xen loglevel=8
expect = d0: 512 MiB
expect = d0: started
expect = \(d0\) mapping kernel into physical memory
expect = \(d0\) about to get started
expect = \(d0\) .*Xen version: 4\.17\.0-vesta
expect = \(d0\) .*Kernel command line: console=hvc0
expect = \(d0\) .*Memory: [0-9]+K/[0-9]+K available
expect = \(d0\) .*xen:events: Using 2-level ABI
expect = \(d0\) .*ACPI: Interpreter enabled
expect = \(d0\) .*pci 0000:00:00\.0: \[8086:29c0\]
expect = \(d0\) .*xen:balloon: Initialising balloon driver
expect = \(d0\) .*NET: Registered PF_INET protocol family
expect = \(d0\) .*clocksource: Switched to clocksource tsc$
reject = FATAL|Panic on CPU

# Debian's stock kernel as dom0 (VESTA_TEST_KERNEL, from fetch-kernel.sh):
# the builder places it, Linux switches to its own validated page tables
# (mmu_update, pinning, writable page tables), sets up memory, events and
# the pvclock, and gets as far as enabling the ACPI interpreter. It then
# fails at ACPI device MMIO, which dom0's device support (next issues) must
# provide; move the last expect on as dom0 gets further. The boot
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
reject = FATAL|Panic on CPU

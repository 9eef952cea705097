# Debian's stock kernel as dom0 (VESTA_TEST_KERNEL, from fetch-kernel.sh): the
# builder places it and Linux's first console write arrives. For now Linux
# then hangs switching page tables (needs validated mmu_update and
# MMUEXT_PIN_*), so the run stops at that line; move the last expect on as
# dom0 gets further. The boot summary's free RAM excludes dom0's 512 MiB,
# hence summary = no.
boot = kernel
machine = q35
smp = 2
mem = 2048
summary = no
timeout = 90
append = com1=115200,8n1 console=com1 dom0_mem=512M
module-file = @KERNEL@ console=hvc0 earlyprintk=xen loglevel=8
expect = d0: 512 MiB
expect = d0: started
expect = \(d0\) mapping kernel into physical memory
reject = FATAL|Panic

# PV test kernel pt-basic: own address space built from .bss pages (pin L1s, L4, mmu_update, NEW_BASEPTR, PRESERVE_AD, UVMF flushes, partial batches, MACHPHYS), torn down and reused.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
# Correct: one RESULT: SUCCESS. Failure: FAIL lines / RESULT: FAILURE or ERROR, or a hypervisor FATAL/panic.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/pt-basic.elf
result = SUCCESS
reject = FATAL|Panic on CPU

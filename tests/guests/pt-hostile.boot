# PV test kernel pt-hostile: attacks on page-table management (writable PT mappings, linear/alias/PSE entries, foreign frames, hypervisor L4 slots, pins, CR3 unpin, bad batches, stale TLB on another vCPU).
# Runs as dom0 with 2 vCPUs; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
# Correct: one RESULT: SUCCESS and no hypervisor crash. Failure: FAIL lines, RESULT: FAILURE/ERROR, FATAL/panic.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 dom0_max_vcpus=2
module-file = tests/guests/pt-hostile.elf vcpus=2
result = SUCCESS
reject = FATAL|Panic on CPU
xen:append = console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all dom0_max_vcpus=2

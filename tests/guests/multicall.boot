# PV test kernel multicall: mixed batches, 1000 entries, continuations, nesting, bad lists.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/multicall.elf
result = SUCCESS
reject = FATAL|Panic on CPU

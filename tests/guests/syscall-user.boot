# PV test kernel syscall-user: guest user mode, syscalls to the guest kernel, user-mode exceptions; cycles per round trip.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/syscall-user.elf
result = SUCCESS
reject = FATAL|Panic on CPU|USER-HYPERCALL-LEAK

# PV test kernel softint: INT $n against gate DPL 3/1/0 and missing entries.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/softint.elf
result = SUCCESS
# Xen 4.17 on QEMU 7.2 trusts a wrong #GP error code (see the kernel's header).
xen:result = SKIP

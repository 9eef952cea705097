# PV test kernel descriptors: set_gdt, update_descriptor, own segments, set_segment_base.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/descriptors.elf
result = SUCCESS
reject = FATAL|Panic on CPU

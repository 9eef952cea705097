# multiboot1 via QEMU -kernel, smallest machine
boot = kernel
machine = q35
smp = 1
mem = 256
append = com1=115200,8n1 console=com1
expect = Vesta hypervisor .* starting
expect = Booted by .*multiboot1
reject = FATAL|Panic|WARNING.*(memmap|cmdline|acpi)

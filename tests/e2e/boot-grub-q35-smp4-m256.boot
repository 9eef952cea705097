# GRUB2 multiboot2, q35, four CPUs
boot = grub
machine = q35
smp = 4
mem = 256
expect = Booted by GRUB.*multiboot2
key = c CPU 3: APIC id 3, idle
reject = FATAL|Panic

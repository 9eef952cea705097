# GRUB2 multiboot2, q35, RAM above 4 GiB
boot = grub
machine = q35
smp = 1
mem = 8192
expect = Booted by GRUB.*multiboot2
reject = FATAL|Panic

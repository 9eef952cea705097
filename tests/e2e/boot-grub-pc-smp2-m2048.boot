# GRUB2 multiboot2 from an ISO (gzip-compressed image), pc
boot = grub
machine = pc
smp = 2
mem = 2048
append = loglvl=7
expect = Booted by GRUB.*multiboot2
key = h debug keys:
key = c 'c' CPU state
key = m buddy consistency check: ok
reject = FATAL|Panic

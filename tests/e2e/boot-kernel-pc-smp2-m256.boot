# multiboot1, pc, small memory, two CPUs
boot = kernel
machine = pc
smp = 2
mem = 256
key = c CPU 1: APIC id 1, idle
reject = FATAL|Panic

# multiboot1, pc, four CPUs, RAM above 4 GiB
boot = kernel
machine = pc
smp = 4
mem = 8192
key = m buddy consistency check: ok
reject = FATAL|Panic

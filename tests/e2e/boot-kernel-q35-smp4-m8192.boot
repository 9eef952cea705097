# multiboot1, four CPUs, RAM above 4 GiB
boot = kernel
machine = q35
smp = 4
mem = 8192
expect = direct map covers 819[01] MiB of memory, no device holes
key = c CPU 3: APIC id 3, idle
key = m buddy consistency check: ok
reject = FATAL|Panic

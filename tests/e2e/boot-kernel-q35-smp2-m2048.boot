# multiboot1, two CPUs, debug keys answer while idle
boot = kernel
machine = q35
smp = 2
mem = 2048
key = h debug keys:
key = c 'c' CPU state
key = m buddy consistency check: ok
key = c CPU 1: APIC id 1, idle
key = t time since boot
reject = FATAL|Panic

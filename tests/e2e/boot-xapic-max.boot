# xAPIC forced off x2APIC on -cpu max; TSC deadline off: count-down timer
boot = kernel
machine = q35
cpu = max
smp = 2
mem = 512
append = x2apic=0 tsc_deadline=0
expect = apic: xAPIC mode
expect = one-shot count-down
key = c CPU 1: APIC id 1, idle
reject = FATAL|Panic

# x2APIC when the CPU model offers it
boot = kernel
machine = q35
cpu = max
smp = 2
mem = 512
expect = apic: (x2APIC mode|xAPIC mode \(no x2APIC on this CPU\))
key = c CPU 1: APIC id 1, idle
reject = FATAL|Panic

# multiboot1 on the i440FX machine
boot = kernel
machine = pc
smp = 1
mem = 2048
expect = IO-APIC 0 at 0xfec00000, GSIs 0-23
reject = FATAL|Panic

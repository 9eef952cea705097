# TSC calibrated against the PIT
boot = kernel
machine = pc
smp = 1
mem = 512
append = clocksource=pit
expect = calibrated against pit
reject = FATAL|Panic

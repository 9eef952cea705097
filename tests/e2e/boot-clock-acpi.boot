# TSC calibrated against the ACPI PM timer
boot = kernel
machine = q35
smp = 2
mem = 512
append = clocksource=acpi
expect = calibrated against acpi
key = t time since boot
reject = FATAL|Panic

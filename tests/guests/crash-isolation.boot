# PV test kernel crash-isolation: five domUs break themselves (no handler, bad trap table, bad iret CS,
# unreadable iret frame, bounce onto a stack in the hypervisor hole); each dies alone, dom0 stays healthy.
# Several domains: Vesta only.
boot = kernel
runs-on = vesta
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M
module-file = tests/guests/crash-isolation.elf role=healthy run_ms=5000 warmup_ms=2500
module-file = tests/guests/shutdown-crash.elf
module-file = tests/guests/crash-isolation.elf role=badtrap
module-file = tests/guests/crash-isolation.elf role=badiret
module-file = tests/guests/crash-isolation.elf role=badiretsp
module-file = tests/guests/crash-isolation.elf role=badstack
result = SUCCESS
reject = FATAL|Panic on CPU|crash-isolation: survived|d0: crashed
expect-any = d1: crashed: .*no handler
expect-any = d1: destroyed
expect-any = d2: crashed:
expect-any = d2: destroyed
expect-any = d3: crashed:
expect-any = d3: destroyed
expect-any = d4: crashed:
expect-any = d4: destroyed
expect-any = d5: crashed:
expect-any = d5: destroyed

# PV test kernel crash-isolation, role lastdown: a domain taking its only vCPU down with VCPUOP_down
# is shut down (poweroff), as Xen does for the last vCPU going down. On Vesta it is a domU next to a
# healthy dom0; VESTA_BOOT_HYPERVISOR=xen boots it alone as dom0 (Xen then halts the machine).
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 60
append = com1=115200,8n1 console=com1 domu_mem=16M
module-file = tests/guests/crash-isolation.elf role=healthy run_ms=2000 warmup_ms=1000
module-file = tests/guests/crash-isolation.elf role=lastdown
result = SUCCESS
reject = FATAL|Panic on CPU|crash-isolation: survived|crashed
expect-any = d1: shut down \(poweroff\)
expect-any = d1: destroyed
xen:module-file = tests/guests/crash-isolation.elf role=lastdown
xen:result =
xen:expect = lastdown: taking the only vCPU down now
xen:expect = Hardware Dom0 halted
xen:expect-any = lastdown

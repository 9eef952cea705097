# PV test kernel sched-share, alone: dom0 spinning by itself on one pCPU gets 90% of it or more.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 1
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/sched-share.elf alone window_ms=1000 min=90 max=100
result = SUCCESS
reject = FATAL|Panic on CPU

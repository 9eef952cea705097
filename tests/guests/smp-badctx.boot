# PV test kernel smp, "badctx" mode: VCPUOP_initialise must refuse non-canonical addresses.
# Runs as dom0 with 9 vCPUs; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 dom0_max_vcpus=9
module-file = tests/guests/smp.elf vcpus=9 badctx
result = SUCCESS
reject = FATAL|Panic on CPU
xen:append = console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all dom0_max_vcpus=9

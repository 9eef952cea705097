# PV test kernel vcpu-info: register_vcpu_info, runstate info and areas, vm_assist.
# Runs as dom0 with 3 vCPUs (2 spare); VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 dom0_max_vcpus=3
module-file = tests/guests/vcpu-info.elf vcpus=3
result = SUCCESS
reject = FATAL|Panic on CPU
xen:append = console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all dom0_max_vcpus=3

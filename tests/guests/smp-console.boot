# PV test kernel smp, "console" mode: two vCPUs of one domain write console lines at the same time;
# every line must come out whole. Runs as dom0 with 2 vCPUs; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 dom0_max_vcpus=2
module-file = tests/guests/smp.elf vcpus=2 console
result = SUCCESS
expect-any = (^|\) )A{60}$
expect-any = (^|\) )B{60}$
reject = FATAL|Panic on CPU
reject = (^|\) )[AB]*(AB|BA)[AB]*$
reject = (^|\) )(A{61}|B{61})
xen:append = console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all dom0_max_vcpus=2

# PV test kernel hello: console, start_info sanity, command line; VIRT_BASE image.
# Runs as dom0; `hypervisor = xen` or VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/hello.elf hello-arg1 hello-arg2 expect-dom0
result = SUCCESS

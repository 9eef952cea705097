# PV test kernel pt-stress: 4 vCPUs on 2 pCPUs each build, pin, switch to and tear down 300 address spaces sharing one L1.
# Runs as dom0 with 4 vCPUs; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
# Correct: one RESULT: SUCCESS. Failure: FAIL lines naming vCPU and round, RESULT: FAILURE/ERROR, a timeout, FATAL/panic.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 300
append = com1=115200,8n1 console=com1 dom0_max_vcpus=4
module-file = tests/guests/pt-stress.elf vcpus=4 iters=300
result = SUCCESS
reject = FATAL|Panic on CPU
xen:append = console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all guest_loglvl=all dom0_max_vcpus=4

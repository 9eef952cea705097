# PV test kernel pt-ptwr: writable page tables: MOV, XCHG, CMPXCHG, LOCK ANDB, LOCK BTR on an L1 emulated; PT-writable, L2 and assist-off writes are #PF.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
# Correct: one RESULT: SUCCESS. Failure: FAIL lines / RESULT: FAILURE or ERROR, or a hypervisor FATAL/panic.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/pt-ptwr.elf
result = SUCCESS
reject = FATAL|Panic on CPU

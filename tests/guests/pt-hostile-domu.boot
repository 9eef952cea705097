# PV test kernel pt-hostile as dom0 and as a domU: the domU also tries MFN 0, an MFN beyond RAM, MFN 0x200 and a dom0 frame found through the M2P.
# Two domains: Vesta only.
# Correct: two RESULT: SUCCESS lines. Failure: FAIL lines, RESULT: FAILURE/ERROR, a crash, FATAL/panic.
boot = kernel
runs-on = vesta
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M
module-file = tests/guests/pt-hostile.elf linger=10
module-file = tests/guests/pt-hostile.elf
result = SUCCESS
results = 2
reject = FATAL|Panic on CPU|RESULT: (FAILURE|ERROR)|crashed

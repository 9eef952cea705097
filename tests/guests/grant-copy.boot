# PV test kernel grant-copy: dom0 and a domU share pages through grant tables v1 (setup_table, copy, every error status).
# Two domains: Vesta only.
boot = kernel
runs-on = vesta
machine = q35
smp = 2
mem = 1024
summary = no
debug = yes
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M
module-file = tests/guests/grant-copy.elf
module-file = tests/guests/grant-copy.elf
result = SUCCESS
results = 2
# The audit lines come as the machine stops: wait for that ('m' is harmless).
expect-any = d0: page-type audit: 0 problem
expect-any = d1: page-type audit: 0 problem
reject = FATAL|Panic on CPU|RESULT: (FAILURE|ERROR)|crashed|audit: [1-9]

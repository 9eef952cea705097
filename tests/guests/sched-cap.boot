# PV test kernel sched-share, cap: a domU capped at 25% (domu_cap=25) and an uncapped dom0 spin on one pCPU.
# The domU must stay at or below 36% (a cap is enforced per 10 ms slice) and above 5%; dom0 gets 50% or more.
# Two domains: Vesta only.
boot = kernel
runs-on = vesta
machine = q35
smp = 1
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M domu_cap=25
module-file = tests/guests/sched-share.elf window_ms=1000 min=50 max=100
module-file = tests/guests/sched-share.elf window_ms=1000 min=6 max=36
result = SUCCESS
results = 2
reject = FATAL|Panic on CPU|RESULT: (FAILURE|ERROR)

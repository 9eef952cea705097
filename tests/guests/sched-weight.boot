# PV test kernel sched-share, weight: dom0 (weight 256) and a domU with domu_weight=768 spin on one pCPU.
# The domU must get clearly more (60% or more; 75% is the weights' ratio), dom0 at most 40%.
# Two domains: Vesta only.
boot = kernel
runs-on = vesta
machine = q35
smp = 1
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M domu_weight=768
module-file = tests/guests/sched-share.elf window_ms=1000 min=10 max=40
module-file = tests/guests/sched-share.elf window_ms=1000 min=60 max=90
result = SUCCESS
results = 2
reject = FATAL|Panic on CPU|RESULT: (FAILURE|ERROR)

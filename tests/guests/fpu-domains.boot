# PV test kernel fpu in two domains (dom0 + a domU) sharing one pCPU: each keeps its own x87/SSE state.
# Vesta only (two domains).
boot = kernel
runs-on = vesta
machine = q35
smp = 1
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M
module-file = tests/guests/fpu.elf vcpus=1
module-file = tests/guests/fpu.elf vcpus=1
result = SUCCESS
results = 2
reject = FATAL|Panic on CPU|RESULT: (FAILURE|ERROR)
expect = d1: started

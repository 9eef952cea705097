# PV test kernel evtchn-interdomain: dom0 and a domU ping-pong 1000 events; status, close, domU -EPERM checks.
# Two domains: Vesta only.
boot = kernel
runs-on = vesta
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 domu_mem=16M
module-file = tests/guests/evtchn-interdomain.elf rounds=1000
module-file = tests/guests/evtchn-interdomain.elf rounds=1000
result = SUCCESS
results = 2
reject = FATAL|Panic on CPU|RESULT: (FAILURE|ERROR)|crashed

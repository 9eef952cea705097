# PV test kernel misc-ops: debug registers, callback unregistration,
# shutdown_code, watchdog, get_physid. Vesta's return codes (not yet
# compared with Xen 4.17 for every case), hence vesta only.
boot = kernel
runs-on = vesta
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1 dom0_mem=64M
module-file = tests/guests/misc-ops.elf
result = SUCCESS
reject = FATAL|Panic on CPU|crashed|watchdog expired

# PV test kernel shutdown-crash: an unhandled fault crashes the domain.
# Runs as dom0; VESTA_BOOT_HYPERVISOR=xen checks it on Xen 4.17.
boot = kernel
machine = q35
smp = 2
mem = 1024
summary = no
timeout = 120
append = com1=115200,8n1 console=com1
module-file = tests/guests/shutdown-crash.elf
# No RESULT line: the domain must die at the fault.
expect = shutdown-crash: faulting now
vesta:expect = shutdown-crash: faulting now
vesta:expect = d0: crashed: v0: exception 14 \(#PF\) at rip 0x[0-9a-f]+ \(kernel mode\), error 0, with no handler registered
vesta:expect = vesta: all domains have stopped
reject = RESULT:
reject = FATAL
# What Xen 4.17 does when dom0 takes an unhandled fault.
xen:expect = shutdown-crash: faulting now
xen:expect = Unhandled: vec 14, #PF\[0000\]
xen:expect = Hardware Dom0 crashed

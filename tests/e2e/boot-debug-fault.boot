# a fault in hypervisor code: register dump, code bytes, stack trace, all CPUs halted
boot = kernel
machine = q35
smp = 2
mem = 512
debug = yes
append = debug_fault=pagefault
summary = no
expect = boot complete: 2 CPUs up, 2 idle
expect = FATAL EXCEPTION in hypervisor on CPU 0: #PF page fault
expect = Page fault at ffff8000dead0000 \(not present, read, data\)
expect = RIP: e008:ffff8280[0-9a-f]{8}
expect = rax: [0-9a-f]{16}
expect = cr0: [0-9a-f]{16}  cr2: ffff8000dead0000
expect = Code at rip: [0-9a-f]{2} 
expect = Stack trace
expect = \[<ffff8280[0-9a-f]{8}>\]
expect = All CPUs halted

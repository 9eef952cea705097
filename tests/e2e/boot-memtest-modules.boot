# boot modules are never handed out: allocate all memory, check patterns and module checksums
boot = kernel
machine = q35
smp = 2
mem = 256
debug = yes
append = debug_memtest
module = 3000 dom0 kernel console=hvc0
module = 700 initrd
expect = module 0: 0x[0-9a-f]+-0x[0-9a-f]+ ".*mod0 dom0 kernel console=hvc0"
expect = module 1: .*mod1
expect = boot module
expect = selftest: allocated [0-9]+ of [0-9]+ free pages, none left: yes
expect = selftest: module 0 \(3072000 bytes\) intact
expect = selftest: module 1 \(716800 bytes\) intact
expect = selftest: device MMIO \(IO-APIC, local APIC\) outside the direct map: yes
expect = every page held its pattern, image and modules intact; [0-9]+ pages free again; buddy check ok
reject = FATAL|Panic|CHANGED|FAILED|direct map: NO

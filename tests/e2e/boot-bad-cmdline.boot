# malformed and unknown options are reported by name and ignored, boot carries on
boot = kernel
machine = q35
smp = 2
mem = 512
append = bogus_option=1 loglvl=notanumber com1=9600,9z1 maxcpus x2apic=maybe
expect = unknown option 'bogus_option' ignored
expect = option 'loglvl': bad value 'notanumber' ignored
expect = option 'com1'
expect = option 'maxcpus'
expect = option 'x2apic': bad value 'maybe' ignored
reject = FATAL|Panic

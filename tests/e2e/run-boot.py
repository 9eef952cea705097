#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot test runner: boots the hypervisor under QEMU as a .boot spec says,
watches the serial console, types debug keys, and checks every expectation.

A spec is a text file of `key = value` lines (`#` comments):
  boot     = kernel | grub        QEMU -kernel (multiboot1) or a GRUB2 ISO (multiboot2)
  machine  = pc | q35
  cpu      = qemu64 (default) | max | ...
  smp, mem = QEMU -smp and -m (MiB)
  append   = hypervisor command line
  module   = <KiB> [cmdline]: a boot module of random bytes (may repeat)
  module-file = <path> [cmdline]: a file as boot module (may repeat, in order
             after the random ones); a relative path is looked up in the
             build tree (cwd), then in the source tree of the spec; the
             path @KERNEL@ is the stock Debian kernel named by the
             environment variable VESTA_TEST_KERNEL (tests/e2e/fetch-kernel.sh)
  hypervisor = vesta (default) | xen: what to boot; the environment variable
             VESTA_BOOT_HYPERVISOR overrides it. xen boots the image named by
             VESTA_XEN_REF (Debian's xen-4.17, multiboot1 via -kernel) with
             the Xen command line XEN_APPEND below (append is Vesta's); the
             boot summary is Vesta's, so it is not checked on xen
  result   = SUCCESS|SKIP|FAILURE|ERROR (a regex): a test kernel's verdict;
             waits for its `RESULT: <word>` line and fails at once if the
             word does not match
  results  = N (default 1): how many RESULT lines to wait for (one per
             test domain when several boot modules are test kernels); each
             must match `result`
  runs-on  = vesta xen (default): the hypervisors the spec applies to; on
             any other the run is skipped (exit 77), e.g. `runs-on = vesta`
             for specs that boot several domains
  <hv>:<key> = value: replaces <key> (all of its values) when booting <hv>,
             e.g. `xen:result = SKIP` or `xen:append = dom0_mem=128M`
  expect   = regex that must appear (in order; may repeat)
  expect-any = regex that must appear somewhere, in any order (may repeat;
             checked at the end, with `reject`)
  reject   = regex that must never appear (may repeat)
  key      = <char> <regex>: after the boot summary, type <char> and wait for <regex>
  summary  = yes (default) | no: check the boot summary line against smp/mem
  debug    = yes: needs an --enable-debug build
  timeout  = seconds for the whole run (default 120)
Exit status: 0 pass, 1 fail, 77 skip (tool missing, not under CI), 99 error.
"""
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

HYPERVISORS = ("vesta", "xen")
XEN_APPEND = ("console=com1 com1=115200,8n1 dom0_mem=64M loglvl=all "
              "guest_loglvl=all")
RESULT = re.compile(r"RESULT: (SUCCESS|SKIP|FAILURE|ERROR)\b([^\n]*)\n")
SUMMARY = re.compile(r"boot complete: (\d+) CPUs up, (\d+) idle; RAM (\d+) MiB, "
                     r"free (\d+) MiB; TSC (\d+)\.(\d+) MHz \((\w+)\); boot (\d+) ms")


def log(msg):
    print(msg, flush=True)


def skip_or_fail(msg):
    if os.environ.get("CI") == "true":
        log("FAIL (CI must not skip): " + msg)
        sys.exit(1)
    log("SKIP: " + msg)
    sys.exit(77)


def parse_spec(path):
    spec = {"boot": "kernel", "machine": "q35", "cpu": "qemu64", "smp": "1",
            "mem": "256", "append": "", "module": [], "module-file": [],
            "expect": [], "expect-any": [], "reject": [], "key": [],
            "summary": "yes",
            "debug": "no", "timeout": "120", "hypervisor": "vesta",
            "result": "", "results": "1", "runs-on": "vesta xen"}
    per_hv = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if "=" not in line:
                raise SystemExit(f"{path}:{n}: expected key = value")
            k, v = (s.strip() for s in line.split("=", 1))
            target = spec
            if ":" in k:
                hv, k = k.split(":", 1)
                if hv not in HYPERVISORS:
                    raise SystemExit(f"{path}:{n}: unknown hypervisor {hv!r}")
                target = per_hv.setdefault(hv, {})
            if k not in spec:
                raise SystemExit(f"{path}:{n}: unknown key {k!r}")
            if isinstance(spec[k], list):
                target.setdefault(k, []).append(v)
            else:
                target[k] = v
    hv = os.environ.get("VESTA_BOOT_HYPERVISOR") or spec["hypervisor"]
    if hv not in HYPERVISORS:
        raise SystemExit(f"unknown hypervisor {hv!r}")
    spec["hypervisor"] = hv
    if hv == "xen":
        spec["append"] = XEN_APPEND
        spec["summary"] = "no"
    spec.update(per_hv.get(hv, {}))
    return spec


def make_modules(spec, workdir):
    """Random-content module files; returns [(path, cmdline)]."""
    mods = []
    for i, m in enumerate(spec["module"]):
        parts = m.split(None, 1)
        path = os.path.join(workdir, f"mod{i}")
        with open(path, "wb") as f:
            f.write(os.urandom(int(parts[0]) * 1024))
        mods.append((path, parts[1] if len(parts) > 1 else ""))
    return mods


def stock_kernel():
    """The stock kernel for @KERNEL@: $VESTA_TEST_KERNEL, or skip."""
    path = os.environ.get("VESTA_TEST_KERNEL")
    if not path or not os.path.isfile(path):
        skip_or_fail(f"no stock kernel at {path or '$VESTA_TEST_KERNEL'}: run "
                     "tests/e2e/fetch-kernel.sh kernel in the build tree "
                     "(quickstart test does)")
    return path


def file_modules(spec, spec_path):
    """Existing files as modules; returns [(path, cmdline)]."""
    # The spec lives in <srcdir>/tests/<dir>/; relative paths may name a
    # build product (cwd is the build tree) or a source file.
    srcdir = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(spec_path))))
    mods = []
    for m in spec["module-file"]:
        parts = m.split(None, 1)
        path = parts[0]
        if path == "@KERNEL@":
            path = stock_kernel()
        if not os.path.isabs(path) and not os.path.exists(path):
            path = os.path.join(srcdir, path)
        if not os.path.exists(path):
            raise SystemExit(f"module file {parts[0]} not found (build it first)")
        mods.append((os.path.abspath(path), parts[1] if len(parts) > 1 else ""))
    return mods


def hypervisor_image(spec):
    """The image to boot: Vesta from the build tree, or the Xen reference."""
    if spec["hypervisor"] == "xen":
        xen = os.environ.get("VESTA_XEN_REF")
        if not xen or not os.path.exists(xen):
            skip_or_fail("hypervisor = xen needs VESTA_XEN_REF=<path to xen-4.17>"
                         " (see the shared tools/xen-reference/00-fetch.sh)")
        if spec["boot"] != "kernel":
            raise SystemExit("hypervisor = xen supports boot = kernel only")
        return os.path.abspath(xen)
    vesta = os.path.abspath(os.environ.get("VESTA", "vesta"))
    if not os.path.exists(vesta):
        raise SystemExit(f"{vesta} not built")
    return vesta


AUDIT_BAD = re.compile(r"page-type audit: [1-9][0-9]* problem")


def check_audit(con, spec, deadline, failures):
    """Debug builds of Vesta audit every stopped domain's page-type counts
    (and print one line per domain) before powering off: when the run gets
    that far within 10 s of the result, any problem fails the test."""
    if spec["hypervisor"] != "vesta" or \
            os.environ.get("VESTA_DEBUG_BUILD") != "yes":
        return
    if not con.wait_for(r"vesta: all domains have stopped",
                        min(deadline, time.time() + 10)):
        log("note: no final power-off line within 10 s; audit not checked")
        return
    m = AUDIT_BAD.search(con.text)
    if m:
        failures.append(f"page-type audit failed: {m[0]!r}")


def check_result(con, spec, deadline, failures):
    """Wait for the test kernels' RESULT lines; compare with spec["result"]."""
    want = int(spec["results"])
    for i in range(want):
        m = con.wait_for(RESULT.pattern, deadline)
        if not m:
            failures.append(f"only {i} of {want} RESULT line(s) from the "
                            "test kernel(s)")
            return
        log(f"guest: RESULT: {m[1]}{m[2]}")
        if not re.fullmatch(spec["result"], m[1]):
            failures.append(f"RESULT: {m[1]}{m[2]} (wanted {spec['result']})")
            return


def build_iso(vesta, append, mods, workdir):
    grub = shutil.which("grub-mkrescue")
    if not grub:
        skip_or_fail("grub-mkrescue not found: apt-get install grub-pc-bin grub-common xorriso mtools")
    root = os.path.join(workdir, "iso")
    os.makedirs(os.path.join(root, "boot", "grub"))
    shutil.copy(vesta + ".gz", os.path.join(root, "boot", "vesta.gz"))
    lines = ""
    for i, (path, cmd) in enumerate(mods):
        shutil.copy(path, os.path.join(root, "boot", f"mod{i}"))
        lines += f"  module2 /boot/mod{i} {cmd}\n"
    with open(os.path.join(root, "boot", "grub", "grub.cfg"), "w") as f:
        f.write("set timeout=0\nset default=0\n"
                "serial --unit=0 --speed=115200\nterminal_output serial\n"
                f"menuentry 'Vesta' {{\n  multiboot2 /boot/vesta.gz {append}\n"
                f"{lines}  boot\n}}\n")
    iso = os.path.join(workdir, "vesta.iso")
    r = subprocess.run([grub, "-o", iso, root], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    if r.returncode:
        log(r.stdout.decode(errors="replace"))
        raise SystemExit("grub-mkrescue failed")
    return iso


class Console:
    """QEMU's serial console on a pipe, with a growing transcript."""

    def __init__(self, argv, logpath):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.text = ""
        self.pos = 0
        self.logf = open(logpath, "w")

    def pump(self, until):
        while time.time() < until:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if r:
                data = os.read(self.proc.stdout.fileno(), 65536)
                if not data:
                    return False
                s = data.decode(errors="replace").replace("\r", "")
                self.text += s
                self.logf.write(s)
                self.logf.flush()
                return True
            if self.proc.poll() is not None:
                return False
        return True

    def wait_for(self, regex, deadline):
        """Wait for regex after the current position; advance past it."""
        rx = re.compile(regex, re.M)
        while True:
            m = rx.search(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m
            if time.time() >= deadline or not self.pump(deadline):
                m = rx.search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                return m

    def send(self, s):
        self.proc.stdin.write(s.encode())
        self.proc.stdin.flush()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.logf.close()


def main():
    spec_path = sys.argv[1]
    name = os.path.splitext(os.path.basename(spec_path))[0]
    spec = parse_spec(spec_path)
    if spec["hypervisor"] not in spec["runs-on"].split():
        # Not a missing tool: the spec does not apply (e.g. it boots
        # several domains and Xen builds only dom0 from boot modules).
        log(f"SKIP: {name} runs on {spec['runs-on']} only, not on "
            f"{spec['hypervisor']}")
        return 77
    qemu = os.environ.get("QEMU") or shutil.which("qemu-system-x86_64")
    if not qemu or qemu == "no":
        skip_or_fail("qemu-system-x86_64 not found: apt-get install qemu-system-x86")
    vesta = hypervisor_image(spec)
    if (spec["debug"] == "yes" and spec["hypervisor"] == "vesta"
            and os.environ.get("VESTA_DEBUG_BUILD") != "yes"):
        skip_or_fail("this test needs a debug build: ./configure --enable-debug")

    smp, mem = int(spec["smp"]), int(spec["mem"])
    logdir = os.path.abspath(os.path.join("tests", "e2e", "logs"))
    os.makedirs(logdir, exist_ok=True)
    suffix = "" if spec["hypervisor"] == "vesta" else "." + spec["hypervisor"]
    logpath = os.path.join(logdir, name + suffix + ".serial.log")
    files = file_modules(spec, spec_path)
    work = tempfile.mkdtemp(prefix=f"vesta-{name}-")
    argv = [qemu, "-machine", spec["machine"], "-cpu", spec["cpu"],
            "-m", str(mem), "-smp", str(smp), "-display", "none",
            "-vga", "none", "-serial", "stdio", "-monitor", "none",
            "-no-reboot", "-net", "none"]
    mods = make_modules(spec, work) + files
    if spec["boot"] == "grub":
        argv += ["-cdrom", build_iso(vesta, spec["append"], mods, work),
                 "-boot", "d"]
    else:
        argv += ["-kernel", vesta, "-append", spec["append"]]
        if mods:
            # QEMU: comma-separated modules, each "file cmdline".
            argv += ["-initrd", ",".join(
                (p + " " + c).strip() for p, c in mods)]
    log("$ " + " ".join(argv))
    deadline = time.time() + int(spec["timeout"])
    con = Console(argv, logpath)
    failures = []
    t0 = time.time()
    try:
        for rx in spec["expect"]:
            if not con.wait_for(rx, deadline):
                failures.append(f"expected /{rx}/ not seen")
                break
        if not failures and spec["result"]:
            check_result(con, spec, deadline, failures)
            if not failures:
                check_audit(con, spec, deadline, failures)
        if not failures and spec["summary"] == "yes":
            # The summary may precede the expectations: search from the top.
            seen, con.pos = con.pos, 0
            m = con.wait_for(SUMMARY.pattern, deadline)
            con.pos = max(con.pos, seen)
            if not m:
                failures.append("no boot summary line")
            else:
                cpus, idle, ram = int(m[1]), int(m[2]), int(m[3])
                log(f"summary: {cpus} CPUs, {idle} idle, RAM {ram} MiB, "
                    f"free {m[4]} MiB, TSC {m[5]}.{m[6]} MHz ({m[7]}), boot {m[8]} ms "
                    f"[{time.time() - t0:.1f} s wall]")
                if cpus != smp:
                    failures.append(f"{cpus} CPUs up, QEMU has {smp}")
                if idle != smp:
                    failures.append(f"only {idle} of {smp} CPUs reached idle")
                # Firmware keeps some RAM (BIOS areas, ACPI, low MiB).
                if not (mem * 0.93 <= ram <= mem):
                    failures.append(f"RAM {ram} MiB not within 93-100% of {mem} MiB")
                if int(m[4]) >= ram or int(m[4]) < ram * 0.8:
                    failures.append(f"free RAM {m[4]} MiB implausible for {ram} MiB")
        for k in spec["key"] if not failures else []:
            ch, rx = k.split(None, 1)
            con.send(ch)
            if not con.wait_for(rx, min(deadline, time.time() + 30)):
                failures.append(f"debug key {ch!r}: /{rx}/ not seen")
                break
        # Give late output a moment, then check what must never appear.
        con.pump(time.time() + 0.5)
        for rx in spec["reject"]:
            m = re.search(rx, con.text, re.M)
            if m:
                failures.append(f"rejected /{rx}/ seen: {m[0]!r}")
        for rx in spec["expect-any"]:
            if not re.search(rx, con.text, re.M):
                failures.append(f"expected /{rx}/ not seen anywhere")
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        log(f"FAIL {name}:")
        for f in failures:
            log("  - " + f)
        log(f"--- last serial lines ({logpath}) ---")
        log("\n".join(con.text.splitlines()[-40:]))
        return 1
    log(f"PASS {name} on {spec['hypervisor']} ({time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turns the serial logs of one bench/pv/run.sh invocation into the table.

Reads LOGDIR/<mode>-<config>-<run>.log (mode tcg|icount, config
vesta|xen|native), LOGDIR/<mode>-<config>.why (why a configuration could
not run at all) and LOGDIR/<mode>-<config>.note (how it was run
differently). Every PVB line (format: bench/pv/kernel/pvbench.h) of a log
that reached PVB-END is one measurement; a figure in the table is the
median over runs of the per-run medians. Nothing is carried over from other
invocations, and a figure that no run measured is printed as "not measured"
with the reason. It does not run anything and never judges a figure.
"""
import glob
import os
import re
import statistics
import sys

CONFIGS = ("vesta", "xen", "native")
NAMES = {"vesta": "Vesta", "xen": "Xen 4.17", "native": "native"}
MODES = {
    "tcg": "TCG, multi-threaded; cycles = TSC ticks (host-clock based)",
    "icount": "TCG -icount shift=0; time and TSC count guest instructions",
}
# (label, metric on Vesta and Xen, native analogue or None)
ROWS = (
    ("null hypercall: xen_version(XENVER_version)", "hc_xenver",
     "native_getppid"),
    ("null hypercall: unknown nr 63 (-ENOSYS)", "hc_enosys",
     "native_enosys"),
    ("syscall bounce user->kernel->user, iret flags 0", "syscall_iret",
     "native_getppid"),
    ("syscall bounce, iret VGCF_in_syscall", "syscall_sysret",
     "native_getppid"),
    ("evtchn ping-pong dom0<->domU, spin", "evtchn_inter_spin",
     "native_shm_spin"),
    ("evtchn ping-pong dom0<->domU, block", "evtchn_inter_block",
     "native_pipe_pingpong"),
    ("evtchn loopback (one domain), spin", "evtchn_loop_spin", None),
    ("evtchn loopback (one domain), block", "evtchn_loop_block",
     "native_eventfd_loop"),
)
NATIVE_WHAT = {
    "native_getppid": "raw SYSCALL getppid round trip",
    "native_enosys": "raw SYSCALL of unknown nr 1000 (-ENOSYS)",
    "native_shm_spin": "2 processes on 2 CPUs spinning on shared memory",
    "native_pipe_pingpong": "2 processes on 2 CPUs, 1-byte pipe ping-pong",
    "native_eventfd_loop": "1 process: 2x (eventfd write + read)",
}
PVB = re.compile(r"PVB (\w+) (.*)$")


def parse_log(path):
    """{metric: {"cyc": x, "ns": y} or {"skip": why}}, finished?"""
    out, done = {}, False
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if "(d1)" in line:
                continue            # the echoing peer reports nothing
            if line.endswith("PVB-END"):
                done = True
                continue
            m = PVB.search(line)
            if not m:
                continue
            kv = dict(p.split("=", 1) for p in m[2].split() if "=" in p)
            if "skip" in kv:
                out[m[1]] = {"skip": kv["skip"]}
            elif "ns" in kv and "cyc" in kv:
                out[m[1]] = {"ns": float(kv["ns"]), "cyc": float(kv["cyc"])}
    return out, done


def collect(logdir, mode, cfg):
    """Per metric: list of per-run values, reasons, and run bookkeeping."""
    why_file = os.path.join(logdir, f"{mode}-{cfg}.why")
    if os.path.exists(why_file):
        with open(why_file) as f:
            return None, f.read().strip()
    runs = sorted(glob.glob(os.path.join(logdir, f"{mode}-{cfg}-*.log")))
    if not runs:
        return None, "no run"
    vals, skips, finished = {}, {}, 0
    for path in runs:
        res, done = parse_log(path)
        if not done:
            continue
        finished += 1
        for k, v in res.items():
            if "skip" in v:
                skips[k] = v["skip"]
            else:
                vals.setdefault(k, []).append(v)
    if not finished:
        return None, (f"none of {len(runs)} runs reached PVB-END (timeout or "
                      f"crash; see {os.path.join(logdir, mode + '-' + cfg)}"
                      "-*.log)")
    return {"vals": vals, "skips": skips, "runs": len(runs),
            "finished": finished}, None


def figure(data, metric):
    """(ns, cyc, nruns) medians over runs, or (None, reason)."""
    vals = data["vals"].get(metric)
    if vals:
        return (statistics.median(v["ns"] for v in vals),
                statistics.median(v["cyc"] for v in vals), len(vals))
    if metric in data["skips"]:
        return None, "skipped by the benchmark: " + data["skips"][metric]
    return None, "no figure in any finished run"


def fmt_ns(ns):
    if ns >= 100000:
        return f"{ns / 1000:.0f} us"
    if ns >= 10000:
        return f"{ns / 1000:.1f} us"
    return f"{ns:.0f} ns"


def fmt_cyc(cyc):
    return f"{cyc / 1000:.1f}k" if cyc >= 10000 else f"{cyc:.0f}"


XEN_NO_PEER = ("Xen 4.17 without a toolstack runs dom0 alone, so there is "
               "no second domain; compare the loopback rows instead")


def cell(cfgdata, cfg, metric, notes):
    data, why = cfgdata[cfg]
    if metric is None:
        return None, "no analogue"
    if data is None:
        notes.append(f"{NAMES[cfg]}: not measured: {why}")
        return None, "not measured"
    fig = figure(data, metric)
    if fig[0] is None:
        if cfg == "xen" and metric.startswith("evtchn_inter"):
            notes.append("Xen 4.17 dom0<->domU rows: not measured: "
                         + XEN_NO_PEER)
        else:
            notes.append(f"{NAMES[cfg]} {metric}: not measured: {fig[1]}")
        return None, "not measured"
    ns, cyc, n = fig
    text = f"{fmt_ns(ns)} ({fmt_cyc(cyc)})"
    if n < data["finished"] or data["finished"] < data["runs"]:
        text += f" [{n}/{data['runs']} runs]"
    return ns, text


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "-"


def table(logdir, mode):
    cfgdata = {c: collect(logdir, mode, c) for c in CONFIGS}
    if all(d is None and w == "no run" for d, w in cfgdata.values()):
        return False
    print(f"\n== {MODES[mode]} ==")
    for c in CONFIGS:
        d, w = cfgdata[c]
        if d:
            print(f"   {NAMES[c]}: {d['finished']} of {d['runs']} runs "
                  "finished; figures are medians over runs")
        note = os.path.join(logdir, f"{mode}-{c}.note")
        if os.path.exists(note):
            with open(note) as f:
                print(f"   {NAMES[c]}: {f.read().strip()}")
    head = (f"{'operation (per round trip)':<50} {'Vesta':>21} "
            f"{'Xen 4.17':>21} {'native analogue':>21} {'V/native':>9} "
            f"{'V/Xen':>7}")
    print(head)
    print("-" * len(head))
    notes, used = [], []
    for label, metric, nat in ROWS:
        v_ns, v_txt = cell(cfgdata, "vesta", metric, notes)
        x_ns, x_txt = cell(cfgdata, "xen", metric, notes)
        n_ns, n_txt = cell(cfgdata, "native", nat, notes)
        if nat and nat not in used:
            used.append(nat)
        print(f"{label:<50} {v_txt:>21} {x_txt:>21} {n_txt:>21} "
              f"{ratio(v_ns, n_ns):>9} {ratio(v_ns, x_ns):>7}")
    print("cells: ns per round trip (TSC cycles); ratios on ns")
    for nat in used:
        print(f"   native analogue {nat}: {NATIVE_WHAT[nat]}")
    for n in dict.fromkeys(notes):
        print("   " + n)
    return True


def main():
    logdir = sys.argv[1]
    shown = [m for m in MODES if table(logdir, m)]
    if not shown:
        print("no benchmark logs in " + logdir)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

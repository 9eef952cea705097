/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * pvnative: the native side of the PV core benchmark. A static program
 * run as the only user process of a busybox initramfs under Debian's
 * stock kernel, booted without any hypervisor in the same QEMU as the PV
 * runs. It times the native analogues of the PV figures and prints them
 * in the PVB line format of bench/pv/kernel/pvbench.h: a raw SYSCALL
 * round trip (getppid, and an unknown number that gets -ENOSYS), a
 * two-process ping-pong across the two CPUs (pipes, blocking; shared
 * memory, spinning) and a one-process eventfd loopback. Cycles are TSC
 * ticks, ns come from CLOCK_MONOTONIC; each figure is the median over
 * batches of the per-operation cost, the first batch a discarded warm-up.
 * Not responsible for comparing anything (bench/pv/report.py does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Same batch shapes as the PV kernel (main.c and evtchn.c there). */
#define SC_BATCHES	21
#define SC_OPS		2000
#define EV_BATCHES	15
#define EV_OPS		200
#define EV_ROUNDS	((EV_BATCHES + 1) * EV_OPS)
#define MAX_BATCHES	64
#define SYS_UNKNOWN	1000	/* no such system call: -ENOSYS */

struct stat_batches {
	unsigned int nr;
	uint64_t cyc[MAX_BATCHES];
	uint64_t ns[MAX_BATCHES];
};

struct clk {
	uint64_t cyc;
	uint64_t ns;
};

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void now(struct clk *c)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	c->cyc = rdtsc();
}

static void since(struct stat_batches *s, const struct clk *t0)
{
	struct clk t1;

	now(&t1);
	if (s->nr >= MAX_BATCHES)
		return;
	s->cyc[s->nr] = t1.cyc - t0->cyc;
	s->ns[s->nr] = t1.ns - t0->ns;
	s->nr++;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, struct stat_batches *s,
		   unsigned long ops)
{
	unsigned int mid = s->nr / 2;

	if (!s->nr) {
		printf("PVB %s skip=no-batch-completed\n", name);
		return;
	}
	qsort(s->cyc, s->nr, sizeof(s->cyc[0]), cmp_u64);
	qsort(s->ns, s->nr, sizeof(s->ns[0]), cmp_u64);
	printf("PVB %s ops=%lu batches=%u cyc=%.1f ns=%.1f ns_min=%.1f "
	       "ns_max=%.1f\n",
	       name, ops, s->nr, (double)s->cyc[mid] / ops,
	       (double)s->ns[mid] / ops, (double)s->ns[0] / ops,
	       (double)s->ns[s->nr - 1] / ops);
	fflush(stdout);
}

static void skip(const char *name, const char *why)
{
	printf("PVB %s skip=%s\n", name, why);
	fflush(stdout);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "pvnative: cannot pin to CPU %d: %s\n", cpu,
			strerror(errno));
}

/* One SYSCALL instruction, as the PV kernel issues its hypercalls. */
static inline long raw_syscall0(long nr)
{
	__asm__ volatile("syscall" : "+a"(nr) :: "rcx", "r11", "memory");
	return nr;
}

static void bench_syscall(const char *name, long nr)
{
	static struct stat_batches st;
	struct clk t0;

	memset(&st, 0, sizeof(st));
	for (unsigned int b = 0; b <= SC_BATCHES; b++) {
		now(&t0);
		for (unsigned int i = 0; i < SC_OPS; i++)
			raw_syscall0(nr);
		if (b)
			since(&st, &t0);
	}
	report(name, &st, SC_OPS);
}

static int full_io(int fd, void *buf, int wr)
{
	ssize_t n = wr ? write(fd, buf, 1) : read(fd, buf, 1);

	return n == 1 ? 0 : -1;
}

/* Parent on CPU 0 sends a byte down p1, the child on CPU 1 returns it. */
static void bench_pipe_pingpong(void)
{
	static struct stat_batches st;
	int p1[2], p2[2];
	char c = 'x';
	struct clk t0;
	pid_t pid;

	if (pipe(p1) || pipe(p2)) {
		skip("native_pipe_pingpong", "pipe-failed");
		return;
	}
	pid = fork();
	if (pid == 0) {
		pin(1);
		for (unsigned long i = 0; i < EV_ROUNDS; i++)
			if (full_io(p1[0], &c, 0) || full_io(p2[1], &c, 1))
				_exit(1);
		_exit(0);
	}
	memset(&st, 0, sizeof(st));
	for (unsigned int b = 0; pid > 0 && b <= EV_BATCHES; b++) {
		now(&t0);
		for (unsigned int i = 0; i < EV_OPS; i++)
			if (full_io(p1[1], &c, 1) || full_io(p2[0], &c, 0))
				break;
		if (b)
			since(&st, &t0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	report("native_pipe_pingpong", &st, EV_OPS);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
}

struct shm_flags {
	volatile uint64_t ping;
	char pad[56];
	volatile uint64_t pong;
};

static void spin_until(volatile uint64_t *v, uint64_t want)
{
	while (__atomic_load_n(v, __ATOMIC_ACQUIRE) != want)
		__asm__ volatile("pause" ::: "memory");
}

/* The same ping-pong over two words of shared memory, both sides spin. */
static void bench_spin_pingpong(void)
{
	static struct stat_batches st;
	struct shm_flags *f;
	uint64_t seq = 0;
	struct clk t0;
	pid_t pid;

	f = mmap(NULL, sizeof(*f), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (f == MAP_FAILED) {
		skip("native_shm_spin", "mmap-failed");
		return;
	}
	pid = fork();
	if (pid == 0) {
		pin(1);
		for (uint64_t i = 1; i <= EV_ROUNDS; i++) {
			spin_until(&f->ping, i);
			__atomic_store_n(&f->pong, i, __ATOMIC_RELEASE);
		}
		_exit(0);
	}
	memset(&st, 0, sizeof(st));
	for (unsigned int b = 0; pid > 0 && b <= EV_BATCHES; b++) {
		now(&t0);
		for (unsigned int i = 0; i < EV_OPS; i++) {
			__atomic_store_n(&f->ping, ++seq, __ATOMIC_RELEASE);
			spin_until(&f->pong, seq);
		}
		if (b)
			since(&st, &t0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	report("native_shm_spin", &st, EV_OPS);
	munmap(f, sizeof(*f));
}

/* Loopback: "send" = write to an eventfd, "receive" = read it back. */
static void bench_eventfd_loopback(void)
{
	static struct stat_batches st;
	int a = eventfd(0, 0), b = eventfd(0, 0);
	uint64_t one = 1, got;
	struct clk t0;
	int bad = 0;

	if (a < 0 || b < 0) {
		skip("native_eventfd_loop", "eventfd-failed");
		return;
	}
	memset(&st, 0, sizeof(st));
	for (unsigned int bt = 0; bt <= EV_BATCHES; bt++) {
		now(&t0);
		for (unsigned int i = 0; i < EV_OPS; i++) {
			bad |= write(b, &one, 8) != 8;
			bad |= read(b, &got, 8) != 8;
			bad |= write(a, &one, 8) != 8;
			bad |= read(a, &got, 8) != 8;
		}
		if (bt)
			since(&st, &t0);
	}
	if (bad)
		skip("native_eventfd_loop", "eventfd-io-failed");
	else
		report("native_eventfd_loop", &st, EV_OPS);
	close(a);
	close(b);
}

int main(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (uname(&u) == 0)
		printf("PVB-INFO native kernel=%s cpus=%ld\n", u.release, cpus);
	pin(0);
	bench_syscall("native_getppid", SYS_getppid);
	bench_syscall("native_enosys", SYS_UNKNOWN);
	bench_eventfd_loopback();
	if (cpus >= 2) {
		bench_pipe_pingpong();
		bench_spin_pingpong();
	} else {
		/* One CPU: spinning would wait for preemption, not the peer. */
		skip("native_pipe_pingpong", "only-one-cpu-online");
		skip("native_shm_spin", "only-one-cpu-online");
	}
	printf("PVB-END\n");
	return 0;
}

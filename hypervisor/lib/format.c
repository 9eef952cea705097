/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2025 The Vesta authors.
 *
 * A bounded printf-style formatter: parses conversion specifications and
 * renders integers, characters, strings and pointers into a caller buffer
 * with C99 vsnprintf semantics (see vesta/format.h for the exact subset).
 * It does not print anywhere, does not support floating point or %n, and
 * holds no state between calls.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vesta/errno.h>
#include <vesta/format.h>

/* gcc's <limits.h> is not usable under -nostdinc; use its predefined macro. */
#define INT_MAX __INT_MAX__
#define INT_MIN (-__INT_MAX__ - 1)

#define F_MINUS 0x01u
#define F_ZERO 0x02u
#define F_ALT 0x04u
#define F_SPACE 0x08u
#define F_PLUS 0x10u

/* Length modifiers, after parsing. */
enum len_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct out {
	char *buf;
	size_t size;
	size_t len;	/* characters produced so far, written or not */
};

struct spec {
	unsigned int flags;
	int width;
	int prec;	/* < 0: not given */
	enum len_mod len;
	char conv;
};

static void emit_char(struct out *o, char c)
{
	/* Keep the last byte of the buffer for the terminating NUL. */
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Emit @n copies of @c; only the part that fits is written byte by byte. */
static void emit_fill(struct out *o, char c, size_t n)
{
	while (n && o->len + 1 < o->size) {
		o->buf[o->len++] = c;
		n--;
	}
	o->len += n;
}

static void emit_mem(struct out *o, const char *s, size_t n)
{
	while (n && o->len + 1 < o->size) {
		o->buf[o->len++] = *s++;
		n--;
	}
	o->len += n;
}

/* Parse a run of decimal digits, saturating at INT_MAX. */
static int parse_num(const char **pp)
{
	const char *p = *pp;
	int v = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';

		v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
	}
	*pp = p;
	return v;
}

static const char *parse_flags(const char *p, struct spec *sp)
{
	for (;; p++) {
		switch (*p) {
		case '-':
			sp->flags |= F_MINUS;
			break;
		case '0':
			sp->flags |= F_ZERO;
			break;
		case '#':
			sp->flags |= F_ALT;
			break;
		case ' ':
			sp->flags |= F_SPACE;
			break;
		case '+':
			sp->flags |= F_PLUS;
			break;
		default:
			return p;
		}
	}
}

static const char *parse_len(const char *p, struct spec *sp)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			sp->len = LEN_HH;
			return p + 2;
		}
		sp->len = LEN_H;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			sp->len = LEN_LL;
			return p + 2;
		}
		sp->len = LEN_L;
		return p + 1;
	case 'z':
		sp->len = LEN_Z;
		return p + 1;
	case 't':
		sp->len = LEN_T;
		return p + 1;
	case 'j':
		sp->len = LEN_J;
		return p + 1;
	default:
		sp->len = LEN_NONE;
		return p;
	}
}

/* Parse one specification after its '%'; consumes '*' arguments. */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	p = parse_flags(p, sp);
	if (*p == '*') {
		int w = va_arg(*ap, int);

		if (w < 0) {
			sp->flags |= F_MINUS;
			/* -INT_MIN does not exist; saturate. */
			w = w == INT_MIN ? INT_MAX : -w;
		}
		sp->width = w;
		p++;
	} else {
		sp->width = parse_num(&p);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			p++;
		} else {
			sp->prec = parse_num(&p);
		}
	}
	p = parse_len(p, sp);
	sp->conv = *p;
	return p;
}

static intmax_t get_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		/* ptrdiff_t is the signed counterpart of size_t here. */
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t get_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Emit @n characters of @s padded to the field width. */
static void emit_field(struct out *o, const struct spec *sp, const char *s,
		       size_t n)
{
	size_t pad = (size_t)sp->width > n ? (size_t)sp->width - n : 0;

	if (!(sp->flags & F_MINUS))
		emit_fill(o, ' ', pad);
	emit_mem(o, s, n);
	if (sp->flags & F_MINUS)
		emit_fill(o, ' ', pad);
}

/*
 * Render an integer: [pad][sign][0x][zeros]digits[pad]. @sign is 0 when
 * there is none.
 */
static void emit_int(struct out *o, const struct spec *sp, uintmax_t mag,
		     char sign)
{
	/* 22 octal digits cover 64 bits; uintmax_t is 64 bits here. */
	char digits[sizeof(uintmax_t) * 3];
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF" :
					    "0123456789abcdef";
	unsigned int base = 10;
	const char *prefix = "";
	size_t ndig = 0, zeros = 0, total, pad;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;

	for (uintmax_t v = mag; v; v /= base)
		digits[sizeof(digits) - ++ndig] = set[v % base];
	/* Zero is one digit, unless the precision is explicitly 0. */
	if (!ndig && sp->prec != 0)
		digits[sizeof(digits) - ++ndig] = '0';

	if (sp->prec > 0 && (size_t)sp->prec > ndig)
		zeros = (size_t)sp->prec - ndig;
	/* '#o' forces a leading zero digit. */
	if (base == 8 && (sp->flags & F_ALT) && !zeros &&
	    (mag || !ndig))
		zeros = 1;
	if (base == 16 && (sp->flags & F_ALT) && mag)
		prefix = sp->conv == 'X' ? "0X" : "0x";

	total = (sign ? 1 : 0) + strlen(prefix) + zeros + ndig;
	pad = (size_t)sp->width > total ? (size_t)sp->width - total : 0;
	/* '0' pads with zeros unless '-' is given or a precision is. */
	if ((sp->flags & (F_ZERO | F_MINUS)) == F_ZERO && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_MINUS))
		emit_fill(o, ' ', pad);
	if (sign)
		emit_char(o, sign);
	emit_mem(o, prefix, strlen(prefix));
	emit_fill(o, '0', zeros);
	emit_mem(o, digits + sizeof(digits) - ndig, ndig);
	if (sp->flags & F_MINUS)
		emit_fill(o, ' ', pad);
}

static void conv_signed(struct out *o, const struct spec *sp, va_list *ap)
{
	intmax_t v = get_signed(sp, ap);
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	/* Negate in unsigned arithmetic so INTMAX_MIN works. */
	emit_int(o, sp, v < 0 ? -(uintmax_t)v : (uintmax_t)v, sign);
}

static void conv_pointer(struct out *o, const struct spec *sp, va_list *ap)
{
	const void *ptr = va_arg(*ap, const void *);
	struct spec ps = *sp;

	if (!ptr) {
		ps.prec = -1;
		emit_field(o, &ps, "(nil)", 5);
		return;
	}
	ps.flags |= F_ALT;
	emit_int(o, &ps, (uintptr_t)ptr, 0);
}

static void conv_string(struct out *o, const struct spec *sp, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	size_t n;

	if (!s)
		s = "(null)";
	/* With a precision, s need not be NUL-terminated: do not overread. */
	n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
	emit_field(o, sp, s, n);
}

/* Handle one conversion; returns false for an unknown conversion. */
static bool convert(struct out *o, const struct spec *sp, va_list *ap)
{
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		conv_signed(o, sp, ap);
		return true;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		emit_int(o, sp, get_unsigned(sp, ap), 0);
		return true;
	case 'p':
		conv_pointer(o, sp, ap);
		return true;
	case 'c':
		c = (char)(unsigned char)va_arg(*ap, int);
		emit_field(o, sp, &c, 1);
		return true;
	case 's':
		conv_string(o, sp, ap);
		return true;
	case '%':
		emit_char(o, '%');
		return true;
	default:
		return false;
	}
}

int vesta_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	struct spec sp;
	va_list args;
	const char *start;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			emit_char(&o, *fmt++);
			continue;
		}
		start = fmt;
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!convert(&o, &sp, &args)) {
			/* Unknown or truncated specification: copy it as is. */
			if (*fmt)
				fmt++;
			emit_mem(&o, start, (size_t)(fmt - start));
			continue;
		}
		fmt++;
	}
	va_end(args);

	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	if (o.len > INT_MAX)
		return -EOVERFLOW;
	return (int)o.len;
}

int vesta_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vesta_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Service-manager notification through libsystemd (Type=notify units).
 * Linked instead of xsd-notify-none.c when configure finds libsystemd.
 * Outside systemd, sd_notify() is a no-op, so nothing else is needed.
 */
#include <systemd/sd-daemon.h>

#include "xsd.h"

void xsd_notify_ready(void)
{
	sd_notify(0, "READY=1\nSTATUS=serving");
}

void xsd_notify_stopping(void)
{
	sd_notify(0, "STOPPING=1\nSTATUS=saving state");
}

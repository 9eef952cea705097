// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2025 The Vesta authors
 *
 * Stub service-manager notification for builds without libsystemd.  Units
 * for such builds must use Type=simple.
 */
#include "xsd.h"

void xsd_notify_ready(void)
{
}

void xsd_notify_stopping(void)
{
}

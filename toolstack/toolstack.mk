# SPDX-License-Identifier: GPL-2.0-only
# xenstored: daemon, client library, tests (issue 7).

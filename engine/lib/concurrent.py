# SPDX-License-Identifier: GPL-3.0-or-later
# The concurrent package: its only module is concurrent.futures.

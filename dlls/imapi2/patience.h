/*
 * Waiting for a drive that is becoming ready or busy
 *
 * Copyright 2026 The imapi2-for-Wine authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

#ifndef __WINE_IMAPI2_PATIENCE_H
#define __WINE_IMAPI2_PATIENCE_H

#include "windef.h"
#include "winbase.h"

#include "mmc.h"

/* A drive that is becoming ready or busy writing its buffer (mmc_command_drive_busy)
 * is asked again every PATIENCE_POLL_MS, for at most PATIENCE_MS without any
 * command getting through. The slowest honest case is a full 8 MB write buffer
 * draining at CD 1x (153.6 kB/s): 55 s; spin-up and media recognition take up
 * to about 30 s. Past that the drive's answer goes up (E_IMAPI_RECORDER_MEDIA_BUSY,
 * E_IMAPI_RECORDER_MEDIA_BECOMING_READY). Once *cancel is set the waiting stops
 * PATIENCE_CANCEL_MS later, whatever the drive does. */
#define PATIENCE_MS         60000
#define PATIENCE_POLL_MS    50
#define PATIENCE_CANCEL_MS  1000

struct patience
{
    struct mmc_device inner;        /* the transport */
    const LONG *cancel;             /* may be NULL */
    ULONGLONG stalled_since;        /* 0: the last command got through */
    ULONGLONG cancel_seen;
};

/* Makes *dev a device that waits over inner's busy answers; patience must
 * outlive it. */
void patience_init(struct patience *patience, const struct mmc_device *inner, const LONG *cancel,
        struct mmc_device *dev);
/* FALSE once the drive has been busy for PATIENCE_MS, or PATIENCE_CANCEL_MS after
 * a cancel: for loops of their own, such as the polling after Immed commands. */
BOOL patience_keep_waiting(struct patience *patience);

#endif /* __WINE_IMAPI2_PATIENCE_H */

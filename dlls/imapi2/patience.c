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

/* An executor between the MMC layer and the transport: every command, those
 * that read the media state as much as the WRITEs, is repeated while the drive
 * says it will take it later. The patience is counted from the first busy
 * answer after the last command that needed a ready drive and got through, so
 * a long burn whose drive fills its buffer now and then is never cut short,
 * while a drive that stays busy costs PATIENCE_MS once, not once per command. */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"

#include "patience.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

BOOL patience_keep_waiting(struct patience *patience)
{
    ULONGLONG now = GetTickCount64();

    if (!patience->cancel || !*(volatile const LONG *)patience->cancel)
        patience->cancel_seen = 0;
    else
    {
        if (!patience->cancel_seen)
            patience->cancel_seen = now;
        if (now - patience->cancel_seen >= PATIENCE_CANCEL_MS)
            return FALSE;
    }
    if (!patience->stalled_since)
        patience->stalled_since = now;
    return now - patience->stalled_since < PATIENCE_MS;
}

static int32_t patient_execute(void *ctx, struct mmc_command *cmd)
{
    struct patience *patience = ctx;
    int32_t hr;

    for (;;)
    {
        hr = patience->inner.execute(patience->inner.ctx, cmd);
        if (hr < 0 || !mmc_command_drive_busy(cmd))
        {
            /* The drive took a command that needs it ready: it is no longer stalled. */
            if (hr >= 0 && mmc_opcode_needs_ready(cmd->cdb[0]))
                patience->stalled_since = 0;
            return hr;
        }
        if (!patience_keep_waiting(patience))
        {
            WARN("%#x: the drive is still busy, giving up.\n", cmd->cdb[0]);
            return hr;
        }
        Sleep(PATIENCE_POLL_MS);
    }
}

void patience_init(struct patience *patience, const struct mmc_device *inner, const LONG *cancel,
        struct mmc_device *dev)
{
    patience->inner = *inner;
    patience->cancel = cancel;
    patience->stalled_since = 0;
    patience->cancel_seen = 0;
    dev->execute = patient_execute;
    dev->ctx = patience;
    dev->max_transfer = inner->max_transfer;
}

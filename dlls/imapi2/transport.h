/*
 * SCSI pass-through transport: the only code that talks to the drive.
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

#ifndef __WINE_IMAPI2_TRANSPORT_H
#define __WINE_IMAPI2_TRANSPORT_H

#include "windef.h"
#include "winbase.h"

#include "mmc.h"

struct transport;

struct transport_limits
{
    ULONG max_transfer;         /* bytes per command, a multiple of MMC_BLOCK_SIZE */
    ULONG max_physical_pages;   /* as reported (0 if unknown) */
    ULONG alignment_mask;       /* buffer address mask (0 = byte aligned) */
    ULONG page_size;            /* of the system: what max_physical_pages counts in */
    BOOL from_device;           /* false: IOCTL_SCSI_GET_CAPABILITIES failed, defaults used */
    /* What to try for bulk data (WRITE and READ of many blocks): max_transfer,
     * or more where the reported limit is Wine's placeholder (see transport.c).
     * Halved for good, down to max_transfer, each time the host refuses it. */
    ULONG bulk_transfer;
};

/* transport_execute(): a transfer larger than max_transfer was refused by the
 * host before it reached the drive; bulk_transfer is now smaller (half, or
 * max_transfer): send the same data again in smaller commands. */
#define TRANSPORT_E_TOO_LARGE HRESULT_FROM_WIN32(ERROR_INVALID_USER_BUFFER)

/* path: "X", "X:", "X:\", "\\.\X:" or any device path. Opens read/write, falls
 * back to read-only; fails with the Win32 error as an HRESULT. */
HRESULT transport_open(const WCHAR *path, struct transport **out);
void transport_close(struct transport *transport);

/* The mmc_device executor: 0 when the command reached the drive (status,
 * transferred and sense filled, CHECK CONDITION included), otherwise
 * E_IMAPI_RECORDER_COMMAND_TIMEOUT or HRESULT_FROM_WIN32(DeviceIoControl error).
 * Larger than limits.bulk_transfer: E_INVALIDARG (split above this layer); larger
 * than max_transfer and refused by the host: TRANSPORT_E_TOO_LARGE. */
int32_t transport_execute(void *transport, struct mmc_command *cmd);

/* dev->execute = transport_execute, dev->ctx = transport, dev->max_transfer = limits.max_transfer. */
void transport_device(struct transport *transport, struct mmc_device *dev);

void transport_get_limits(const struct transport *transport, struct transport_limits *limits);

/* IOCTL_STORAGE_QUERY_PROPERTY, PropertyStandardQuery, for property (a
 * STORAGE_PROPERTY_ID): the whole descriptor the driver returns, *data to be
 * freed with free(); HRESULT_FROM_WIN32 of the ioctl's error otherwise. */
HRESULT transport_query_property(struct transport *transport, int property, BYTE **data, ULONG *size);

/* Page-aligned buffers that never need a bounce (VirtualAlloc/VirtualFree). */
void *transport_alloc_buffer(SIZE_T size);
void transport_free_buffer(void *buffer);

#endif /* __WINE_IMAPI2_TRANSPORT_H */

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

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "winioctl.h"
#include "ntddscsi.h"
#include "ntddstor.h"
#include "wine/debug.h"

#include "imapi2error.h"
#include "transport.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* Used when IOCTL_SCSI_GET_CAPABILITIES fails or reports nonsense. */
#define TRANSPORT_DEFAULT_MAX_TRANSFER  (64 * 1024)
/* Upper clamp: one command never moves more than this. */
#define TRANSPORT_MAX_TRANSFER_CAP      (1024 * 1024)
/* Room for sense in the request; we ask for MMC_SENSE_LENGTH (anchors: Wine does
 * not check the sense offset against the output size, so the buffer must hold it). */
#define TRANSPORT_SENSE_ROOM            MMC_SENSE_MAX

struct transport
{
    HANDLE handle;
    ULONG page_size;
    struct transport_limits limits;
    /* IOCTL_SCSI_PASS_THROUGH_DIRECT was refused once (or WOW64, where Wine
     * only thunks the buffered IOCTL): use IOCTL_SCSI_PASS_THROUGH. */
    BOOL buffered;
    SRWLOCK lock;                   /* guards buffered and bounce */
    void *bounce;
    SIZE_T bounce_size;
};

struct sptd_with_sense
{
    SCSI_PASS_THROUGH_DIRECT sptd;
    ULONG filler;
    UCHAR sense[TRANSPORT_SENSE_ROOM];
};

struct spt_with_sense
{
    SCSI_PASS_THROUGH spt;
    ULONG filler;
    UCHAR sense[TRANSPORT_SENSE_ROOM];
    /* data follows at an 8-byte aligned offset */
};

#define SPT_DATA_OFFSET ((sizeof(struct spt_with_sense) + 7) & ~(SIZE_T)7)

void *transport_alloc_buffer(SIZE_T size)
{
    return VirtualAlloc(NULL, size ? size : 1, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
}

void transport_free_buffer(void *buffer)
{
    if (buffer)
        VirtualFree(buffer, 0, MEM_RELEASE);
}

/* Wine 8: CDROM_ScsiGetCaps() in dlls/ntdll/unix/cdrom.c answers
 * IOCTL_SCSI_GET_CAPABILITIES with SG_SCATTER_SZ (32 KiB) as
 * MaximumTransferLength whatever the device, and the page size as
 * AlignmentMask, which no Windows driver reports
 * (doc/wine-bugs/cdrom-scsi-capabilities.md).  Its
 * IOCTL_SCSI_PASS_THROUGH_DIRECT checks no size: the Linux device's own limit
 * applies, max_hw_sectors_kb, which SG_IO checks before the command is queued
 * (32767 KiB behind AHCI, 120 KiB behind usb-storage).  Wine does not tell it,
 * so on that signature bulk data goes out in 256 KiB commands first; a host
 * that refuses one (SG_IO fails, the command never reached the drive) gets
 * half as much, down to the 32 KiB Wine reported (transport_execute).  The
 * bench (make bench) shows 32 KiB costing twice the time of 64 KiB through
 * the pass-through path, and 256 KiB some 10% less than 64 KiB.  Remove when
 * Wine reports the device's limits. */
#define WINE8_PLACEHOLDER_MAX_TRANSFER  (32 * 1024)
#define WINE8_BULK_TRANSFER             (256 * 1024)

static BOOL wine8_placeholder_capabilities(const IO_SCSI_CAPABILITIES *caps, ULONG page_size)
{
    return caps->MaximumTransferLength == WINE8_PLACEHOLDER_MAX_TRANSFER && caps->AlignmentMask == page_size;
}

static void set_limits(struct transport *t, const IO_SCSI_CAPABILITIES *caps)
{
    ULONG max = TRANSPORT_DEFAULT_MAX_TRANSFER, mask = t->page_size - 1, v;

    t->limits.from_device = caps != NULL;
    if (caps)
    {
        if (caps->MaximumTransferLength >= MMC_BLOCK_SIZE)
            max = min(caps->MaximumTransferLength, TRANSPORT_MAX_TRANSFER_CAP);
        v = caps->AlignmentMask;
        /* Windows reports a mask of low bits (0, 1, 3, ...); Wine 8 reports
         * the page size itself (see wine8_placeholder_capabilities). */
        if (v >= 512 && !(v & (v - 1)))
            mask = v - 1;
        else if (!((v + 1) & v))
            mask = v;
        if (mask > t->page_size - 1)
            mask = t->page_size - 1;
        t->limits.max_physical_pages = caps->MaximumPhysicalPages;
    }
    t->limits.max_transfer = max - max % MMC_BLOCK_SIZE;
    t->limits.alignment_mask = mask;
    t->limits.page_size = t->page_size;
    t->limits.bulk_transfer = t->limits.max_transfer;
    if (caps && wine8_placeholder_capabilities(caps, t->page_size))
        t->limits.bulk_transfer = WINE8_BULK_TRANSFER;
}

/* The errors of an SG_IO that Linux refused before queuing the command, as
 * Wine 8 maps them: a transfer beyond the device's max_hw_sectors_kb is EIO
 * (STATUS_DEVICE_NOT_READY) or EINVAL, a buffer the block layer cannot map
 * ENOMEM; Windows drivers give ERROR_INVALID_PARAMETER or
 * ERROR_INVALID_USER_BUFFER.  A timeout or a vanished device is none of them:
 * the command may have reached the drive and is not sent again. */
static BOOL refused_as_too_large(DWORD error)
{
    switch (error)
    {
    case ERROR_INVALID_PARAMETER:
    case ERROR_INVALID_USER_BUFFER:
    case ERROR_NOT_READY:
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_NO_SYSTEM_RESOURCES:
    case ERROR_NOT_SUPPORTED:
    case ERROR_INVALID_FUNCTION:
        return TRUE;
    default:
        return FALSE;
    }
}

static WCHAR *device_path(const WCHAR *path)
{
    static const WCHAR prefix[] = L"\\\\.\\";
    size_t len = wcslen(path);
    WCHAR *ret;

    if ((len == 1 || (len >= 2 && path[1] == ':' && (len == 2 || (len == 3 && path[2] == '\\'))))
            && ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')))
    {
        if (!(ret = malloc(sizeof(L"\\\\.\\X:"))))
            return NULL;
        wcscpy(ret, prefix);
        ret[4] = path[0];
        ret[5] = ':';
        ret[6] = 0;
        return ret;
    }
    if (!(ret = malloc((len + 1) * sizeof(WCHAR))))
        return NULL;
    wcscpy(ret, path);
    return ret;
}

HRESULT transport_open(const WCHAR *path, struct transport **out)
{
    IO_SCSI_CAPABILITIES caps;
    struct transport *t;
    SYSTEM_INFO info;
    DWORD returned;
    WCHAR *name;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!path || !path[0])
        return E_INVALIDARG;
    if (!(name = device_path(path)))
        return E_OUTOFMEMORY;
    if (!(t = calloc(1, sizeof(*t))))
    {
        free(name);
        return E_OUTOFMEMORY;
    }

    /* Under Wine 8, \\.\CdRomN opens but pass-through on it fails: callers
     * should pass the drive letter. */
    t->handle = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
            OPEN_EXISTING, 0, NULL);
    if (t->handle == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED)
        t->handle = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (t->handle == INVALID_HANDLE_VALUE)
    {
        DWORD error = GetLastError();

        WARN("Cannot open %s, error %lu.\n", debugstr_w(name), error);
        free(name);
        free(t);
        return HRESULT_FROM_WIN32(error);
    }

    GetSystemInfo(&info);
    t->page_size = info.dwPageSize ? info.dwPageSize : 4096;
    InitializeSRWLock(&t->lock);

    memset(&caps, 0, sizeof(caps));
    if (DeviceIoControl(t->handle, IOCTL_SCSI_GET_CAPABILITIES, NULL, 0, &caps, sizeof(caps), &returned, NULL)
            && returned >= offsetof(IO_SCSI_CAPABILITIES, AlignmentMask) + sizeof(caps.AlignmentMask))
        set_limits(t, &caps);
    else
        set_limits(t, NULL);

#ifndef _WIN64
    {
        BOOL wow64 = FALSE;

        if (IsWow64Process(GetCurrentProcess(), &wow64) && wow64)
            t->buffered = TRUE;
    }
#endif

    TRACE("%s: handle %p, max transfer %lu, alignment mask %#lx, physical pages %lu%s.\n", debugstr_w(name),
            t->handle, t->limits.max_transfer, t->limits.alignment_mask, t->limits.max_physical_pages,
            t->limits.from_device ? "" : " (defaults)");
    free(name);
    *out = t;
    return S_OK;
}

void transport_close(struct transport *t)
{
    if (!t)
        return;
    CloseHandle(t->handle);
    transport_free_buffer(t->bounce);
    free(t);
}

void transport_get_limits(const struct transport *t, struct transport_limits *limits)
{
    *limits = t->limits;
}

HRESULT transport_query_property(struct transport *t, int property, BYTE **data, ULONG *size)
{
    STORAGE_PROPERTY_QUERY query;
    STORAGE_DESCRIPTOR_HEADER header;
    DWORD returned, error;
    BYTE *buffer;

    *data = NULL;
    *size = 0;
    memset(&query, 0, sizeof(query));
    query.PropertyId = property;
    query.QueryType = PropertyStandardQuery;

    /* The header first: it gives the size of the whole descriptor. */
    memset(&header, 0, sizeof(header));
    if (!DeviceIoControl(t->handle, IOCTL_STORAGE_QUERY_PROPERTY, &query, sizeof(query), &header, sizeof(header),
            &returned, NULL))
    {
        error = GetLastError();
        TRACE("Property %d: error %lu.\n", property, error);
        return HRESULT_FROM_WIN32(error);
    }
    if (returned < sizeof(header) || header.Size < sizeof(header))
        return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);

    if (!(buffer = malloc(header.Size)))
        return E_OUTOFMEMORY;
    if (!DeviceIoControl(t->handle, IOCTL_STORAGE_QUERY_PROPERTY, &query, sizeof(query), buffer, header.Size,
            &returned, NULL))
    {
        error = GetLastError();
        free(buffer);
        return HRESULT_FROM_WIN32(error);
    }
    *data = buffer;
    *size = min(returned, header.Size);
    return S_OK;
}

void transport_device(struct transport *t, struct mmc_device *dev)
{
    dev->execute = transport_execute;
    dev->ctx = t;
    dev->max_transfer = t->limits.max_transfer;
}

static HRESULT error_to_hresult(DWORD error)
{
    switch (error)
    {
    case ERROR_SEM_TIMEOUT:
    case ERROR_TIMEOUT:
    case WAIT_TIMEOUT:
        return E_IMAPI_RECORDER_COMMAND_TIMEOUT;
    default:
        return HRESULT_FROM_WIN32(error);
    }
}

static UCHAR data_in_code(enum mmc_direction direction)
{
    switch (direction)
    {
    case MMC_DIR_TO_DEVICE: return SCSI_IOCTL_DATA_OUT;
    case MMC_DIR_FROM_DEVICE: return SCSI_IOCTL_DATA_IN;
    default: return SCSI_IOCTL_DATA_UNSPECIFIED;
    }
}

static void take_sense(struct mmc_command *cmd, const UCHAR *sense, UCHAR sense_length)
{
    cmd->sense_length = min(sense_length, MMC_SENSE_LENGTH);
    memcpy(cmd->sense, sense, cmd->sense_length);
}

/* buffer: the caller's, or a page-aligned bounce holding a copy of it. */
static BOOL send_direct(struct transport *t, struct mmc_command *cmd, void *buffer, DWORD *error)
{
    struct sptd_with_sense req;
    DWORD returned;

    memset(&req, 0, sizeof(req));
    req.sptd.Length = sizeof(req.sptd);
    req.sptd.CdbLength = cmd->cdb_len;
    req.sptd.SenseInfoLength = MMC_SENSE_LENGTH;
    req.sptd.DataIn = data_in_code(cmd->direction);
    req.sptd.DataTransferLength = cmd->direction == MMC_DIR_NONE ? 0 : cmd->length;
    req.sptd.TimeOutValue = cmd->timeout;
    req.sptd.DataBuffer = req.sptd.DataTransferLength ? buffer : NULL;
    req.sptd.SenseInfoOffset = offsetof(struct sptd_with_sense, sense);
    memcpy(req.sptd.Cdb, cmd->cdb, cmd->cdb_len);

    /* One buffer as both input and output, big enough for the sense. */
    if (!DeviceIoControl(t->handle, IOCTL_SCSI_PASS_THROUGH_DIRECT, &req, sizeof(req), &req, sizeof(req),
            &returned, NULL))
    {
        *error = GetLastError();
        return FALSE;
    }
    /* BytesReturned is only the struct size (anchors 2.3): use the struct's fields. */
    cmd->status = req.sptd.ScsiStatus;
    cmd->transferred = min(req.sptd.DataTransferLength, cmd->direction == MMC_DIR_NONE ? 0 : cmd->length);
    take_sense(cmd, req.sense, req.sptd.SenseInfoLength);
    return TRUE;
}

static BOOL send_buffered(struct transport *t, struct mmc_command *cmd, DWORD *error)
{
    struct spt_with_sense *req;
    DWORD returned, data_length = cmd->direction == MMC_DIR_NONE ? 0 : cmd->length;
    SIZE_T size = SPT_DATA_OFFSET + data_length;

    if (!(req = calloc(1, size)))
    {
        *error = ERROR_OUTOFMEMORY;
        return FALSE;
    }
    req->spt.Length = sizeof(req->spt);
    req->spt.CdbLength = cmd->cdb_len;
    req->spt.SenseInfoLength = MMC_SENSE_LENGTH;
    req->spt.DataIn = data_in_code(cmd->direction);
    req->spt.DataTransferLength = data_length;
    req->spt.TimeOutValue = cmd->timeout;
    req->spt.DataBufferOffset = SPT_DATA_OFFSET;
    req->spt.SenseInfoOffset = offsetof(struct spt_with_sense, sense);
    memcpy(req->spt.Cdb, cmd->cdb, cmd->cdb_len);
    if (cmd->direction == MMC_DIR_TO_DEVICE && data_length)
        memcpy((BYTE *)req + SPT_DATA_OFFSET, cmd->data, data_length);

    if (!DeviceIoControl(t->handle, IOCTL_SCSI_PASS_THROUGH, req, size, req, size, &returned, NULL))
    {
        *error = GetLastError();
        free(req);
        return FALSE;
    }
    cmd->status = req->spt.ScsiStatus;
    cmd->transferred = min(req->spt.DataTransferLength, data_length);
    if (cmd->direction == MMC_DIR_FROM_DEVICE && cmd->transferred)
        memcpy(cmd->data, (BYTE *)req + SPT_DATA_OFFSET, cmd->transferred);
    take_sense(cmd, req->sense, req->spt.SenseInfoLength);
    free(req);
    return TRUE;
}

static void *get_bounce(struct transport *t, SIZE_T size)
{
    if (t->bounce_size < size)
    {
        transport_free_buffer(t->bounce);
        t->bounce_size = 0;
        if (!(t->bounce = transport_alloc_buffer(size)))
            return NULL;
        t->bounce_size = size;
    }
    return t->bounce;
}

static void trace_command(const struct mmc_command *cmd)
{
    char text[96];

    mmc_describe_cdb(cmd->cdb, cmd->cdb_len, text, sizeof(text));
    TRACE("%s (%02x)%s%s, direction %u, length %u, timeout %u.\n", mmc_opcode_name(cmd->cdb[0]), cmd->cdb[0],
            text[0] ? " " : "", text, cmd->direction, cmd->length, cmd->timeout);
}

static void trace_result(const struct mmc_command *cmd)
{
    struct mmc_sense sense;

    if (cmd->status == MMC_STATUS_CHECK_CONDITION && !mmc_parse_sense(cmd->sense, cmd->sense_length, &sense))
        TRACE("%s: status %#x, transferred %u, sense %x/%02x/%02x %s (%s).\n", mmc_opcode_name(cmd->cdb[0]),
                cmd->status, cmd->transferred, sense.key, sense.asc, sense.ascq, mmc_sense_key_name(sense.key),
                mmc_sense_text(sense.key, sense.asc, sense.ascq));
    else
        TRACE("%s: status %#x, transferred %u, sense length %u.\n", mmc_opcode_name(cmd->cdb[0]), cmd->status,
                cmd->transferred, cmd->sense_length);
}

int32_t transport_execute(void *ctx, struct mmc_command *cmd)
{
    struct transport *t = ctx;
    DWORD error = ERROR_SUCCESS;
    void *buffer = NULL;
    BOOL bounced = FALSE, done;
    uint32_t length;

    if (!t || !cmd)
        return E_POINTER;
    cmd->status = MMC_STATUS_GOOD;
    cmd->transferred = 0;
    cmd->sense_length = 0;
    length = cmd->direction == MMC_DIR_NONE ? 0 : cmd->length;
    if (!cmd->cdb_len || cmd->cdb_len > sizeof(cmd->cdb) || (length && !cmd->data)
            || cmd->direction > MMC_DIR_FROM_DEVICE)
        return E_INVALIDARG;
    if (length > t->limits.bulk_transfer)
    {
        WARN("%s: %u bytes exceed the maximum transfer %lu.\n", mmc_opcode_name(cmd->cdb[0]), length,
                t->limits.bulk_transfer);
        return E_INVALIDARG;
    }
    /* Never leave the choice to the kernel (anchors 2.6). */
    if (!cmd->timeout)
        cmd->timeout = mmc_command_timeout(cmd->cdb[0]);

    if (TRACE_ON(imapi2))
        trace_command(cmd);

    AcquireSRWLockExclusive(&t->lock);
    done = FALSE;
    if (!t->buffered)
    {
        buffer = cmd->data;
        if (length && ((ULONG_PTR)buffer & t->limits.alignment_mask))
        {
            if ((buffer = get_bounce(t, length)))
            {
                bounced = TRUE;
                if (cmd->direction == MMC_DIR_TO_DEVICE)
                    memcpy(buffer, cmd->data, length);
            }
        }
        if (buffer || !length)
        {
            done = send_direct(t, cmd, buffer, &error);
            if (done && bounced && cmd->direction == MMC_DIR_FROM_DEVICE && cmd->transferred)
                memcpy(cmd->data, buffer, cmd->transferred);
            /* Too large for the host, not a reason to give up DIRECT. */
            if (!done && (error == ERROR_INVALID_PARAMETER || error == ERROR_NOT_SUPPORTED
                    || error == ERROR_INVALID_FUNCTION) && length <= t->limits.max_transfer)
            {
                WARN("IOCTL_SCSI_PASS_THROUGH_DIRECT failed (error %lu), using IOCTL_SCSI_PASS_THROUGH.\n", error);
                if ((done = send_buffered(t, cmd, &error)))
                    t->buffered = TRUE;
            }
        }
        else
        {
            /* No bounce buffer: the buffered IOCTL copies instead. */
            done = send_buffered(t, cmd, &error);
        }
    }
    else
    {
        done = send_buffered(t, cmd, &error);
    }
    if (!done && length > t->limits.max_transfer && refused_as_too_large(error))
    {
        /* Halved until below what was refused: 256, 128, 64 KiB, then what
         * Wine reported; halving the limit, not the command, keeps it a
         * multiple of the write unit (32 KiB DVD ECC block, 64 KiB BD cluster). */
        do
            t->limits.bulk_transfer = max(t->limits.bulk_transfer / 2, t->limits.max_transfer);
        while (t->limits.bulk_transfer >= length);
        t->limits.bulk_transfer -= t->limits.bulk_transfer % MMC_BLOCK_SIZE;
        TRACE("%s: the host refused %u bytes (error %lu); %lu from now on.\n", mmc_opcode_name(cmd->cdb[0]),
                length, error, t->limits.bulk_transfer);
        ReleaseSRWLockExclusive(&t->lock);
        cmd->transferred = 0;
        cmd->sense_length = 0;
        return TRANSPORT_E_TOO_LARGE;
    }
    ReleaseSRWLockExclusive(&t->lock);

    if (!done)
    {
        HRESULT hr = error_to_hresult(error);

        TRACE("%s: DeviceIoControl failed, error %lu, hr %#lx.\n", mmc_opcode_name(cmd->cdb[0]), error, hr);
        cmd->transferred = 0;
        cmd->sense_length = 0;
        return hr;
    }
    if (TRACE_ON(imapi2))
        trace_result(cmd);
    return 0;
}

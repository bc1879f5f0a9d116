/*
 * bench-rawwrite: the baseline of 'make bench', a plain loop of WRITE(10)
 * through IOCTL_SCSI_PASS_THROUGH_DIRECT, as fast as a Windows program can go.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windef.h>
#include <winbase.h>
#include <winioctl.h>
#include <ntddscsi.h>

struct sptd_with_sense
{
    SCSI_PASS_THROUGH_DIRECT sptd;
    ULONG filler;
    UCHAR sense[32];
};

static BOOL run(HANDLE device, const UCHAR *cdb, UCHAR cdb_len, void *data, ULONG length, BOOL out)
{
    struct sptd_with_sense s;
    DWORD returned;

    memset(&s, 0, sizeof(s));
    s.sptd.Length = sizeof(s.sptd);
    s.sptd.CdbLength = cdb_len;
    s.sptd.SenseInfoLength = 18;
    s.sptd.DataIn = length ? (out ? SCSI_IOCTL_DATA_OUT : SCSI_IOCTL_DATA_IN) : SCSI_IOCTL_DATA_UNSPECIFIED;
    s.sptd.DataTransferLength = length;
    s.sptd.TimeOutValue = 200;
    s.sptd.DataBuffer = data;
    s.sptd.SenseInfoOffset = offsetof(struct sptd_with_sense, sense);
    memcpy(s.sptd.Cdb, cdb, cdb_len);
    if (!DeviceIoControl(device, IOCTL_SCSI_PASS_THROUGH_DIRECT, &s, sizeof(s), &s, sizeof(s), &returned, NULL))
        return FALSE;
    if (s.sptd.ScsiStatus)
        fprintf(stderr, "bench-rawwrite: opcode %02x: sense %x/%02x/%02x\n", cdb[0], s.sense[2] & 0xf,
                s.sense[12], s.sense[13]);
    return !s.sptd.ScsiStatus;
}

static double filetime_seconds(FILETIME t)
{
    return (((ULONGLONG)t.dwHighDateTime << 32) | t.dwLowDateTime) / 1e7;
}

int __cdecl main(int argc, char **argv)
{
    IO_SCSI_CAPABILITIES caps;
    FILETIME create, exit_time, kernel, user;
    LARGE_INTEGER frequency, start, end;
    ULONG transfer = 65536, unit = 32, lba = 0, blocks, done;
    ULONGLONG bytes;
    char path[16];
    DWORD returned;
    HANDLE device;
    double seconds;
    BYTE *buffer;
    UCHAR cdb[10];

    if (argc < 3)
    {
        fprintf(stderr, "usage: bench-rawwrite X: BYTES [WRITE_UNIT_BLOCKS [LBA]]\n");
        return 2;
    }
    bytes = _strtoui64(argv[2], NULL, 10);
    if (argc > 3) unit = strtoul(argv[3], NULL, 10);
    if (argc > 4) lba = strtoul(argv[4], NULL, 10);
    snprintf(path, sizeof(path), "\\\\.\\%c:", argv[1][0]);
    device = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
            OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE)
    {
        fprintf(stderr, "bench-rawwrite: cannot open %s (error %lu)\n", path, GetLastError());
        return 1;
    }
    /* The transfer size imapi2.dll uses: the adapter maximum in whole write units. */
    if (DeviceIoControl(device, IOCTL_SCSI_GET_CAPABILITIES, NULL, 0, &caps, sizeof(caps), &returned, NULL)
            && caps.MaximumTransferLength)
        transfer = caps.MaximumTransferLength;
    if (transfer >= unit * 2048)
        transfer -= transfer % (unit * 2048);
    else
        transfer -= transfer % 2048;

    buffer = VirtualAlloc(NULL, transfer, MEM_COMMIT, PAGE_READWRITE);
    memset(buffer, 0x5a, transfer);
    blocks = (ULONG)(bytes / 2048);

    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&start);
    for (done = 0; done < blocks;)
    {
        ULONG count = min(blocks - done, transfer / 2048);

        memset(cdb, 0, sizeof(cdb));
        cdb[0] = 0x2a;
        cdb[2] = (lba + done) >> 24; cdb[3] = (lba + done) >> 16; cdb[4] = (lba + done) >> 8; cdb[5] = lba + done;
        cdb[7] = count >> 8; cdb[8] = count;
        if (!run(device, cdb, 10, buffer, count * 2048, TRUE))
        {
            fprintf(stderr, "bench-rawwrite: WRITE at %lu failed\n", lba + done);
            return 1;
        }
        done += count;
    }
    memset(cdb, 0, sizeof(cdb));
    cdb[0] = 0x35;
    run(device, cdb, 10, NULL, 0, FALSE);
    QueryPerformanceCounter(&end);

    seconds = (double)(end.QuadPart - start.QuadPart) / frequency.QuadPart;
    GetProcessTimes(GetCurrentProcess(), &create, &exit_time, &kernel, &user);
    printf("transfer=%lu\nblocks=%lu\nseconds=%.3f\ncpu=%.3f\n", transfer, blocks, seconds,
            filetime_seconds(kernel) + filetime_seconds(user));
    CloseHandle(device);
    return 0;
}

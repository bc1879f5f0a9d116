/*
 * bench-rawwrite: the baseline of 'make bench', a plain loop that reads an
 * image file and writes it with WRITE(10) through
 * IOCTL_SCSI_PASS_THROUGH_DIRECT, as fast as one Windows thread can go.
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

/*
 * usage: bench-rawwrite X: IMAGE [--transfer BYTES] [--unit BLOCKS] [--read BYTES] [--lba LBA] [--verify]
 *
 * The image is read with ReadFile, --read bytes at a time (default 256 KiB,
 * what imapi2.dll reads from its stream per queue slot), into a page-aligned
 * buffer, and written from there with WRITE(10) commands of the transfer size
 * imapi2.dll uses: the MaximumTransferLength that IOCTL_SCSI_GET_CAPABILITIES
 * reports (256 KiB where that is Wine 8's 32 KiB placeholder), in whole write
 * units (--unit, default 32 blocks) when it holds one, else in whole blocks.  --transfer forces another size, to see what the
 * pass-through path accepts.  A SYNCHRONIZE CACHE ends the loop.  --verify
 * then reads the blocks back with READ(10) of the same size and compares them
 * with the image.
 *
 * Prints key=value lines: max_transfer (as reported), alignment_mask,
 * transfer, read, blocks, seconds (the read and write loop), cpu (process
 * user and kernel seconds), loop_cpu (those of the loop), and verify=ok or
 * verify=mismatch at LBA N.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windef.h>
#include <winbase.h>
#include <winioctl.h>
#include <ntddscsi.h>

#define BLOCK_SIZE 2048

struct sptd_with_sense
{
    SCSI_PASS_THROUGH_DIRECT sptd;
    ULONG filler;
    UCHAR sense[32];
};

/* Returns 0 on GOOD status, 1 on another status, -1 when the ioctl fails. */
static int run(HANDLE device, const UCHAR *cdb, UCHAR cdb_len, void *data, ULONG length, BOOL out)
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
    {
        fprintf(stderr, "bench-rawwrite: opcode %02x, %lu bytes: DeviceIoControl failed, error %lu\n", cdb[0],
                length, GetLastError());
        return -1;
    }
    if (s.sptd.ScsiStatus)
    {
        fprintf(stderr, "bench-rawwrite: opcode %02x, %lu bytes: status %02x, sense %x/%02x/%02x\n", cdb[0], length,
                s.sptd.ScsiStatus, s.sense[2] & 0xf, s.sense[12], s.sense[13]);
        return 1;
    }
    if (s.sptd.DataTransferLength != length)
    {
        fprintf(stderr, "bench-rawwrite: opcode %02x: %lu of %lu bytes moved\n", cdb[0],
                s.sptd.DataTransferLength, length);
        return 1;
    }
    return 0;
}

static void build_rw10(UCHAR *cdb, UCHAR opcode, ULONG lba, ULONG count)
{
    memset(cdb, 0, 10);
    cdb[0] = opcode;
    cdb[2] = lba >> 24; cdb[3] = lba >> 16; cdb[4] = lba >> 8; cdb[5] = lba;
    cdb[7] = count >> 8; cdb[8] = count;
}

static double filetime_seconds(FILETIME t)
{
    return (((ULONGLONG)t.dwHighDateTime << 32) | t.dwLowDateTime) / 1e7;
}

/* Fills BUFFER with up to SIZE bytes of the file; the tail of a last partial
 * block is zeroed.  Returns the bytes read, rounded up to whole blocks. */
static ULONG read_chunk(HANDLE file, BYTE *buffer, ULONG size)
{
    ULONG total = 0;
    DWORD got;

    while (total < size && ReadFile(file, buffer + total, size - total, &got, NULL) && got)
        total += got;
    if (total % BLOCK_SIZE)
    {
        memset(buffer + total, 0, BLOCK_SIZE - total % BLOCK_SIZE);
        total += BLOCK_SIZE - total % BLOCK_SIZE;
    }
    return total;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench-rawwrite X: IMAGE [--transfer BYTES] [--unit BLOCKS] [--read BYTES] [--lba LBA] "
            "[--verify]\n");
}

int __cdecl main(int argc, char **argv)
{
    ULONG transfer = 0, unit = 32, read_size = 256 * 1024, lba = 0, blocks, done, reported = 0, mask = 0;
    IO_SCSI_CAPABILITIES caps;
    FILETIME create, exit_time, kernel, user;
    LARGE_INTEGER frequency, start, end, file_size;
    BOOL verify = FALSE;
    BYTE *buffer, *check = NULL;
    HANDLE device, file;
    char path[16];
    DWORD returned;
    double seconds, loop_cpu;
    UCHAR cdb[10];
    int i, ret = 0;

    if (argc < 3)
    {
        usage();
        return 2;
    }
    for (i = 3; i < argc; ++i)
    {
        if (!strcmp(argv[i], "--transfer") && i + 1 < argc)
            transfer = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--unit") && i + 1 < argc)
            unit = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--read") && i + 1 < argc)
            read_size = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--lba") && i + 1 < argc)
            lba = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--verify"))
            verify = TRUE;
        else
        {
            usage();
            return 2;
        }
    }
    if (!unit)
        unit = 1;

    snprintf(path, sizeof(path), "\\\\.\\%c:", argv[1][0]);
    device = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
            OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE)
    {
        fprintf(stderr, "bench-rawwrite: cannot open %s (error %lu)\n", path, GetLastError());
        return 1;
    }
    file = CreateFileA(argv[2], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (file == INVALID_HANDLE_VALUE || !GetFileSizeEx(file, &file_size))
    {
        fprintf(stderr, "bench-rawwrite: cannot open %s (error %lu)\n", argv[2], GetLastError());
        return 1;
    }

    /* The transfer size imapi2.dll uses: the adapter maximum in whole write units. */
    if (DeviceIoControl(device, IOCTL_SCSI_GET_CAPABILITIES, NULL, 0, &caps, sizeof(caps), &returned, NULL))
    {
        reported = caps.MaximumTransferLength;
        mask = caps.AlignmentMask;
    }
    if (!transfer)
    {
        transfer = reported >= BLOCK_SIZE ? reported : 65536;
        /* Wine 8's placeholder (32 KiB, the page size as mask): imapi2.dll sends 256 KiB. */
        if (reported == 32768 && mask >= 512 && !(mask & (mask - 1)))
            transfer = 262144;
        if (transfer >= unit * BLOCK_SIZE)
            transfer -= transfer % (unit * BLOCK_SIZE);
        else
            transfer -= transfer % BLOCK_SIZE;
    }
    if (transfer < BLOCK_SIZE || transfer % BLOCK_SIZE || transfer / BLOCK_SIZE > 0xffff)
    {
        fprintf(stderr, "bench-rawwrite: the transfer must be a whole number of 2048-byte blocks, at most 65535\n");
        return 2;
    }
    /* Whole WRITEs in every read. */
    if (read_size < transfer)
        read_size = transfer;
    read_size -= read_size % transfer;

    buffer = VirtualAlloc(NULL, read_size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (verify)
        check = VirtualAlloc(NULL, transfer, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!buffer || (verify && !check))
    {
        fprintf(stderr, "bench-rawwrite: out of memory\n");
        return 1;
    }
    blocks = (ULONG)((file_size.QuadPart + BLOCK_SIZE - 1) / BLOCK_SIZE);
    printf("max_transfer=%lu\nalignment_mask=%#lx\ntransfer=%lu\nread=%lu\nblocks=%lu\n", reported, mask, transfer,
            read_size, blocks);
    fflush(stdout);

    QueryPerformanceFrequency(&frequency);
    GetProcessTimes(GetCurrentProcess(), &create, &exit_time, &kernel, &user);
    loop_cpu = filetime_seconds(kernel) + filetime_seconds(user);
    QueryPerformanceCounter(&start);
    for (done = 0; done < blocks && !ret;)
    {
        ULONG got = read_chunk(file, buffer, min((ULONGLONG)(blocks - done) * BLOCK_SIZE, read_size)), offset;

        if (!got)
        {
            fprintf(stderr, "bench-rawwrite: reading the image failed at block %lu (error %lu)\n", done,
                    GetLastError());
            ret = 1;
            break;
        }
        for (offset = 0; offset < got; offset += transfer)
        {
            ULONG count = min(got - offset, transfer) / BLOCK_SIZE;

            build_rw10(cdb, 0x2a, lba + done, count);
            if (run(device, cdb, 10, buffer + offset, count * BLOCK_SIZE, TRUE))
            {
                fprintf(stderr, "bench-rawwrite: WRITE(10) of %lu blocks at %lu failed\n", count, lba + done);
                ret = 1;
                break;
            }
            done += count;
        }
    }
    memset(cdb, 0, sizeof(cdb));
    cdb[0] = 0x35;
    if (!ret && run(device, cdb, 10, NULL, 0, FALSE))
        ret = 1;
    QueryPerformanceCounter(&end);

    seconds = (double)(end.QuadPart - start.QuadPart) / frequency.QuadPart;
    GetProcessTimes(GetCurrentProcess(), &create, &exit_time, &kernel, &user);
    loop_cpu = filetime_seconds(kernel) + filetime_seconds(user) - loop_cpu;
    printf("seconds=%.3f\ncpu=%.3f\nloop_cpu=%.3f\n", seconds, filetime_seconds(kernel) + filetime_seconds(user),
            loop_cpu);

    if (verify && !ret)
    {
        LARGE_INTEGER zero;

        zero.QuadPart = 0;
        SetFilePointerEx(file, zero, NULL, FILE_BEGIN);
        for (done = 0; done < blocks && !ret;)
        {
            ULONG got = read_chunk(file, buffer, min((ULONGLONG)(blocks - done) * BLOCK_SIZE, read_size)), offset;

            for (offset = 0; offset < got && !ret; offset += transfer)
            {
                ULONG count = min(got - offset, transfer) / BLOCK_SIZE;

                build_rw10(cdb, 0x28, lba + done, count);
                if (run(device, cdb, 10, check, count * BLOCK_SIZE, FALSE))
                {
                    printf("verify=READ(10) of %lu blocks at %lu failed\n", count, lba + done);
                    ret = 1;
                }
                else if (memcmp(check, buffer + offset, count * BLOCK_SIZE))
                {
                    printf("verify=mismatch in the %lu blocks at %lu\n", count, lba + done);
                    ret = 1;
                }
                done += count;
            }
        }
        if (!ret)
            printf("verify=ok\n");
    }
    CloseHandle(file);
    CloseHandle(device);
    return ret;
}

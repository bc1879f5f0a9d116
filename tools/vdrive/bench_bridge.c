/*
 * Virtual MMC recorder: WRITE(10) throughput through the SG_IO bridge
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
 * Run it with the bridge preloaded, on a recorder holding random-writable
 * media (e.g. formatted BD-RE or DVD+RW):
 *   vdrive exec DIR -- bench_bridge [--device /dev/sr0] [--mib N] [--span-mib N]
 *                                   [--start LBA] [--expect-kbps K]
 * It loops WRITE(10) of 64 KiB from LBA --start, wrapping every --span-mib,
 * and prints the rate and the CPU time.  With --expect-kbps (the speed set
 * with 'vdrive speed', in kB/s of user data, 1 kB = 1000 bytes) it also
 * prints how far the measured rate is from it.  It reports; it does not judge.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <scsi/sg.h>

#define SECTOR_SIZE         2048
#define TRANSFER_BYTES      (64 * 1024)
#define TRANSFER_SECTORS    (TRANSFER_BYTES / SECTOR_SIZE)
#define MMC_WRITE_10        0x2a
#define MMC_SYNCHRONIZE_CACHE 0x35
#define WRITE_TIMEOUT_MS    60000
#define SENSE_BUFFER        32
#define MIB                 (1024 * 1024)

static double seconds(const struct timespec *t)
{
    return t->tv_sec + t->tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
    struct rusage usage;

    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
           + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int send(int fd, uint8_t *cdb, int cdb_len, int direction, void *data, unsigned int len)
{
    uint8_t sense[SENSE_BUFFER];
    sg_io_hdr_t hdr;

    memset(&hdr, 0, sizeof(hdr));
    hdr.interface_id = 'S';
    hdr.cmdp = cdb;
    hdr.cmd_len = cdb_len;
    hdr.dxfer_direction = direction;
    hdr.dxferp = data;
    hdr.dxfer_len = len;
    hdr.sbp = sense;
    hdr.mx_sb_len = sizeof(sense);
    hdr.timeout = WRITE_TIMEOUT_MS;
    if (ioctl(fd, SG_IO, &hdr) < 0)
    {
        fprintf(stderr, "bench_bridge: SG_IO: %s\n", strerror(errno));
        return -1;
    }
    if (hdr.status || hdr.host_status || hdr.resid)
    {
        fprintf(stderr, "bench_bridge: opcode %02x: status %02x host %02x resid %d "
                "sense %02x/%02x/%02x\n", cdb[0], hdr.status, hdr.host_status, hdr.resid,
                hdr.sb_len_wr > 2 ? sense[2] & 0x0f : 0, hdr.sb_len_wr > 12 ? sense[12] : 0,
                hdr.sb_len_wr > 13 ? sense[13] : 0);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *device = "/dev/sr0";
    unsigned long long total_mib = 1024, span_mib = 256, start = 0, count, i;
    double expect_kbps = 0, wall, cpu, rate;
    struct timespec begin, end;
    uint8_t cdb[10];
    uint32_t lba, span_sectors;
    void *buffer;
    int fd, arg;

    for (arg = 1; arg < argc; arg++)
    {
        if (!strcmp(argv[arg], "--device") && arg + 1 < argc)
            device = argv[++arg];
        else if (!strcmp(argv[arg], "--mib") && arg + 1 < argc)
            total_mib = strtoull(argv[++arg], NULL, 0);
        else if (!strcmp(argv[arg], "--span-mib") && arg + 1 < argc)
            span_mib = strtoull(argv[++arg], NULL, 0);
        else if (!strcmp(argv[arg], "--start") && arg + 1 < argc)
            start = strtoull(argv[++arg], NULL, 0);
        else if (!strcmp(argv[arg], "--expect-kbps") && arg + 1 < argc)
            expect_kbps = strtod(argv[++arg], NULL);
        else
        {
            fprintf(stderr, "Usage: bench_bridge [--device DEV] [--mib N] [--span-mib N] "
                    "[--start LBA] [--expect-kbps K]\n");
            return 2;
        }
    }
    if (!total_mib || !span_mib)
    {
        fprintf(stderr, "bench_bridge: --mib and --span-mib must be positive\n");
        return 2;
    }
    if ((fd = open(device, O_RDWR | O_NONBLOCK)) < 0)
    {
        fprintf(stderr, "bench_bridge: %s: %s\n", device, strerror(errno));
        return 1;
    }
    if (posix_memalign(&buffer, 4096, TRANSFER_BYTES))
        return 1;
    memset(buffer, 0x5a, TRANSFER_BYTES);

    count = total_mib * MIB / TRANSFER_BYTES;
    span_sectors = span_mib * MIB / SECTOR_SIZE;
    clock_gettime(CLOCK_MONOTONIC, &begin);
    cpu = cpu_seconds();
    for (i = 0; i < count; i++)
    {
        lba = start + (i * TRANSFER_SECTORS) % span_sectors;
        memset(cdb, 0, sizeof(cdb));
        cdb[0] = MMC_WRITE_10;
        cdb[2] = lba >> 24;
        cdb[3] = lba >> 16;
        cdb[4] = lba >> 8;
        cdb[5] = lba;
        cdb[7] = TRANSFER_SECTORS >> 8;
        cdb[8] = TRANSFER_SECTORS & 0xff;
        if (send(fd, cdb, sizeof(cdb), SG_DXFER_TO_DEV, buffer, TRANSFER_BYTES))
        {
            fprintf(stderr, "bench_bridge: WRITE(10) at LBA %u failed\n", lba);
            return 1;
        }
    }
    memset(cdb, 0, sizeof(cdb));
    cdb[0] = MMC_SYNCHRONIZE_CACHE;
    send(fd, cdb, sizeof(cdb), SG_DXFER_NONE, NULL, 0);
    clock_gettime(CLOCK_MONOTONIC, &end);
    cpu = cpu_seconds() - cpu;
    wall = seconds(&end) - seconds(&begin);
    rate = count * (double)TRANSFER_BYTES / wall;

    printf("bench_bridge: %llu x WRITE(10) of %u KiB (%llu MiB) in %.3f s: %.1f MB/s "
           "(%.1f MiB/s), CPU %.3f s (%.0f%%), %.1f us per command\n",
           count, TRANSFER_BYTES / 1024, total_mib, wall, rate / 1e6, rate / MIB, cpu,
           100 * cpu / wall, wall * 1e6 / count);
    if (expect_kbps > 0)
        printf("bench_bridge: paced: expected %.1f kB/s, measured %.1f kB/s, deviation %+.2f%%\n",
               expect_kbps, rate / 1e3, 100 * (rate / 1e3 - expect_kbps) / expect_kbps);
    close(fd);
    free(buffer);
    return 0;
}

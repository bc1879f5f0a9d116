/*
 * Virtual MMC recorder: benchmark of the emulator core's WRITE(10) path.
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

/* Usage: bench_core [DIR] [SECONDS]
 * Unpaced: WRITE(10) of 64 KiB in a loop on a formatted BD-RE, cycling over
 * a 256 MiB window so the page cache, not the disk, is measured; prints
 * MB/s and commands/s.  Paced: the same at 8x-dvd, prints the achieved rate
 * and its deviation from the set speed. */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vdrive.h"

#define TRANSFER_BLOCKS  32
#define BLOCK_SIZE       2048
#define WINDOW_BLOCKS    (256 * 1024 * 1024 / BLOCK_SIZE)
#define PACED_SPEED      "8x-dvd"
#define PACED_BYTES      (8 * 1385000.0)

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int send(struct vdrive *drive, const uint8_t *cdb, unsigned int len, enum vdrive_direction dir,
                void *data, uint32_t data_len)
{
    struct vdrive_result result;

    if (vdrive_execute(drive, cdb, len, dir, data, data_len, 10000, &result) < 0) return -1;
    if (result.status)
        fprintf(stderr, "opcode %02x: sense %x/%02x/%02x\n", cdb[0], result.sense[2] & 0xf,
                result.sense[12], result.sense[13]);
    return result.status ? -1 : 0;
}

static double run(struct vdrive *drive, double seconds, uint8_t *buffer, unsigned long *commands)
{
    double start = now_seconds(), elapsed;
    uint32_t lba = 0;
    unsigned long count = 0;

    do
    {
        int i;
        for (i = 0; i < 64; i++)
        {
            uint8_t cdb[10] = {0x2a, 0, lba >> 24, lba >> 16, lba >> 8, lba, 0, 0, TRANSFER_BLOCKS, 0};
            if (send(drive, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, buffer, TRANSFER_BLOCKS * BLOCK_SIZE) < 0)
                return -1;
            lba = (lba + TRANSFER_BLOCKS) % WINDOW_BLOCKS;
            count++;
        }
        elapsed = now_seconds() - start;
    } while (elapsed < seconds);
    *commands = count;
    return count * (double)TRANSFER_BLOCKS * BLOCK_SIZE / elapsed;
}

int main(int argc, char **argv)
{
    char err[256];
    const char *dir = argc > 1 ? argv[1] : NULL;
    double seconds = argc > 2 ? atof(argv[2]) : 3.0, rate;
    static uint8_t buffer[TRANSFER_BLOCKS * BLOCK_SIZE];
    uint8_t format_cdb[6] = {0x04, 0x11, 0, 0, 0, 0};
    uint8_t format_list[12] = {0, 0x02, 0, 8, 0, 0, 0, 0, 0x31 << 2, 0, 0, 0};
    uint8_t tur[6] = {0};
    struct vdrive *drive;
    unsigned long commands;
    int tmp = 0;

    if (!dir)
    {
        const char *base = getenv("TMPDIR");
        char *path = NULL;
        if (!base) base = P_tmpdir;
        if (asprintf(&path, "%s/vdrive-bench-XXXXXX", base) > 0 && mkdtemp(path)) dir = path;
        else
        {
            perror("mkdtemp");
            return 1;
        }
        tmp = 1;
    }
    memset(buffer, 0x5a, sizeof(buffer));
    if (vdrive_create(dir, "bd-re", err, sizeof(err)) < 0 || !(drive = vdrive_open(dir, err, sizeof(err))))
    {
        fprintf(stderr, "bench_core: %s\n", err);
        return 1;
    }
    send(drive, tur, sizeof(tur), VDRIVE_DIR_NONE, NULL, 0);   /* consumes the unit attention */
    if (send(drive, format_cdb, sizeof(format_cdb), VDRIVE_DIR_TO_DEVICE, format_list, sizeof(format_list)) < 0)
        return 1;

    rate = run(drive, seconds, buffer, &commands);
    if (rate < 0) return 1;
    printf("unpaced: %.0f MB/s, %.0f WRITE(10)/s of 64 KiB\n", rate / 1e6, commands / seconds);

    if (vdrive_speed(dir, PACED_SPEED, err, sizeof(err)) < 0)
    {
        fprintf(stderr, "bench_core: %s\n", err);
        return 1;
    }
    rate = run(drive, seconds < 2 ? seconds : 2, buffer, &commands);
    printf("paced %s: %.3f MB/s (set %.3f MB/s, deviation %+.2f%%)\n", PACED_SPEED, rate / 1e6,
           PACED_BYTES / 1e6, (rate - PACED_BYTES) / PACED_BYTES * 100);
    vdrive_close(drive);
    if (tmp)
    {
        char command[512];
        snprintf(command, sizeof(command), "rm -rf '%s'", dir);
        if (system(command)) { /* leftovers in the temporary directory are harmless */ }
    }
    return 0;
}

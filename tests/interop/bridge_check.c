/*
 * The SG_IO bridge as a Linux program sees it: device paths, stat results, ioctls
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
 * Run by bridge.sh as
 *   vdrive exec ROM_DIR EMPTY_DIR -- bridge_check
 * where ROM_DIR holds a cd-rom made from an image of CHECK_ROM_BLOCKS
 * blocks (passed in BRIDGE_CHECK_ROM_BLOCKS) and EMPTY_DIR no media.
 * Expected values come from the Linux sg/sr driver conventions and MMC.
 */

#define _GNU_SOURCE
#define STANDALONE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <scsi/sg.h>
#include <linux/cdrom.h>
#include <linux/fs.h>

#include "wine/test.h"

#define SR_MAJOR                11
#define SECTOR_SIZE             2048
#define FIXED_SENSE_LENGTH      18
#define DRIVER_SENSE            0x08
#define SCSI_IOCTL_GET_IDLUN    0x5382
#define SCSI_IOCTL_GET_BUS_NUMBER 0x5386
#define CD_MSF_OFFSET_FRAMES    150
#define THREADS                 4
#define THREAD_READS            50

static unsigned int rom_blocks;

static void prepare(const uint8_t *cdb, int cdb_len, int direction, void *data, unsigned int len,
                    uint8_t *sense, unsigned int sense_max, sg_io_hdr_t *hdr)
{
    memset(hdr, 0, sizeof(*hdr));
    hdr->interface_id = 'S';
    hdr->cmdp = (uint8_t *)cdb;
    hdr->cmd_len = cdb_len;
    hdr->dxfer_direction = direction;
    hdr->dxferp = data;
    hdr->dxfer_len = len;
    hdr->sbp = sense;
    hdr->mx_sb_len = sense_max;
    hdr->timeout = 10000;
}

static int send(int fd, const uint8_t *cdb, int cdb_len, int direction, void *data,
                unsigned int len, uint8_t *sense, unsigned int sense_max, sg_io_hdr_t *hdr)
{
    prepare(cdb, cdb_len, direction, data, len, sense, sense_max, hdr);
    return ioctl(fd, SG_IO, hdr);
}

static void test_stat(void)
{
    struct stat st;
    struct statx stx;
    int fd;

    ok(!stat("/dev/sr0", &st), "stat(/dev/sr0) failed, errno %d.\n", errno);
    ok(S_ISBLK(st.st_mode), "/dev/sr0 mode %o, expected a block device.\n", st.st_mode);
    ok(st.st_rdev == makedev(SR_MAJOR, 0), "/dev/sr0 rdev %u:%u.\n", major(st.st_rdev), minor(st.st_rdev));
    ok(!lstat("/dev/sr1", &st) && S_ISBLK(st.st_mode) && st.st_rdev == makedev(SR_MAJOR, 1),
       "/dev/sr1: mode %o rdev %u:%u.\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
    ok(stat("/dev/sr2", &st) && errno == ENOENT, "/dev/sr2 exists (errno %d).\n", errno);
    ok(!access("/dev/sr0", R_OK | W_OK), "access(/dev/sr0) failed, errno %d.\n", errno);

    ok(!statx(AT_FDCWD, "/dev/sr0", 0, STATX_BASIC_STATS, &stx), "statx failed, errno %d.\n", errno);
    ok(S_ISBLK(stx.stx_mode) && stx.stx_rdev_major == SR_MAJOR && stx.stx_rdev_minor == 0,
       "statx: mode %o rdev %u:%u.\n", stx.stx_mode, stx.stx_rdev_major, stx.stx_rdev_minor);

    fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    ok(fd >= 0, "open(/dev/sr0) failed, errno %d.\n", errno);
    ok(!fstat(fd, &st) && S_ISBLK(st.st_mode) && st.st_rdev == makedev(SR_MAJOR, 0),
       "fstat: mode %o rdev %u:%u.\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
    close(fd);
}

static void test_sg_io_fields(int fd)
{
    uint8_t inquiry[6] = {0x12, 0, 0, 0, 96, 0}, bad[6] = {0x0c};
    uint8_t data[96], sense[32];
    sg_io_hdr_t hdr;
    int version = 0;

    ok(!ioctl(fd, SG_GET_VERSION_NUM, &version) && version >= 30000,
       "SG_GET_VERSION_NUM: %d.\n", version);

    /* GOOD: no sense, no noise; resid = requested - returned (SPC: at least 36) */
    memset(sense, 0xcc, sizeof(sense));
    ok(!send(fd, inquiry, 6, SG_DXFER_FROM_DEV, data, sizeof(data), sense, sizeof(sense), &hdr),
       "SG_IO INQUIRY failed, errno %d.\n", errno);
    ok(!hdr.status && !hdr.masked_status && !hdr.host_status && !hdr.driver_status
       && hdr.info == SG_INFO_OK && !hdr.sb_len_wr,
       "INQUIRY: status %x masked %x host %x driver %x info %x sense %u.\n", hdr.status,
       hdr.masked_status, hdr.host_status, hdr.driver_status, hdr.info, hdr.sb_len_wr);
    ok(hdr.resid >= 0 && hdr.resid <= 96 - 36 && 96 - hdr.resid == data[4] + 5,
       "INQUIRY: resid %d, additional length %u.\n", hdr.resid, data[4]);
    ok((data[0] & 0x1f) == 5, "INQUIRY: type %#x.\n", data[0]);

    /* CHECK CONDITION: every field of sg_io_hdr_t */
    ok(!send(fd, bad, 6, SG_DXFER_NONE, NULL, 0, sense, sizeof(sense), &hdr),
       "SG_IO failed, errno %d.\n", errno);
    ok(hdr.status == 0x02 && hdr.masked_status == 0x01, "status %#x masked %#x.\n",
       hdr.status, hdr.masked_status);
    ok(hdr.driver_status == DRIVER_SENSE && !hdr.host_status, "driver %#x host %#x.\n",
       hdr.driver_status, hdr.host_status);
    ok(hdr.info & SG_INFO_CHECK, "info %#x.\n", hdr.info);
    ok(hdr.sb_len_wr == FIXED_SENSE_LENGTH, "sb_len_wr %u.\n", hdr.sb_len_wr);
    ok(sense[0] == 0x70 && (sense[2] & 0x0f) == 5 && sense[12] == 0x20 && sense[13] == 0,
       "sense %02x %02x/%02x/%02x.\n", sense[0], sense[2] & 0x0f, sense[12], sense[13]);

    /* a short sense buffer gets what fits; none at all gets nothing */
    ok(!send(fd, bad, 6, SG_DXFER_NONE, NULL, 0, sense, 8, &hdr) && hdr.sb_len_wr == 8,
       "mx_sb_len 8: sb_len_wr %u.\n", hdr.sb_len_wr);
    ok(!send(fd, bad, 6, SG_DXFER_NONE, NULL, 0, NULL, 0, &hdr) && hdr.sb_len_wr == 0
       && hdr.status == 0x02, "no sense buffer: sb_len_wr %u status %#x.\n", hdr.sb_len_wr,
       hdr.status);
    ok(!send(fd, bad, 6, SG_DXFER_NONE, NULL, 0, sense, 0, &hdr) && hdr.sb_len_wr == 0,
       "mx_sb_len 0: sb_len_wr %u.\n", hdr.sb_len_wr);

    /* what the kernel rejects before any command */
    prepare(inquiry, 6, SG_DXFER_FROM_DEV, data, sizeof(data), sense, sizeof(sense), &hdr);
    hdr.interface_id = 'Q';
    ok(ioctl(fd, SG_IO, &hdr) == -1 && errno == EINVAL, "interface_id Q: errno %d.\n", errno);
    prepare(inquiry, 6, SG_DXFER_FROM_DEV, data, sizeof(data), sense, sizeof(sense), &hdr);
    hdr.dxfer_direction = SG_DXFER_NONE;
    ok(ioctl(fd, SG_IO, &hdr) == -1 && errno == EINVAL, "data with DXFER_NONE: errno %d.\n", errno);
    prepare(inquiry, 6, SG_DXFER_FROM_DEV, data, sizeof(data), sense, sizeof(sense), &hdr);
    hdr.cmd_len = 0;
    ok(ioctl(fd, SG_IO, &hdr) == -1 && errno == EINVAL, "cmd_len 0: errno %d.\n", errno);
}

static void test_iovec(int fd)
{
    uint8_t read10[10] = {0x28, 0, 0, 0, 0, 0, 0, 0, 2, 0};
    uint8_t flat[2 * SECTOR_SIZE], part1[1000], part2[2 * SECTOR_SIZE - 1000], sense[32];
    sg_iovec_t iov[2] = {{part1, sizeof(part1)}, {part2, sizeof(part2)}};
    sg_io_hdr_t hdr;

    ok(!send(fd, read10, 10, SG_DXFER_FROM_DEV, flat, sizeof(flat), sense, sizeof(sense), &hdr)
       && !hdr.status, "READ(10): status %#x.\n", hdr.status);
    memset(part1, 0, sizeof(part1));
    memset(part2, 0, sizeof(part2));
    prepare(read10, 10, SG_DXFER_FROM_DEV, iov, sizeof(flat), sense, sizeof(sense), &hdr);
    hdr.iovec_count = 2;
    ok(!ioctl(fd, SG_IO, &hdr) && !hdr.status && !hdr.resid, "READ(10) into iovecs: status %#x resid %d.\n",
       hdr.status, hdr.resid);
    ok(!memcmp(flat, part1, sizeof(part1)) && !memcmp(flat + sizeof(part1), part2, sizeof(part2)),
       "the iovecs hold other data than the flat buffer.\n");
}

static void test_other_ioctls(int fd, int empty_fd)
{
    struct cdrom_tochdr header;
    struct cdrom_tocentry entry;
    unsigned long long bytes = 0;
    int value = 0, idlun[2] = {-1, -1}, frames;

    ok(!ioctl(fd, SCSI_IOCTL_GET_IDLUN, idlun), "SCSI_IOCTL_GET_IDLUN failed, errno %d.\n", errno);
    ok((idlun[0] & 0xffff) == 0, "target/lun %#x, expected 0.\n", idlun[0]);
    ok(!ioctl(fd, SCSI_IOCTL_GET_BUS_NUMBER, &value), "GET_BUS_NUMBER failed, errno %d.\n", errno);
    ok(!ioctl(empty_fd, SCSI_IOCTL_GET_IDLUN, idlun) && (idlun[0] >> 24 & 0xff) != 0,
       "the second recorder has host %d, the same as the first.\n", idlun[0] >> 24 & 0xff);

    /* SG_GET_TIMEOUT returns the value (clock ticks) instead of storing it */
    value = 1234;
    ok(!ioctl(fd, SG_SET_TIMEOUT, &value), "SG_SET_TIMEOUT failed, errno %d.\n", errno);
    ok(ioctl(fd, SG_GET_TIMEOUT, NULL) == 1234, "SG_GET_TIMEOUT did not return the value set.\n");
    value = 65536;
    ok(!ioctl(fd, SG_SET_RESERVED_SIZE, &value), "SG_SET_RESERVED_SIZE failed.\n");
    value = 0;
    ok(!ioctl(fd, SG_GET_RESERVED_SIZE, &value) && value == 65536, "reserved size %d.\n", value);

    ok(ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT) == CDS_DISC_OK, "drive status of the cd-rom.\n");
    value = ioctl(empty_fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
    ok(value == CDS_NO_DISC || value == CDS_TRAY_OPEN, "drive status without media: %d.\n", value);
    ok(ioctl(fd, CDROM_MEDIA_CHANGED, CDSL_CURRENT) >= 0, "CDROM_MEDIA_CHANGED failed.\n");
    ok(ioctl(fd, CDROM_GET_CAPABILITY, 0) & CDC_GENERIC_PACKET, "no CDC_GENERIC_PACKET.\n");

    ok(!ioctl(fd, BLKSSZGET, &value) && value == SECTOR_SIZE, "BLKSSZGET: %d.\n", value);
    ok(!ioctl(fd, BLKGETSIZE64, &bytes) && bytes == (unsigned long long)rom_blocks * SECTOR_SIZE,
       "BLKGETSIZE64: %llu, expected %u blocks.\n", bytes, rom_blocks);
    ok(!ioctl(empty_fd, BLKGETSIZE64, &bytes) && bytes == 0, "BLKGETSIZE64 without media: %llu.\n",
       bytes);
    ok(!ioctl(fd, BLKFLSBUF, 0), "BLKFLSBUF failed, errno %d.\n", errno);

    /* the TOC of a one-track disc: track 1 at LBA 0, lead-out after the data */
    ok(!ioctl(fd, CDROMREADTOCHDR, &header) && header.cdth_trk0 == 1 && header.cdth_trk1 == 1,
       "CDROMREADTOCHDR: %u-%u.\n", header.cdth_trk0, header.cdth_trk1);
    memset(&entry, 0, sizeof(entry));
    entry.cdte_track = CDROM_LEADOUT;
    entry.cdte_format = CDROM_LBA;
    ok(!ioctl(fd, CDROMREADTOCENTRY, &entry) && entry.cdte_addr.lba == (int)rom_blocks,
       "lead-out LBA %d, expected %u.\n", entry.cdte_addr.lba, rom_blocks);
    entry.cdte_track = CDROM_LEADOUT;
    entry.cdte_format = CDROM_MSF;
    frames = rom_blocks + CD_MSF_OFFSET_FRAMES;
    ok(!ioctl(fd, CDROMREADTOCENTRY, &entry) && entry.cdte_addr.msf.minute == frames / 4500
       && entry.cdte_addr.msf.second == frames / 75 % 60 && entry.cdte_addr.msf.frame == frames % 75,
       "lead-out MSF %02u:%02u:%02u.\n", entry.cdte_addr.msf.minute, entry.cdte_addr.msf.second,
       entry.cdte_addr.msf.frame);
    entry.cdte_track = 1;
    entry.cdte_format = CDROM_LBA;
    ok(!ioctl(fd, CDROMREADTOCENTRY, &entry) && entry.cdte_addr.lba == 0
       && (entry.cdte_ctrl & CDROM_DATA_TRACK), "track 1: LBA %d control %#x.\n",
       entry.cdte_addr.lba, entry.cdte_ctrl);
    ok(ioctl(empty_fd, CDROMREADTOCHDR, &header) == -1 && errno == ENOMEDIUM,
       "CDROMREADTOCHDR without media: errno %d.\n", errno);
}

/* Descriptors found by what they are, not by how they were opened. */
static void test_descriptors(int fd)
{
    uint8_t inquiry[6] = {0x12, 0, 0, 0, 36, 0}, data[36], sense[32];
    char path[64], fdtext[16], self[4096];
    sg_io_hdr_t hdr;
    int copy, reopened, status, pipes[2];
    ssize_t len;
    pid_t pid;

    copy = dup(fd);
    ok(!send(copy, inquiry, 6, SG_DXFER_FROM_DEV, data, 36, sense, 32, &hdr) && !hdr.status,
       "SG_IO on a dup'ed descriptor failed.\n");
    close(copy);

    snprintf(path, sizeof(path), "/dev/fd/%d", fd);
    reopened = open(path, O_RDWR);
    ok(reopened >= 0 && !send(reopened, inquiry, 6, SG_DXFER_FROM_DEV, data, 36, sense, 32, &hdr)
       && !hdr.status, "SG_IO through %s failed.\n", path);
    if (reopened >= 0)
        close(reopened);

    /* not a recorder: the kernel answers */
    ok(!pipe(pipes), "pipe failed.\n");
    ok(send(pipes[0], inquiry, 6, SG_DXFER_FROM_DEV, data, 36, sense, 32, &hdr) == -1
       && errno == ENOTTY, "SG_IO on a pipe: errno %d.\n", errno);
    close(pipes[0]);
    close(pipes[1]);

    /* inherited across exec: the child runs this program on the same descriptor */
    len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    ok(len > 0, "readlink failed.\n");
    if (len <= 0)
        return;
    self[len] = 0;
    snprintf(fdtext, sizeof(fdtext), "%d", fd);
    if (!(pid = fork()))
    {
        execl(self, self, "bridge", "child", fdtext, (char *)NULL);
        _exit(127);
    }
    ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status),
       "SG_IO in the exec'ed child failed (status %#x).\n", status);
}

static void *reader(void *arg)
{
    uint8_t read10[10] = {0x28, 0, 0, 0, 0, 0, 0, 0, 4, 0}, data[4 * SECTOR_SIZE], sense[32];
    sg_io_hdr_t hdr;
    intptr_t failures = 0;
    int i, fd = *(int *)arg;

    for (i = 0; i < THREAD_READS; i++)
        if (send(fd, read10, 10, SG_DXFER_FROM_DEV, data, sizeof(data), sense, 32, &hdr)
            || hdr.status || hdr.resid)
            failures++;
    return (void *)failures;
}

static void test_threads(int fd)
{
    pthread_t threads[THREADS];
    void *failures;
    int i, total = 0;

    for (i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, reader, &fd);
    for (i = 0; i < THREADS; i++)
    {
        pthread_join(threads[i], &failures);
        total += (int)(intptr_t)failures;
    }
    ok(!total, "%d of %d concurrent READ(10)s failed.\n", total, THREADS * THREAD_READS);
}

START_TEST(bridge)
{
    const char *blocks = getenv("BRIDGE_CHECK_ROM_BLOCKS");
    int fd, empty_fd, argc;
    char **argv;

    argc = winetest_get_mainargs(&argv);
    if (argc >= 4 && !strcmp(argv[2], "child"))
    {
        uint8_t tur[6] = {0};
        sg_io_hdr_t hdr;

        ok(!send(atoi(argv[3]), tur, 6, SG_DXFER_NONE, NULL, 0, NULL, 0, &hdr) && !hdr.status,
           "child: SG_IO on the inherited descriptor failed, errno %d.\n", errno);
        return;
    }
    if (!blocks)
    {
        skip("BRIDGE_CHECK_ROM_BLOCKS is not set.\n");
        return;
    }
    rom_blocks = atoi(blocks);

    test_stat();
    fd = open("/dev/sr0", O_RDWR | O_NONBLOCK | O_EXCL);
    ok(fd >= 0, "open(/dev/sr0, O_RDWR | O_EXCL) failed, errno %d.\n", errno);
    empty_fd = open("/dev/sr1", O_RDONLY | O_NONBLOCK);
    ok(empty_fd >= 0, "open(/dev/sr1) failed, errno %d.\n", errno);
    if (fd < 0 || empty_fd < 0)
        return;
    test_sg_io_fields(fd);
    test_iovec(fd);
    test_other_ioctls(fd, empty_fd);
    test_descriptors(fd);
    test_threads(fd);
    close(fd);
    close(empty_fd);
}

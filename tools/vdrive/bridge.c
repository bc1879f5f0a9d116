/*
 * Virtual MMC recorder: LD_PRELOAD bridge answering SG_IO on the recorders' placeholders
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
 * Configuration (read once, in the constructor):
 *   VDRIVE_DRIVES=DIR[:DIR...]   the recorders; the first is /dev/sr0, the next /dev/sr1, ...
 *   VDRIVE_BRIDGE_TRACE=1        print every emulated ioctl on stderr; 2 adds the
 *                                CDB and the first bytes of the data sent
 *
 * A descriptor is emulated when its (st_dev, st_ino), from a raw fstat
 * syscall, is that of a recorder's DIR/disc.img.  So descriptors opened by
 * wineserver, dup'ed, inherited across exec or reopened through /dev/fd/N
 * are all recognised without bookkeeping.  The paths /dev/srN are rewritten
 * to the placeholders in the open, access and stat families, and stat
 * results for a placeholder describe a block device 11:N (sr), as the
 * Linux burning tools require.  Everything else reaches libc unchanged.
 */

#undef _FORTIFY_SOURCE
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <scsi/sg.h>
#include <linux/cdrom.h>
#include <linux/fs.h>

#include "vdrive.h"

#if !defined(__linux__) || !defined(__x86_64__)
#error "the bridge relies on the x86_64 Linux stat layout"
#endif

#define BRIDGE_MAX_DRIVES       16
#define BRIDGE_DEVICE_FORMAT    "/dev/sr%u"
#define BRIDGE_SR_MAJOR         11          /* SCSI_CDROM_MAJOR */
#define BRIDGE_SECTOR_SIZE      2048
#define BRIDGE_CDB_MAX          16
#define TRACE_DATA_BYTES        64

/* What a Linux sr device answers (block/scsi_ioctl.c, drivers/cdrom). */
#define SR_SG_VERSION           30527
#define SR_MAX_TRANSFER         (32767 * 1024)  /* AHCI's max_hw_sectors_kb */
#define SR_DEFAULT_TIMEOUT      6000            /* 60 s in USER_HZ clock ticks */
#define SR_CAPABILITIES (CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED \
                         | CDC_MULTI_SESSION | CDC_MCN | CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO \
                         | CDC_RESET | CDC_DRIVE_STATUS | CDC_GENERIC_PACKET | CDC_CD_R \
                         | CDC_CD_RW | CDC_DVD | CDC_DVD_R | CDC_DVD_RAM | CDC_MRW | CDC_MRW_W \
                         | CDC_RAM)

#define SCSI_STATUS_GOOD            0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define SG_DRIVER_SENSE             0x08
#define SCSI_IOCTL_GET_IDLUN        0x5382
#define SCSI_IOCTL_GET_BUS_NUMBER   0x5386

#define MMC_TEST_UNIT_READY         0x00
#define MMC_START_STOP_UNIT         0x1b
#define MMC_PREVENT_ALLOW_REMOVAL   0x1e
#define MMC_READ_CAPACITY           0x25
#define MMC_READ_TOC                0x43
#define MMC_TOC_LEADOUT             0xaa
#define MMC_START_STOP_START        0x01
#define MMC_START_STOP_LOEJ         0x02

#define SENSE_KEY_NOT_READY         0x02
#define SENSE_KEY_HARDWARE_ERROR    0x04
#define SENSE_ASC_NOT_READY         0x04
#define SENSE_ASC_INTERNAL_FAILURE  0x44
#define SENSE_ASC_MEDIUM_NOT_PRESENT 0x3a
#define SENSE_ASCQ_TRAY_OPEN        0x02

#define FIXED_SENSE_CURRENT         0x70
#define FIXED_SENSE_LENGTH          18

struct bridge_drive
{
    char dir[PATH_MAX];
    char placeholder[PATH_MAX + sizeof(VDRIVE_PLACEHOLDER) + 1];
    char device[32];
    unsigned int index;
    volatile dev_t st_dev;
    volatile ino_t st_ino;
    pthread_mutex_t lock;       /* guards the lazy open and the per-drive settings */
    struct vdrive *drive;       /* opened on first use */
    int open_failed_reported;
    int timeout;                /* SG_SET_TIMEOUT, clock ticks */
    int reserved_size;          /* SG_SET_RESERVED_SIZE */
};

static struct bridge_drive drives[BRIDGE_MAX_DRIVES];
static unsigned int drive_count;
static int bridge_trace;
/* VDRIVE_MAX_TRANSFER: bytes one SG_IO may move, as a host's max_sectors_kb
 * limits it; larger requests fail with EINVAL before reaching the drive, as the
 * kernel's block layer refuses them. Default: AHCI's limit. */
static unsigned int bridge_max_transfer = SR_MAX_TRANSFER;
static int bridge_disabled;
/* VDRIVE_CPU_REPORT: a file to which the process appends, when it ends, the
 * CPU time its threads spent in the emulated drive ("vdrive-cpu PID SECONDS
 * COMMANDS").  A real drive takes the data by DMA and does its work itself:
 * make bench reports a burner's CPU with and without this part. */
static const char *cpu_report;
static uint64_t emulation_cpu_ns, emulation_commands;
static pthread_mutex_t identity_lock = PTHREAD_MUTEX_INITIALIZER;

/* Set while the emulator core runs in this thread: its own file accesses
 * (state, lock, image) must see the real files. */
static __thread int in_core __attribute__((tls_model("initial-exec")));

static int (*real_ioctl)(int, unsigned long, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_faccessat)(int, const char *, int, int);

static int raw_fstat(int fd, struct stat *st)
{
    return syscall(SYS_fstat, fd, st);
}

static int raw_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return syscall(SYS_newfstatat, dirfd, path, st, flags);
}

static void refresh_identity(struct bridge_drive *drive)
{
    struct stat st;

    if (raw_fstatat(AT_FDCWD, drive->placeholder, &st, 0) == 0)
    {
        drive->st_ino = st.st_ino;
        drive->st_dev = st.st_dev;
    }
    else
    {
        drive->st_ino = 0;
        drive->st_dev = 0;
    }
}

static void refresh_identities(void)
{
    unsigned int i;

    pthread_mutex_lock(&identity_lock);
    for (i = 0; i < drive_count; i++)
        refresh_identity(&drives[i]);
    pthread_mutex_unlock(&identity_lock);
}

static struct bridge_drive *drive_from_identity(dev_t dev, ino_t ino)
{
    unsigned int i;

    for (i = 0; i < drive_count; i++)
        if (drives[i].st_ino == ino && drives[i].st_dev == dev && ino)
            return &drives[i];
    return NULL;
}

/* The placeholder may have been replaced since the constructor ran (a
 * recorder created later, or media swapped): look again before giving up. */
static struct bridge_drive *drive_from_fd(int fd)
{
    struct bridge_drive *drive;
    struct stat st;

    if (!drive_count || raw_fstat(fd, &st) || !S_ISREG(st.st_mode))
        return NULL;
    if ((drive = drive_from_identity(st.st_dev, st.st_ino)))
        return drive;
    refresh_identities();
    return drive_from_identity(st.st_dev, st.st_ino);
}

static struct bridge_drive *drive_from_path(const char *path)
{
    unsigned int i;

    if (!path || strncmp(path, "/dev/sr", 7))
        return NULL;
    for (i = 0; i < drive_count; i++)
        if (!strcmp(path, drives[i].device))
            return &drives[i];
    return NULL;
}

static const char *map_path(const char *path, int *flags, int *mapped)
{
    struct bridge_drive *drive;

    if (bridge_disabled || in_core || !(drive = drive_from_path(path)))
        return path;
    if (flags)
        *flags &= ~(O_EXCL | O_CREAT | O_TRUNC | O_DIRECT);
    if (mapped)
        *mapped = 1;
    return drive->placeholder;
}

static void fake_stat(struct stat *st)
{
    struct bridge_drive *drive;

    if (bridge_disabled || in_core || !drive_count || !S_ISREG(st->st_mode))
        return;
    if (!(drive = drive_from_identity(st->st_dev, st->st_ino)))
        return;
    st->st_mode = S_IFBLK | 0660;
    st->st_rdev = makedev(BRIDGE_SR_MAJOR, drive->index);
    st->st_size = 0;
    st->st_blksize = BRIDGE_SECTOR_SIZE;
    st->st_blocks = 0;
}

static void fake_statx(struct statx *stx)
{
    struct bridge_drive *drive;

    if (bridge_disabled || in_core || !drive_count || !(stx->stx_mask & STATX_INO)
        || !S_ISREG(stx->stx_mode))
        return;
    if (!(drive = drive_from_identity(makedev(stx->stx_dev_major, stx->stx_dev_minor),
                                      stx->stx_ino)))
        return;
    stx->stx_mode = S_IFBLK | 0660;
    stx->stx_rdev_major = BRIDGE_SR_MAJOR;
    stx->stx_rdev_minor = drive->index;
    stx->stx_size = 0;
    stx->stx_blksize = BRIDGE_SECTOR_SIZE;
    stx->stx_blocks = 0;
}

static void resolve_real_functions(void)
{
    if (!real_ioctl)
        real_ioctl = dlsym(RTLD_NEXT, "ioctl");
    if (!real_openat)
        real_openat = dlsym(RTLD_NEXT, "openat");
    if (!real_faccessat)
        real_faccessat = dlsym(RTLD_NEXT, "faccessat");
}

static void add_drive(const char *dir, size_t len)
{
    struct bridge_drive *drive;
    char path[PATH_MAX], cwd[PATH_MAX];
    int written;

    if (!len)
        return;
    if (drive_count == BRIDGE_MAX_DRIVES)
    {
        fprintf(stderr, "vdrive-bridge: more than %u recorders, ignoring the rest\n",
                BRIDGE_MAX_DRIVES);
        return;
    }
    if (dir[0] == '/')
        written = snprintf(path, sizeof(path), "%.*s", (int)len, dir);
    else if (getcwd(cwd, sizeof(cwd)))
        written = snprintf(path, sizeof(path), "%s/%.*s", cwd, (int)len, dir);
    else
        written = -1;
    if (written < 0 || (size_t)written + sizeof(VDRIVE_PLACEHOLDER) + 1 > sizeof(path))
    {
        fprintf(stderr, "vdrive-bridge: recorder path too long, ignored\n");
        return;
    }
    drive = &drives[drive_count];
    strcpy(drive->dir, path);
    snprintf(drive->placeholder, sizeof(drive->placeholder), "%s/%s", path, VDRIVE_PLACEHOLDER);
    drive->index = drive_count;
    snprintf(drive->device, sizeof(drive->device), BRIDGE_DEVICE_FORMAT, drive->index);
    pthread_mutex_init(&drive->lock, NULL);
    drive->timeout = SR_DEFAULT_TIMEOUT;
    drive->reserved_size = SR_MAX_TRANSFER;
    refresh_identity(drive);
    drive_count++;
}

__attribute__((constructor))
static void bridge_init(void)
{
    const char *list, *end;

    resolve_real_functions();
    bridge_trace = getenv("VDRIVE_BRIDGE_TRACE") ? atoi(getenv("VDRIVE_BRIDGE_TRACE")) : 0;
    if (getenv("VDRIVE_MAX_TRANSFER") && atoi(getenv("VDRIVE_MAX_TRANSFER")) > 0
            && (unsigned int)atoi(getenv("VDRIVE_MAX_TRANSFER")) < SR_MAX_TRANSFER)
        bridge_max_transfer = atoi(getenv("VDRIVE_MAX_TRANSFER"));
    cpu_report = getenv("VDRIVE_CPU_REPORT");
    if (cpu_report && !*cpu_report)
        cpu_report = NULL;
    if (!(list = getenv("VDRIVE_DRIVES")))
        return;
    while (*list)
    {
        end = strchrnul(list, ':');
        add_drive(list, end - list);
        list = *end ? end + 1 : end;
    }
}

__attribute__((destructor))
static void bridge_fini(void)
{
    char line[96];
    int fd, len;

    if (!cpu_report || !emulation_commands || !real_openat)
        return;
    len = snprintf(line, sizeof(line), "vdrive-cpu %d %.6f %llu\n", (int)getpid(),
                   __atomic_load_n(&emulation_cpu_ns, __ATOMIC_RELAXED) / 1e9,
                   (unsigned long long)__atomic_load_n(&emulation_commands, __ATOMIC_RELAXED));
    if ((fd = real_openat(AT_FDCWD, cpu_report, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0)
        return;
    if (write(fd, line, len) != len)
        fprintf(stderr, "vdrive-bridge: could not write %s\n", cpu_report);
    close(fd);
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec now;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1000000000ull + now.tv_nsec;
}

/* The control CLI calls this when it finds itself preloaded with the
 * bridge, so that its own core sees the placeholders as they are. */
__attribute__((visibility("default")))
void vdrive_bridge_disable(void)
{
    bridge_disabled = 1;
}

/* ---- command execution ---- */

static void set_sense(struct vdrive_result *result, uint8_t key, uint8_t asc, uint8_t ascq)
{
    memset(result, 0, sizeof(*result));
    result->status = SCSI_STATUS_CHECK_CONDITION;
    result->sense[0] = FIXED_SENSE_CURRENT;
    result->sense[2] = key;
    result->sense[7] = FIXED_SENSE_LENGTH - 8;
    result->sense[12] = asc;
    result->sense[13] = ascq;
    result->sense_len = FIXED_SENSE_LENGTH;
}

static void run_command(struct bridge_drive *drive, const uint8_t *cdb, unsigned int cdb_len,
                        enum vdrive_direction direction, void *data, uint32_t data_len,
                        unsigned int timeout_ms, struct vdrive_result *result)
{
    uint64_t cpu_start = cpu_report ? thread_cpu_ns() : 0;
    char err[256];

    pthread_mutex_lock(&drive->lock);
    in_core++;
    if (!drive->drive)
    {
        err[0] = 0;
        drive->drive = vdrive_open(drive->dir, err, sizeof(err));
        if (!drive->drive && !drive->open_failed_reported)
        {
            fprintf(stderr, "vdrive-bridge: %s: %s\n", drive->dir, err);
            drive->open_failed_reported = 1;
        }
    }
    if (drive->drive)
    {
        memset(result, 0, sizeof(*result));
        if (vdrive_execute(drive->drive, cdb, cdb_len, direction, data, data_len,
                           timeout_ms, result) < 0 && !result->sys_errno
            && result->status == SCSI_STATUS_GOOD)
            set_sense(result, SENSE_KEY_HARDWARE_ERROR, SENSE_ASC_INTERNAL_FAILURE, 0);
    }
    else
        set_sense(result, SENSE_KEY_HARDWARE_ERROR, SENSE_ASC_INTERNAL_FAILURE, 0);
    in_core--;
    pthread_mutex_unlock(&drive->lock);
    if (cpu_report)
    {
        __atomic_fetch_add(&emulation_cpu_ns, thread_cpu_ns() - cpu_start, __ATOMIC_RELAXED);
        __atomic_fetch_add(&emulation_commands, 1, __ATOMIC_RELAXED);
    }

    if (result->transferred > data_len)
        result->transferred = data_len;
    if (result->sense_len > sizeof(result->sense))
        result->sense_len = sizeof(result->sense);
}

static int result_errno(const struct vdrive_result *result)
{
    if (result->sys_errno)
        return result->sys_errno;
    if (result->host_status)
        return EIO;
    if (result->status == SCSI_STATUS_GOOD)
        return 0;
    if (result->sense_len >= 14 && (result->sense[2] & 0x0f) == SENSE_KEY_NOT_READY
        && result->sense[12] == SENSE_ASC_MEDIUM_NOT_PRESENT)
        return ENOMEDIUM;
    return EIO;
}

static unsigned int elapsed_ms(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000
           + (now.tv_nsec - start->tv_nsec) / 1000000;
}

static int emulate_sg_io(struct bridge_drive *drive, sg_io_hdr_t *hdr)
{
    enum vdrive_direction direction = VDRIVE_DIR_NONE;
    struct vdrive_result result;
    uint8_t cdb[BRIDGE_CDB_MAX];
    struct timespec start;
    sg_iovec_t *iov = NULL;
    void *data = NULL;
    unsigned int i, sense_len;
    size_t offset;

    if (!hdr)
        return EFAULT;
    if (hdr->interface_id != 'S')
        return EINVAL;
    if (!hdr->cmdp)
        return EFAULT;
    if (!hdr->cmd_len || hdr->cmd_len > BRIDGE_CDB_MAX)
        return EINVAL;
    if (hdr->dxfer_len > SR_MAX_TRANSFER)
        return EIO;
    if (hdr->dxfer_len > bridge_max_transfer)
        return EINVAL;
    if (hdr->dxfer_len)
    {
        switch (hdr->dxfer_direction)
        {
        case SG_DXFER_TO_DEV:
            direction = VDRIVE_DIR_TO_DEVICE;
            break;
        case SG_DXFER_FROM_DEV:
        case SG_DXFER_TO_FROM_DEV:
            direction = VDRIVE_DIR_FROM_DEVICE;
            break;
        default:
            return EINVAL;
        }
        if (!hdr->dxferp)
            return EFAULT;
        data = hdr->dxferp;
    }
    memcpy(cdb, hdr->cmdp, hdr->cmd_len);

    /* Scatter/gather lists go through one bounce buffer. */
    if (hdr->iovec_count && hdr->dxfer_len)
    {
        iov = hdr->dxferp;
        if (!(data = malloc(hdr->dxfer_len)))
            return ENOMEM;
        for (i = 0, offset = 0; i < hdr->iovec_count && offset < hdr->dxfer_len; i++)
        {
            size_t chunk = iov[i].iov_len;
            if (chunk > hdr->dxfer_len - offset)
                chunk = hdr->dxfer_len - offset;
            if (direction == VDRIVE_DIR_TO_DEVICE)
                memcpy((uint8_t *)data + offset, iov[i].iov_base, chunk);
            offset += chunk;
        }
        if (offset < hdr->dxfer_len)
        {
            free(data);
            return EINVAL;
        }
    }

    clock_gettime(CLOCK_MONOTONIC, &start);
    run_command(drive, cdb, hdr->cmd_len, direction, data, hdr->dxfer_len, hdr->timeout,
                &result);

    if (iov)
    {
        if (direction == VDRIVE_DIR_FROM_DEVICE)
        {
            for (i = 0, offset = 0; i < hdr->iovec_count && offset < result.transferred; i++)
            {
                size_t chunk = iov[i].iov_len;
                if (chunk > result.transferred - offset)
                    chunk = result.transferred - offset;
                memcpy(iov[i].iov_base, (uint8_t *)data + offset, chunk);
                offset += chunk;
            }
        }
        free(data);
    }

    if (result.sys_errno)
        return result.sys_errno;

    sense_len = 0;
    if (result.status == SCSI_STATUS_CHECK_CONDITION && hdr->sbp && hdr->mx_sb_len)
    {
        sense_len = result.sense_len < hdr->mx_sb_len ? result.sense_len : hdr->mx_sb_len;
        memcpy(hdr->sbp, result.sense, sense_len);
    }
    hdr->status = result.status;
    hdr->masked_status = (result.status >> 1) & 0x7f;
    hdr->msg_status = 0;
    hdr->sb_len_wr = sense_len;
    hdr->host_status = result.host_status;
    hdr->driver_status = (result.status == SCSI_STATUS_CHECK_CONDITION && result.sense_len)
                         ? SG_DRIVER_SENSE : 0;
    hdr->resid = hdr->dxfer_len - result.transferred;
    hdr->duration = elapsed_ms(&start);
    hdr->info = (hdr->status || hdr->host_status || hdr->driver_status)
                ? SG_INFO_CHECK : SG_INFO_OK;
    return 0;
}

/* ---- the other ioctls of a Linux sr device, built on MMC commands ---- */

static int simple_command(struct bridge_drive *drive, uint8_t opcode, uint8_t byte4,
                          struct vdrive_result *result)
{
    uint8_t cdb[6] = {opcode, 0, 0, 0, byte4, 0};

    run_command(drive, cdb, sizeof(cdb), VDRIVE_DIR_NONE, NULL, 0,
                SR_DEFAULT_TIMEOUT * 10, result);
    return result_errno(result);
}

static int drive_status(struct bridge_drive *drive)
{
    struct vdrive_result result;

    simple_command(drive, MMC_TEST_UNIT_READY, 0, &result);
    if (result.status == SCSI_STATUS_GOOD && !result.host_status)
        return CDS_DISC_OK;
    if (result.sense_len >= 14 && (result.sense[2] & 0x0f) == SENSE_KEY_NOT_READY)
    {
        if (result.sense[12] == SENSE_ASC_MEDIUM_NOT_PRESENT)
            return result.sense[13] == SENSE_ASCQ_TRAY_OPEN ? CDS_TRAY_OPEN : CDS_NO_DISC;
        return CDS_DRIVE_NOT_READY;
    }
    return CDS_DISC_OK;
}

static int read_capacity_bytes(struct bridge_drive *drive, uint64_t *bytes)
{
    uint8_t cdb[10] = {MMC_READ_CAPACITY};
    struct vdrive_result result;
    uint8_t data[8];
    uint32_t last_lba, block;

    *bytes = 0;
    run_command(drive, cdb, sizeof(cdb), VDRIVE_DIR_FROM_DEVICE, data, sizeof(data),
                SR_DEFAULT_TIMEOUT * 10, &result);
    if (result.sys_errno)
        return result.sys_errno;
    if (result.status != SCSI_STATUS_GOOD || result.transferred < sizeof(data))
        return 0; /* like sr with no readable medium: size 0 */
    last_lba = (uint32_t)data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3];
    block = (uint32_t)data[4] << 24 | data[5] << 16 | data[6] << 8 | data[7];
    if (!block)
        block = BRIDGE_SECTOR_SIZE;
    *bytes = ((uint64_t)last_lba + 1) * block;
    return 0;
}

/* READ TOC format 0 for CDROMREADTOCHDR / CDROMREADTOCENTRY. */
static int read_toc(struct bridge_drive *drive, int msf, uint8_t track, uint8_t *data,
                    unsigned int len, unsigned int *got)
{
    uint8_t cdb[10] = {MMC_READ_TOC, msf ? 0x02 : 0, 0, 0, 0, 0, track, len >> 8, len};
    struct vdrive_result result;
    int err;

    run_command(drive, cdb, sizeof(cdb), VDRIVE_DIR_FROM_DEVICE, data, len,
                SR_DEFAULT_TIMEOUT * 10, &result);
    if ((err = result_errno(&result)))
        return err;
    *got = result.transferred;
    return 0;
}

static int read_toc_header(struct bridge_drive *drive, struct cdrom_tochdr *header)
{
    unsigned int got;
    uint8_t data[4];
    int err;

    if ((err = read_toc(drive, 0, 0, data, sizeof(data), &got)))
        return err;
    if (got < sizeof(data))
        return EIO;
    header->cdth_trk0 = data[2];
    header->cdth_trk1 = data[3];
    return 0;
}

static int read_toc_entry(struct bridge_drive *drive, struct cdrom_tocentry *entry)
{
    int msf = entry->cdte_format == CDROM_MSF;
    unsigned int got;
    uint8_t data[12];
    int err;

    if (entry->cdte_format != CDROM_MSF && entry->cdte_format != CDROM_LBA)
        return EINVAL;
    if ((err = read_toc(drive, msf, entry->cdte_track, data, sizeof(data), &got)))
        return err;
    if (got < sizeof(data) || data[6] != entry->cdte_track)
        return EIO;
    entry->cdte_adr = data[5] >> 4;
    entry->cdte_ctrl = data[5] & 0x0f;
    entry->cdte_datamode = (entry->cdte_ctrl & CDROM_DATA_TRACK) ? 1 : 0;
    if (msf)
    {
        entry->cdte_addr.msf.minute = data[9];
        entry->cdte_addr.msf.second = data[10];
        entry->cdte_addr.msf.frame = data[11];
    }
    else
        entry->cdte_addr.lba = (int)((uint32_t)data[8] << 24 | data[9] << 16
                                     | data[10] << 8 | data[11]);
    return 0;
}

static int is_emulated_request(unsigned int request)
{
    switch (request)
    {
    case SG_IO:
    case SG_GET_VERSION_NUM:
    case SG_EMULATED_HOST:
    case SG_GET_TIMEOUT:
    case SG_SET_TIMEOUT:
    case SG_GET_RESERVED_SIZE:
    case SG_SET_RESERVED_SIZE:
    case SCSI_IOCTL_GET_IDLUN:
    case SCSI_IOCTL_GET_BUS_NUMBER:
    case CDROM_DRIVE_STATUS:
    case CDROM_MEDIA_CHANGED:
    case CDROM_GET_CAPABILITY:
    case CDROM_LOCKDOOR:
    case CDROM_SELECT_SPEED:
    case CDROMEJECT:
    case CDROMCLOSETRAY:
    case CDROMREADTOCHDR:
    case CDROMREADTOCENTRY:
    case BLKFLSBUF:
    case BLKGETSIZE:
    case BLKGETSIZE64:
    case BLKSSZGET:
    case BLKBSZGET:
        return 1;
    }
    return 0;
}

/* Returns the ioctl's result; a negative value is minus an errno. */
static long emulate_ioctl(struct bridge_drive *drive, unsigned int request, void *arg)
{
    struct vdrive_result result;
    uint64_t bytes;
    int err, value;

    switch (request)
    {
    case SG_IO:
        return -emulate_sg_io(drive, arg);
    case SG_GET_VERSION_NUM:
        if (!arg) return -EFAULT;
        *(int *)arg = SR_SG_VERSION;
        return 0;
    case SG_EMULATED_HOST:
        if (!arg) return -EFAULT;
        *(int *)arg = 0;
        return 0;
    case SG_GET_TIMEOUT:
        return drive->timeout;
    case SG_SET_TIMEOUT:
        if (!arg) return -EFAULT;
        if (*(int *)arg < 0) return -EIO;
        drive->timeout = *(int *)arg;
        return 0;
    case SG_GET_RESERVED_SIZE:
        if (!arg) return -EFAULT;
        *(int *)arg = drive->reserved_size;
        return 0;
    case SG_SET_RESERVED_SIZE:
        if (!arg) return -EFAULT;
        if ((value = *(int *)arg) < 0) return -EINVAL;
        drive->reserved_size = value < SR_MAX_TRANSFER ? value : SR_MAX_TRANSFER;
        return 0;
    case SCSI_IOCTL_GET_IDLUN:
        /* target 0, lun 0, channel 0, one host adapter per recorder */
        if (!arg) return -EFAULT;
        ((int *)arg)[0] = (int)(drive->index << 24);
        ((int *)arg)[1] = (int)drive->index;
        return 0;
    case SCSI_IOCTL_GET_BUS_NUMBER:
        if (!arg) return -EFAULT;
        *(int *)arg = (int)drive->index;
        return 0;
    case CDROM_DRIVE_STATUS:
        return drive_status(drive);
    case CDROM_MEDIA_CHANGED:
        return 0;
    case CDROM_GET_CAPABILITY:
        return SR_CAPABILITIES;
    case CDROM_LOCKDOOR:
        err = simple_command(drive, MMC_PREVENT_ALLOW_REMOVAL, arg ? 1 : 0, &result);
        return -err;
    case CDROM_SELECT_SPEED:
        return 0;
    case CDROMEJECT:
        err = simple_command(drive, MMC_START_STOP_UNIT, MMC_START_STOP_LOEJ, &result);
        return -err;
    case CDROMCLOSETRAY:
        err = simple_command(drive, MMC_START_STOP_UNIT,
                             MMC_START_STOP_LOEJ | MMC_START_STOP_START, &result);
        return -err;
    case CDROMREADTOCHDR:
        if (!arg) return -EFAULT;
        return -read_toc_header(drive, arg);
    case CDROMREADTOCENTRY:
        if (!arg) return -EFAULT;
        return -read_toc_entry(drive, arg);
    case BLKFLSBUF:
        return 0;
    case BLKGETSIZE:
        if (!arg) return -EFAULT;
        if ((err = read_capacity_bytes(drive, &bytes))) return -err;
        *(unsigned long *)arg = bytes >> 9;
        return 0;
    case BLKGETSIZE64:
        if (!arg) return -EFAULT;
        if ((err = read_capacity_bytes(drive, &bytes))) return -err;
        *(uint64_t *)arg = bytes;
        return 0;
    case BLKSSZGET:
    case BLKBSZGET:
        if (!arg) return -EFAULT;
        *(int *)arg = BRIDGE_SECTOR_SIZE;
        return 0;
    }
    return -ENOTTY;
}

static const char *request_name(unsigned int request)
{
    switch (request)
    {
#define NAME(x) case x: return #x;
    NAME(SG_IO) NAME(SG_GET_VERSION_NUM) NAME(SG_EMULATED_HOST) NAME(SG_GET_TIMEOUT)
    NAME(SG_SET_TIMEOUT) NAME(SG_GET_RESERVED_SIZE) NAME(SG_SET_RESERVED_SIZE)
    NAME(SCSI_IOCTL_GET_IDLUN) NAME(SCSI_IOCTL_GET_BUS_NUMBER) NAME(CDROM_DRIVE_STATUS)
    NAME(CDROM_MEDIA_CHANGED) NAME(CDROM_GET_CAPABILITY) NAME(CDROM_LOCKDOOR)
    NAME(CDROM_SELECT_SPEED) NAME(CDROMEJECT) NAME(CDROMCLOSETRAY) NAME(CDROMREADTOCHDR)
    NAME(CDROMREADTOCENTRY) NAME(BLKFLSBUF) NAME(BLKGETSIZE) NAME(BLKGETSIZE64)
    NAME(BLKSSZGET) NAME(BLKBSZGET)
#undef NAME
    }
    return "?";
}

static void trace_bytes(const char *what, const void *data, unsigned int len)
{
    const uint8_t *bytes = data;
    unsigned int i;

    if (!bytes)
        return;
    fprintf(stderr, "vdrive-bridge:   %s", what);
    for (i = 0; i < len && i < TRACE_DATA_BYTES; i++)
        fprintf(stderr, " %02x", bytes[i]);
    fprintf(stderr, "%s\n", len > TRACE_DATA_BYTES ? " ..." : "");
}

/* ---- interposed libc functions ---- */

int ioctl(int fd, unsigned long request, ...)
{
    struct bridge_drive *drive;
    va_list args;
    void *arg;
    long ret;

    va_start(args, request);
    arg = va_arg(args, void *);
    va_end(args);

    if (bridge_disabled || in_core || !is_emulated_request((unsigned int)request)
        || !(drive = drive_from_fd(fd)))
    {
        if (!real_ioctl)
            resolve_real_functions();
        return real_ioctl ? real_ioctl(fd, request, arg) : syscall(SYS_ioctl, fd, request, arg);
    }
    ret = emulate_ioctl(drive, (unsigned int)request, arg);
    if (bridge_trace)
    {
        if ((unsigned int)request == SG_IO && arg && ret >= 0)
        {
            const sg_io_hdr_t *hdr = arg;
            fprintf(stderr, "vdrive-bridge: %s SG_IO %02x len %u status %02x resid %d sense %u\n",
                    drive->device, hdr->cmdp ? hdr->cmdp[0] : 0, hdr->dxfer_len, hdr->status,
                    hdr->resid, hdr->sb_len_wr);
            if (bridge_trace > 1)
                trace_bytes("cdb", hdr->cmdp, hdr->cmd_len);
            if (bridge_trace > 1 && hdr->dxfer_direction == SG_DXFER_TO_DEV && !hdr->iovec_count)
                trace_bytes("data-out", hdr->dxferp, hdr->dxfer_len);
        }
        else
            fprintf(stderr, "vdrive-bridge: %s %s -> %ld\n", drive->device,
                    request_name((unsigned int)request), ret);
    }
    if (ret < 0)
    {
        errno = (int)-ret;
        return -1;
    }
    return (int)ret;
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
    path = map_path(path, &flags, NULL);
    if (!real_openat)
        resolve_real_functions();
    if (real_openat)
        return real_openat(dirfd, path, flags, mode);
    return syscall(SYS_openat, dirfd, path, flags, mode);
}

static mode_t open_mode(int flags, va_list args)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(args, mode_t) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list args;
    mode_t mode;

    va_start(args, flags);
    mode = open_mode(flags, args);
    va_end(args);
    return do_openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    va_list args;
    mode_t mode;

    va_start(args, flags);
    mode = open_mode(flags, args);
    va_end(args);
    return do_openat(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list args;
    mode_t mode;

    va_start(args, flags);
    mode = open_mode(flags, args);
    va_end(args);
    return do_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list args;
    mode_t mode;

    va_start(args, flags);
    mode = open_mode(flags, args);
    va_end(args);
    return do_openat(dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags)
{
    return do_openat(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
    return do_openat(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags)
{
    return do_openat(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
    return do_openat(dirfd, path, flags, 0);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    path = map_path(path, NULL, NULL);
    if (!real_faccessat)
        resolve_real_functions();
    if (real_faccessat)
        return real_faccessat(dirfd, path, mode, flags);
    return syscall(SYS_faccessat, dirfd, path, mode);
}

int access(const char *path, int mode)
{
    return faccessat(AT_FDCWD, path, mode, 0);
}

static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    int ret, mapped = 0;

    path = map_path(path, NULL, &mapped);
    if (!(ret = raw_fstatat(dirfd, path, st, flags)))
    {
        /* /dev/srN is the placeholder, even one created since the last look */
        if (mapped && !drive_from_identity(st->st_dev, st->st_ino))
            refresh_identities();
        fake_stat(st);
    }
    return ret;
}

static int do_fstat(int fd, struct stat *st)
{
    int ret;

    if (!(ret = raw_fstat(fd, st)))
        fake_stat(st);
    return ret;
}

/* On x86_64 struct stat and struct stat64 are the kernel's struct stat, and
 * the version argument of the old __xstat ABI is always 1. */
_Static_assert(sizeof(struct stat) == sizeof(struct stat64), "stat layouts differ");

int stat(const char *path, struct stat *st)
{
    return do_fstatat(AT_FDCWD, path, st, 0);
}

int stat64(const char *path, struct stat64 *st)
{
    return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

int lstat(const char *path, struct stat *st)
{
    return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int lstat64(const char *path, struct stat64 *st)
{
    return do_fstatat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *st)
{
    return do_fstat(fd, st);
}

int fstat64(int fd, struct stat64 *st)
{
    return do_fstat(fd, (struct stat *)st);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return do_fstatat(dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
    return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

int __xstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags);

int __xstat(int ver, const char *path, struct stat *st)
{
    return do_fstatat(AT_FDCWD, path, st, 0);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
    return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
    return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
    return do_fstatat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

int __fxstat(int ver, int fd, struct stat *st)
{
    return do_fstat(fd, st);
}

int __fxstat64(int ver, int fd, struct stat64 *st)
{
    return do_fstat(fd, (struct stat *)st);
}

int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
    return do_fstatat(dirfd, path, st, flags);
}

int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags)
{
    return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *stx)
{
    int ret, mapped = 0;

    path = map_path(path, NULL, &mapped);
    if (!(ret = syscall(SYS_statx, dirfd, path, flags, mask | STATX_INO, stx)))
    {
        if (mapped && !drive_from_identity(makedev(stx->stx_dev_major, stx->stx_dev_minor),
                                           stx->stx_ino))
            refresh_identities();
        fake_statx(stx);
    }
    return ret;
}

/* realpath() of /dev/srN is the path itself, as for a real device node
 * (cdparanoia resolves the device it is given before opening it). */
static char *(*real_realpath)(const char *, char *);

char *realpath(const char *path, char *resolved)
{
    if (!bridge_disabled && !in_core && drive_from_path(path))
    {
        if (!resolved)
            return strdup(path);
        snprintf(resolved, PATH_MAX, "%s", path);
        return resolved;
    }
    if (!real_realpath)
        real_realpath = dlsym(RTLD_NEXT, "realpath");
    if (!real_realpath)
    {
        errno = ENOSYS;
        return NULL;
    }
    return real_realpath(path, resolved);
}

char *__realpath_chk(const char *path, char *resolved, size_t size)
{
    return realpath(path, resolved);
}

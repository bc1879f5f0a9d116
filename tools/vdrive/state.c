/*
 * Virtual MMC recorder: persistent state, locking and media insertion.
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

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vdrive_private.h"

_Static_assert(sizeof(struct vd_state) % 8 == 0, "state size must be a multiple of 8");
_Static_assert(offsetof(struct vd_state, checksum) == 12, "checksum must stay in the first 16 bytes");

#define CHECKSUM_SEED  0xcbf29ce484222325ull
#define CHECKSUM_PRIME 0x100000001b3ull

const struct vd_media_info vd_media_table[VD_MEDIA_COUNT] =
{
    [VD_MEDIA_NONE]          = {"none",      PROFILE_NONE,          VD_FAMILY_NONE, VD_KIND_NONE,       0, 0, 1},
    [VD_MEDIA_CD_ROM]        = {"cd-rom",    PROFILE_CD_ROM,        VD_FAMILY_CD,   VD_KIND_ROM,        0, CD_LAST_LEADOUT_LBA, 1},
    [VD_MEDIA_CD_R]          = {"cd-r",      PROFILE_CD_R,          VD_FAMILY_CD,   VD_KIND_SEQUENTIAL, 0, CD_LAST_LEADOUT_LBA, 1},
    [VD_MEDIA_CD_RW]         = {"cd-rw",     PROFILE_CD_RW,         VD_FAMILY_CD,   VD_KIND_SEQUENTIAL, 1, CD_LAST_LEADOUT_LBA, 1},
    [VD_MEDIA_DVD_ROM]       = {"dvd-rom",   PROFILE_DVD_ROM,       VD_FAMILY_DVD,  VD_KIND_ROM,        0, DVD_SL_CAPACITY, 16},
    [VD_MEDIA_DVD_R]         = {"dvd-r",     PROFILE_DVD_R,         VD_FAMILY_DVD,  VD_KIND_SEQUENTIAL, 0, DVD_SL_CAPACITY, 16},
    [VD_MEDIA_DVD_RW]        = {"dvd-rw",    PROFILE_DVD_RW_SEQ,    VD_FAMILY_DVD,  VD_KIND_SEQUENTIAL, 1, DVD_SL_CAPACITY, 16},
    [VD_MEDIA_DVD_RW_RO]     = {"dvd-rw-ro", PROFILE_DVD_RW_RO,     VD_FAMILY_DVD,  VD_KIND_RANDOM,     1, DVD_SL_CAPACITY, 16},
    [VD_MEDIA_DVD_PLUS_R]    = {"dvd+r",     PROFILE_DVD_PLUS_R,    VD_FAMILY_DVD,  VD_KIND_SEQUENTIAL, 0, DVD_SL_CAPACITY, 16},
    [VD_MEDIA_DVD_PLUS_R_DL] = {"dvd+r-dl",  PROFILE_DVD_PLUS_R_DL, VD_FAMILY_DVD,  VD_KIND_SEQUENTIAL, 0, DVD_DL_CAPACITY, 16},
    [VD_MEDIA_DVD_PLUS_RW]   = {"dvd+rw",    PROFILE_DVD_PLUS_RW,   VD_FAMILY_DVD,  VD_KIND_RANDOM,     1, DVD_SL_CAPACITY, 16},
    [VD_MEDIA_BD_R]          = {"bd-r",      PROFILE_BD_R_SRM,      VD_FAMILY_BD,   VD_KIND_SEQUENTIAL, 0, BD_SL_CAPACITY, 32},
    [VD_MEDIA_BD_RE]         = {"bd-re",     PROFILE_BD_RE,         VD_FAMILY_BD,   VD_KIND_RANDOM,     1, BD_SL_CAPACITY, 32},
};

static void set_err(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errsize, const char *fmt, ...)
{
    va_list args;

    if (!err || !errsize) return;
    va_start(args, fmt);
    vsnprintf(err, errsize, fmt, args);
    va_end(args);
}

uint32_t vd_checksum(const struct vd_state *state)
{
    const uint64_t *words = (const uint64_t *)state;
    size_t i, count = sizeof(*state) / sizeof(uint64_t);
    uint64_t hash = CHECKSUM_SEED, word;

    for (i = 0; i < count; i++)
    {
        word = words[i];
        if (i == 1)
        {
            /* the checksum field itself counts as zero */
            struct vd_state header;
            memcpy(&header, state, 16);
            header.checksum = 0;
            memcpy(&word, (const uint8_t *)&header + 8, 8);
        }
        hash = (hash ^ word) * CHECKSUM_PRIME;
    }
    return (uint32_t)(hash ^ (hash >> 32));
}

static char *path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);

    if (path) snprintf(path, len, "%s/%s", dir, name);
    return path;
}

static int open_in_dir(const char *dir, const char *name, int flags)
{
    char *path = path_join(dir, name);
    int fd;

    if (!path) return -1;
    do fd = open(path, flags | O_CLOEXEC, 0666);
    while (fd < 0 && errno == EINTR);
    free(path);
    return fd;
}

struct vdrive *vd_open_internal(const char *dir, int create, char *err, size_t errsize)
{
    struct vdrive *drive;
    struct stat st;
    int extra = create ? O_CREAT : 0;

    if (!dir || !*dir)
    {
        set_err(err, errsize, "no recorder directory given");
        return NULL;
    }
    if (create && mkdir(dir, 0777) < 0 && errno != EEXIST)
    {
        set_err(err, errsize, "cannot create directory %s: %s", dir, strerror(errno));
        return NULL;
    }
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
    {
        set_err(err, errsize, "%s is not a recorder directory", dir);
        return NULL;
    }
    if (!(drive = calloc(1, sizeof(*drive))))
    {
        set_err(err, errsize, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&drive->mutex, NULL);
    drive->state_fd = drive->lock_fd = drive->image_fd = drive->audio_fd = drive->log_fd = -1;
    drive->pid = getpid();
    if (!(drive->dir = strdup(dir))) goto fail_errno;
    if ((drive->lock_fd = open_in_dir(dir, VD_LOCK_FILE, O_RDWR | extra)) < 0) goto fail_errno;
    if ((drive->state_fd = open_in_dir(dir, VD_STATE_FILE, O_RDWR | extra)) < 0)
    {
        if (errno == ENOENT)
        {
            set_err(err, errsize, "%s holds no recorder (no state file); create one with 'vdrive new'", dir);
            vdrive_close(drive);
            return NULL;
        }
        goto fail_errno;
    }
    if ((drive->image_fd = open_in_dir(dir, VDRIVE_PLACEHOLDER, O_RDWR | extra)) < 0) goto fail_errno;
    /* recorders made before audio tracks existed have none yet */
    if ((drive->audio_fd = open_in_dir(dir, VD_AUDIO_FILE, O_RDWR | O_CREAT)) < 0) goto fail_errno;
    return drive;

fail_errno:
    set_err(err, errsize, "cannot open recorder %s: %s", dir, strerror(errno));
    vdrive_close(drive);
    return NULL;
}

static void unmap_state(struct vdrive *drive)
{
    if (drive->state) munmap(drive->state, drive->map_size);
    drive->state = NULL;
    drive->seen_valid = 0;
}

static int validate_state(const struct vd_state *s, char *err, size_t errsize)
{
    uint32_t i;

    if (s->magic != VD_STATE_MAGIC)
    {
        set_err(err, errsize, "state file is corrupt (bad magic %#x); recreate the recorder with 'vdrive new'", s->magic);
        return -1;
    }
    if (s->version != VD_STATE_VERSION || s->size != sizeof(*s))
    {
        set_err(err, errsize, "state file has version %u size %u, expected version %u size %zu",
                s->version, s->size, VD_STATE_VERSION, sizeof(*s));
        return -1;
    }
    if (s->checksum != vd_checksum(s))
    {
        set_err(err, errsize, "state file is corrupt (checksum mismatch); recreate the recorder with 'vdrive new'");
        return -1;
    }
    if (s->media >= VD_MEDIA_COUNT || s->track_count > VD_MAX_TRACKS || s->session_count > VD_MAX_SESSIONS
            || s->fault_lba_count > VD_MAX_FAULT_LBAS)
    {
        set_err(err, errsize, "state file is corrupt (fields out of range)");
        return -1;
    }
    for (i = 0; i < s->session_count; i++)
    {
        if (s->sessions[i].first_track < 1 || s->sessions[i].last_track > s->track_count
                || s->sessions[i].first_track > s->sessions[i].last_track)
        {
            set_err(err, errsize, "state file is corrupt (session %u)", i + 1);
            return -1;
        }
    }
    return 0;
}

int vd_lock(struct vdrive *drive, char *err, size_t errsize)
{
    struct stat st;
    pid_t pid = getpid();
    int ret;

    if (drive->pid != pid)
    {
        /* after fork() the lock's open file description is shared with the
         * parent, so flock() would not exclude it: take a fresh one */
        int fd = open_in_dir(drive->dir, VD_LOCK_FILE, O_RDWR);
        if (fd < 0)
        {
            set_err(err, errsize, "cannot reopen lock file: %s", strerror(errno));
            return -1;
        }
        close(drive->lock_fd);
        drive->lock_fd = fd;
        drive->pid = pid;
    }
    do ret = flock(drive->lock_fd, LOCK_EX);
    while (ret < 0 && errno == EINTR);
    if (ret < 0)
    {
        set_err(err, errsize, "cannot lock recorder: %s", strerror(errno));
        return -1;
    }

    if (fstat(drive->state_fd, &st) < 0) goto fail_errno;
    if (st.st_nlink == 0)
    {
        /* the state file was replaced behind our back: follow the new one */
        int fd = open_in_dir(drive->dir, VD_STATE_FILE, O_RDWR);
        if (fd < 0) goto fail_errno;
        unmap_state(drive);
        close(drive->state_fd);
        drive->state_fd = fd;
        if (fstat(fd, &st) < 0) goto fail_errno;
    }
    if ((uint64_t)st.st_size != sizeof(struct vd_state))
    {
        set_err(err, errsize, "state file is truncated or corrupt (%lld bytes, expected %zu); "
                "recreate the recorder with 'vdrive new'", (long long)st.st_size, sizeof(struct vd_state));
        unmap_state(drive);
        goto fail;
    }
    if (!drive->state)
    {
        void *map = mmap(NULL, sizeof(struct vd_state), PROT_READ | PROT_WRITE, MAP_SHARED, drive->state_fd, 0);
        if (map == MAP_FAILED) goto fail_errno;
        drive->state = map;
        drive->map_size = sizeof(struct vd_state);
        drive->seen_valid = 0;
    }
    /* checked on every command, not only when the generation moved: the
     * checksum costs a microsecond and catches any outside damage */
    {
        if (validate_state(drive->state, err, errsize) < 0)
        {
            drive->seen_valid = 0;
            goto fail;
        }
        drive->seen_generation = drive->state->generation;
        drive->seen_valid = 1;
    }
    drive->dirty = 0;
    return 0;

fail_errno:
    set_err(err, errsize, "cannot access state file: %s", strerror(errno));
fail:
    flock(drive->lock_fd, LOCK_UN);
    return -1;
}

void vd_mark_dirty(struct vdrive *drive)
{
    drive->dirty = 1;
}

void vd_unlock(struct vdrive *drive)
{
    if (drive->dirty && drive->state)
    {
        drive->state->generation++;
        drive->state->checksum = vd_checksum(drive->state);
        drive->seen_generation = drive->state->generation;
        drive->dirty = 0;
    }
    flock(drive->lock_fd, LOCK_UN);
}

int vd_media_from_name(const char *name)
{
    int i;

    for (i = 0; i < VD_MEDIA_COUNT; i++)
        if (!strcmp(vd_media_table[i].name, name)) return i;
    return -1;
}

/* Audio sectors are only ever wiped whole: blanking the disc drops them all. */
static void punch_audio(struct vdrive *drive, int64_t first)
{
    struct stat st;
    off_t offset = (off_t)first * VD_AUDIO_BLOCK_SIZE;

    if (drive->audio_fd < 0 || fstat(drive->audio_fd, &st) < 0 || offset >= st.st_size) return;
    if (ftruncate(drive->audio_fd, offset) < 0) { /* stale audio is never read: tracks say what holds audio */ }
}

int vd_punch(struct vdrive *drive, int64_t first, int64_t blocks)
{
    struct stat st;
    off_t offset = (off_t)first * VD_BLOCK_SIZE, len = (off_t)blocks * VD_BLOCK_SIZE;

    punch_audio(drive, first);

    if (fstat(drive->image_fd, &st) < 0) return -1;
    if (offset >= st.st_size) return 0;
    if (offset + len >= st.st_size) return ftruncate(drive->image_fd, offset);
    if (fallocate(drive->image_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, len) == 0) return 0;
    /* no hole punching on this file system: write zeros instead */
    {
        static const uint8_t zeros[VD_BLOCK_SIZE];
        int64_t i;
        for (i = 0; i < blocks; i++)
            if (pwrite(drive->image_fd, zeros, sizeof(zeros), offset + i * VD_BLOCK_SIZE) < 0) return -1;
    }
    return 0;
}

void vd_default_page05(struct vd_state *s)
{
    const struct vd_media_info *info = &vd_media_table[s->media];
    uint8_t *p = s->page05.bytes;

    memset(p, 0, sizeof(s->page05.bytes));
    p[0] = 0x05;
    p[1] = sizeof(s->page05.bytes) - 2;
    if (info->family == VD_FAMILY_CD)
    {
        p[2] = 0x40 | 0x01;          /* BUFE, write type TAO */
        p[3] = 0x04;                 /* multi-session 00b, track mode 4 */
        p[4] = 0x08;                 /* data block type: mode 1 */
        p[5] = 0x07;                 /* link size */
        p[14] = 0x00; p[15] = 150;   /* audio pause length */
    }
    else
    {
        p[2] = 0x40 | 0x20 | 0x00;   /* BUFE, LS_V, write type incremental */
        p[3] = 0x20 | 0x05;          /* FP, track mode 5 */
        p[4] = 0x08;
        p[5] = 0x10;                 /* link size 16 */
        put_be32(p + 10, 16);        /* packet size */
    }
}

/* A new medium spins up at the drive's default: its fastest speed, whatever
 * the host asked for the previous disc (as real drives do). */
void vd_reset_speed(struct vd_state *s)
{
    s->read_speed = s->write_speed = VD_SPEED_MAX;
    s->rotation_control = 0;
}

void vd_init_drive_defaults(struct vd_state *s)
{
    uint8_t *p;

    memset(s, 0, sizeof(*s));
    s->magic = VD_STATE_MAGIC;
    s->version = VD_STATE_VERSION;
    s->size = sizeof(*s);
    s->media = VD_MEDIA_NONE;
    s->fault_remove_after = -1;
    s->fault_timeout_op = s->fault_truncate_op = s->fault_garbage_op = -1;
    s->fault_corrupt_lba = VD_CORRUPT_ANY;
    vd_reset_speed(s);
    p = s->page01;
    p[0] = 0x01; p[1] = 0x0a; p[2] = 0xc0; p[3] = 0x05; p[8] = 0x05;
    p = s->page1a;
    p[0] = 0x1a; p[1] = 0x0a;
    vd_default_page05(s);
}

static void add_rom_track(struct vd_state *s, int32_t blocks)
{
    s->rom_blocks = blocks;
    s->track_count = 1;
    s->tracks[0].start = 0;
    s->tracks[0].size = blocks;
    s->tracks[0].written = blocks;
    s->tracks[0].session = 1;
    s->tracks[0].flags = VD_TRACK_CLOSED;
    s->tracks[0].mode = 4;
    s->session_count = 1;
    s->sessions[0].first_track = 1;
    s->sessions[0].last_track = 1;
    s->sessions[0].leadout_start = blocks;
    s->sessions[0].next_start = blocks;
    s->finalized = 1;
    s->no_b0 = 1;
}

void vd_load_media(struct vdrive *drive, int media)
{
    struct vd_state *s = drive->state;
    const struct vd_media_info *info = &vd_media_table[media];

    s->media = media;
    s->tray_open = 0;
    s->write_protected = 0;
    s->finalized = 0;
    s->no_b0 = 0;
    s->formatted = 0;
    s->bg_format = 0;
    s->incremental_ok = 1;
    s->dao_pending = 0;
    s->cue_track_mode = 0;
    s->cue_count = 0;
    s->cue_form = 0;
    s->capacity = info->capacity;
    s->formatted_blocks = 0;
    s->last_recorded = -1;
    s->rom_blocks = 0;
    s->inv_start = 0;
    s->inv_written = 0;
    s->inv_damaged = 0;
    s->immed_busy = 0;
    s->busy_start_ms = s->busy_end_ms = 0;
    vd_reset_speed(s);
    s->session_count = 0;
    s->track_count = 0;
    memset(s->sessions, 0, sizeof(s->sessions));
    memset(s->tracks, 0, sizeof(s->tracks));
    vd_default_page05(s);
    if (media == VD_MEDIA_DVD_RW_RO)
    {
        s->formatted = 1;
        s->formatted_blocks = s->capacity;
    }
    if (info->kind == VD_KIND_ROM)
    {
        struct stat st;
        int64_t blocks = 0;

        if (!fstat(drive->image_fd, &st)) blocks = (st.st_size + VD_BLOCK_SIZE - 1) / VD_BLOCK_SIZE;
        if (blocks <= 0) blocks = ROM_DEFAULT_BLOCKS;
        if (blocks > info->capacity) blocks = info->capacity;
        add_rom_track(s, blocks);
    }
    else if (media != VD_MEDIA_NONE)
    {
        if (ftruncate(drive->image_fd, 0) < 0) { /* a stale image only costs space */ }
        punch_audio(drive, 0);
    }
    /* closing the tray over nothing changes nothing worth attention */
    s->unit_attention = media != VD_MEDIA_NONE ? VD_UA_MEDIUM_CHANGED : VD_UA_NONE;
    s->media_event = media == VD_MEDIA_NONE ? 0 : 2;
    vd_mark_dirty(drive);
}

/*
 * Virtual MMC recorder: control operations (create, media, layout, faults,
 * pacing, command log).
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
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vdrive_private.h"

#define NSEC_PER_SEC 1000000000ll
/* After this much idle time pacing restarts from "now" instead of
 * catching up. */
#define PACE_IDLE_NSEC (100 * 1000000ll)

/* User data rates at 1x (bytes/s): CD 75 blocks/s, DVD 1385000 B/s,
 * BD 4495500 B/s (2195 blocks/s). */
#define CD_1X_BYTES  (75 * VD_BLOCK_SIZE)
#define DVD_1X_BYTES 1385000
#define BD_1X_BYTES  4495500

static void set_err(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errsize, const char *fmt, ...)
{
    va_list args;

    if (!err || !errsize) return;
    va_start(args, fmt);
    vsnprintf(err, errsize, fmt, args);
    va_end(args);
}

struct vdrive *vdrive_open(const char *dir, char *err, size_t errsize)
{
    return vd_open_internal(dir, 0, err, errsize);
}

void vdrive_close(struct vdrive *drive)
{
    if (!drive) return;
    if (drive->state) munmap(drive->state, drive->map_size);
    if (drive->state_fd >= 0) close(drive->state_fd);
    if (drive->lock_fd >= 0) close(drive->lock_fd);
    if (drive->image_fd >= 0) close(drive->image_fd);
    if (drive->audio_fd >= 0) close(drive->audio_fd);
    if (drive->log_fd >= 0) close(drive->log_fd);
    pthread_mutex_destroy(&drive->mutex);
    free(drive->dir);
    free(drive);
}

/* Open DIR and take its lock; on success the caller must call finish(). */
static struct vdrive *begin(const char *dir, char *err, size_t errsize)
{
    struct vdrive *drive = vd_open_internal(dir, 0, err, errsize);

    if (!drive) return NULL;
    if (vd_lock(drive, err, errsize) < 0)
    {
        vdrive_close(drive);
        return NULL;
    }
    return drive;
}

static void finish(struct vdrive *drive)
{
    vd_unlock(drive);
    vdrive_close(drive);
}

static int copy_into_image(struct vdrive *drive, const char *path, char *err, size_t errsize)
{
    char buffer[65536];
    ssize_t got;
    off_t offset = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
    {
        set_err(err, errsize, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (ftruncate(drive->image_fd, 0) < 0) goto fail;
    while ((got = read(fd, buffer, sizeof(buffer))) > 0)
    {
        if (pwrite(drive->image_fd, buffer, got, offset) != got) goto fail;
        offset += got;
    }
    if (got < 0) goto fail;
    close(fd);
    return 0;
fail:
    set_err(err, errsize, "cannot copy %s into the image: %s", path, strerror(errno));
    close(fd);
    return -1;
}

/* MEDIA is a profile name, optionally ":PATH" for ROM media. */
static int parse_media(const char *spec, char *name, size_t size, const char **path, char *err, size_t errsize)
{
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    int media;

    *path = colon ? colon + 1 : NULL;
    if (len >= size) len = size - 1;
    memcpy(name, spec, len);
    name[len] = 0;
    if ((media = vd_media_from_name(name)) < 0)
    {
        set_err(err, errsize, "unknown media '%s' (expected one of: none cd-rom cd-r cd-rw dvd-rom dvd-r dvd-rw "
                "dvd-rw-ro dvd+r dvd+r-dl dvd+rw bd-r bd-re, ROM media optionally as cd-rom:FILE)", name);
        return -1;
    }
    if (*path && vd_media_table[media].kind != VD_KIND_ROM)
    {
        set_err(err, errsize, "only ROM media take a content file ('%s')", spec);
        return -1;
    }
    return media;
}

static int load(struct vdrive *drive, const char *spec, char *err, size_t errsize)
{
    char name[32];
    const char *path;
    int media;

    if (!strcmp(spec, "reload"))
    {
        struct vd_state *s = drive->state;
        if (s->media == VD_MEDIA_NONE)
        {
            set_err(err, errsize, "no disc in the tray to reload");
            return -1;
        }
        if (s->tray_open)
        {
            s->tray_open = 0;
            s->unit_attention = VD_UA_MEDIUM_CHANGED;
            s->media_event = 2;
            vd_reset_speed(s);
            vd_mark_dirty(drive);
        }
        return 0;
    }
    if ((media = parse_media(spec, name, sizeof(name), &path, err, errsize)) < 0) return -1;
    if (path && copy_into_image(drive, path, err, errsize) < 0) return -1;
    vd_load_media(drive, media);
    return 0;
}

int vdrive_create(const char *dir, const char *media, char *err, size_t errsize)
{
    struct vdrive *drive;
    char name[32];
    const char *path;
    int ret;

    if (!media) media = "none";
    if (parse_media(media, name, sizeof(name), &path, err, errsize) < 0) return -1;
    if (!(drive = vd_open_internal(dir, 1, err, errsize))) return -1;
    if (flock(drive->lock_fd, LOCK_EX) < 0 || ftruncate(drive->state_fd, 0) < 0
            || ftruncate(drive->state_fd, sizeof(struct vd_state)) < 0)
    {
        set_err(err, errsize, "cannot create the state file in %s: %s", dir, strerror(errno));
        vdrive_close(drive);
        return -1;
    }
    /* write a valid empty state, then load the media through the normal path */
    {
        struct vd_state *s = calloc(1, sizeof(*s));
        ssize_t put;

        if (!s)
        {
            set_err(err, errsize, "out of memory");
            vdrive_close(drive);
            return -1;
        }
        vd_init_drive_defaults(s);
        s->checksum = vd_checksum(s);
        put = pwrite(drive->state_fd, s, sizeof(*s), 0);
        free(s);
        if (put != (ssize_t)sizeof(struct vd_state))
        {
            set_err(err, errsize, "cannot write the state file in %s: %s", dir, strerror(errno));
            vdrive_close(drive);
            return -1;
        }
    }
    if (ftruncate(drive->image_fd, 0) < 0) { /* stale data is harmless */ }
    if (ftruncate(drive->audio_fd, 0) < 0) { /* nor is stale audio */ }
    flock(drive->lock_fd, LOCK_UN);
    if (vd_lock(drive, err, errsize) < 0)
    {
        vdrive_close(drive);
        return -1;
    }
    ret = load(drive, media, err, errsize);
    /* a new recorder starts like a drive after power-on with its disc loaded */
    drive->state->unit_attention = VD_UA_NONE;
    drive->state->media_event = 0;
    finish(drive);
    return ret;
}

int vdrive_insert(const char *dir, const char *media, char *err, size_t errsize)
{
    struct vdrive *drive;
    int ret;

    if (!media)
    {
        set_err(err, errsize, "no media given");
        return -1;
    }
    if (!(drive = begin(dir, err, errsize))) return -1;
    ret = load(drive, media, err, errsize);
    finish(drive);
    return ret;
}

int vdrive_eject(const char *dir, char *err, size_t errsize)
{
    struct vdrive *drive;

    if (!(drive = begin(dir, err, errsize))) return -1;
    /* the control program is the user's hand: it overrides PREVENT */
    if (!drive->state->tray_open)
    {
        drive->state->tray_open = 1;
        drive->state->prevent = 0;
        drive->state->media_event = 3;
        drive->state->busy_start_ms = drive->state->busy_end_ms = 0;
        vd_mark_dirty(drive);
    }
    finish(drive);
    return 0;
}

static const char *disc_status_name(const struct vd_state *s)
{
    const struct vd_media_info *m = vd_media(s);

    if (m->kind == VD_KIND_NONE) return "none";
    if (m->kind == VD_KIND_RANDOM) return s->formatted ? "formatted" : "unformatted";
    switch (vd_disc_status(s))
    {
    case VD_DISC_BLANK: return "blank";
    case VD_DISC_APPENDABLE: return "appendable";
    default: return "finalized";
    }
}

static const char *session_state_name(int state)
{
    static const char * const names[] = {"empty", "incomplete", "damaged", "complete"};
    return names[state & 3];
}

static void print_value(FILE *out, const char *key, int valid, long long value)
{
    if (valid) fprintf(out, " %s %lld", key, value);
    else fprintf(out, " %s -", key);
}

int vdrive_layout(const char *dir, FILE *out, char *err, size_t errsize)
{
    static const char * const bg_names[] = {"none", "suspended", "running", "complete"};
    struct vdrive *drive;
    const struct vd_state *s;
    const struct vd_media_info *m;
    struct vd_track_view v;
    int t, last;
    unsigned int n;

    if (!(drive = begin(dir, err, errsize))) return -1;
    s = drive->state;
    m = vd_media(s);
    fprintf(out, "media %s profile 0x%04x tray %s write-protect %s\n", m->name, m->profile,
            s->tray_open ? "open" : "closed", s->write_protected ? "yes" : "no");
    fprintf(out, "disc %s last-session %s sessions %d tracks %d capacity %d", disc_status_name(s),
            session_state_name(vd_last_session_state(s)), vd_session_total(s), vd_last_track_number(s),
            s->capacity);
    if (s->media == VD_MEDIA_DVD_PLUS_RW) fprintf(out, " bg-format %s", bg_names[s->bg_format & 3]);
    fputc('\n', out);
    if (m->kind == VD_KIND_SEQUENTIAL || m->kind == VD_KIND_ROM)
    {
        for (n = 0; n < s->session_count; n++)
        {
            const struct vd_session *ses = &s->sessions[n];
            int last_closed = n + 1 == s->session_count;
            fprintf(out, "session %u start %d end %d", n + 1, s->tracks[ses->first_track - 1].start,
                    ses->leadout_start);
            print_value(out, "next", !(last_closed && s->finalized), ses->next_start);
            fprintf(out, " state complete\n");
        }
        if (vd_has_appendable_track(s))
            fprintf(out, "session %u start %d end - next - state %s\n", s->session_count + 1,
                    vd_track_view(s, vd_first_track_last_session(s), &v) ? s->inv_start : v.start,
                    session_state_name(vd_last_session_state(s)));
    }
    else if (m->kind == VD_KIND_RANDOM)
        fprintf(out, "session 1 start 0 end %d next - state %s\n", s->formatted ? s->formatted_blocks : 0,
                s->formatted ? "complete" : "empty");
    last = vd_last_track_number(s);
    for (t = 1; t <= last; t++)
    {
        const char *state;
        int32_t recorded;

        if (vd_track_view(s, t, &v) < 0) continue;
        if (m->kind == VD_KIND_RANDOM)
        {
            recorded = s->last_recorded + 1;
            state = s->formatted ? "formatted" : "unformatted";
        }
        else if (v.invisible)
        {
            recorded = s->inv_written;
            state = v.damaged ? "damaged" : v.blank ? "blank" : "open";
        }
        else
        {
            recorded = s->tracks[t - 1].written;
            state = v.damaged ? "damaged" : (s->tracks[t - 1].flags & VD_TRACK_CLOSED) ? "closed" : "reserved";
        }
        fprintf(out, "session %d track %d start %d size %d recorded %d", v.session, t, v.start, v.size, recorded);
        print_value(out, "nwa", v.nwa_valid, v.nwa);
        print_value(out, "lra", v.lra_valid, v.lra);
        fprintf(out, " free %d state %s\n", v.free_blocks, state);
    }
    finish(drive);
    return 0;
}

static int parse_number(const char *text, long long *value, int hex)
{
    char *end;

    if (!text || !*text) return -1;
    errno = 0;
    *value = strtoll(text, &end, hex ? 16 : 0);
    if (errno || *end) return -1;
    return 0;
}

/* Decimal digits only: no sign, no base prefix. */
static int parse_decimal(const char *text, long long *value)
{
    const char *p;

    if (!text || !*text) return -1;
    for (p = text; *p; p++) if (*p < '0' || *p > '9') return -1;
    errno = 0;
    *value = strtoll(text, NULL, 10);
    return errno ? -1 : 0;
}

static int parse_opcode(const char *text, int *opcode)
{
    long long value;

    if (!strncasecmp(text, "0x", 2)) text += 2;
    if (parse_number(text, &value, 1) < 0 || value < 0 || value > 0xff) return -1;
    *opcode = value;
    return 0;
}

#define FAULT_GRAMMAR "medium-error:LBA, remove-after:N, not-ready:N, long-write:N, timeout:OPCODE[:N], " \
    "truncate:OPCODE:N, garbage:OPCODE[:N], corrupt:LBA[:N], corrupt-write[:N], write-protect, " \
    "write-protect:off, poke:OPCODE:OFFSET:VALUE[:N], blank-time:MS, erase-failure, power-loss, pace:KBPS, " \
    "eject, clear (OPCODE and VALUE in hex, e.g. 2a; OFFSET in decimal)"

static int apply_fault(struct vd_state *s, const char *spec, char *err, size_t errsize)
{
    const char *arg = strchr(spec, ':');
    size_t len = arg ? (size_t)(arg - spec) : strlen(spec);
    long long value;
    int opcode;

    if (arg) arg++;
#define IS(word) (len == strlen(word) && !strncmp(spec, word, len))
    if (IS("clear") && !arg)
    {
        s->fault_not_ready = s->fault_long_write = 0;
        s->fault_remove_after = -1;
        s->fault_timeout_op = s->fault_truncate_op = s->fault_garbage_op = -1;
        s->fault_timeout_count = s->fault_garbage_count = 0;
        s->fault_lba_count = 0;
        s->fault_corrupt_lba = VD_CORRUPT_ANY;
        s->fault_corrupt_count = 0;
        memset(s->fault_poke, 0, sizeof(s->fault_poke));
        s->write_protected = 0;
        s->fault_blank_ms = 0;
        s->fault_erase_failure = 0;
        return 0;
    }
    if (IS("erase-failure") && !arg)
    {
        s->fault_erase_failure = 1;
        return 0;
    }
    if (IS("power-loss") && !arg)
    {
        /* The drive loses power and comes back: a background BLANK or FORMAT
         * UNIT stops where it was, PREVENT and the speeds are forgotten, and
         * the first media command reports the power-on reset (06/29/00).
         * The disc keeps what the model did at once. */
        s->busy_start_ms = s->busy_end_ms = 0;
        s->busy_format = 0;
        s->immed_busy = 0;
        s->erase_error = 0;
        s->prevent = 0;
        vd_reset_speed(s);
        s->unit_attention = VD_UA_POWER_ON;
        return 0;
    }
    if (IS("eject") && !arg)
    {
        /* the user's hand on the button: it overrides PREVENT */
        s->tray_open = 1;
        s->prevent = 0;
        s->media_event = 3;
        s->busy_start_ms = s->busy_end_ms = 0;
        return 0;
    }
    if (IS("blank-time"))
    {
        if (!arg || parse_number(arg, &value, 0) < 0 || value <= 0 || value > 3600000) goto bad;
        s->fault_blank_ms = value;
        return 0;
    }
    if (IS("pace"))
    {
        /* as 'vdrive speed DIR KBPS' (0: unpaced), from the host's side */
        if (!arg || parse_number(arg, &value, 0) < 0 || value < 0 || value > UINT32_MAX / 1000) goto bad;
        s->speed_bytes = value * 1000;
        return 0;
    }
    if (IS("write-protect"))
    {
        if (!arg || !strcmp(arg, "on")) s->write_protected = 1;
        else if (!strcmp(arg, "off")) s->write_protected = 0;
        else goto bad;
        return 0;
    }
    if (IS("medium-error"))
    {
        if (!arg || parse_number(arg, &value, 0) < 0 || value < 0 || value > INT32_MAX) goto bad;
        if (s->fault_lba_count >= VD_MAX_FAULT_LBAS)
        {
            set_err(err, errsize, "at most %d medium-error LBAs", VD_MAX_FAULT_LBAS);
            return -1;
        }
        s->fault_lba[s->fault_lba_count++] = value;
        return 0;
    }
    if (IS("corrupt"))
    {
        /* corrupt:LBA[:N] */
        const char *colon = arg ? strchr(arg, ':') : NULL;
        char lba[16];
        long long count = 1;

        if (!arg) goto bad;
        if (!colon) colon = arg + strlen(arg);
        if (colon - arg >= (long)sizeof(lba)) goto bad;
        memcpy(lba, arg, colon - arg);
        lba[colon - arg] = 0;
        if (parse_number(lba, &value, 0) < 0 || value < 0 || value > INT32_MAX) goto bad;
        if (*colon && (parse_number(colon + 1, &count, 0) < 0 || count <= 0 || count > INT32_MAX)) goto bad;
        s->fault_corrupt_lba = value;
        s->fault_corrupt_count = count;
        return 0;
    }
    if (IS("corrupt-write"))
    {
        value = 1;
        if (arg && (parse_number(arg, &value, 0) < 0 || value <= 0 || value > INT32_MAX)) goto bad;
        s->fault_corrupt_lba = VD_CORRUPT_ANY;
        s->fault_corrupt_count = value;
        return 0;
    }
    if (IS("poke"))
    {
        /* poke:OPCODE:OFFSET:VALUE[:N] */
        char fields[4][16];
        const char *p = arg;
        long long offset, count = 1;
        int n, poke_value, i, slot = -1;

        for (n = 0; p && n < 4; n++)
        {
            const char *colon = strchr(p, ':');
            size_t flen = colon ? (size_t)(colon - p) : strlen(p);

            if (flen >= sizeof(fields[n])) goto bad;
            memcpy(fields[n], p, flen);
            fields[n][flen] = 0;
            p = colon ? colon + 1 : NULL;
        }
        if (p || n < 3) goto bad;   /* extra or missing fields */
        if (parse_opcode(fields[0], &opcode) < 0) goto bad;
        if (parse_decimal(fields[1], &offset) < 0 || offset > 0xffff) goto bad;
        if (parse_opcode(fields[2], &poke_value) < 0) goto bad;
        if (n == 4 && (parse_decimal(fields[3], &count) < 0 || count <= 0 || count > INT32_MAX)) goto bad;
        /* the same opcode and offset replace the earlier poke; else a free slot */
        for (i = 0; i < VD_MAX_POKES; i++)
        {
            if (!s->fault_poke[i].count)
            {
                if (slot < 0) slot = i;
            }
            else if (s->fault_poke[i].opcode == opcode && s->fault_poke[i].offset == offset)
            {
                slot = i;
                break;
            }
        }
        if (slot < 0)
        {
            set_err(err, errsize, "at most %d poke faults at once", VD_MAX_POKES);
            return -1;
        }
        s->fault_poke[slot].opcode = opcode;
        s->fault_poke[slot].offset = offset;
        s->fault_poke[slot].value = poke_value;
        s->fault_poke[slot].count = count;
        return 0;
    }
    if (IS("remove-after") || IS("not-ready") || IS("long-write"))
    {
        if (!arg || parse_number(arg, &value, 0) < 0 || value < 0 || value > INT32_MAX) goto bad;
        if (IS("remove-after")) s->fault_remove_after = value;
        else if (IS("not-ready")) s->fault_not_ready = value;
        else s->fault_long_write = value;
        return 0;
    }
    if (IS("timeout") || IS("truncate") || IS("garbage"))
    {
        char op[8];
        const char *colon = arg ? strchr(arg, ':') : NULL;

        /* timeout:OPCODE[:N], garbage:OPCODE[:N], truncate:OPCODE:N */
        if (!arg) goto bad;
        if (!colon)
        {
            if (IS("truncate")) goto bad;
            colon = arg + strlen(arg);
        }
        if (colon - arg >= (long)sizeof(op)) goto bad;
        memcpy(op, arg, colon - arg);
        op[colon - arg] = 0;
        if (parse_opcode(op, &opcode) < 0) goto bad;
        value = 1;
        if (*colon && (parse_number(colon + 1, &value, 0) < 0 || value < 0 || value > INT32_MAX))
            goto bad;
        if (IS("timeout"))
        {
            if (!value) goto bad;
            s->fault_timeout_op = opcode;
            s->fault_timeout_count = value;
        }
        else if (IS("garbage"))
        {
            if (!value) goto bad;
            s->fault_garbage_op = opcode;
            s->fault_garbage_count = value;
        }
        else
        {
            s->fault_truncate_op = opcode;
            s->fault_truncate_len = value;
        }
        return 0;
    }
#undef IS
bad:
    set_err(err, errsize, "bad fault '%s'; expected one of: " FAULT_GRAMMAR, spec);
    return -1;
}

int vd_apply_faults(struct vd_state *state, const char *spec, char *err, size_t errsize)
{
    struct vd_state *saved;
    const char *item, *comma;
    char text[64];
    size_t len;
    int ret = 0;

    if (!spec || !*spec)
    {
        set_err(err, errsize, "no fault given; expected one of: " FAULT_GRAMMAR);
        return -1;
    }
    if (!(saved = malloc(sizeof(*saved))))
    {
        set_err(err, errsize, "out of memory");
        return -1;
    }
    memcpy(saved, state, sizeof(*saved));
    /* Every item counts: ",,", a leading or a trailing comma is an empty item. */
    for (item = spec;; item = comma + 1)
    {
        comma = strchr(item, ',');
        len = comma ? (size_t)(comma - item) : strlen(item);
        if (!len || len >= sizeof(text))
        {
            set_err(err, errsize, "bad fault list '%s': %s item; expected one of: " FAULT_GRAMMAR, spec,
                    len ? "an overlong" : "an empty");
            ret = -1;
            break;
        }
        memcpy(text, item, len);
        text[len] = 0;
        if ((ret = apply_fault(state, text, err, errsize)) < 0 || !comma) break;
    }
    if (ret < 0)
        memcpy(state, saved, sizeof(*saved));   /* all or nothing */
    free(saved);
    return ret;
}

int vdrive_fault(const char *dir, const char *spec, char *err, size_t errsize)
{
    struct vdrive *drive;
    int ret;

    if (!(drive = begin(dir, err, errsize))) return -1;
    if ((ret = vd_apply_faults(drive->state, spec, err, errsize)) == 0)
        vd_mark_dirty(drive);
    finish(drive);
    return ret;
}

int vdrive_speed(const char *dir, const char *speed, char *err, size_t errsize)
{
    struct vdrive *drive;
    long long factor, bytes;
    char *end;

    if (!speed || !*speed) goto bad;
    if (!strcmp(speed, "unpaced"))
        bytes = 0;
    else
    {
        errno = 0;
        factor = strtoll(speed, &end, 10);
        if (errno || end == speed || factor <= 0) goto bad;
        if (!*end)
            bytes = factor * 1000;                      /* kB/s of user data */
        else if (!strcmp(end, "x-cd"))
            bytes = factor * CD_1X_BYTES;
        else if (!strcmp(end, "x-dvd"))
            bytes = factor * DVD_1X_BYTES;
        else if (!strcmp(end, "x-bd"))
            bytes = factor * BD_1X_BYTES;
        else
            goto bad;
        if (bytes > UINT32_MAX) goto bad;
    }
    if (!(drive = begin(dir, err, errsize))) return -1;
    drive->state->speed_bytes = bytes;
    vd_mark_dirty(drive);
    finish(drive);
    return 0;
bad:
    set_err(err, errsize, "bad speed '%s'; expected unpaced, NNx-cd, NNx-dvd, NNx-bd or a number of kB/s",
            speed ? speed : "");
    return -1;
}

int vdrive_log(const char *dir, const char *action, FILE *out, char *err, size_t errsize)
{
    struct vdrive *drive;
    int ret = 0;

    if (!action || (strcmp(action, "on") && strcmp(action, "off") && strcmp(action, "show") && strcmp(action, "clear")))
    {
        set_err(err, errsize, "bad log action '%s'; expected on, off, show or clear", action ? action : "");
        return -1;
    }
    if (!(drive = begin(dir, err, errsize))) return -1;
    if (!strcmp(action, "on") || !strcmp(action, "off"))
    {
        drive->state->log_enabled = !strcmp(action, "on");
        vd_mark_dirty(drive);
    }
    else
    {
        int fd = -1;
        char path[4096];

        snprintf(path, sizeof(path), "%s/%s", dir, VD_LOG_FILE);
        if (!strcmp(action, "clear"))
        {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (fd < 0)
            {
                set_err(err, errsize, "cannot clear %s: %s", path, strerror(errno));
                ret = -1;
            }
        }
        else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
        {
            char buffer[65536];
            ssize_t got;

            while ((got = read(fd, buffer, sizeof(buffer))) > 0)
                if (out) fwrite(buffer, 1, got, out);
        }
        if (fd >= 0) close(fd);
    }
    finish(drive);
    return ret;
}

static const struct
{
    uint8_t opcode;
    const char *name;
}
opcode_names[] =
{
    {MMC_TEST_UNIT_READY, "TEST_UNIT_READY"}, {MMC_REZERO_UNIT, "REZERO_UNIT"},
    {MMC_REQUEST_SENSE, "REQUEST_SENSE"}, {MMC_FORMAT_UNIT, "FORMAT_UNIT"}, {MMC_INQUIRY, "INQUIRY"},
    {MMC_MODE_SELECT_6, "MODE_SELECT_6"}, {MMC_MODE_SENSE_6, "MODE_SENSE_6"},
    {MMC_START_STOP_UNIT, "START_STOP_UNIT"}, {MMC_PREVENT_ALLOW, "PREVENT_ALLOW_MEDIUM_REMOVAL"},
    {MMC_READ_FORMAT_CAPACITIES, "READ_FORMAT_CAPACITIES"}, {MMC_READ_CAPACITY, "READ_CAPACITY"},
    {MMC_READ_10, "READ_10"}, {MMC_WRITE_10, "WRITE_10"}, {MMC_SEEK_10, "SEEK_10"},
    {MMC_WRITE_VERIFY_10, "WRITE_VERIFY_10"}, {MMC_VERIFY_10, "VERIFY_10"},
    {MMC_SYNCHRONIZE_CACHE, "SYNCHRONIZE_CACHE"}, {MMC_WRITE_BUFFER, "WRITE_BUFFER"},
    {MMC_READ_BUFFER, "READ_BUFFER"}, {MMC_READ_SUBCHANNEL, "READ_SUBCHANNEL"},
    {MMC_READ_TOC_PMA_ATIP, "READ_TOC_PMA_ATIP"}, {MMC_READ_HEADER, "READ_HEADER"},
    {MMC_PLAY_AUDIO_10, "PLAY_AUDIO_10"}, {MMC_GET_CONFIGURATION, "GET_CONFIGURATION"},
    {MMC_GET_EVENT_STATUS, "GET_EVENT_STATUS_NOTIFICATION"}, {MMC_READ_DISC_INFORMATION, "READ_DISC_INFORMATION"},
    {MMC_READ_TRACK_INFORMATION, "READ_TRACK_INFORMATION"}, {MMC_RESERVE_TRACK, "RESERVE_TRACK"},
    {MMC_SEND_OPC_INFORMATION, "SEND_OPC_INFORMATION"}, {MMC_MODE_SELECT_10, "MODE_SELECT_10"},
    {MMC_REPAIR_TRACK, "REPAIR_TRACK"}, {MMC_MODE_SENSE_10, "MODE_SENSE_10"},
    {MMC_CLOSE_TRACK_SESSION, "CLOSE_TRACK_SESSION"}, {MMC_READ_BUFFER_CAPACITY, "READ_BUFFER_CAPACITY"},
    {MMC_SEND_CUE_SHEET, "SEND_CUE_SHEET"}, {MMC_BLANK, "BLANK"}, {MMC_SEND_KEY, "SEND_KEY"},
    {MMC_REPORT_KEY, "REPORT_KEY"}, {MMC_LOAD_UNLOAD, "LOAD_UNLOAD_MEDIUM"}, {MMC_SET_READ_AHEAD, "SET_READ_AHEAD"},
    {MMC_READ_12, "READ_12"}, {MMC_WRITE_12, "WRITE_12"}, {MMC_READ_MEDIA_SERIAL, "READ_MEDIA_SERIAL_NUMBER"},
    {MMC_GET_PERFORMANCE, "GET_PERFORMANCE"}, {MMC_READ_DVD_STRUCTURE, "READ_DISC_STRUCTURE"},
    {MMC_SET_STREAMING, "SET_STREAMING"}, {MMC_READ_CD_MSF, "READ_CD_MSF"}, {MMC_SET_CD_SPEED, "SET_CD_SPEED"},
    {MMC_MECHANISM_STATUS, "MECHANISM_STATUS"}, {MMC_READ_CD, "READ_CD"},
    {MMC_SEND_DVD_STRUCTURE, "SEND_DISC_STRUCTURE"},
};

const char *vd_opcode_name(uint8_t opcode)
{
    size_t i;

    for (i = 0; i < sizeof(opcode_names) / sizeof(opcode_names[0]); i++)
        if (opcode_names[i].opcode == opcode) return opcode_names[i].name;
    return "UNKNOWN";
}

void vd_log_command(struct vdrive *drive, const uint8_t *cdb, unsigned int cdb_len,
                    uint32_t data_len, const struct vdrive_result *result)
{
    char line[512];
    struct timespec now;
    unsigned int i;
    int pos;

    if (drive->log_fd < 0)
    {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", drive->dir, VD_LOG_FILE);
        drive->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
        if (drive->log_fd < 0) return;
    }
    clock_gettime(CLOCK_REALTIME, &now);
    pos = snprintf(line, sizeof(line), "%lld.%06ld %s cdb=", (long long)now.tv_sec, now.tv_nsec / 1000,
                   vd_opcode_name(cdb[0]));
    for (i = 0; i < cdb_len && i < 16; i++) pos += snprintf(line + pos, sizeof(line) - pos, "%02x", cdb[i]);
    pos += snprintf(line + pos, sizeof(line) - pos, " len=%u xfer=%u status=0x%02x", data_len,
                    result->transferred, result->status);
    if (result->status == SCSI_STATUS_CHECK_CONDITION)
        pos += snprintf(line + pos, sizeof(line) - pos, " sense=%x/%02x/%02x", result->sense[2] & 0x0f,
                        result->sense[12], result->sense[13]);
    else
        pos += snprintf(line + pos, sizeof(line) - pos, " sense=-");
    if (result->host_status)
        pos += snprintf(line + pos, sizeof(line) - pos, " host=0x%02x", result->host_status);
    pos += snprintf(line + pos, sizeof(line) - pos, " pid=%d\n", (int)getpid());
    if (write(drive->log_fd, line, pos) < 0) { /* the log is best effort */ }
}

static int64_t timespec_ns(const struct timespec *t)
{
    return t->tv_sec * NSEC_PER_SEC + t->tv_nsec;
}

void vd_pace(struct vdrive *drive, uint64_t bytes, uint32_t bytes_per_second)
{
    struct timespec now;
    int64_t deadline, now_ns;

    clock_gettime(CLOCK_MONOTONIC, &now);
    now_ns = timespec_ns(&now);
    deadline = timespec_ns(&drive->pace_deadline);
    if (!drive->pace_active || deadline < now_ns - PACE_IDLE_NSEC) deadline = now_ns;
    deadline += (int64_t)(bytes * NSEC_PER_SEC / bytes_per_second);
    drive->pace_deadline.tv_sec = deadline / NSEC_PER_SEC;
    drive->pace_deadline.tv_nsec = deadline % NSEC_PER_SEC;
    drive->pace_active = 1;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &drive->pace_deadline, NULL) == EINTR);
}

/*
 * Virtual MMC recorder: the MMC-6 logical unit (command decoding and replies).
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
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vdrive_private.h"

#define VENDOR_ID    "VDRIVE  "
#define PRODUCT_ID   "Virtual MMC-6    "
#define REVISION     "1.00"

#define INQUIRY_STANDARD_LEN 96
#define PERIPHERAL_CDROM     0x05
#define SENSE_FIXED_CURRENT  0x70
#define SENSE_FIXED_DEFERRED 0x71
#define SENSE_FIXED_LEN      18
#define BUFFER_SIZE_BYTES    (4u << 20)

/* Speeds in kB/s (1000 bytes) as MMC reports them, rounded from the 1x
 * rates in tenths of kB/s: CD 176.4 (75 frames of 2352 bytes), DVD 1385,
 * BD 4495.5. */
#define CD_1X_DECI_KBPS   1764
#define DVD_1X_DECI_KBPS  13850
#define BD_1X_DECI_KBPS   44955
#define KBPS(factor, deci) (((factor) * (deci) + 5) / 10)
#define CD_48X_KBPS  KBPS(48, CD_1X_DECI_KBPS)

/* SET CD SPEED: FFFFh asks for the fastest speed */
#define SPEED_FASTEST 0xffff
/* Rotation control (SET CD SPEED byte 1, page 2Ah byte 27): 00b CLV, 01b CAV */
#define ROTATION_CONTROL_MASK 0x03
#define ROTATION_CONTROL_CAV  0x01
/* SET STREAMING performance descriptor byte 0: Restore Drive Defaults */
#define STREAMING_RDD         0x04
#define STREAMING_DESCRIPTOR_LEN 28
/* GET PERFORMANCE type 00h, CDB byte 1: Write */
#define PERFORMANCE_WRITE     0x04
/* MODE SENSE(10) header byte 3, the device-specific parameter: WP */
#define MODE_HEADER_WP        0x80
/* READ DISC STRUCTURE format C0h, Write Protection Status (MMC-6), byte 4 of
 * the reply: SWPP (software, until power down), PWP (persistent), WDP (the
 * disc or its cartridge), MSWI (media specific). */
#define STRUCTURE_WRITE_PROTECTION 0xc0
#define WPS_SWPP  0x01
#define WPS_PWP   0x02
#define WPS_WDP   0x04
#define WPS_MSWI  0x08

#define FLAG_MEDIA     0x01   /* needs a medium (02/3A/xx otherwise) */
#define FLAG_NO_UA     0x02   /* not affected by unit attention */
#define FLAG_WRITE     0x04   /* data out */
#define FLAG_BUSY      0x08   /* subject to not-ready / long-write faults */

struct vd_ctx
{
    struct vdrive *drive;
    struct vd_state *s;
    const uint8_t *cdb;
    unsigned int cdb_len;
    enum vdrive_direction direction;
    uint8_t *data;
    uint32_t data_len;
    uint32_t transferred;
    uint32_t info;
    int info_valid;
    uint64_t written_bytes;
    uint64_t sleep_ns;          /* a command without Immed that takes this long */
};

typedef uint32_t (*vd_handler)(struct vd_ctx *ctx);

static int present(const struct vd_state *s)
{
    return s->media != VD_MEDIA_NONE && !s->tray_open;
}

static int64_t now_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Whether a background operation (BLANK with Immed) still runs, and how far
 * it is in 65536ths (MMC-6 / SPC-4: the progress indication of 02/04/07). */
static int busy_progress(struct vdrive *drive, uint16_t *progress)
{
    struct vd_state *s = drive->state;
    int64_t now;

    if (!s->busy_end_ms) return 0;
    now = now_ms();
    if (!present(s) || now >= s->busy_end_ms)
    {
        s->busy_start_ms = s->busy_end_ms = 0;
        s->busy_format = 0;
        vd_mark_dirty(drive);
        return 0;
    }
    if (now < s->busy_start_ms) now = s->busy_start_ms;
    *progress = (now - s->busy_start_ms) * 65536 / (s->busy_end_ms - s->busy_start_ms + 1);
    return 1;
}

/* Sense bytes 15-17: SKSV and the progress indication. */
static void set_sense_progress(uint8_t *sense, uint16_t progress)
{
    sense[15] = 0x80;
    put_be16(sense + 16, progress);
}

static const struct vd_media_info *cur_media(const struct vd_state *s)
{
    return present(s) ? vd_media(s) : &vd_media_table[VD_MEDIA_NONE];
}

static uint32_t reply(struct vd_ctx *ctx, const uint8_t *buf, uint32_t len, uint32_t alloc)
{
    uint32_t n = len;

    if (n > alloc) n = alloc;
    if (n > ctx->data_len) n = ctx->data_len;
    if (n && ctx->data != buf) memcpy(ctx->data, buf, n);
    ctx->transferred = n;
    return VD_GOOD;
}

static void lba_to_msf(int32_t lba, uint8_t *msf)
{
    int32_t frames = lba >= -CD_MSF_OFFSET ? lba + CD_MSF_OFFSET : lba + 450150;

    if (frames < 0) frames = 0;
    msf[0] = frames / (60 * CD_FRAMES_PER_SECOND);
    msf[1] = frames / CD_FRAMES_PER_SECOND % 60;
    msf[2] = frames % CD_FRAMES_PER_SECOND;
}

static void put_address(uint8_t *p, int32_t lba, int msf)
{
    if (msf)
    {
        p[0] = 0;
        lba_to_msf(lba, p + 1);
    }
    else
        put_be32(p, (uint32_t)lba);
}

static uint32_t drive_serial(const struct vdrive *drive)
{
    const char *c;
    uint32_t hash = 2166136261u;

    for (c = drive->dir; *c; c++) hash = (hash ^ (uint8_t)*c) * 16777619u;
    return hash;
}

/* ---- INQUIRY, TEST UNIT READY, REQUEST SENSE ---------------------------- */

static uint32_t cmd_inquiry(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    uint32_t alloc = get_be16(ctx->cdb + 3);
    char serial[16];
    int len;

    snprintf(serial, sizeof(serial), "VD%08X", drive_serial(ctx->drive));
    memset(b, 0, 256);
    if (!(ctx->cdb[1] & 0x01))
    {
        if (ctx->cdb[2]) return SENSE_INVALID_FIELD_CDB;
        b[0] = PERIPHERAL_CDROM;
        b[1] = 0x80;                 /* removable */
        b[2] = 0x05;                 /* SPC-3 */
        b[3] = 0x02;                 /* response data format */
        b[4] = INQUIRY_STANDARD_LEN - 5;
        memcpy(b + 8, VENDOR_ID, 8);
        memcpy(b + 16, PRODUCT_ID, 16);
        memcpy(b + 32, REVISION, 4);
        memcpy(b + 36, serial, strlen(serial));
        put_be16(b + 58, 0x0560);    /* version descriptor: MMC-6 */
        put_be16(b + 60, 0x0300);    /* SPC-3 */
        return reply(ctx, b, INQUIRY_STANDARD_LEN, alloc);
    }
    b[0] = PERIPHERAL_CDROM;
    b[1] = ctx->cdb[2];
    switch (ctx->cdb[2])
    {
    case 0x00:
        b[3] = 3;
        b[4] = 0x00; b[5] = 0x80; b[6] = 0x83;
        return reply(ctx, b, 7, alloc);
    case 0x80:
        len = strlen(serial);
        b[3] = len;
        memcpy(b + 4, serial, len);
        return reply(ctx, b, 4 + len, alloc);
    case 0x83:
        len = 8 + strlen(serial);
        b[4] = 0x02;                 /* code set ASCII */
        b[5] = 0x01;                 /* T10 vendor identification */
        b[7] = len;
        memcpy(b + 8, VENDOR_ID, 8);
        memcpy(b + 16, serial, strlen(serial));
        put_be16(b + 2, 4 + len);
        return reply(ctx, b, 8 + len, alloc);
    }
    return SENSE_INVALID_FIELD_CDB;
}

static uint32_t cmd_test_unit_ready(struct vd_ctx *ctx)
{
    (void)ctx;
    return VD_GOOD;
}

static void build_sense(uint8_t *p, uint32_t sense, uint32_t info, int info_valid)
{
    memset(p, 0, SENSE_FIXED_LEN);
    p[0] = SENSE_FIXED_CURRENT | (info_valid ? 0x80 : 0);
    p[2] = VD_SENSE_KEY(sense);
    put_be32(p + 3, info);
    p[7] = SENSE_FIXED_LEN - 8;
    p[12] = VD_SENSE_ASC(sense);
    p[13] = VD_SENSE_ASCQ(sense);
}

static uint32_t cmd_request_sense(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    uint32_t sense = ctx->drive->last_sense;
    uint16_t progress;

    if (!sense && ctx->s && !present(ctx->s))
        sense = ctx->s->tray_open ? SENSE_NO_MEDIUM_TRAY_OPEN : SENSE_NO_MEDIUM_TRAY_CLOSED;
    build_sense(b, sense, ctx->drive->last_info, sense == SENSE_UNRECOVERED_READ || sense == SENSE_WRITE_ERROR);
    if ((!sense || sense == SENSE_OPERATION_IN_PROGRESS || sense == SENSE_FORMAT_IN_PROGRESS)
            && ctx->s && busy_progress(ctx->drive, &progress))
    {
        build_sense(b, ctx->s->busy_format ? SENSE_FORMAT_IN_PROGRESS : SENSE_OPERATION_IN_PROGRESS, 0, 0);
        set_sense_progress(b, progress);
    }
    ctx->drive->last_sense = 0;
    return reply(ctx, b, SENSE_FIXED_LEN, ctx->cdb[4]);
}

/* ---- GET CONFIGURATION -------------------------------------------------- */

static const uint16_t feature_codes[] =
{
    0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001d, 0x001e, 0x001f, 0x0020, 0x0021,
    0x0023, 0x0024, 0x0026, 0x002a, 0x002b, 0x002d, 0x002e, 0x002f, 0x0037, 0x003b,
    0x0040, 0x0041, 0x0100, 0x0107, 0x0108,
};

static const uint16_t profile_list[] =
{
    PROFILE_BD_RE, PROFILE_BD_R_SRM, PROFILE_BD_ROM, PROFILE_DVD_PLUS_R_DL, PROFILE_DVD_PLUS_R,
    PROFILE_DVD_PLUS_RW, PROFILE_DVD_RW_SEQ, PROFILE_DVD_RW_RO, PROFILE_DVD_R, PROFILE_DVD_ROM,
    PROFILE_CD_RW, PROFILE_CD_R, PROFILE_CD_ROM,
};

static int feature_header(uint8_t *p, uint16_t code, int version, int current, int len)
{
    put_be16(p, code);
    p[2] = (version << 2) | 0x02 /* persistent */ | (current ? 1 : 0);
    if (code >= 0x0010 && code < 0x0100 && code != 0x0000) p[2] &= ~0x02;
    p[3] = len;
    memset(p + 4, 0, len);
    return 4 + len;
}

static int media_is(const struct vd_state *s, int a, int b)
{
    return present(s) && ((int)s->media == a || (int)s->media == b);
}

/* The write speeds the drive supports for the current medium (kB/s), fastest
 * first. */
static int write_speeds(const struct vd_state *s, uint32_t *speeds)
{
    static const uint32_t cd[] = {48, 32, 24, 16}, dvd[] = {16, 8, 4}, bd[] = {12, 8, 6, 4, 2};
    const uint32_t *list;
    int i, n, unit;

    switch (cur_media(s)->family)
    {
    case VD_FAMILY_CD:  list = cd;  n = 4; unit = CD_1X_DECI_KBPS; break;
    case VD_FAMILY_DVD: list = dvd; n = 3; unit = DVD_1X_DECI_KBPS; break;
    case VD_FAMILY_BD:  list = bd;  n = 5; unit = BD_1X_DECI_KBPS; break;
    default: return 0;
    }
    for (i = 0; i < n; i++) speeds[i] = KBPS(list[i], unit);
    return n;
}

/* The speed the drive writes at: the fastest supported one not above the
 * last request, or the slowest when the request is below them all.  A
 * request up to 1% short of a speed selects it: hosts convert from x
 * factors or sectors per second and round (cdrecord counts 176 kB/s per x,
 * 8x DVD is 5410 sectors/s = 11079 kB/s). */
static uint32_t selected_write_speed(const struct vd_state *s)
{
    uint32_t speeds[8];
    int i, n = write_speeds(s, speeds);

    if (!n) return 0;
    for (i = 0; i < n; i++)
        if ((uint64_t)s->write_speed * 100 >= (uint64_t)speeds[i] * 99) return speeds[i];
    return speeds[n - 1];
}

static int build_feature(struct vd_ctx *ctx, uint16_t code, uint8_t *p)
{
    const struct vd_state *s = ctx->s;
    const struct vd_media_info *m = cur_media(s);
    int cd = m->family == VD_FAMILY_CD, dvd = m->family == VD_FAMILY_DVD, bd = m->family == VD_FAMILY_BD;
    int len, i, cur;
    char serial[16];

    switch (code)
    {
    case 0x0000:
        len = feature_header(p, code, 0, 1, 4 * (int)(sizeof(profile_list) / sizeof(profile_list[0])));
        p[2] |= 0x02;
        for (i = 0; i < (int)(sizeof(profile_list) / sizeof(profile_list[0])); i++)
        {
            put_be16(p + 4 + 4 * i, profile_list[i]);
            p[4 + 4 * i + 2] = m->profile == profile_list[i] && m->profile != PROFILE_NONE;
        }
        return len;
    case 0x0001:
        len = feature_header(p, code, 2, 1, 8);
        p[2] |= 0x02;
        put_be32(p + 4, 2);           /* ATAPI */
        p[8] = 0x03;                  /* DBE, INQ2 */
        return len;
    case 0x0002:
        len = feature_header(p, code, 1, 1, 4);
        p[2] |= 0x02;
        p[4] = 0x02;                  /* OCEvent */
        return len;
    case 0x0003:
        len = feature_header(p, code, 0, 1, 4);
        p[2] |= 0x02;
        p[4] = 0x20 | 0x08 | 0x01;    /* tray, eject, lock */
        return len;
    case 0x0010:
        len = feature_header(p, code, 0, present(s) && (vd_disc_status(s) != VD_DISC_BLANK), 8);
        put_be32(p + 4, VD_BLOCK_SIZE);
        put_be16(p + 8, m->write_unit ? m->write_unit : 1);
        return len;
    case 0x001d:
        return feature_header(p, code, 0, cd, 0);
    case 0x001e:
        len = feature_header(p, code, 2, cd, 4);
        p[4] = 0x80 | 0x02 | 0x01;    /* DAP, C2, CD-Text */
        return len;
    case 0x001f:
        len = feature_header(p, code, 1, dvd, 4);
        p[4] = 0x01;                  /* MULTI110 */
        p[6] = 0x01;                  /* dual layer -R read */
        return len;
    case 0x0020:
        cur = present(s) && m->kind == VD_KIND_RANDOM && s->formatted;
        len = feature_header(p, code, 0, cur, 12);
        put_be32(p + 4, cur ? (uint32_t)(s->formatted_blocks - 1) : 0);
        put_be32(p + 8, VD_BLOCK_SIZE);
        put_be16(p + 12, m->write_unit ? m->write_unit : 1);
        return len;
    case 0x0021:
        cur = present(s) && (media_is(s, VD_MEDIA_CD_R, VD_MEDIA_CD_RW)
                || (media_is(s, VD_MEDIA_DVD_R, VD_MEDIA_DVD_RW) && s->incremental_ok)) && !s->finalized;
        len = feature_header(p, code, 1, cur, 8);
        put_be16(p + 4, 0x0100 | 0x0400);   /* data block types 8 and 10 */
        p[6] = 0x01;                        /* BUF */
        p[7] = 1;                           /* one link size */
        p[8] = dvd ? 16 : 7;
        return len;
    case 0x0023:
        cur = media_is(s, VD_MEDIA_DVD_PLUS_RW, VD_MEDIA_BD_RE) || media_is(s, VD_MEDIA_DVD_RW, VD_MEDIA_DVD_RW_RO)
                || (media_is(s, VD_MEDIA_BD_R, VD_MEDIA_BD_R) && vd_disc_status(s) == VD_DISC_BLANK);
        return feature_header(p, code, 1, cur, 8);
    case 0x0024:
        len = feature_header(p, code, 1, media_is(s, VD_MEDIA_BD_RE, VD_MEDIA_BD_RE), 4);
        p[4] = 0x80;                  /* SSA */
        return len;
    case 0x0026:
        return feature_header(p, code, 0, media_is(s, VD_MEDIA_DVD_RW_RO, VD_MEDIA_DVD_RW_RO), 0);
    case 0x002a:
        len = feature_header(p, code, 1, media_is(s, VD_MEDIA_DVD_PLUS_RW, VD_MEDIA_DVD_PLUS_RW), 4);
        p[4] = 0x01;                  /* write */
        p[5] = 0x01;                  /* close only */
        return len;
    case 0x002b:
        len = feature_header(p, code, 0, media_is(s, VD_MEDIA_DVD_PLUS_R, VD_MEDIA_DVD_PLUS_R_DL), 4);
        p[4] = 0x01;
        return len;
    case 0x002d:
        len = feature_header(p, code, 2, media_is(s, VD_MEDIA_CD_R, VD_MEDIA_CD_RW), 4);
        p[4] = 0x40 | 0x04 | 0x02;    /* BUF, test write, CD-RW */
        put_be16(p + 6, 0x0001 | 0x0100 | 0x0400);   /* data block types 0 (audio), 8, 10 */
        return len;
    case 0x002e:
        len = feature_header(p, code, 1, media_is(s, VD_MEDIA_CD_R, VD_MEDIA_CD_RW), 4);
        p[4] = 0x40 | 0x20 | 0x04 | 0x02;   /* BUF, SAO, test write, CD-RW */
        put_be24(p + 5, 0x10000);           /* maximum cue sheet length */
        return len;
    case 0x002f:
        len = feature_header(p, code, 1, media_is(s, VD_MEDIA_DVD_R, VD_MEDIA_DVD_RW), 4);
        p[4] = 0x40 | 0x04 | 0x02;    /* BUF, test write, DVD-RW */
        return len;
    case 0x0037:
        len = feature_header(p, code, 0, media_is(s, VD_MEDIA_CD_RW, VD_MEDIA_CD_RW), 4);
        p[5] = 0x03;                  /* subtypes 0 and 1 */
        return len;
    case 0x003b:
        len = feature_header(p, code, 0, media_is(s, VD_MEDIA_DVD_PLUS_R_DL, VD_MEDIA_DVD_PLUS_R_DL), 4);
        p[4] = 0x01;
        return len;
    case 0x0040:
        len = feature_header(p, code, 1, bd, 28);
        p[8 + 1] = 0x0e;              /* BD-RE class 0 versions 1-3 */
        p[16 + 1] = 0x0e;             /* BD-R */
        p[24 + 1] = 0x0e;             /* BD-ROM */
        return len;
    case 0x0041:
        len = feature_header(p, code, 1, media_is(s, VD_MEDIA_BD_R, VD_MEDIA_BD_RE), 24);
        p[4] = 0x01;                  /* SVNR */
        p[8 + 1] = 0x0e;
        p[16 + 1] = 0x0e;
        return len;
    case 0x0100:
        len = feature_header(p, code, 0, 1, 0);
        p[2] |= 0x02;
        return len;
    case 0x0107:
        len = feature_header(p, code, 4, present(s), 4);
        p[4] = 0x10 | 0x08 | 0x04 | 0x02 | 0x01;   /* RBCB, SCS, MP2A, WSPD, SW */
        return len;
    case 0x0108:
        snprintf(serial, sizeof(serial), "VD%08X", drive_serial(ctx->drive));
        len = feature_header(p, code, 0, 1, 12);
        p[2] |= 0x02;
        memset(p + 4, ' ', 12);
        memcpy(p + 4, serial, strlen(serial));
        return len;
    }
    return 0;
}

static uint32_t cmd_get_configuration(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    int rt = ctx->cdb[1] & 0x03;
    uint16_t start = get_be16(ctx->cdb + 2);
    uint32_t alloc = get_be16(ctx->cdb + 7), pos = 8;
    size_t i;

    if (rt == 3) return SENSE_INVALID_FIELD_CDB;
    memset(b, 0, 8);
    put_be16(b + 6, cur_media(ctx->s)->profile);
    for (i = 0; i < sizeof(feature_codes) / sizeof(feature_codes[0]); i++)
    {
        uint16_t code = feature_codes[i];
        int len;

        if (rt == 2 ? code != start : code < start) continue;
        len = build_feature(ctx, code, b + pos);
        if (rt == 1 && !(b[pos + 2] & 0x01)) continue;
        pos += len;
    }
    put_be32(b, pos - 4);
    return reply(ctx, b, pos, alloc);
}

/* ---- GET EVENT STATUS NOTIFICATION -------------------------------------- */

#define GESN_CLASS_OPERATIONAL 1
#define GESN_CLASS_POWER       2
#define GESN_CLASS_MEDIA       4
#define GESN_CLASS_BUSY        6
#define GESN_SUPPORTED ((1 << GESN_CLASS_OPERATIONAL) | (1 << GESN_CLASS_POWER) | (1 << GESN_CLASS_MEDIA) \
                        | (1 << GESN_CLASS_BUSY))

static uint32_t cmd_get_event_status(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    uint8_t request = ctx->cdb[4] & GESN_SUPPORTED;
    uint32_t alloc = get_be16(ctx->cdb + 7);
    struct vd_state *s = ctx->s;

    if (!(ctx->cdb[1] & 0x01)) return SENSE_INVALID_FIELD_CDB;   /* asynchronous mode unsupported */
    memset(b, 0, 8);
    b[3] = GESN_SUPPORTED;
    if (!request)
    {
        put_be16(b, 2);
        b[2] = 0x80;                  /* NEA */
        return reply(ctx, b, 4, alloc);
    }
    put_be16(b, 6);
    if (request & (1 << GESN_CLASS_MEDIA))
    {
        b[2] = GESN_CLASS_MEDIA;
        b[4] = s->media_event;
        b[5] = (present(s) ? 0x02 : 0) | (s->tray_open ? 0x01 : 0);
        if (s->media_event)
        {
            s->media_event = 0;
            vd_mark_dirty(ctx->drive);
        }
    }
    else if (request & (1 << GESN_CLASS_OPERATIONAL))
        b[2] = GESN_CLASS_OPERATIONAL;
    else if (request & (1 << GESN_CLASS_POWER))
    {
        b[2] = GESN_CLASS_POWER;
        b[5] = 0x01;                  /* active */
    }
    else
        b[2] = GESN_CLASS_BUSY;
    return reply(ctx, b, 8, alloc);
}

/* ---- MODE SENSE / MODE SELECT ------------------------------------------- */

#define PC_CURRENT    0
#define PC_CHANGEABLE 1
#define PC_DEFAULT    2
#define PC_SAVED      3
#define PAGE_2A_LEN   (32 + 4 * 5)

static int page_01(struct vd_ctx *ctx, int pc, uint8_t *p)
{
    memcpy(p, ctx->s->page01, 12);
    if (pc == PC_CHANGEABLE)
    {
        memset(p + 2, 0, 10);
        p[2] = 0xff; p[3] = 0xff; p[8] = 0xff;
    }
    else if (pc == PC_DEFAULT)
    {
        p[2] = 0xc0; p[3] = 0x05; p[8] = 0x05;
    }
    return 12;
}

static int page_05(struct vd_ctx *ctx, int pc, uint8_t *p)
{
    int len = sizeof(ctx->s->page05.bytes);

    memcpy(p, ctx->s->page05.bytes, len);
    if (pc == PC_CHANGEABLE)
    {
        memset(p + 2, 0xff, len - 2);
        p[2] = 0x7f;
        p[4] = 0x0f;
        p[6] = 0;
        p[7] = 0x3f;
        p[9] = 0;
    }
    else if (pc == PC_DEFAULT)
    {
        struct vd_state tmp;

        tmp.media = ctx->s->media;
        vd_default_page05(&tmp);
        memcpy(p, tmp.page05.bytes, len);
    }
    p[0] &= 0x3f;
    return len;
}

static int page_1a(struct vd_ctx *ctx, int pc, uint8_t *p)
{
    memcpy(p, ctx->s->page1a, 12);
    if (pc == PC_CHANGEABLE)
    {
        memset(p + 2, 0, 10);
        p[3] = 0x03;
        memset(p + 4, 0xff, 8);
    }
    else if (pc == PC_DEFAULT)
        memset(p + 2, 0, 10);
    return 12;
}

static int page_2a(struct vd_ctx *ctx, int pc, uint8_t *p)
{
    uint32_t speeds[8], current;
    int i, n = write_speeds(ctx->s, speeds);

    memset(p, 0, PAGE_2A_LEN);
    p[0] = 0x2a;
    p[1] = PAGE_2A_LEN - 2;
    if (pc == PC_CHANGEABLE) return PAGE_2A_LEN;
    p[2] = 0x01 | 0x02 | 0x04 | 0x08 | 0x10;   /* CD-R, CD-RW, method 2, DVD-ROM, DVD-R read */
    p[3] = 0x01 | 0x02 | 0x04 | 0x10;          /* CD-R, CD-RW, test write, DVD-R write */
    p[4] = 0x40 | 0x20 | 0x10 | 0x01;          /* multi-session, mode 2 form 1/2, audio play */
    p[5] = 0x03;
    p[6] = 0x20 | 0x08 | 0x01 | (ctx->s->prevent ? 0x02 : 0);
    put_be16(p + 8, CD_48X_KBPS);
    put_be16(p + 10, 256);
    put_be16(p + 12, BUFFER_SIZE_BYTES >> 10);
    put_be16(p + 14, CD_48X_KBPS);
    put_be16(p + 18, n ? speeds[0] : CD_48X_KBPS);
    /* current write speed (obsolete field) and current write speed selected:
     * what SET CD SPEED / SET STREAMING chose; the defaults are the fastest */
    current = !n ? CD_48X_KBPS : pc == PC_DEFAULT ? speeds[0] : selected_write_speed(ctx->s);
    put_be16(p + 20, current);
    p[27] = pc == PC_DEFAULT ? 0 : ctx->s->rotation_control & ROTATION_CONTROL_MASK;
    put_be16(p + 28, current);
    if (n > 5) n = 5;
    put_be16(p + 30, n);
    for (i = 0; i < n; i++) put_be16(p + 32 + 4 * i + 2, speeds[i] > 0xffff ? 0xffff : speeds[i]);
    p[1] = 30 + 4 * n;
    return 32 + 4 * n;
}

static uint32_t cmd_mode_sense_10(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    int pc = ctx->cdb[2] >> 6, page = ctx->cdb[2] & 0x3f;
    uint32_t alloc = get_be16(ctx->cdb + 7), pos = 8;

    if (pc == PC_SAVED) return SENSE_SAVING_NOT_SUPPORTED;
    if (ctx->cdb[3]) return SENSE_INVALID_FIELD_CDB;      /* no subpages */
    memset(b, 0, 8);
    if (present(ctx->s) && ctx->s->write_protected) b[3] = MODE_HEADER_WP;
    switch (page)
    {
    case 0x01: pos += page_01(ctx, pc, b + pos); break;
    case 0x05: pos += page_05(ctx, pc, b + pos); break;
    case 0x1a: pos += page_1a(ctx, pc, b + pos); break;
    case 0x2a: pos += page_2a(ctx, pc, b + pos); break;
    case 0x3f:
        pos += page_01(ctx, pc, b + pos);
        pos += page_05(ctx, pc, b + pos);
        pos += page_1a(ctx, pc, b + pos);
        pos += page_2a(ctx, pc, b + pos);
        break;
    default:
        return SENSE_INVALID_FIELD_CDB;
    }
    put_be16(b, pos - 2);
    return reply(ctx, b, pos, alloc);
}

#define MODE_SENSE_DBD 0x08

/* MODE SENSE(6): the same pages behind a 4-byte header (SPC-4 7.5.5), as
 * hosts that take the drive for a SCSI one ask (cdparanoia). */
static uint32_t cmd_mode_sense_6(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    int pc = ctx->cdb[2] >> 6, page = ctx->cdb[2] & 0x3f;
    uint32_t alloc = ctx->cdb[4], pos = 4;

    if (pc == PC_SAVED) return SENSE_SAVING_NOT_SUPPORTED;
    if (ctx->cdb[3]) return SENSE_INVALID_FIELD_CDB;
    memset(b, 0, 12);
    if (present(ctx->s) && ctx->s->write_protected) b[2] = MODE_HEADER_WP;
    if (!(ctx->cdb[1] & MODE_SENSE_DBD))
    {
        /* one block descriptor: density 0, blocks of 2048 bytes */
        b[3] = 8;
        put_be24(b + 4 + 5, VD_BLOCK_SIZE);
        pos += 8;
    }
    switch (page)
    {
    case 0x01: pos += page_01(ctx, pc, b + pos); break;
    case 0x05: pos += page_05(ctx, pc, b + pos); break;
    case 0x1a: pos += page_1a(ctx, pc, b + pos); break;
    case 0x2a: pos += page_2a(ctx, pc, b + pos); break;
    case 0x3f:
        pos += page_01(ctx, pc, b + pos);
        pos += page_05(ctx, pc, b + pos);
        pos += page_1a(ctx, pc, b + pos);
        pos += page_2a(ctx, pc, b + pos);
        break;
    default:
        return SENSE_INVALID_FIELD_CDB;
    }
    if (pos > 255) pos = 255;
    b[0] = pos - 1;
    return reply(ctx, b, pos, alloc);
}

static uint32_t select_page_05(struct vd_ctx *ctx, const uint8_t *p, int len)
{
    struct vd_state *s = ctx->s;
    const struct vd_media_info *m = vd_media(s);
    int write_type = p[2] & 0x0f, n = len < (int)sizeof(s->page05.bytes) ? len : (int)sizeof(s->page05.bytes);

    if (len < 4) return SENSE_PARAMETER_LIST_LENGTH;
    if (m->family == VD_FAMILY_CD && write_type > 3) return SENSE_INVALID_FIELD_PARAM;
    if ((s->media == VD_MEDIA_DVD_R || s->media == VD_MEDIA_DVD_RW) && write_type != 0 && write_type != 2)
        return SENSE_INVALID_FIELD_PARAM;
    if (((p[3] >> 6) & 3) == 2) return SENSE_INVALID_FIELD_PARAM;
    memcpy(s->page05.bytes + 2, p + 2, n - 2);
    vd_mark_dirty(ctx->drive);
    return VD_GOOD;
}

static uint32_t cmd_mode_select_10(struct vd_ctx *ctx)
{
    uint32_t len = get_be16(ctx->cdb + 7), pos, sense;
    const uint8_t *d = ctx->data;

    if (len > ctx->data_len) len = ctx->data_len;
    if (!len) return VD_GOOD;
    if (len < 8) return SENSE_PARAMETER_LIST_LENGTH;
    pos = 8 + get_be16(d + 6);
    while (pos + 2 <= len)
    {
        int code = d[pos] & 0x3f, plen = d[pos + 1] + 2;

        if (pos + plen > len) return SENSE_PARAMETER_LIST_LENGTH;
        switch (code)
        {
        case 0x01:
            memcpy(ctx->s->page01 + 2, d + pos + 2, (plen < 12 ? plen : 12) - 2);
            vd_mark_dirty(ctx->drive);
            break;
        case 0x05:
            if ((sense = select_page_05(ctx, d + pos, plen))) return sense;
            break;
        case 0x1a:
            memcpy(ctx->s->page1a + 2, d + pos + 2, (plen < 12 ? plen : 12) - 2);
            vd_mark_dirty(ctx->drive);
            break;
        case 0x2a:
            break;                    /* read-only: ignored like most drives do */
        default:
            return SENSE_INVALID_FIELD_PARAM;
        }
        pos += plen;
    }
    ctx->transferred = len;
    return VD_GOOD;
}

/* ---- Capacity and data transfer ----------------------------------------- */

static uint32_t cmd_read_capacity(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;
    int32_t end = vd_readable_end(ctx->s);

    put_be32(b, end > 0 ? (uint32_t)(end - 1) : 0);
    put_be32(b + 4, VD_BLOCK_SIZE);
    return reply(ctx, b, 8, 8);
}

static int medium_error_in(const struct vd_state *s, int32_t lba, uint32_t blocks, int32_t *bad)
{
    unsigned int i;
    int found = 0;

    for (i = 0; i < s->fault_lba_count; i++)
    {
        int32_t f = s->fault_lba[i];
        if (f >= lba && (int64_t)f < (int64_t)lba + blocks && (!found || f < *bad))
        {
            *bad = f;
            found = 1;
        }
    }
    return found;
}

static uint32_t do_read(struct vd_ctx *ctx, int32_t lba, uint32_t blocks)
{
    const struct vd_state *s = ctx->s;
    uint64_t bytes = (uint64_t)blocks * VD_BLOCK_SIZE;
    int32_t bad = 0, extent;
    uint32_t good = blocks;
    uint32_t sense = VD_GOOD;
    ssize_t got;
    uint64_t done = 0;

    if (!blocks) return VD_GOOD;
    if (bytes > ctx->data_len) return SENSE_INVALID_FIELD_CDB;
    if (vd_media(s)->family != VD_FAMILY_CD && vd_disc_status(s) == VD_DISC_BLANK) return SENSE_LBA_OUT_OF_RANGE;
    extent = vd_readable_extent(s, lba);
    if (extent < (int64_t)blocks)
    {
        good = extent;
        sense = SENSE_LBA_OUT_OF_RANGE;
        ctx->info = lba + extent;
    }
    if (good && vd_media(s)->family == VD_FAMILY_CD)
    {
        struct vd_cd_sector first, last;

        /* audio sectors have no 2048-byte user data: READ CD only */
        if ((vd_cd_sector(s, lba, &first) && first.audio) || (vd_cd_sector(s, lba + good - 1, &last) && last.audio))
            return SENSE_ILLEGAL_TRACK_MODE;
    }
    if (medium_error_in(s, lba, good, &bad))
    {
        good = bad - lba;
        sense = SENSE_UNRECOVERED_READ;
        ctx->info = bad;
        ctx->info_valid = 1;
    }
    while (done < (uint64_t)good * VD_BLOCK_SIZE)
    {
        got = pread(ctx->drive->image_fd, ctx->data + done, (uint64_t)good * VD_BLOCK_SIZE - done,
                    (off_t)lba * VD_BLOCK_SIZE + done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        done += got;
    }
    if (done < (uint64_t)good * VD_BLOCK_SIZE)
        memset(ctx->data + done, 0, (uint64_t)good * VD_BLOCK_SIZE - done);
    ctx->transferred = good * VD_BLOCK_SIZE;
    return sense;
}

static uint32_t cmd_read_10(struct vd_ctx *ctx)
{
    return do_read(ctx, (int32_t)get_be32(ctx->cdb + 2), get_be16(ctx->cdb + 7));
}

static uint32_t cmd_read_12(struct vd_ctx *ctx)
{
    return do_read(ctx, (int32_t)get_be32(ctx->cdb + 2), get_be32(ctx->cdb + 6));
}

/* The corrupt fault: the WRITE succeeds, but the block stored differs from
 * the one sent (its first byte inverted), as a marginal disc would record it.
 * The host's buffer is left alone. */
static void corrupt_written(struct vd_ctx *ctx, int fd, uint32_t block_size, int32_t lba, uint32_t good)
{
    struct vd_state *s = ctx->s;
    int32_t victim = s->fault_corrupt_lba == VD_CORRUPT_ANY ? lba : s->fault_corrupt_lba;
    uint8_t byte;

    if (!s->fault_corrupt_count || !good) return;
    if (victim < lba || (int64_t)victim >= (int64_t)lba + good) return;
    byte = ~ctx->data[(size_t)(victim - lba) * block_size];
    if (pwrite(fd, &byte, 1, (off_t)victim * block_size) != 1) return;
    if (!--s->fault_corrupt_count) s->fault_corrupt_lba = VD_CORRUPT_ANY;
    vd_mark_dirty(ctx->drive);
}

static uint32_t do_write(struct vd_ctx *ctx, int32_t lba, uint32_t blocks)
{
    struct vd_state *s = ctx->s;
    /* blocks of the data block type page 05h selects; audio has a file of its own; of blocks
     * with sub-channel (SAO) only the main channel is kept */
    uint32_t block_size = vd_write_block_size(s);
    uint32_t main_size = block_size > VD_AUDIO_BLOCK_SIZE ? VD_AUDIO_BLOCK_SIZE : block_size;
    int fd = main_size == VD_AUDIO_BLOCK_SIZE ? ctx->drive->audio_fd : ctx->drive->image_fd;
    uint64_t bytes = (uint64_t)blocks * block_size;
    uint32_t sense, good = blocks, b;
    int target, removed = 0;
    int32_t bad = 0;
    uint64_t done = 0;
    ssize_t put;

    if (!blocks) return VD_GOOD;
    if ((sense = vd_check_write(ctx->drive, lba, blocks, &target))) return sense;
    if (bytes > ctx->data_len) return SENSE_INVALID_FIELD_CDB;
    sense = VD_GOOD;
    if (s->fault_remove_after >= 0 && s->fault_remove_after < (int64_t)blocks)
    {
        good = s->fault_remove_after;
        removed = 1;
    }
    else if (s->fault_remove_after >= 0)
    {
        s->fault_remove_after -= blocks;
        vd_mark_dirty(ctx->drive);
    }
    if (medium_error_in(s, lba, good, &bad))
    {
        good = bad - lba;
        sense = SENSE_WRITE_ERROR;
        ctx->info = bad;
        ctx->info_valid = 1;
        removed = 0;
    }
    if (target != -3 && main_size != block_size)
    {
        for (b = 0; b < good; b++)
        {
            for (done = 0; done < main_size; done += put)
            {
                put = pwrite(fd, ctx->data + (uint64_t)b * block_size + done, main_size - done,
                             (off_t)(lba + b) * main_size + done);
                if (put < 0 && errno == EINTR) put = 0;
                else if (put <= 0) break;
            }
            if (done < main_size)
            {
                good = b;
                sense = SENSE_WRITE_ERROR;
                break;
            }
        }
        vd_commit_write(ctx->drive, target, lba, good);
    }
    else if (target != -3)
    {
        while (done < (uint64_t)good * block_size)
        {
            put = pwrite(fd, ctx->data + done, (uint64_t)good * block_size - done,
                         (off_t)lba * block_size + done);
            if (put < 0 && errno == EINTR) continue;
            if (put <= 0)
            {
                good = done / block_size;
                sense = SENSE_WRITE_ERROR;
                break;
            }
            done += put;
        }
        corrupt_written(ctx, fd, block_size, lba, good);
        vd_commit_write(ctx->drive, target, lba, good);
    }
    ctx->transferred = good * block_size;
    ctx->written_bytes = (uint64_t)good * block_size;
    if (removed)
    {
        /* the disc leaves the drive mid-write: the track stays damaged */
        vd_interrupt_write(s);
        s->fault_remove_after = -1;
        s->tray_open = 1;
        s->prevent = 0;
        s->media_event = 3;
        vd_mark_dirty(ctx->drive);
        return SENSE_NO_MEDIUM;
    }
    return sense;
}

static uint32_t cmd_write_10(struct vd_ctx *ctx)
{
    return do_write(ctx, (int32_t)get_be32(ctx->cdb + 2), get_be16(ctx->cdb + 7));
}

static uint32_t cmd_write_12(struct vd_ctx *ctx)
{
    return do_write(ctx, (int32_t)get_be32(ctx->cdb + 2), get_be32(ctx->cdb + 6));
}

/* ---- READ CD ------------------------------------------------------------ */

/* READ CD (MMC-6 6.19) byte 1: expected sector type; byte 9: the main
 * channel fields; byte 10: the sub-channel. This recorder keeps CD-DA
 * sectors (2352 bytes) and Mode 1 user data: the fields of a Mode 1 sector
 * it never stored (EDC/ECC, C2 pointers, sub-channel) read as zeros. */
#define READ_CD_TYPE_ANY      0
#define READ_CD_TYPE_CDDA     1
#define READ_CD_TYPE_MODE1    2
#define READ_CD_SYNC          0x80
#define READ_CD_HEADER        0x20
#define READ_CD_USER_DATA     0x10
#define READ_CD_EDC_ECC       0x08
#define READ_CD_C2_SHIFT      1
#define CD_SYNC_SIZE          12
#define CD_HEADER_SIZE        4
#define CD_EDC_ECC_SIZE       288

static uint32_t read_cd_sector_size(int audio, uint8_t fields, uint8_t subchannel)
{
    static const uint32_t c2_sizes[4] = {0, 294, 296, 0};
    uint32_t size = 0;

    if (audio)
        size = fields & READ_CD_USER_DATA ? VD_AUDIO_BLOCK_SIZE : 0;
    else
    {
        if (fields & READ_CD_SYNC) size += CD_SYNC_SIZE;
        if (fields & READ_CD_HEADER) size += CD_HEADER_SIZE;
        if (fields & READ_CD_USER_DATA) size += VD_BLOCK_SIZE;
        if (fields & READ_CD_EDC_ECC) size += CD_EDC_ECC_SIZE;
    }
    size += c2_sizes[(fields >> READ_CD_C2_SHIFT) & 3];
    if (subchannel == 1 || subchannel == 4) size += 96;
    else if (subchannel == 2) size += 16;
    return size;
}

static int read_block(int fd, uint8_t *out, uint32_t size, int32_t lba)
{
    uint32_t done = 0;
    ssize_t got;

    while (done < size)
    {
        got = pread(fd, out + done, size - done, (off_t)lba * size + done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (!got) break;
        done += got;
    }
    memset(out + done, 0, size - done);
    return 0;
}

static uint8_t bcd(int value)
{
    return (value / 10) << 4 | value % 10;
}

static void bcd_msf(int32_t frames, uint8_t *p)
{
    p[0] = bcd(frames / (60 * CD_FRAMES_PER_SECOND));
    p[1] = bcd(frames / CD_FRAMES_PER_SECOND % 60);
    p[2] = bcd(frames % CD_FRAMES_PER_SECOND);
}

/* CRC-16 of the Q sub-channel: polynomial x^16 + x^12 + x^5 + 1, inverted
 * (Red Book / ECMA-130 22.3.6). */
static uint16_t q_crc(const uint8_t *q, unsigned int len)
{
    uint16_t crc = 0;
    unsigned int i, bit;

    for (i = 0; i < len; i++)
    {
        crc ^= q[i] << 8;
        for (bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    return ~crc;
}

/* The 12 bytes of mode 1 Q: position in the track and on the disc, BCD; in a
 * pre-gap index 0 and the time counting down to the track (ECMA-130 22.3.3). */
static void build_q(const struct vd_state *s, int32_t lba, const struct vd_cd_sector *sector, uint8_t *q)
{
    const struct vd_track *t = &s->tracks[sector->track - 1];
    uint8_t mode = sector->track <= (int)s->track_count ? t->mode : (sector->audio ? 0 : 4);
    uint16_t crc;

    q[0] = (mode & 0x0f) << 4 | 1;
    q[1] = bcd(sector->track);
    q[2] = lba < sector->start ? 0 : 1;
    bcd_msf(lba < sector->start ? sector->start - lba - 1 : lba - sector->start, q + 3);
    q[6] = 0;
    bcd_msf(lba + CD_MSF_OFFSET, q + 7);
    crc = q_crc(q, 10);
    q[10] = crc >> 8;
    q[11] = crc;
}

static void fill_subchannel(const struct vd_state *s, int32_t lba, const struct vd_cd_sector *sector,
        uint8_t subchannel, uint8_t *p)
{
    uint8_t q[12];
    int i;

    build_q(s, lba, sector, q);
    if (subchannel == 2)
    {
        /* formatted Q: the 10 bytes, the CRC, then padding */
        memset(p, 0, 16);
        memcpy(p, q, 12);
    }
    else if (subchannel == 1)
    {
        /* raw P-W: one bit of each channel per byte, P in bit 7, Q in bit 6;
         * P marks the pause */
        for (i = 0; i < 96; i++)
            p[i] = (lba < sector->start ? 0x80 : 0) | ((q[i / 8] >> (7 - i % 8)) & 1) << 6;
    }
    else
        memset(p, 0, 96);
}

/* One sector as READ CD describes it, at out. */
static uint32_t read_cd_sector(struct vd_ctx *ctx, int32_t lba, const struct vd_cd_sector *sector,
        uint8_t fields, uint8_t subchannel, uint8_t *out)
{
    uint32_t size = read_cd_sector_size(sector->audio, fields, subchannel);
    int audio = sector->audio, recorded = sector->recorded;
    uint8_t *p = out;

    memset(out, 0, size);
    if (subchannel)
        fill_subchannel(ctx->s, lba, sector, subchannel, out + size - (subchannel == 2 ? 16 : 96));
    if (audio && (fields & READ_CD_USER_DATA))
    {
        /* the pre-gap and run-out the drive wrote hold digital silence */
        if (recorded && read_block(ctx->drive->audio_fd, p, VD_AUDIO_BLOCK_SIZE, lba) < 0)
            return SENSE_UNRECOVERED_READ;
        return VD_GOOD;
    }
    if (audio) return VD_GOOD;
    if (fields & READ_CD_SYNC)
    {
        memset(p + 1, 0xff, 10);
        p += CD_SYNC_SIZE;
    }
    if (fields & READ_CD_HEADER)
    {
        lba_to_msf(lba, p);
        p[3] = 1;                               /* Mode 1 */
        p += CD_HEADER_SIZE;
    }
    if (fields & READ_CD_USER_DATA)
    {
        if (recorded && read_block(ctx->drive->image_fd, p, VD_BLOCK_SIZE, lba) < 0)
            return SENSE_UNRECOVERED_READ;
    }
    return VD_GOOD;
}

static uint32_t do_read_cd(struct vd_ctx *ctx, int32_t lba, uint32_t blocks, int type, uint8_t fields,
        uint8_t subchannel)
{
    const struct vd_state *s = ctx->s;
    uint32_t i, pos = 0, sense, size;
    struct vd_cd_sector sector;
    int32_t bad = 0;

    if (vd_media(s)->family != VD_FAMILY_CD) return SENSE_INCOMPATIBLE_MEDIUM;
    if (type > READ_CD_TYPE_MODE1 && type <= 5) return SENSE_ILLEGAL_TRACK_MODE;  /* no Mode 2 here */
    if (type > 5 || (subchannel != 0 && subchannel != 1 && subchannel != 2 && subchannel != 4))
        return SENSE_INVALID_FIELD_CDB;
    for (i = 0; i < blocks; i++)
    {
        if (!vd_cd_sector(s, lba + i, &sector))
        {
            ctx->info = lba + i;
            ctx->info_valid = 1;
            ctx->transferred = pos;
            return SENSE_LBA_OUT_OF_RANGE;
        }
        if ((type == READ_CD_TYPE_CDDA && !sector.audio) || (type == READ_CD_TYPE_MODE1 && sector.audio))
        {
            ctx->transferred = pos;
            return SENSE_ILLEGAL_TRACK_MODE;
        }
        if (medium_error_in(s, lba + i, 1, &bad))
        {
            ctx->info = bad;
            ctx->info_valid = 1;
            ctx->transferred = pos;
            return SENSE_UNRECOVERED_READ;
        }
        size = read_cd_sector_size(sector.audio, fields, subchannel);
        if (pos + size > ctx->data_len)
        {
            ctx->transferred = pos;
            return SENSE_INVALID_FIELD_CDB;
        }
        if ((sense = read_cd_sector(ctx, lba + i, &sector, fields, subchannel, ctx->data + pos)))
        {
            ctx->transferred = pos;
            return sense;
        }
        pos += size;
    }
    ctx->transferred = pos;
    return VD_GOOD;
}

static uint32_t cmd_read_cd(struct vd_ctx *ctx)
{
    return do_read_cd(ctx, (int32_t)get_be32(ctx->cdb + 2), get_be24(ctx->cdb + 6), (ctx->cdb[1] >> 2) & 7,
            ctx->cdb[9], ctx->cdb[10] & 7);
}

static int32_t msf_to_lba(const uint8_t *msf)
{
    return (msf[0] * 60 + msf[1]) * CD_FRAMES_PER_SECOND + msf[2] - CD_MSF_OFFSET;
}

static uint32_t cmd_read_cd_msf(struct vd_ctx *ctx)
{
    int32_t start = msf_to_lba(ctx->cdb + 3), end = msf_to_lba(ctx->cdb + 6);

    if (end < start) return SENSE_INVALID_FIELD_CDB;
    return do_read_cd(ctx, start, end - start, (ctx->cdb[1] >> 2) & 7, ctx->cdb[9], ctx->cdb[10] & 7);
}

/* ---- Disc and track information ----------------------------------------- */

static uint32_t cmd_read_disc_information(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    const struct vd_media_info *m = vd_media(s);
    uint8_t *b = ctx->drive->scratch;
    int status = vd_disc_status(s), sessions = vd_session_total(s);
    int first = vd_first_track_last_session(s), last = vd_last_track_number(s);
    uint32_t alloc = get_be16(ctx->cdb + 7);

    if (ctx->cdb[1] & 0x07) return SENSE_INVALID_FIELD_CDB;
    memset(b, 0, 34);
    put_be16(b, 32);
    b[2] = (m->erasable ? 0x10 : 0) | (vd_last_session_state(s) << 2) | status;
    b[3] = 1;
    b[4] = sessions & 0xff;
    b[5] = first & 0xff;
    b[6] = last & 0xff;
    b[7] = 0x20 | (s->media == VD_MEDIA_DVD_PLUS_RW ? s->bg_format : 0);   /* URU */
    b[8] = m->family == VD_FAMILY_CD ? s->page05.bytes[8] : 0;
    b[9] = sessions >> 8;
    b[10] = first >> 8;
    b[11] = last >> 8;
    if (m->family == VD_FAMILY_CD && m->kind == VD_KIND_SEQUENTIAL)
    {
        if (s->finalized)
        {
            memset(b + 16, 0xff, 8);
        }
        else
        {
            /* the next session's lead-in precedes its pre-gap (4500 + 150) */
            int32_t leadin = s->session_count ? s->inv_start - CD_PREGAP - CD_LEADIN : CD_ATIP_LEADIN_LBA;
            lba_to_msf(leadin, b + 17);
            lba_to_msf(s->capacity, b + 21);
        }
    }
    else if (m->kind == VD_KIND_SEQUENTIAL)
    {
        if (s->finalized)
            memset(b + 16, 0xff, 8);
        else
        {
            put_be32(b + 16, s->session_count ? s->inv_start : 0);
            put_be32(b + 20, s->capacity);
        }
    }
    else if (m->kind == VD_KIND_RANDOM)
        put_be32(b + 20, s->formatted ? s->formatted_blocks : s->capacity);
    else
        memset(b + 16, 0xff, 8);
    return reply(ctx, b, 34, alloc);
}

static uint32_t cmd_read_track_information(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    uint8_t *b = ctx->drive->scratch;
    int type = ctx->cdb[1] & 0x03, number;
    uint32_t value = get_be32(ctx->cdb + 2), alloc = get_be16(ctx->cdb + 7);
    struct vd_track_view v;
    unsigned int i;

    switch (type)
    {
    case 0:
        number = vd_track_of_lba(s, (int32_t)value);
        break;
    case 1:
        if (value == 0xff)
        {
            /* the invisible track by number FFh: CD and DVD+R only */
            if (vd_media(s)->family != VD_FAMILY_CD && s->media != VD_MEDIA_DVD_PLUS_R
                    && s->media != VD_MEDIA_DVD_PLUS_R_DL)
                return SENSE_INVALID_FIELD_CDB;
            if (!vd_has_appendable_track(s)) return SENSE_INVALID_FIELD_CDB;
            number = s->track_count + 1;
        }
        else
            number = value;
        break;
    case 2:
        number = -1;
        if (value >= 1 && value <= s->session_count)
            number = s->sessions[value - 1].first_track;
        else if (value == s->session_count + 1 && vd_has_appendable_track(s))
        {
            number = s->track_count + 1;
            for (i = 0; i < s->track_count; i++)
                if (s->tracks[i].session == value) { number = i + 1; break; }
        }
        else if (value == 1 && vd_media(s)->kind != VD_KIND_SEQUENTIAL)
            number = 1;
        break;
    default:
        return SENSE_INVALID_FIELD_CDB;
    }
    if (number < 0 || vd_track_view(s, number, &v) < 0) return SENSE_INVALID_FIELD_CDB;

    memset(b, 0, 48);
    put_be16(b, 46);
    b[2] = v.number & 0xff;
    b[3] = v.session & 0xff;
    b[5] = (v.damaged ? 0x20 : 0) | (v.mode & 0x0f);
    b[6] = (v.reserved ? 0x80 : 0) | (v.blank ? 0x40 : 0) | (v.packet ? 0x20 : 0) | (v.fixed_packet ? 0x10 : 0)
           | (v.data_mode & 0x0f);
    b[7] = (v.lra_valid ? 0x02 : 0) | (v.nwa_valid ? 0x01 : 0);
    put_be32(b + 8, v.start);
    put_be32(b + 12, v.nwa_valid ? (uint32_t)v.nwa : 0);
    put_be32(b + 16, v.free_blocks);
    put_be32(b + 20, v.packet_size);
    put_be32(b + 24, v.size);
    put_be32(b + 28, v.lra_valid ? (uint32_t)v.lra : 0);
    b[32] = v.number >> 8;
    b[33] = v.session >> 8;
    return reply(ctx, b, 48, alloc);
}

/* ---- READ TOC/PMA/ATIP -------------------------------------------------- */

#define TOC_ADR_CTL_DATA 0x14
#define TOC_ADR_CTL_AUDIO 0x10
#define TOC_ADR_MODE5    0x54
#define TOC_LEADOUT      0xaa

/* ADR 1 and the track's CTL: 0 for audio without pre-emphasis, 4 for data
 * (MMC-6 Table 567). */
static uint8_t toc_adr_ctl(const struct vd_state *s, int track)
{
    const struct vd_track *t = &s->tracks[track - 1];

    if (vd_media(s)->family == VD_FAMILY_CD && vd_mode_is_audio(t->mode))
        return TOC_ADR_CTL_AUDIO | (t->mode & 0x0b);
    return TOC_ADR_CTL_DATA;
}

static int toc_track_count(const struct vd_state *s)
{
    return s->session_count ? s->sessions[s->session_count - 1].last_track : 0;
}

static uint32_t toc_formatted(struct vd_ctx *ctx, int msf)
{
    const struct vd_state *s = ctx->s;
    uint8_t *b = ctx->drive->scratch;
    int start = ctx->cdb[6], last = toc_track_count(s), t;
    uint32_t pos = 4;

    if (start == 0) start = 1;
    if (start > last && start != TOC_LEADOUT) return SENSE_INVALID_FIELD_CDB;
    b[2] = 1;
    b[3] = last;
    for (t = start; t <= last && start != TOC_LEADOUT; t++)
    {
        memset(b + pos, 0, 8);
        b[pos + 1] = toc_adr_ctl(s, t);
        b[pos + 2] = t;
        put_address(b + pos + 4, s->tracks[t - 1].start, msf);
        pos += 8;
    }
    memset(b + pos, 0, 8);
    b[pos + 1] = toc_adr_ctl(s, last);
    b[pos + 2] = TOC_LEADOUT;
    put_address(b + pos + 4, s->sessions[s->session_count - 1].leadout_start, msf);
    pos += 8;
    put_be16(b, pos - 2);
    return reply(ctx, b, pos, get_be16(ctx->cdb + 7));
}

static uint32_t toc_session_info(struct vd_ctx *ctx, int msf)
{
    const struct vd_state *s = ctx->s;
    const struct vd_session *last = &s->sessions[s->session_count - 1];
    uint8_t *b = ctx->drive->scratch;

    memset(b, 0, 12);
    put_be16(b, 10);
    b[2] = 1;
    b[3] = s->session_count;
    b[5] = toc_adr_ctl(s, last->first_track);
    b[6] = last->first_track;
    put_address(b + 8, s->tracks[last->first_track - 1].start, msf);
    return reply(ctx, b, 12, get_be16(ctx->cdb + 7));
}

static uint8_t *raw_entry(uint8_t *p, int session, int adr_ctl, int point)
{
    memset(p, 0, 11);
    p[0] = session;
    p[1] = adr_ctl;
    p[3] = point;
    return p;
}

static uint32_t toc_raw(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    uint8_t *b = ctx->drive->scratch, *e;
    unsigned int first = ctx->cdb[6] ? ctx->cdb[6] : 1, n, t;
    uint32_t pos = 4;
    int recordable = vd_media(s)->kind == VD_KIND_SEQUENTIAL;

    if (vd_media(s)->family != VD_FAMILY_CD) return SENSE_INVALID_FIELD_CDB;
    if (first > s->session_count) return SENSE_INVALID_FIELD_CDB;
    b[2] = 1;
    b[3] = s->session_count;
    for (n = first; n <= s->session_count; n++)
    {
        const struct vd_session *ses = &s->sessions[n - 1];
        int last_session = n == s->session_count;

        e = raw_entry(b + pos, n, toc_adr_ctl(s, ses->first_track), 0xa0);
        e[8] = ses->first_track;
        e[9] = s->page05.bytes[8];
        pos += 11;
        e = raw_entry(b + pos, n, toc_adr_ctl(s, ses->last_track), 0xa1);
        e[8] = ses->last_track;
        pos += 11;
        e = raw_entry(b + pos, n, toc_adr_ctl(s, ses->last_track), 0xa2);
        lba_to_msf(ses->leadout_start, e + 8);
        pos += 11;
        for (t = ses->first_track; t <= ses->last_track; t++)
        {
            e = raw_entry(b + pos, n, toc_adr_ctl(s, t), t);
            lba_to_msf(s->tracks[t - 1].start, e + 8);
            pos += 11;
        }
        if (recordable && !(last_session && s->finalized && s->no_b0))
        {
            e = raw_entry(b + pos, n, TOC_ADR_MODE5, 0xb0);
            if (last_session && s->finalized)
                memset(e + 4, 0xff, 3);
            else
                /* start of the next program area: the next session's pre-gap */
                lba_to_msf(ses->next_start - CD_PREGAP, e + 4);
            lba_to_msf(s->capacity, e + 8);
            pos += 11;
        }
        if (recordable && n == 1)
        {
            e = raw_entry(b + pos, n, TOC_ADR_MODE5, 0xc0);
            e[4] = 0xa0;              /* optimum recording power */
            lba_to_msf(CD_ATIP_LEADIN_LBA, e + 8);
            pos += 11;
        }
    }
    put_be16(b, pos - 2);
    return reply(ctx, b, pos, get_be16(ctx->cdb + 7));
}

static uint32_t toc_atip(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    uint8_t *b = ctx->drive->scratch;

    if (s->media != VD_MEDIA_CD_R && s->media != VD_MEDIA_CD_RW) return SENSE_INVALID_FIELD_CDB;
    memset(b, 0, 28);
    put_be16(b, 26);
    b[4] = 0x80 | 0x50;                           /* indicative target writing power 5 */
    b[5] = 0x40;                                  /* URU */
    b[6] = 0x80 | (s->media == VD_MEDIA_CD_RW ? 0x40 : 0);
    lba_to_msf(CD_ATIP_LEADIN_LBA, b + 8);
    lba_to_msf(s->capacity, b + 12);
    return reply(ctx, b, 28, get_be16(ctx->cdb + 7));
}

static uint32_t cmd_read_toc(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    int format = ctx->cdb[2] & 0x0f, msf = !!(ctx->cdb[1] & 0x02);

    /* SFF-8020 drives took the format from the control byte */
    if (!format && ctx->cdb_len >= 10 && (ctx->cdb[9] >> 6)) format = ctx->cdb[9] >> 6;
    if (format == 4) return toc_atip(ctx);
    if (format == 5)
    {
        uint8_t *b = ctx->drive->scratch;
        if (vd_media(s)->family != VD_FAMILY_CD) return SENSE_INVALID_FIELD_CDB;
        memset(b, 0, 4);
        put_be16(b, 2);
        return reply(ctx, b, 4, get_be16(ctx->cdb + 7));
    }
    if (format > 2) return SENSE_INVALID_FIELD_CDB;
    /* no complete session: nothing in the TOC yet */
    if (!s->session_count) return SENSE_INVALID_FIELD_CDB;
    switch (format)
    {
    case 0: return toc_formatted(ctx, msf);
    case 1: return toc_session_info(ctx, msf);
    default: return toc_raw(ctx);
    }
}

/* ---- Recording ---------------------------------------------------------- */

/* With the Immed bit a drive reports GOOD at once and finishes the job in the
 * background, answering 02/04/07 meanwhile (MMC-6 6.3, 6.41): the recording
 * is done here at once, but the next few media commands see the drive busy,
 * so that hosts must poll as they would on real hardware. */
#define IMMED_BUSY_COMMANDS 2

static uint32_t finish_immed(struct vd_ctx *ctx, uint32_t sense, int immed)
{
    if (!sense && immed)
    {
        ctx->s->immed_busy = IMMED_BUSY_COMMANDS;
        vd_mark_dirty(ctx->drive);
    }
    return sense;
}

static uint32_t cmd_synchronize_cache(struct vd_ctx *ctx)
{
    return finish_immed(ctx, vd_sync_cache(ctx->drive), ctx->cdb[1] & 0x02);
}

static uint32_t cmd_close_track_session(struct vd_ctx *ctx)
{
    return finish_immed(ctx, vd_close(ctx->drive, ctx->cdb[2] & 0x07, get_be16(ctx->cdb + 4)),
            ctx->cdb[1] & 0x01);
}

static uint32_t cmd_reserve_track(struct vd_ctx *ctx)
{
    if (ctx->cdb[1] & 0x01) return SENSE_INVALID_FIELD_CDB;   /* ARSV addressing unsupported */
    return vd_reserve(ctx->drive, (int32_t)get_be32(ctx->cdb + 5));
}

/* BLANK takes the time of writing what it erases: type 0 (blank the disc)
 * the whole disc, type 1 (minimally blank) the lead-in, the PMA or the DVD-RW
 * lead-in zone and the start of the first track (MMC-6 6.2). The media model
 * changes at once; the drive is busy for that time, in the background with
 * Immed (02/04/07 and a progress indication meanwhile), else the command
 * itself takes it. Unpaced, Immed leaves the drive busy for a few commands
 * as the other Immed commands do. */
#define BLANK_TYPE_FULL             0
#define BLANK_IMMED                 0x10
#define BLANK_MINIMAL_BLOCKS_CD     6750    /* 90 seconds of a CD at 1x */
#define BLANK_MINIMAL_BLOCKS_DVD    65536   /* 128 MiB */

/* Runs a BLANK or FORMAT UNIT of MS milliseconds: in the background with
 * Immed, else in the command itself. */
static uint32_t start_busy(struct vd_ctx *ctx, uint64_t ms, int immed, int format)
{
    struct vd_state *s = ctx->s;

    if (s->fault_erase_failure)
    {
        /* erase-failure: the medium fails the erase (the model is erased all
         * the same): the command reports it, or with Immed the first media
         * command after the time it took */
        s->fault_erase_failure = 0;
        vd_mark_dirty(ctx->drive);
        if (!immed) return SENSE_ERASE_FAILURE;
        s->erase_error = 1;
        if (!ms) ms = 1;
    }
    if (!ms) return finish_immed(ctx, VD_GOOD, immed);
    if (immed)
    {
        s->busy_start_ms = now_ms();
        s->busy_end_ms = s->busy_start_ms + ms;
        s->busy_format = format;
        vd_mark_dirty(ctx->drive);
    }
    else
        ctx->sleep_ns = ms * 1000000;
    return VD_GOOD;
}

/* blank-time, else the time of writing BLOCKS at the paced speed. */
static uint64_t busy_ms(struct vd_ctx *ctx, uint64_t blocks)
{
    struct vd_state *s = ctx->s;
    uint64_t ms = 0;

    if (s->fault_blank_ms)
    {
        ms = s->fault_blank_ms;
        s->fault_blank_ms = 0;
        vd_mark_dirty(ctx->drive);
    }
    else if (s->speed_bytes)
        ms = blocks * VD_BLOCK_SIZE * 1000 / s->speed_bytes;
    return ms;
}

static uint32_t cmd_blank(struct vd_ctx *ctx)
{
    struct vd_state *s = ctx->s;
    int type = ctx->cdb[1] & 0x07, immed = ctx->cdb[1] & BLANK_IMMED;
    uint64_t blocks;
    uint32_t sense;

    if ((sense = vd_blank(ctx->drive, type, (int32_t)get_be32(ctx->cdb + 2))))
        return sense;
    if (type == BLANK_TYPE_FULL) blocks = s->capacity;
    else blocks = vd_media(s)->family == VD_FAMILY_CD ? BLANK_MINIMAL_BLOCKS_CD : BLANK_MINIMAL_BLOCKS_DVD;
    return start_busy(ctx, busy_ms(ctx, blocks), immed, 0);
}

/* FORMAT UNIT takes what the drive writes: a full format (a DVD+RW formatted
 * again, BD-RE with full certification, sub-type 10b) the whole formatted
 * area, a quick one (a first DVD+RW format, which goes on in the background,
 * BD-RE quick reformat or quick certification, DVD-RW quick) the lead-in
 * area, as a minimal BLANK.  With IMMED (byte 1 of the parameter list) the
 * drive answers media commands 02/04/04 with a progress indication meanwhile
 * (MMC-6 6.5). */
#define FORMAT_LIST_IMMED           0x02
#define FORMAT_SUBTYPE_FULL_CERT    0x02

static uint32_t cmd_format_unit(struct vd_ctx *ctx)
{
    struct vd_state *s = ctx->s;
    const uint8_t *d = ctx->data;
    int type, subtype, was_formatted = s->formatted, full;
    uint32_t sense;
    uint64_t ms;

    if ((ctx->cdb[1] & 0x07) != 0x01) return SENSE_INVALID_FIELD_CDB;
    if (!(ctx->cdb[1] & 0x10)) return SENSE_INVALID_FIELD_CDB;   /* FmtData required */
    if (ctx->data_len < 12) return SENSE_PARAMETER_LIST_LENGTH;
    if (get_be16(d + 2) < 8) return SENSE_PARAMETER_LIST_LENGTH;
    ctx->transferred = 12;
    type = d[8] >> 2;
    subtype = d[8] & 0x03;
    if ((sense = vd_format(ctx->drive, type, (int32_t)get_be32(d + 4) == -1 ? 0 : (int32_t)get_be32(d + 4),
            subtype, d[11] & 0x01)))
        return sense;
    switch (s->media)
    {
    case VD_MEDIA_DVD_PLUS_RW: full = was_formatted && !(d[11] & 0x01); break;
    case VD_MEDIA_BD_RE: full = subtype == FORMAT_SUBTYPE_FULL_CERT; break;
    default: full = type != 0x15; break;
    }
    /* unpaced, the format is done when the command ends, IMMED or not */
    if (!(ms = busy_ms(ctx, full ? (uint64_t)s->formatted_blocks : BLANK_MINIMAL_BLOCKS_DVD))
            && !s->fault_erase_failure)
        return VD_GOOD;
    return start_busy(ctx, ms, d[1] & FORMAT_LIST_IMMED, 1);
}

#define CUE_ENTRY_SIZE 8

static uint32_t cmd_send_cue_sheet(struct vd_ctx *ctx)
{
    struct vd_state *s = ctx->s;
    struct vd_cue_track cues[CD_MAX_TRACKS];
    unsigned int count = 0;
    uint8_t form = 0, mode = 0;
    uint32_t i;

    if (vd_media(s)->family != VD_FAMILY_CD || vd_media(s)->kind != VD_KIND_SEQUENTIAL)
        return SENSE_INCOMPATIBLE_MEDIUM;
    if ((s->page05.bytes[2] & 0x0f) != 2) return SENSE_SEQUENCE_ERROR;
    if (s->finalized || s->inv_written || s->track_count) return SENSE_SEQUENCE_ERROR;
    ctx->transferred = get_be24(ctx->cdb + 6) < ctx->data_len ? get_be24(ctx->cdb + 6) : ctx->data_len;
    /* In SAO the cue sheet, not page 05h, gives each track's mode and where it starts
     * (8-byte entries: CTL/ADR, TNO, INDEX, DATA FORM, SCMS, MIN, SEC, FRAME; TNO and INDEX in
     * BCD, the absolute time in binary). Track 1's first entry gives the data form of the
     * WRITEs: 2352 bytes of main channel, 96 of sub-channel more when it has any. The state
     * changes only once the whole sheet is read. */
    for (i = 0; i + CUE_ENTRY_SIZE <= ctx->transferred; i += CUE_ENTRY_SIZE)
    {
        const uint8_t *entry = ctx->data + i;
        int number = (entry[1] >> 4) * 10 + (entry[1] & 0x0f);
        int32_t lba = (entry[5] * 60 + entry[6]) * 75 + entry[7] - CD_PREGAP;
        struct vd_cue_track *track;

        if ((entry[0] & 0x0f) != 1 || number < 1 || number > CD_MAX_TRACKS || entry[2] > 0x99)
            continue;
        if (!count || cues[count - 1].number != number)
        {
            if (count && number <= cues[count - 1].number) return SENSE_INVALID_FIELD_PARAM;
            track = &cues[count++];
            memset(track, 0, sizeof(*track));
            track->number = number;
            track->start = track->pregap_start = lba;
            if (count == 1) form = entry[3];
        }
        track = &cues[count - 1];
        if (entry[2] == 0)
            track->pregap_start = track->start = lba;
        else if (entry[2] == 1)
        {
            track->start = lba;
            track->ctl = entry[0] >> 4;
            if (count == 1) mode = CUE_TRACK_MODE_VALID | entry[0] >> 4;
        }
    }
    s->cue_track_mode = mode;
    s->cue_count = count;
    s->cue_form = form;
    memcpy(s->cue_tracks, cues, count * sizeof(*cues));
    s->dao_pending = 1;
    vd_mark_dirty(ctx->drive);
    return VD_GOOD;
}

static uint32_t cmd_send_opc(struct vd_ctx *ctx)
{
    if (vd_media(ctx->s)->kind == VD_KIND_ROM) return SENSE_INCOMPATIBLE_MEDIUM;
    return VD_GOOD;
}

static uint32_t cmd_read_format_capacities(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    uint8_t *b = ctx->drive->scratch, *d;
    uint32_t alloc = get_be16(ctx->cdb + 7);
    int n = 0, cur_type;
    int32_t cur_blocks;

#define ADD_FORMAT(blocks, type, param) \
    do { d = b + 12 + 8 * n++; put_be32(d, (blocks)); d[4] = (type) << 2; put_be24(d + 5, (param)); } while (0)

    memset(b, 0, 12);
    if (!present(s))
    {
        cur_type = 3;
        cur_blocks = 0;
    }
    else
    {
        switch (vd_media(s)->kind)
        {
        case VD_KIND_RANDOM:
            cur_type = s->formatted ? 2 : 1;
            cur_blocks = s->formatted ? s->formatted_blocks : s->capacity;
            break;
        case VD_KIND_ROM:
            cur_type = 2;
            cur_blocks = s->rom_blocks;
            break;
        default:
            cur_type = vd_disc_status(s) == VD_DISC_BLANK && vd_media(s)->erasable ? 1 : 2;
            cur_blocks = s->capacity;
            break;
        }
        switch (s->media)
        {
        case VD_MEDIA_DVD_PLUS_RW:
            ADD_FORMAT(s->capacity, 0x26, 0);
            break;
        case VD_MEDIA_DVD_RW:
        case VD_MEDIA_DVD_RW_RO:
            ADD_FORMAT(s->capacity, 0x00, 16);
            ADD_FORMAT(s->capacity, 0x10, 16);
            if (s->media == VD_MEDIA_DVD_RW_RO) ADD_FORMAT(s->capacity - s->formatted_blocks, 0x13, 16);
            ADD_FORMAT(s->capacity, 0x15, 16);
            break;
        case VD_MEDIA_BD_RE:
            ADD_FORMAT(BD_RE_DEFAULT_FORMAT, 0x00, BD_SL_CAPACITY - BD_RE_DEFAULT_FORMAT);
            ADD_FORMAT(BD_RE_DEFAULT_FORMAT, 0x30, BD_SL_CAPACITY - BD_RE_DEFAULT_FORMAT);
            ADD_FORMAT(BD_SL_CAPACITY, 0x31, 0);
            break;
        case VD_MEDIA_BD_R:
            if (vd_disc_status(s) == VD_DISC_BLANK && !s->formatted)
            {
                ADD_FORMAT(BD_SL_CAPACITY, 0x00, 0);
                ADD_FORMAT(BD_SL_CAPACITY, 0x32, 0);
            }
            break;
        default:
            break;
        }
    }
#undef ADD_FORMAT
    b[3] = 8 * (n + 1);
    put_be32(b + 4, cur_blocks);
    b[8] = cur_type;
    put_be24(b + 9, VD_BLOCK_SIZE);
    return reply(ctx, b, 12 + 8 * n, alloc);
}

/* ---- Speed, buffer, mechanism ------------------------------------------- */

static uint32_t requested_speed(uint64_t kbps)
{
    return kbps >= VD_SPEED_MAX ? VD_SPEED_MAX : (uint32_t)kbps;
}

static uint32_t cmd_set_cd_speed(struct vd_ctx *ctx)
{
    uint32_t read = get_be16(ctx->cdb + 2), write = get_be16(ctx->cdb + 4);
    int rotation = ctx->cdb[1] & ROTATION_CONTROL_MASK;

    if (rotation > ROTATION_CONTROL_CAV) return SENSE_INVALID_FIELD_CDB;   /* 10b, 11b reserved */
    ctx->s->read_speed = read == SPEED_FASTEST ? VD_SPEED_MAX : read;
    ctx->s->write_speed = write == SPEED_FASTEST ? VD_SPEED_MAX : write;
    ctx->s->rotation_control = rotation;
    vd_mark_dirty(ctx->drive);
    return VD_GOOD;
}

static uint32_t cmd_set_streaming(struct vd_ctx *ctx)
{
    uint32_t len = get_be16(ctx->cdb + 9);
    const uint8_t *d = ctx->data;

    if (ctx->cdb[8] != 0) return SENSE_INVALID_FIELD_CDB;
    if (len > ctx->data_len) len = ctx->data_len;
    if (len < STREAMING_DESCRIPTOR_LEN) return SENSE_PARAMETER_LIST_LENGTH;
    /* performance descriptor (MMC-6 6.39): byte 0 flags, start and end LBA,
     * read size (kB) and read time (ms), write size (kB) and write time (ms) */
    if (d[0] & STREAMING_RDD)
        vd_reset_speed(ctx->s);
    else
    {
        if (get_be32(d + 16)) ctx->s->read_speed = requested_speed(get_be32(d + 12) * 1000ull / get_be32(d + 16));
        if (get_be32(d + 24)) ctx->s->write_speed = requested_speed(get_be32(d + 20) * 1000ull / get_be32(d + 24));
    }
    vd_mark_dirty(ctx->drive);
    ctx->transferred = len;
    return VD_GOOD;
}

static uint32_t cmd_get_performance(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    uint8_t *b = ctx->drive->scratch, *d;
    int type = ctx->cdb[10], max = get_be16(ctx->cdb + 8), i, n;
    uint32_t speeds[8], pos = 8;
    int32_t end = present(s) ? (vd_media(s)->kind == VD_KIND_ROM ? s->rom_blocks : s->capacity) : 0;

    memset(b, 0, 8);
    n = present(s) ? write_speeds(s, speeds) : 0;
    switch (type)
    {
    case 0x00:
        b[4] = (ctx->cdb[1] & PERFORMANCE_WRITE) ? 0x02 : 0;
        if (n && max >= 1)
        {
            /* nominal performance: for writing, the speed selected */
            uint32_t speed = (ctx->cdb[1] & PERFORMANCE_WRITE) ? selected_write_speed(s) : speeds[0];

            d = b + pos;
            memset(d, 0, 16);
            put_be32(d + 4, speed);
            put_be32(d + 8, end > 0 ? end - 1 : 0);
            put_be32(d + 12, speed);
            pos += 16;
        }
        break;
    case 0x03:
        for (i = 0; i < n && i < max; i++)
        {
            d = b + pos;
            memset(d, 0, 16);
            d[0] = 0x00;
            put_be32(d + 4, end);
            put_be32(d + 8, speeds[0]);
            put_be32(d + 12, speeds[i]);
            pos += 16;
        }
        break;
    default:
        return SENSE_INVALID_FIELD_CDB;
    }
    put_be32(b, pos - 4);
    return reply(ctx, b, pos, 8 + 16 * (uint32_t)max);
}

static uint32_t cmd_read_buffer_capacity(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;

    memset(b, 0, 12);
    put_be16(b, 10);
    if (ctx->cdb[1] & 0x01)
    {
        b[3] = 0x01;
        put_be32(b + 8, BUFFER_SIZE_BYTES / VD_BLOCK_SIZE);
    }
    else
    {
        put_be32(b + 4, BUFFER_SIZE_BYTES);
        put_be32(b + 8, BUFFER_SIZE_BYTES);
    }
    return reply(ctx, b, 12, get_be16(ctx->cdb + 7));
}

static uint32_t cmd_start_stop_unit(struct vd_ctx *ctx)
{
    struct vd_state *s = ctx->s;
    int loej = ctx->cdb[4] & 0x02, start = ctx->cdb[4] & 0x01;

    if (!loej || (ctx->cdb[4] >> 4)) return VD_GOOD;
    if (start)
    {
        if (s->tray_open)
        {
            s->tray_open = 0;
            if (s->media != VD_MEDIA_NONE)
            {
                s->unit_attention = VD_UA_MEDIUM_CHANGED;
                s->media_event = 2;
                vd_reset_speed(s);
            }
            vd_mark_dirty(ctx->drive);
        }
        return VD_GOOD;
    }
    if (s->prevent) return SENSE_REMOVAL_PREVENTED;
    if (!s->tray_open)
    {
        s->tray_open = 1;
        s->media_event = 3;
        vd_mark_dirty(ctx->drive);
    }
    return VD_GOOD;
}

static uint32_t cmd_prevent_allow(struct vd_ctx *ctx)
{
    ctx->s->prevent = ctx->cdb[4] & 0x01;
    vd_mark_dirty(ctx->drive);
    return VD_GOOD;
}

static uint32_t cmd_mechanism_status(struct vd_ctx *ctx)
{
    uint8_t *b = ctx->drive->scratch;

    memset(b, 0, 8);
    b[1] = ctx->s->tray_open ? 0x10 : 0;
    return reply(ctx, b, 8, get_be16(ctx->cdb + 8));
}

/* ---- READ DVD STRUCTURE ------------------------------------------------- */

#define DVD_START_PSN 0x030000

static uint8_t dvd_book_type(const struct vd_state *s)
{
    switch (s->media)
    {
    case VD_MEDIA_DVD_ROM:       return 0x01;
    case VD_MEDIA_DVD_R:         return 0x25;
    case VD_MEDIA_DVD_RW:
    case VD_MEDIA_DVD_RW_RO:     return 0x32;
    case VD_MEDIA_DVD_PLUS_RW:   return 0x92;
    case VD_MEDIA_DVD_PLUS_R:    return 0xa1;
    case VD_MEDIA_DVD_PLUS_R_DL: return 0xe1;
    default:                     return 0;
    }
}

/* Format C0h: the write-protect fault is the disc's own protection (WDP), as
 * a cartridge tab or a protected medium would be. */
static uint32_t write_protection_status(struct vd_ctx *ctx, uint32_t alloc)
{
    uint8_t *b = ctx->drive->scratch;

    memset(b, 0, 8);
    put_be16(b, 6);
    if (ctx->s->write_protected) b[4] = WPS_WDP;
    return reply(ctx, b, 8, alloc);
}

static uint32_t cmd_read_dvd_structure(struct vd_ctx *ctx)
{
    const struct vd_state *s = ctx->s;
    const struct vd_media_info *m = vd_media(s);
    uint8_t *b = ctx->drive->scratch;
    int format = ctx->cdb[7], bd = (ctx->cdb[1] & 0x0f) == 1;
    uint32_t alloc = get_be16(ctx->cdb + 8), len;
    int dl = s->media == VD_MEDIA_DVD_PLUS_R_DL;
    int plus = s->media == VD_MEDIA_DVD_PLUS_R || dl || s->media == VD_MEDIA_DVD_PLUS_RW;

    if (m->family == VD_FAMILY_CD) return SENSE_CANNOT_READ_FORMAT;
    if (bd || m->family == VD_FAMILY_BD)
    {
        if (m->family != VD_FAMILY_BD) return SENSE_CANNOT_READ_FORMAT;
        if (format == 0xff)
        {
            memset(b, 0, 12);
            put_be16(b, 10);
            b[4] = 0x00; b[5] = 0x40; put_be16(b + 6, 4 + 112);
            b[8] = STRUCTURE_WRITE_PROTECTION; b[9] = 0x40; put_be16(b + 10, 8);
            return reply(ctx, b, 12, alloc);
        }
        if (format == STRUCTURE_WRITE_PROTECTION) return write_protection_status(ctx, alloc);
        if (format != 0x00) return SENSE_INVALID_FIELD_CDB;
        /* one disc information unit */
        len = 4 + 112;
        memset(b, 0, len);
        put_be16(b, len - 2);
        b[4] = 'D'; b[5] = 'I';
        b[6] = 0x01;                  /* unit format */
        b[7] = 0x08 | 0x01;           /* units in block / sequence number */
        b[8] = 112;
        memcpy(b + 12, s->media == VD_MEDIA_BD_RE ? "BDW" : "BDR", 3);
        b[15] = 0x01;                 /* 25 GB, one layer */
        memcpy(b + 4 + 100, "VDRIVE", 6);
        memcpy(b + 4 + 106, "R01", 3);
        return reply(ctx, b, len, alloc);
    }
    switch (format)
    {
    case 0x00:
        len = 4 + 2048;
        memset(b, 0, len);
        put_be16(b, len - 2);
        b[4] = dvd_book_type(s);
        b[5] = 0x02;                  /* 120 mm, 10.08 Mbps */
        b[6] = (dl ? 0x20 | 0x10 : 0) | (m->kind == VD_KIND_ROM ? 0x01 : m->erasable ? 0x04 : 0x02);
        b[7] = 0x10;
        put_be32(b + 8, DVD_START_PSN);
        put_be32(b + 12, DVD_START_PSN + (dl ? DVD_DL_LAYER0_CAPACITY : s->capacity) - 1);
        put_be32(b + 16, dl ? DVD_START_PSN + DVD_DL_LAYER0_CAPACITY - 1 : 0);
        return reply(ctx, b, len, alloc);
    case 0x01:
        memset(b, 0, 8);
        put_be16(b, 6);
        return reply(ctx, b, 8, alloc);
    case 0x11:
        if (!plus) return SENSE_INVALID_FIELD_CDB;
        len = 4 + 256;
        memset(b, 0, len);
        put_be16(b, len - 2);
        b[4] = dvd_book_type(s);
        b[5] = 0x0f;
        b[6] = (dl ? 0x20 : 0) | (m->erasable ? 0x04 : 0x02);
        memcpy(b + 4 + 19, "VDRIVE00", 8);   /* disc manufacturer */
        memcpy(b + 4 + 27, "R01", 3);        /* media type */
        b[4 + 30] = 1;
        return reply(ctx, b, len, alloc);
    case 0x20:
        if (!dl) return SENSE_INVALID_FIELD_CDB;
        memset(b, 0, 12);
        put_be16(b, 10);
        put_be32(b + 8, DVD_DL_LAYER0_CAPACITY);
        return reply(ctx, b, 12, alloc);
    case 0xff:
        len = 4;
        memset(b, 0, 4 + 4 * 6);
#define ADD_STRUCTURE(code, size) do { b[len] = (code); b[len + 1] = 0x40; put_be16(b + len + 2, (size)); len += 4; } while (0)
        ADD_STRUCTURE(0x00, 2052);
        ADD_STRUCTURE(0x01, 8);
        if (plus) ADD_STRUCTURE(0x11, 260);
        if (dl) ADD_STRUCTURE(0x20, 12);
        ADD_STRUCTURE(STRUCTURE_WRITE_PROTECTION, 8);
        ADD_STRUCTURE(0xff, len + 4);   /* this list itself, ending with this entry */
#undef ADD_STRUCTURE
        put_be16(b, len - 2);
        return reply(ctx, b, len, alloc);
    case STRUCTURE_WRITE_PROTECTION:
        return write_protection_status(ctx, alloc);
    }
    return SENSE_INVALID_FIELD_CDB;
}

/* ---- Dispatch ----------------------------------------------------------- */

struct vd_command
{
    uint8_t opcode;
    uint8_t cdb_len;
    uint8_t flags;
    vd_handler handler;
};

static uint32_t cmd_control(struct vd_ctx *ctx)
{
    uint32_t len = get_be16(ctx->cdb + 7);
    char spec[256], err[256];

    if (memcmp(ctx->cdb + 1, VD_CONTROL_SIGNATURE, strlen(VD_CONTROL_SIGNATURE)))
        return SENSE_INVALID_OPCODE;
    if (len > ctx->data_len) len = ctx->data_len;
    if (!len || len >= sizeof(spec)) return SENSE_PARAMETER_LIST_LENGTH;
    memcpy(spec, ctx->data, len);
    spec[len] = 0;
    ctx->transferred = len;
    if (strlen(spec) != len || vd_apply_faults(ctx->s, spec, err, sizeof(err)) < 0)
        return SENSE_INVALID_FIELD_PARAM;
    vd_mark_dirty(ctx->drive);
    return VD_GOOD;
}

static const struct vd_command commands[] =
{
    {MMC_TEST_UNIT_READY,        6, FLAG_MEDIA | FLAG_BUSY, cmd_test_unit_ready},
    {MMC_REQUEST_SENSE,          6, FLAG_NO_UA, cmd_request_sense},
    {MMC_FORMAT_UNIT,            6, FLAG_MEDIA | FLAG_BUSY | FLAG_WRITE, cmd_format_unit},
    {MMC_INQUIRY,                6, FLAG_NO_UA, cmd_inquiry},
    {MMC_START_STOP_UNIT,        6, 0, cmd_start_stop_unit},
    {MMC_PREVENT_ALLOW,          6, 0, cmd_prevent_allow},
    {MMC_READ_FORMAT_CAPACITIES, 10, FLAG_BUSY, cmd_read_format_capacities},
    {MMC_READ_CAPACITY,          10, FLAG_MEDIA | FLAG_BUSY, cmd_read_capacity},
    {MMC_READ_10,                10, FLAG_MEDIA | FLAG_BUSY, cmd_read_10},
    {MMC_WRITE_10,               10, FLAG_MEDIA | FLAG_BUSY | FLAG_WRITE, cmd_write_10},
    {MMC_SYNCHRONIZE_CACHE,      10, FLAG_MEDIA | FLAG_BUSY, cmd_synchronize_cache},
    {MMC_READ_TOC_PMA_ATIP,      10, FLAG_MEDIA | FLAG_BUSY, cmd_read_toc},
    {MMC_GET_CONFIGURATION,      10, FLAG_NO_UA, cmd_get_configuration},
    {MMC_GET_EVENT_STATUS,       10, FLAG_NO_UA, cmd_get_event_status},
    {MMC_READ_DISC_INFORMATION,  10, FLAG_MEDIA | FLAG_BUSY, cmd_read_disc_information},
    {MMC_READ_TRACK_INFORMATION, 10, FLAG_MEDIA | FLAG_BUSY, cmd_read_track_information},
    {MMC_RESERVE_TRACK,          10, FLAG_MEDIA | FLAG_BUSY, cmd_reserve_track},
    {MMC_SEND_OPC_INFORMATION,   10, FLAG_MEDIA | FLAG_BUSY, cmd_send_opc},
    {MMC_MODE_SELECT_10,         10, FLAG_WRITE, cmd_mode_select_10},
    {MMC_MODE_SENSE_10,          10, 0, cmd_mode_sense_10},
    {MMC_MODE_SENSE_6,            6, 0, cmd_mode_sense_6},
    {MMC_CLOSE_TRACK_SESSION,    10, FLAG_MEDIA | FLAG_BUSY, cmd_close_track_session},
    {MMC_READ_BUFFER_CAPACITY,   10, 0, cmd_read_buffer_capacity},
    {MMC_SEND_CUE_SHEET,         10, FLAG_MEDIA | FLAG_BUSY | FLAG_WRITE, cmd_send_cue_sheet},
    {MMC_BLANK,                  12, FLAG_MEDIA | FLAG_BUSY, cmd_blank},
    {MMC_READ_12,                12, FLAG_MEDIA | FLAG_BUSY, cmd_read_12},
    {MMC_WRITE_12,               12, FLAG_MEDIA | FLAG_BUSY | FLAG_WRITE, cmd_write_12},
    {MMC_GET_PERFORMANCE,        12, 0, cmd_get_performance},
    {MMC_READ_DVD_STRUCTURE,     12, FLAG_MEDIA | FLAG_BUSY, cmd_read_dvd_structure},
    {MMC_SET_STREAMING,          12, FLAG_WRITE, cmd_set_streaming},
    {MMC_SET_CD_SPEED,           12, 0, cmd_set_cd_speed},
    {MMC_MECHANISM_STATUS,       12, 0, cmd_mechanism_status},
    {MMC_READ_CD_MSF,            12, FLAG_MEDIA | FLAG_BUSY, cmd_read_cd_msf},
    {MMC_READ_CD,                12, FLAG_MEDIA | FLAG_BUSY, cmd_read_cd},
    {VD_OP_CONTROL,              10, FLAG_NO_UA | FLAG_WRITE, cmd_control},
};

static const struct vd_command *find_command(uint8_t opcode)
{
    size_t i;

    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (commands[i].opcode == opcode) return &commands[i];
    return NULL;
}

static void fill_garbage(uint8_t *p, uint32_t len, uint32_t seed)
{
    uint32_t x = seed | 1, i;

    for (i = 0; i < len; i++)
    {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        p[i] = x;
    }
}

/* poke faults: every poke on this opcode counts the reply, and sets its byte
 * when the reply reaches it. */
static void apply_pokes(struct vdrive *drive, uint8_t opcode, uint8_t *data, uint32_t len)
{
    struct vd_poke *poke = drive->state->fault_poke;
    int i;

    for (i = 0; i < VD_MAX_POKES; i++)
    {
        if (!poke[i].count || poke[i].opcode != opcode) continue;
        if (poke[i].offset < len) data[poke[i].offset] = poke[i].value;
        poke[i].count--;
        vd_mark_dirty(drive);
    }
}

static void set_check_condition(struct vdrive *drive, struct vdrive_result *result, uint32_t sense,
                                uint32_t info, int info_valid)
{
    result->status = SCSI_STATUS_CHECK_CONDITION;
    build_sense(result->sense, sense, info, info_valid);
    result->sense_len = SENSE_FIXED_LEN;
    drive->last_sense = sense;
    drive->last_info = info;
}

int vdrive_execute(struct vdrive *drive, const uint8_t *cdb, unsigned int cdb_len,
                   enum vdrive_direction direction, void *data, uint32_t data_len,
                   unsigned int timeout_ms, struct vdrive_result *result)
{
    const struct vd_command *command;
    struct vd_ctx ctx;
    struct vd_state *s;
    uint32_t sense = VD_GOOD, pace_rate = 0;
    uint16_t progress;
    int locked, busy = 0, deferred = 0;
    char err[256];

    (void)timeout_ms;
    if (!drive || !cdb || !result || (data_len && !data)) return -1;
    memset(result, 0, sizeof(*result));
    if (!cdb_len) return -1;

    pthread_mutex_lock(&drive->mutex);
    memset(&ctx, 0, sizeof(ctx));
    ctx.drive = drive;
    ctx.cdb = cdb;
    ctx.cdb_len = cdb_len;
    ctx.direction = direction;
    ctx.data = data;
    ctx.data_len = data_len;

    command = find_command(cdb[0]);
    locked = vd_lock(drive, err, sizeof(err)) == 0;
    if (!locked)
    {
        /* a broken state file: identify the drive, refuse everything else */
        if (command && command->opcode == MMC_INQUIRY && cdb_len >= 6)
            sense = cmd_inquiry(&ctx);
        else if (command && command->opcode == MMC_REQUEST_SENSE && cdb_len >= 6)
        {
            build_sense(drive->scratch, SENSE_INTERNAL_FAILURE, 0, 0);
            sense = reply(&ctx, drive->scratch, SENSE_FIXED_LEN, cdb[4]);
        }
        else
            sense = SENSE_INTERNAL_FAILURE;
        goto done;
    }
    s = ctx.s = drive->state;

    if (!command || cdb_len < command->cdb_len)
    {
        sense = SENSE_INVALID_OPCODE;
        goto done;
    }
    if (s->fault_timeout_op == cdb[0])
    {
        /* the command never completes: no status, no data */
        if (!s->fault_timeout_count || !--s->fault_timeout_count)
            s->fault_timeout_op = -1;
        vd_mark_dirty(drive);
        result->host_status = SCSI_HOST_TIME_OUT;
        goto log;
    }
    if (s->unit_attention && !(command->flags & FLAG_NO_UA))
    {
        sense = s->unit_attention == VD_UA_POWER_ON ? SENSE_POWER_ON_RESET : SENSE_MEDIUM_CHANGED;
        s->unit_attention = VD_UA_NONE;
        vd_mark_dirty(drive);
        goto done;
    }
    if (command->flags & FLAG_BUSY)
    {
        if (s->fault_not_ready)
        {
            s->fault_not_ready--;
            vd_mark_dirty(drive);
            sense = SENSE_BECOMING_READY;
            goto done;
        }
        if (s->fault_long_write)
        {
            s->fault_long_write--;
            vd_mark_dirty(drive);
            sense = SENSE_LONG_WRITE;
            goto done;
        }
        if (s->immed_busy)
        {
            s->immed_busy--;
            vd_mark_dirty(drive);
            sense = SENSE_OPERATION_IN_PROGRESS;
            goto done;
        }
        if (busy_progress(drive, &progress))
        {
            sense = s->busy_format ? SENSE_FORMAT_IN_PROGRESS : SENSE_OPERATION_IN_PROGRESS;
            busy = 1;
            goto done;
        }
        if (s->erase_error)
        {
            /* the background erase is over and failed: a deferred error (SPC-4 4.5.5) */
            s->erase_error = 0;
            vd_mark_dirty(drive);
            sense = SENSE_ERASE_FAILURE;
            deferred = 1;
            goto done;
        }
    }
    if ((command->flags & FLAG_MEDIA) && !present(s))
    {
        sense = s->tray_open ? SENSE_NO_MEDIUM_TRAY_OPEN : SENSE_NO_MEDIUM_TRAY_CLOSED;
        goto done;
    }
    if ((command->flags & FLAG_WRITE) && data_len && direction != VDRIVE_DIR_TO_DEVICE)
    {
        sense = SENSE_INVALID_FIELD_CDB;
        goto done;
    }

    sense = command->handler(&ctx);

    if (!sense && direction == VDRIVE_DIR_FROM_DEVICE)
    {
        if (s->fault_truncate_op == cdb[0])
        {
            if (ctx.transferred > s->fault_truncate_len) ctx.transferred = s->fault_truncate_len;
            s->fault_truncate_op = -1;
            vd_mark_dirty(drive);
        }
        apply_pokes(drive, cdb[0], ctx.data, ctx.transferred);
        if (s->fault_garbage_op == cdb[0])
        {
            fill_garbage(ctx.data, ctx.transferred, (uint32_t)s->generation ^ cdb[0]);
            if (!s->fault_garbage_count || !--s->fault_garbage_count)
                s->fault_garbage_op = -1;
            vd_mark_dirty(drive);
        }
    }
    if (ctx.written_bytes) pace_rate = s->speed_bytes;

done:
    if (sense)
    {
        set_check_condition(drive, result, sense, ctx.info, ctx.info_valid);
        if (busy) set_sense_progress(result->sense, progress);
        if (deferred) result->sense[0] = (result->sense[0] & 0x80) | SENSE_FIXED_DEFERRED;
        if (VD_SENSE_KEY(sense) != SK_MEDIUM_ERROR && sense != SENSE_NO_MEDIUM && sense != SENSE_WRITE_ERROR)
            ctx.transferred = direction == VDRIVE_DIR_FROM_DEVICE ? 0 : ctx.transferred;
    }
    else
        drive->last_sense = 0;
    result->transferred = ctx.transferred;
log:
    if (locked)
    {
        if (drive->state->log_enabled) vd_log_command(drive, cdb, cdb_len, data_len, result);
        vd_unlock(drive);
    }
    if (pace_rate) vd_pace(drive, ctx.written_bytes, pace_rate);
    if (ctx.sleep_ns)
    {
        struct timespec pause = {ctx.sleep_ns / 1000000000, ctx.sleep_ns % 1000000000};
        while (nanosleep(&pause, &pause) && errno == EINTR);
    }
    pthread_mutex_unlock(&drive->mutex);
    return 0;
}

/*
 * File system image engine: the layout of ISO 9660, Joliet and El Torito
 * images, streamed block by block.
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

/* The whole layout is decided by fsi_layout_create(): the metadata (system
 * area, volume descriptors, path tables, boot catalog, directories, UDF
 * descriptors) is built into memory there, and the file data is described
 * by regions that fsi_layout_read() fills from the sources when it reaches
 * them.  Memory grows with the number of files and directories, never with
 * their sizes.
 *
 * Block order of an image (indexes relative to session_start):
 *   0-15    system area (zero)
 *   16      Primary Volume Descriptor
 *   17      El Torito Boot Record (El Torito 2.0: it must be at sector 17)
 *           Joliet Supplementary Volume Descriptor
 *           Volume Descriptor Set Terminator
 *           UDF Volume Recognition Sequence (BEA01, NSR02/NSR03, TEA01)
 *   32, 48  UDF main and reserve Volume Descriptor Sequences
 *   64      UDF Logical Volume Integrity Descriptor
 *   256     UDF Anchor
 *   257     UDF File Set Descriptor and its terminator; for UDF 2.50 and
 *           2.60, the File Entries of the Metadata File and of its Mirror
 *           ISO 9660 L and M path tables, Joliet L and M path tables
 *           El Torito boot catalog
 *           ISO 9660 directories, Joliet directories (path table order)
 *           UDF 2.50, 2.60: the metadata partition (the Metadata File's
 *           data), aligned to 32 blocks: File Set Descriptor, terminator,
 *           UDF File Entries, each directory's FIDs after its File Entry
 *           (without a metadata partition, they follow the directories);
 *           then the Metadata Mirror File's copy of these blocks
 *           boot images
 *           UDF 2.00 and later: named streams' data, in tree order of their files
 *           file data, each file contiguous, in tree order
 *   last    UDF Anchor
 * Without UDF, the ISO 9660 metadata follows the terminator directly;
 * without ISO 9660 and Joliet, the recognition sequence starts at 16.
 *
 * Every LBA written into the image is absolute: session_start + index.
 * The UDF physical partition runs to the block before the last Anchor; it
 * starts at 257 when session_start is 0, and at LBA 0 of the disc otherwise,
 * so that the File Entries of a later session reach the data of files
 * imported from earlier ones (as the ISO 9660 records do).  Readers find the
 * session through its Anchor at session_start + 256 (udfinfo --startblock,
 * Linux' session= / the last session of the disc) or the one in its last
 * block.
 *
 * Choices where Windows' behaviour is not documented:
 * - The boot catalog and the boot images are not listed as files in the
 *   directories (nothing requires it; the Boot Record points to them).
 * - ECMA-119 6.8.2.1 allows 8 directory levels.  A deeper tree is refused
 *   with IMAPI_E_ISO9660_LEVELS when ISO 9660 is the only file system;
 *   with Joliet, the readers of which have no such limit, the ISO 9660
 *   hierarchy is written as deep as the tree (no relocation).
 * - Files larger than 4 GiB - 1 need interchange level 3 (multi-extent,
 *   ECMA-119 6.5.1) when ISO 9660 or Joliet is written; at levels 1 and 2
 *   they give IMAPI_E_DATA_TOO_BIG.
 * - Names that map to an identifier already used in their directory get a
 *   "_N" (ISO 9660, d-characters only) or "~N" (Joliet) suffix before the
 *   extension, N counting from 1 in tree order: deterministic.
 * - Joliet file identifiers carry no ";1" version.
 * - UDF: revisions 1.02, 1.50, 2.00 and 2.01 with one physical partition;
 *   2.50 and 2.60 with a metadata partition over it (Duplicate Metadata
 *   Flag set, no Metadata Bitmap File), File Entries rather than Extended
 *   File Entries.  Files imported from an earlier session give
 *   IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED only when their data lies
 *   outside the partition (a first session pointing elsewhere).
 *   UDF names longer than 255 bytes of OSTA Compressed Unicode are cut.
 * - Named streams (UDF 3.3.5) are written for UDF 2.00 and later only: a
 *   file with streams gets an Extended File Entry (ECMA-167 4/14.17) whose
 *   Stream Directory ICB points to a stream directory (ICB file type 13)
 *   after it; the stream directory's parent FID points back to the file,
 *   one FID per stream to the stream's File Entry (file type 5 with the
 *   Stream flag of 4/14.6.8, the file's Unique ID); the streams' data
 *   precedes the files' data.  For UDF 1.02, 1.50 or without UDF the
 *   streams are left out without an error: AddStream said so with
 *   IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, and Microsoft's documentation of
 *   it says the image is then created without them. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsimage.h"
#include "imapi2fserror.h"

#define ISO_MAX_LEVELS          8
#define ISO_MAX_EXTENT          0xfffff800u     /* largest block-aligned extent */
#define JOLIET_MAX_NAME         64
#define ISO_MAX_NAME            31
#define MAX_DIRECTORIES         65535           /* path table parent numbers are 16-bit */
#define MAX_BOOT_ENTRIES        31              /* one catalog block */

#define RECORD_FLAG_HIDDEN      0x01
#define RECORD_FLAG_DIRECTORY   0x02
#define RECORD_FLAG_MULTI       0x80

enum fs_kind
{
    FS_ISO,
    FS_JOLIET,
    FS_COUNT
};

struct piece
{
    uint32_t lba;       /* absolute */
    uint32_t length;
};

struct item
{
    const struct fsi_node *node;
    struct item *parent;
    /* identifiers without version, per file system */
    uint16_t name[FS_COUNT][JOLIET_MAX_NAME];
    uint8_t name_len[FS_COUNT];
    /* directories: children are items[first_child .. first_child + node->count) */
    size_t first_child;
    uint32_t dir_lba[FS_COUNT];         /* absolute */
    uint32_t dir_size[FS_COUNT];        /* bytes, whole blocks */
    uint16_t dir_number[FS_COUNT];
    /* files: the directory records' extents */
    struct piece *pieces;
    size_t piece_count;
    uint32_t data_lba;                  /* absolute; new data only */
    /* UDF: the File Entry, a directory's FIDs (absolute), their size */
    uint32_t udf_entry, udf_data, udf_size;
    uint64_t udf_unique_id;
    /* UDF 2.00 and later, a file with named streams: the File Entry of its
     * stream directory, the directory's FIDs (absolute) and their size; its
     * streams are builder->streams[first_stream ...] (node->stream_count). */
    uint32_t udf_sdir_entry, udf_sdir_data, udf_sdir_size;
    size_t first_stream;
};

struct region
{
    uint32_t start;     /* block index */
    uint32_t blocks;
    struct fsi_source *source;
    const uint8_t *data;        /* or bytes in memory */
    uint64_t size;
};

struct fsi_layout
{
    uint32_t blocks;
    uint8_t *meta;
    uint32_t meta_blocks;
    struct region *regions;
    size_t region_count;
    struct fsi_layout_file *files;
    size_t file_count;
    struct fsi_source *boot[MAX_BOOT_ENTRIES];  /* the layout's references to the boot images */
    unsigned int boot_count;
    uint8_t tail[FSI_BLOCK_SIZE];       /* UDF's last Anchor */
};

/* State of fsi_layout_create() only. */
struct builder
{
    const struct fsi_options *options;
    bool joliet;
    struct item *items;
    size_t item_count;
    struct item **order[FS_COUNT];      /* children in ECMA-119 9.3 order, same slots as items */
    struct item **dirs[FS_COUNT];       /* directories in path table order */
    size_t dir_count;
    uint32_t path_table_size[FS_COUNT];
    uint32_t path_table_lba[FS_COUNT][2];       /* L, M; absolute */
    uint32_t catalog_lba;
    uint32_t *boot_lba;
    /* UDF: absolute locations and the partition's length */
    uint32_t udf_vrs, udf_lvid, udf_partition, udf_partition_blocks, udf_fsd;
    /* UDF 2.50: the metadata partition's content (absolute, its blocks), its
     * mirror, and the File Entries of the Metadata and Metadata Mirror Files */
    bool udf_meta;
    uint32_t udf_meta_start, udf_meta_blocks, udf_mirror_start, udf_meta_fe, udf_mirror_fe;
    /* UDF 2.00 and later: the named streams of the files, in tree order of
     * their files; an item each, its parent the file's item. */
    bool udf_streams;
    struct item *streams;
    size_t stream_count;
};

/* --- Byte helpers ---------------------------------------------------------- */

static void put_le16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void put_le32(uint8_t *p, uint32_t v) { put_le16(p, v); put_le16(p + 2, v >> 16); }
static void put_be32(uint8_t *p, uint32_t v) { put_be16(p, v >> 16); put_be16(p + 2, v); }
static void put_le64(uint8_t *p, uint64_t v) { put_le32(p, v); put_le32(p + 4, v >> 32); }
static void put_both16(uint8_t *p, uint16_t v) { put_le16(p, v); put_be16(p + 2, v); }
static void put_both32(uint8_t *p, uint32_t v) { put_le32(p, v); put_be32(p + 4, v); }

static uint32_t blocks_of(uint64_t bytes)
{
    return (bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
}

/* --- Dates ------------------------------------------------------------------ */

struct date
{
    int64_t year;
    unsigned int month, day, hour, minute, second, hundredths;
};

/* Days since 1970-01-01 to the proleptic Gregorian calendar (era arithmetic:
 * 400-year cycles of 146097 days, years counted from March). */
static void to_date(fsi_time time, struct date *date)
{
    int64_t ticks = time, seconds, days, era, year;
    unsigned int day_of_era, year_of_era, day_of_year, mp, rest;

    seconds = ticks / 10000000;
    if (ticks % 10000000 < 0) seconds--;
    date->hundredths = (unsigned int)((ticks - seconds * 10000000) / 100000);
    seconds -= 11644473600ll;     /* 1601-01-01 to 1970-01-01 */
    days = seconds / 86400;
    if (seconds % 86400 < 0) days--;
    rest = (unsigned int)(seconds - days * 86400);
    date->hour = rest / 3600;
    date->minute = rest / 60 % 60;
    date->second = rest % 60;

    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    day_of_era = (unsigned int)(days - era * 146097);
    year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    year = (int64_t)year_of_era + era * 400;
    day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    mp = (5 * day_of_year + 2) / 153;
    date->day = day_of_year - (153 * mp + 2) / 5 + 1;
    date->month = mp < 10 ? mp + 3 : mp - 9;
    date->year = year + (date->month <= 2);
}

/* ECMA-119 9.1.5: the 7-byte recording date, UTC. */
static void put_record_date(uint8_t *p, fsi_time time)
{
    struct date d;

    to_date(time, &d);
    if (d.year < 1900) { memset(p, 0, 7); p[1] = p[2] = 1; return; }
    if (d.year > 2155) { p[0] = 255; p[1] = 12; p[2] = 31; p[3] = 23; p[4] = p[5] = 59; p[6] = 0; return; }
    p[0] = d.year - 1900;
    p[1] = d.month;
    p[2] = d.day;
    p[3] = d.hour;
    p[4] = d.minute;
    p[5] = d.second;
    p[6] = 0;
}

/* ECMA-119 8.4.26.1: the 17-byte volume date; zero time is "not specified". */
static void put_volume_date(uint8_t *p, fsi_time time)
{
    char text[32];
    struct date d;

    memset(p, '0', 16);
    p[16] = 0;
    if (!time) return;
    to_date(time, &d);
    if (d.year < 1 || d.year > 9999) return;
    snprintf(text, sizeof(text), "%04u%02u%02u%02u%02u%02u%02u", (unsigned int)d.year, d.month, d.day,
             d.hour, d.minute, d.second, d.hundredths);
    memcpy(p, text, 16);
}

/* --- Names ------------------------------------------------------------------ */

/* ECMA-119 7.4.1: d-characters are A-Z, 0-9 and _. */
static uint16_t to_d_char(uint16_t c)
{
    if (c >= 'a' && c <= 'z') return c - 'a' + 'A';
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') return c;
    return '_';
}

/* Joliet: any UCS-2 character but the controls and * / : ; ? \. */
static uint16_t to_joliet_char(uint16_t c)
{
    if (c < 0x20 || c == '*' || c == '/' || c == ':' || c == ';' || c == '?' || c == '\\') return '_';
    return c;
}

static uint16_t fold(uint16_t c)
{
    if (c >= 'a' && c <= 'z') return c - 'a' + 'A';
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 0x20;
    return c;
}

/* The identifiers used in one directory, compared as readers show them:
 * without the separator of an empty extension, regardless of case. */
struct name_set
{
    const uint16_t **names;
    uint8_t *lengths;
    size_t mask;
};

static size_t key_length(const uint16_t *name, size_t len)
{
    if (len && name[len - 1] == '.') len--;
    return len;
}

static size_t name_hash(const uint16_t *name, size_t len)
{
    uint32_t hash = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) hash = (hash ^ fold(name[i])) * 16777619u;
    return hash;
}

static bool names_equal(const uint16_t *a, size_t a_len, const uint16_t *b, size_t b_len)
{
    size_t i;

    if (a_len != b_len) return false;
    for (i = 0; i < a_len; i++) if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

static bool name_set_init(struct name_set *set, size_t count)
{
    size_t size = 16;

    while (size < count * 2) size *= 2;
    set->mask = size - 1;
    set->names = calloc(size, sizeof(*set->names));
    set->lengths = calloc(size, sizeof(*set->lengths));
    return set->names && set->lengths;
}

static void name_set_free(struct name_set *set)
{
    free(set->names);
    free(set->lengths);
}

/* Adds the name unless it is there; false when it was. */
static bool name_set_add(struct name_set *set, const uint16_t *name, size_t len)
{
    size_t key = key_length(name, len), slot = name_hash(name, key) & set->mask;

    while (set->names[slot])
    {
        if (names_equal(set->names[slot], set->lengths[slot], name, key)) return false;
        slot = (slot + 1) & set->mask;
    }
    set->names[slot] = name;
    set->lengths[slot] = key;
    return true;
}

/* Writes base [+ suffix] [+ '.' + ext] into the item's name for fs. */
static void compose_name(struct item *item, enum fs_kind fs, const uint16_t *base, size_t base_len,
                         const char *suffix, bool dot, const uint16_t *ext, size_t ext_len)
{
    uint16_t *out = item->name[fs];
    size_t len = 0;

    memcpy(out, base, base_len * sizeof(*out));
    len = base_len;
    while (*suffix) out[len++] = *suffix++;
    if (dot)
    {
        out[len++] = '.';
        memcpy(out + len, ext, ext_len * sizeof(*out));
        len += ext_len;
    }
    item->name_len[fs] = len;
}

/* Maps the node's name to the identifier of fs, unique in the directory. */
static int32_t make_name(struct builder *builder, struct item *item, enum fs_kind fs, struct name_set *set)
{
    const struct fsi_node *node = item->node;
    size_t len = fsi_name_length(node->name), dot_pos = len, base_len, ext_len = 0, max_base, i;
    uint16_t base[JOLIET_MAX_NAME * 4], ext[JOLIET_MAX_NAME];
    unsigned int level = builder->options->iso_level;
    bool dot = false;
    char suffix[16];
    unsigned int n;

    if (!node->is_dir)
    {
        for (i = len; i > 0; i--) if (node->name[i - 1] == '.') { dot_pos = i - 1; break; }
    }
    base_len = dot_pos;
    if (base_len > JOLIET_MAX_NAME * 4) base_len = JOLIET_MAX_NAME * 4;
    if (dot_pos < len)
    {
        ext_len = len - dot_pos - 1;
        dot = true;
    }

    if (fs == FS_ISO)
    {
        size_t max_ext = level == 1 ? 3 : 20;

        if (ext_len > max_ext) ext_len = max_ext;
        for (i = 0; i < base_len; i++) base[i] = to_d_char(node->name[i]);
        for (i = 0; i < ext_len; i++) ext[i] = to_d_char(node->name[dot_pos + 1 + i]);
        if (node->is_dir) max_base = level == 1 ? 8 : ISO_MAX_NAME;
        else
        {
            /* ECMA-119 7.5.1: the separator is always there in a file identifier. */
            dot = true;
            max_base = level == 1 ? 8 : 30 - ext_len;
        }
        if (!base_len && !ext_len) base[base_len++] = '_';
    }
    else
    {
        /* An extension too long to keep is no extension: plain truncation. */
        if (ext_len > JOLIET_MAX_NAME / 2)
        {
            ext_len = 0;
            dot = false;
            base_len = len > JOLIET_MAX_NAME * 4 ? JOLIET_MAX_NAME * 4 : len;
        }
        for (i = 0; i < base_len; i++) base[i] = to_joliet_char(node->name[i]);
        for (i = 0; i < ext_len; i++) ext[i] = to_joliet_char(node->name[dot_pos + 1 + i]);
        max_base = JOLIET_MAX_NAME - (dot ? ext_len + 1 : 0);
        if (!base_len && !ext_len) base[base_len++] = '_';
    }

    for (n = 0; n < 1000000; n++)
    {
        size_t cut = base_len, suffix_len = 0;

        suffix[0] = 0;
        if (n) suffix_len = snprintf(suffix, sizeof(suffix), "%c%u", fs == FS_ISO ? '_' : '~', n);
        if (cut + suffix_len > max_base) cut = max_base > suffix_len ? max_base - suffix_len : 0;
        /* Keep surrogate pairs whole. */
        if (cut && base[cut - 1] >= 0xd800 && base[cut - 1] <= 0xdbff) cut--;
        compose_name(item, fs, base, cut, suffix, dot, ext, ext_len);
        if (name_set_add(set, item->name[fs], item->name_len[fs])) break;
    }
    if (n == 1000000) return IMAPI_E_NO_UNIQUE_NAME;
    return FSI_S_OK;
}

/* ECMA-119 9.3: name, then extension, each padded with spaces. */
static int compare_part(const uint16_t *a, size_t a_len, const uint16_t *b, size_t b_len)
{
    size_t i, len = a_len > b_len ? a_len : b_len;

    for (i = 0; i < len; i++)
    {
        uint16_t ca = i < a_len ? a[i] : ' ', cb = i < b_len ? b[i] : ' ';
        if (ca != cb) return ca < cb ? -1 : 1;
    }
    return 0;
}

static void split_name(const struct item *item, enum fs_kind fs, size_t *base_len, size_t *ext_start)
{
    size_t i, len = item->name_len[fs];

    *base_len = len;
    *ext_start = len;
    if (item->node->is_dir) return;
    for (i = 0; i < len; i++)
    {
        if (item->name[fs][i] == '.')
        {
            *base_len = i;
            *ext_start = i + 1;
            return;
        }
    }
}

static int compare_items(const struct item *a, const struct item *b, enum fs_kind fs)
{
    size_t a_base, a_ext, b_base, b_ext;
    int ret;

    split_name(a, fs, &a_base, &a_ext);
    split_name(b, fs, &b_base, &b_ext);
    if ((ret = compare_part(a->name[fs], a_base, b->name[fs], b_base))) return ret;
    return compare_part(a->name[fs] + a_ext, a->name_len[fs] - a_ext,
                        b->name[fs] + b_ext, b->name_len[fs] - b_ext);
}

static int compare_iso(const void *a, const void *b)
{
    return compare_items(*(const struct item * const *)a, *(const struct item * const *)b, FS_ISO);
}

static int compare_joliet(const void *a, const void *b)
{
    return compare_items(*(const struct item * const *)a, *(const struct item * const *)b, FS_JOLIET);
}

/* --- Building ---------------------------------------------------------------- */

static bool item_is_new_data(const struct item *item)
{
    return !item->node->is_dir && item->node->source && item->node->size;
}

/* The extents of a file's directory records: count only when pieces is NULL. */
static size_t file_pieces(const struct builder *builder, const struct item *item, struct piece *pieces)
{
    const struct fsi_node *node = item->node;
    size_t count = 0, i;

    if (node->extent_count && !node->source)
    {
        for (i = 0; i < node->extent_count; i++)
        {
            uint64_t length = node->extents[i].length, done = 0;
            uint32_t lba = node->extents[i].lba;

            do
            {
                uint64_t chunk = length - done;

                if (chunk > UINT32_MAX) chunk = ISO_MAX_EXTENT;
                if (pieces)
                {
                    pieces[count].lba = lba + (uint32_t)(done / FSI_BLOCK_SIZE);
                    pieces[count].length = chunk;
                }
                count++;
                done += chunk;
            } while (done < length);
        }
        return count;
    }
    if (item_is_new_data(item))
    {
        uint64_t length = node->size, done = 0;

        do
        {
            uint64_t chunk = length - done;

            if (chunk > UINT32_MAX) chunk = ISO_MAX_EXTENT;
            if (pieces)
            {
                pieces[count].lba = item->data_lba + (uint32_t)(done / FSI_BLOCK_SIZE);
                pieces[count].length = chunk;
            }
            count++;
            done += chunk;
        } while (done < length);
        return count;
    }
    /* Empty file. */
    if (pieces)
    {
        pieces[0].lba = 0;
        pieces[0].length = 0;
    }
    (void)builder;
    return 1;
}

static size_t record_length(size_t id_len)
{
    return 33 + id_len + !(id_len & 1);
}

static size_t put_record(uint8_t *p, uint32_t lba, uint32_t length, fsi_time time, uint8_t flags,
                         const uint8_t *id, size_t id_len)
{
    size_t len = record_length(id_len);

    memset(p, 0, len);
    p[0] = len;
    put_both32(p + 2, lba);
    put_both32(p + 10, length);
    put_record_date(p + 18, time);
    p[25] = flags;
    put_both16(p + 28, 1);
    p[32] = id_len;
    memcpy(p + 33, id, id_len);
    return len;
}

/* The identifier bytes of a child's directory record. */
static size_t record_id(const struct item *item, enum fs_kind fs, uint8_t *id)
{
    size_t i, len = item->name_len[fs];

    if (fs == FS_ISO)
    {
        for (i = 0; i < len; i++) id[i] = item->name[fs][i];
        if (item->node->is_dir) return len;
        id[len++] = ';';
        id[len++] = '1';
        return len;
    }
    for (i = 0; i < len; i++) put_be16(id + 2 * i, item->name[fs][i]);
    return 2 * len;
}

static uint8_t record_flags(const struct item *item)
{
    uint8_t flags = 0;

    if (item->node->is_dir) flags |= RECORD_FLAG_DIRECTORY;
    if (item->node->hidden) flags |= RECORD_FLAG_HIDDEN;
    return flags;
}

/* Lays out a directory's records (ECMA-119 6.8.1.1: none crosses a block
 * boundary); writes them when out is not NULL.  Returns the size in bytes. */
static uint32_t directory_records(const struct builder *builder, const struct item *dir, enum fs_kind fs,
                                  uint8_t *out)
{
    const struct item *parent = dir->parent ? dir->parent : dir;
    uint8_t id[JOLIET_MAX_NAME * 2 + 2];
    size_t pos = 0, i, j;

    if (out)
    {
        id[0] = 0;
        put_record(out, dir->dir_lba[fs], dir->dir_size[fs], dir->node->modified, RECORD_FLAG_DIRECTORY, id, 1);
        id[0] = 1;
        put_record(out + 34, parent->dir_lba[fs], parent->dir_size[fs], parent->node->modified,
                   RECORD_FLAG_DIRECTORY, id, 1);
    }
    pos = 68;
    for (i = 0; i < dir->node->count; i++)
    {
        const struct item *child = builder->order[fs][dir->first_child + i];
        size_t id_len = record_id(child, fs, id), len = record_length(id_len);
        size_t records = child->node->is_dir ? 1 : child->piece_count;

        for (j = 0; j < records; j++)
        {
            if (pos % FSI_BLOCK_SIZE + len > FSI_BLOCK_SIZE) pos = (pos / FSI_BLOCK_SIZE + 1) * FSI_BLOCK_SIZE;
            if (out)
            {
                if (child->node->is_dir)
                    put_record(out + pos, child->dir_lba[fs], child->dir_size[fs], child->node->modified,
                               record_flags(child), id, id_len);
                else
                    put_record(out + pos, child->pieces[j].lba, child->pieces[j].length, child->node->modified,
                               record_flags(child) | (j + 1 < records ? RECORD_FLAG_MULTI : 0), id, id_len);
            }
            pos += len;
        }
    }
    return blocks_of(pos) * FSI_BLOCK_SIZE;
}

/* ECMA-119 9.4: one path table; sizes it when out is NULL. */
static uint32_t path_table(const struct builder *builder, enum fs_kind fs, bool big_endian, uint8_t *out)
{
    uint8_t id[JOLIET_MAX_NAME * 2 + 2];
    size_t i, pos = 0;

    for (i = 0; i < builder->dir_count; i++)
    {
        const struct item *dir = builder->dirs[fs][i];
        size_t id_len;

        if (dir->parent) id_len = record_id(dir, fs, id);
        else
        {
            id[0] = 0;
            id_len = 1;
        }
        if (out)
        {
            uint16_t parent = dir->parent ? dir->parent->dir_number[fs] : 1;

            out[pos] = id_len;
            out[pos + 1] = 0;
            if (big_endian)
            {
                put_be32(out + pos + 2, dir->dir_lba[fs]);
                put_be16(out + pos + 6, parent);
            }
            else
            {
                put_le32(out + pos + 2, dir->dir_lba[fs]);
                put_le16(out + pos + 6, parent);
            }
            memcpy(out + pos + 8, id, id_len);
            if (id_len & 1) out[pos + 8 + id_len] = 0;
        }
        pos += 8 + id_len + (id_len & 1);
    }
    return pos;
}

static void put_text(uint8_t *p, size_t size, const char *text)
{
    size_t len = strlen(text);

    memset(p, ' ', size);
    memcpy(p, text, len < size ? len : size);
}

static void put_ucs2_spaces(uint8_t *p, size_t size)
{
    size_t i;

    for (i = 0; i < size; i++) p[i] = i & 1 ? ' ' : 0;
}

/* ECMA-119 8.4 and 8.5 (Joliet: the Supplementary Volume Descriptor with the
 * UCS-2 level 3 escape sequence). */
static void put_volume_descriptor(const struct builder *builder, enum fs_kind fs, uint32_t volume_blocks,
                                  uint8_t *p)
{
    const struct fsi_options *options = builder->options;
    const struct item *root = &builder->items[0];
    size_t i, name_len = fsi_name_length(options->volume_name);
    uint8_t id = 0;

    p[0] = fs == FS_ISO ? 1 : 2;
    memcpy(p + 1, "CD001", 5);
    p[6] = 1;
    if (fs == FS_ISO)
    {
        put_text(p + 8, 32, "");
        put_text(p + 40, 32, "");
        if (name_len > 32) name_len = 32;
        for (i = 0; i < name_len; i++) p[40 + i] = to_d_char(options->volume_name[i]);
        put_text(p + 190, 128, "");
        put_text(p + 318, 128, "");
        put_text(p + 446, 128, "");
        put_text(p + 574, 128, "");
        put_text(p + 702, 37, "");
        put_text(p + 739, 37, "");
        put_text(p + 776, 37, "");
    }
    else
    {
        put_ucs2_spaces(p + 8, 32);
        put_ucs2_spaces(p + 40, 32);
        if (name_len > 16) name_len = 16;
        for (i = 0; i < name_len; i++) put_be16(p + 40 + 2 * i, to_joliet_char(options->volume_name[i]));
        p[88] = '%';
        p[89] = '/';
        p[90] = 'E';
        put_ucs2_spaces(p + 190, 128);
        put_ucs2_spaces(p + 318, 128);
        put_ucs2_spaces(p + 446, 128);
        put_ucs2_spaces(p + 574, 128);
        put_ucs2_spaces(p + 702, 37);
        put_ucs2_spaces(p + 739, 37);
        put_ucs2_spaces(p + 776, 37);
    }
    put_both32(p + 80, volume_blocks);
    put_both16(p + 120, 1);
    put_both16(p + 124, 1);
    put_both16(p + 128, FSI_BLOCK_SIZE);
    put_both32(p + 132, builder->path_table_size[fs]);
    put_le32(p + 140, builder->path_table_lba[fs][0]);
    put_be32(p + 148, builder->path_table_lba[fs][1]);
    put_record(p + 156, root->dir_lba[fs], root->dir_size[fs], root->node->modified, RECORD_FLAG_DIRECTORY,
               &id, 1);
    put_volume_date(p + 813, options->created);
    put_volume_date(p + 830, options->created);
    put_volume_date(p + 847, 0);
    put_volume_date(p + 864, 0);
    p[881] = 1;
}

/* --- El Torito ------------------------------------------------------------ */

static uint32_t boot_image_size(const struct fsi_boot *boot)
{
    switch (boot->emulation)
    {
    case FSI_BOOT_FLOPPY_12M: return 1228800;
    case FSI_BOOT_FLOPPY_144M: return 1474560;
    case FSI_BOOT_FLOPPY_288M: return 2949120;
    default: return 0;
    }
}

static int32_t check_boot(const struct fsi_boot *boot)
{
    uint32_t size = boot_image_size(boot);

    if (!boot->image || !boot->image_size) return IMAPI_E_BOOT_IMAGE_DATA;
    if (boot->emulation > FSI_BOOT_HARD_DISK) return FSI_E_INVALIDARG;
    if (size && boot->image_size != size) return IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH;
    if (boot->emulation == FSI_BOOT_HARD_DISK && boot->image_size < 512) return IMAPI_E_BOOT_IMAGE_DATA;
    return FSI_S_OK;
}

static void put_id_string(uint8_t *p, size_t size, const char *text)
{
    size_t len = 0;

    while (len < size && text[len]) len++;
    memset(p, 0, size);
    memcpy(p, text, len);
}

/* El Torito 2.x: one boot entry (initial/default or section entry). */
static int32_t put_boot_entry(const struct fsi_boot *boot, uint32_t lba, uint8_t *p)
{
    uint16_t sectors = boot->load_sectors;
    uint8_t mbr[512];
    int32_t hr;

    p[0] = 0x88;        /* bootable */
    p[1] = boot->emulation;
    put_le16(p + 2, boot->load_segment);
    if (boot->emulation == FSI_BOOT_HARD_DISK)
    {
        /* The system type is the partition type of the image's one partition. */
        if ((hr = boot->image->read(boot->image, 0, mbr, sizeof(mbr)))) return hr;
        if (mbr[510] != 0x55 || mbr[511] != 0xaa) return IMAPI_E_BOOT_IMAGE_DATA;
        p[4] = mbr[0x1be + 4];
    }
    if (boot->emulation != FSI_BOOT_NONE) sectors = 1;
    else if (!sectors)
    {
        /* UEFI 2.x loads the whole image of an EFI entry: say its size. */
        if (boot->platform == 0xef)
        {
            uint64_t count = (boot->image_size + 511) / 512;
            sectors = count > 0xffff ? 0xffff : count;
        }
        else sectors = 4;
    }
    put_le16(p + 6, sectors);
    put_le32(p + 8, lba);
    return FSI_S_OK;
}

static int32_t put_boot_catalog(const struct builder *builder, uint8_t *p)
{
    const struct fsi_options *options = builder->options;
    const struct fsi_boot *boot = options->boot;
    uint16_t sum = 0;
    unsigned int i;
    int32_t hr;

    /* Validation entry: its 16-bit words sum to zero. */
    p[0] = 1;
    p[1] = boot[0].platform;
    put_id_string(p + 4, 24, boot[0].manufacturer);
    p[30] = 0x55;
    p[31] = 0xaa;
    for (i = 0; i < 32; i += 2) sum += p[i] | p[i + 1] << 8;
    put_le16(p + 28, -sum);

    if ((hr = put_boot_entry(&boot[0], builder->boot_lba[0], p + 32))) return hr;
    p += 64;
    /* Each further entry in a section of its own, with its platform. */
    for (i = 1; i < options->boot_count; i++)
    {
        p[0] = i + 1 < options->boot_count ? 0x90 : 0x91;
        p[1] = boot[i].platform;
        put_le16(p + 2, 1);
        put_id_string(p + 4, 28, boot[i].manufacturer);
        if ((hr = put_boot_entry(&boot[i], builder->boot_lba[i], p + 32))) return hr;
        p += 64;
    }
    return FSI_S_OK;
}

/* --- UDF (ECMA-167 3rd edition, OSTA UDF 1.02 to 2.60) ------------------- */

/* One read-only physical partition runs to the last Anchor and holds the
 * ISO 9660 metadata too, so that the UDF File Entries point to the very
 * blocks of file data the ISO 9660 records point to.  It starts at 257 in a
 * first session and at LBA 0 of the disc in a later one, where files of the
 * earlier sessions must be reachable.  File Entries take one block each
 * (short_ads, at most UDF_MAX_ADS extents of up to 1 GiB).
 *
 * UDF 2.50 and 2.60 (UDF 2.2.10, 2.2.13): a second, Type 2 partition map
 * describes the Metadata Partition over the same physical partition.  Its
 * blocks are those of the Metadata File: the File Set Descriptor and all File
 * Entries and FIDs, one contiguous extent aligned to UDF_META_UNIT blocks of
 * the physical partition.  The Duplicate Metadata Flag is set: the Metadata
 * Mirror File is a second copy of these blocks, right after them (after the
 * file data, 7-Zip would take it for data after the end of the volume).  File
 * Entries of files point to their data in the physical partition (long_ads,
 * partition reference 0); everything else points inside the metadata
 * partition (reference 1).  No Metadata Bitmap File: the media is read only. */

#define UDF_MAIN_VDS            32
#define UDF_RESERVE_VDS         48
#define UDF_VDS_BLOCKS          16
#define UDF_LVID                64
#define UDF_ANCHOR              256
#define UDF_PARTITION           257
#define UDF_MAX_EXTENT          0x3ffff800u     /* short_ad lengths are 30 bits */
#define UDF_FE_HEADER           176
#define UDF_EFE_HEADER          216
#define UDF_MAX_ADS             ((FSI_BLOCK_SIZE - UDF_FE_HEADER) / 8)
#define UDF_META_UNIT           32              /* allocation and alignment unit, blocks (an ECC block of BD) */
#define UDF_META_CHUNK          0x3fff0000u     /* extents of the Metadata File: 30 bits, whole units */
#define UDF_ICB_STREAM          0x2000
#define UDF_FILE_TYPE_DIRECTORY 4
#define UDF_FILE_TYPE_FILE      5
#define UDF_FILE_TYPE_STREAMDIR 13
#define UDF_FILE_TYPE_METADATA  250
#define UDF_FILE_TYPE_MIRROR    251

#define UDF_TAG_PVD             1
#define UDF_TAG_AVDP            2
#define UDF_TAG_IUVD            4
#define UDF_TAG_PD              5
#define UDF_TAG_LVD             6
#define UDF_TAG_USD             7
#define UDF_TAG_TD              8
#define UDF_TAG_LVID            9
#define UDF_TAG_FSD             256
#define UDF_TAG_FID             257
#define UDF_TAG_FE              261
#define UDF_TAG_EFE             266

#define UDF_FID_HIDDEN          0x01
#define UDF_FID_DIRECTORY       0x02
#define UDF_FID_PARENT          0x08

/* CRC-ITU-T (x^16 + x^12 + x^5 + 1), initial value 0: ECMA-167 1/7.2.6. */
static uint16_t udf_crc(const uint8_t *data, size_t len)
{
    uint16_t crc = 0;
    size_t i;
    int bit;

    for (i = 0; i < len; i++)
    {
        crc ^= (uint16_t)data[i] << 8;
        for (bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    return crc;
}

/* ECMA-167 3/7.2: the descriptor tag, written last (it covers the body). */
static void udf_tag(const struct builder *builder, uint8_t *p, uint16_t id, uint32_t location, size_t size)
{
    uint8_t sum = 0;
    int i;

    put_le16(p, id);
    put_le16(p + 2, builder->options->udf_revision >= 0x200 ? 3 : 2);
    p[4] = 0;
    p[5] = 0;
    put_le16(p + 6, 1);
    put_le16(p + 8, udf_crc(p + 16, size - 16));
    put_le16(p + 10, size - 16);
    put_le32(p + 12, location);
    for (i = 0; i < 16; i++) if (i != 4) sum += p[i];
    p[4] = sum;
}

/* ECMA-167 1/7.2.1 charspec: CS0, "OSTA Compressed Unicode" (UDF 2.1.2). */
static void udf_charspec(uint8_t *p)
{
    memset(p, 0, 64);
    memcpy(p + 1, "OSTA Compressed Unicode", 23);
}

/* ECMA-167 1/7.4 regid; suffix as UDF 2.1.5. */
static void udf_regid(const struct builder *builder, uint8_t *p, const char *id, bool udf_suffix)
{
    memset(p, 0, 32);
    memcpy(p + 1, id, strlen(id));
    if (udf_suffix) put_le16(p + 24, builder->options->udf_revision);
}

static bool udf_narrow(const uint16_t *name, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) if (name[i] > 0xff) return false;
    return true;
}

/* OSTA Compressed Unicode (UDF 2.1.1) in at most size bytes; returns the
 * bytes used.  Longer names are cut, keeping surrogate pairs whole. */
static size_t udf_cs0(const uint16_t *name, size_t len, uint8_t *out, size_t size)
{
    size_t i, max;

    if (!len) return 0;
    if (udf_narrow(name, len))
    {
        max = size - 1;
        if (len > max) len = max;
        out[0] = 8;
        for (i = 0; i < len; i++) out[1 + i] = name[i];
        return 1 + len;
    }
    max = (size - 1) / 2;
    if (len > max) len = max;
    if (len && name[len - 1] >= 0xd800 && name[len - 1] <= 0xdbff) len--;
    out[0] = 16;
    for (i = 0; i < len; i++) put_be16(out + 1 + 2 * i, name[i]);
    return 1 + 2 * len;
}

/* ECMA-167 1/7.2.12 dstring: the used length in the last byte. */
static void udf_dstring(uint8_t *p, size_t size, const uint16_t *name)
{
    size_t len;

    memset(p, 0, size);
    if ((len = udf_cs0(name, fsi_name_length(name), p, size - 1))) p[size - 1] = len;
}

/* ECMA-167 1/7.3 timestamp, UTC. */
static void udf_timestamp(uint8_t *p, fsi_time time)
{
    struct date d;
    int64_t rest;

    to_date(time, &d);
    if (d.year < 1) d.year = 1;
    if (d.year > 9999) d.year = 9999;
    put_le16(p, 0x1000);        /* local time, offset 0 */
    put_le16(p + 2, d.year);
    p[4] = d.month;
    p[5] = d.day;
    p[6] = d.hour;
    p[7] = d.minute;
    p[8] = d.second;
    p[9] = d.hundredths;
    rest = time % 100000;
    if (rest < 0) rest += 100000;
    p[10] = rest / 1000;
    p[11] = rest % 1000 / 10;
}

static size_t udf_fid_length(size_t name_bytes)
{
    return (38 + name_bytes + 3) & ~(size_t)3;
}

static size_t udf_name(const struct item *item, uint8_t *out)
{
    const uint16_t *name = item->node->name;

    return udf_cs0(name, fsi_name_length(name), out, 255);
}

/* The size of a directory's File Identifier Descriptors. */
static uint32_t udf_directory_size(const struct builder *builder, const struct item *dir)
{
    uint8_t name[256];
    uint64_t size = udf_fid_length(0);
    size_t i;

    for (i = 0; i < dir->node->count; i++)
        size += udf_fid_length(udf_name(&builder->items[dir->first_child + i], name));
    return size > UINT32_MAX ? UINT32_MAX : size;
}

/* A block of the physical partition (partition reference 0). */
static uint32_t udf_lbn(const struct builder *builder, uint32_t lba)
{
    return lba - builder->udf_partition;
}

/* A block of the partition holding the File Set, the File Entries and the
 * directories: the metadata partition (reference 1) or the physical one. */
static uint32_t udf_meta_lbn(const struct builder *builder, uint32_t lba)
{
    return lba - (builder->udf_meta ? builder->udf_meta_start : builder->udf_partition);
}

static uint16_t udf_meta_ref(const struct builder *builder)
{
    return builder->udf_meta ? 1 : 0;
}

/* The named streams of a file in the image: none below UDF 2.00. */
static size_t udf_stream_count(const struct builder *builder, const struct item *item)
{
    return builder->udf_streams && !item->node->is_dir ? item->node->stream_count : 0;
}

/* The allocation descriptors a file's (Extended) File Entry has room for. */
static size_t udf_max_ads(const struct builder *builder, const struct item *item)
{
    size_t header = udf_stream_count(builder, item) ? UDF_EFE_HEADER : UDF_FE_HEADER;

    return (FSI_BLOCK_SIZE - header) / (builder->udf_meta ? 16 : 8);
}

static void udf_long_ad(uint8_t *p, uint32_t length, uint32_t lbn, uint16_t partition, uint32_t unique_id)
{
    memset(p, 0, 16);
    put_le32(p, length);
    put_le32(p + 4, lbn);
    put_le16(p + 8, partition);
    put_le32(p + 12, unique_id);        /* UDF 2.3.4.3: ADImpUse's UDF Unique ID */
}

static void udf_fid(const struct builder *builder, uint8_t *p, uint32_t location, uint8_t characteristics,
                    const struct item *target, const uint8_t *name, size_t name_len)
{
    size_t len = udf_fid_length(name_len);

    memset(p, 0, len);
    put_le16(p + 16, 1);
    p[18] = characteristics;
    p[19] = name_len;
    udf_long_ad(p + 20, FSI_BLOCK_SIZE, udf_meta_lbn(builder, target->udf_entry), udf_meta_ref(builder),
                target->udf_unique_id);
    put_le16(p + 36, 0);
    memcpy(p + 38, name, name_len);
    udf_tag(builder, p, UDF_TAG_FID, location, len);
}

/* A directory's File Identifier Descriptors; they may cross blocks. */
static void udf_directory(const struct builder *builder, const struct item *dir, uint8_t *out)
{
    uint8_t name[256];
    size_t pos = 0, i;

    udf_fid(builder, out, udf_meta_lbn(builder, dir->udf_data), UDF_FID_DIRECTORY | UDF_FID_PARENT,
            dir->parent ? dir->parent : dir, name, 0);
    pos += udf_fid_length(0);
    for (i = 0; i < dir->node->count; i++)
    {
        const struct item *child = &builder->items[dir->first_child + i];
        size_t len = udf_name(child, name);
        uint8_t characteristics = 0;

        if (child->node->is_dir) characteristics |= UDF_FID_DIRECTORY;
        if (child->node->hidden) characteristics |= UDF_FID_HIDDEN;
        udf_fid(builder, out + pos, udf_meta_lbn(builder, dir->udf_data) + pos / FSI_BLOCK_SIZE, characteristics,
                child, name, len);
        pos += udf_fid_length(len);
    }
}

/* The short_ads (long_ads with a metadata partition) of a file's data;
 * count only when out is NULL. */
static size_t udf_file_extents(const struct builder *builder, const struct item *item, uint8_t *out)
{
    const struct fsi_node *node = item->node;
    size_t count = 0, i, runs = 1, ad_size = builder->udf_meta ? 16 : 8;

    if (!item_is_new_data(item) && !(node->extent_count && !node->source)) return 0;
    if (!item_is_new_data(item)) runs = node->extent_count;
    for (i = 0; i < runs; i++)
    {
        uint64_t length = item_is_new_data(item) ? node->size : node->extents[i].length, done = 0;
        uint32_t lba = item_is_new_data(item) ? item->data_lba : node->extents[i].lba;

        while (done < length)
        {
            uint64_t chunk = length - done;

            if (chunk > UDF_MAX_EXTENT) chunk = UDF_MAX_EXTENT;
            if (out)
            {
                uint32_t lbn = udf_lbn(builder, lba + (uint32_t)(done / FSI_BLOCK_SIZE));

                if (builder->udf_meta) udf_long_ad(out + ad_size * count, chunk, lbn, 0, 0);
                else
                {
                    put_le32(out + ad_size * count, chunk);
                    put_le32(out + ad_size * count + 4, lbn);
                }
            }
            count++;
            done += chunk;
        }
    }
    return count;
}

/* The size of a stream directory's FIDs: the parent's and one per stream. */
static uint32_t udf_stream_directory_size(const struct builder *builder, const struct item *file)
{
    uint8_t name[256];
    uint64_t size = udf_fid_length(0);
    size_t i;

    for (i = 0; i < udf_stream_count(builder, file); i++)
        size += udf_fid_length(udf_name(&builder->streams[file->first_stream + i], name));
    return size > UINT32_MAX ? UINT32_MAX : size;
}

/* UDF 3.3.5.1: the parent FID of a stream directory identifies the file
 * the streams belong to; the others name the streams. */
static void udf_stream_directory(const struct builder *builder, const struct item *file, uint8_t *out)
{
    uint32_t location = udf_meta_lbn(builder, file->udf_sdir_data);
    uint8_t name[256];
    size_t pos = 0, i;

    udf_fid(builder, out, location, UDF_FID_PARENT, file, name, 0);
    pos += udf_fid_length(0);
    for (i = 0; i < udf_stream_count(builder, file); i++)
    {
        const struct item *stream = &builder->streams[file->first_stream + i];
        size_t len = udf_name(stream, name);

        udf_fid(builder, out + pos, location + pos / FSI_BLOCK_SIZE, 0, stream, name, len);
        pos += udf_fid_length(len);
    }
}

/* ECMA-167 4/14.9 File Entry, allocation by short_ad (long_ad for files
 * with a metadata partition); a file with named streams gets an Extended
 * File Entry (4/14.17) for its Stream Directory ICB.  A stream directory's
 * own entry (stream_directory) is a directory's of ICB file type 13. */
static void udf_entry(const struct builder *builder, const struct item *item, bool stream_directory, uint8_t *p)
{
    const struct fsi_node *node = item->node;
    bool is_dir = node->is_dir || stream_directory;
    bool efe = !stream_directory && udf_stream_count(builder, item);
    size_t header = efe ? UDF_EFE_HEADER : UDF_FE_HEADER, ads, i, ad_size = 8;
    uint32_t location = stream_directory ? item->udf_sdir_entry : item->udf_entry;
    uint64_t length, blocks, object_size;
    uint16_t links = 1;
    uint8_t *t;

    memset(p, 0, FSI_BLOCK_SIZE);
    /* ICB tag: strategy 4, one entry. */
    put_le16(p + 20, 4);
    put_le16(p + 24, 1);
    p[27] = stream_directory ? UDF_FILE_TYPE_STREAMDIR : node->is_dir ? UDF_FILE_TYPE_DIRECTORY : UDF_FILE_TYPE_FILE;
    /* long_ad or short_ad; 4/14.6.8 flag 13: a stream. */
    put_le16(p + 34, (!is_dir && builder->udf_meta ? 1 : 0) | (node->is_stream ? UDF_ICB_STREAM : 0));
    put_le32(p + 36, UINT32_MAX);
    put_le32(p + 40, UINT32_MAX);
    if (is_dir)
    {
        uint32_t size = stream_directory ? item->udf_sdir_size : item->udf_size;
        uint32_t data = stream_directory ? item->udf_sdir_data : item->udf_data;

        put_le32(p + 44, 0x14a5);       /* r-x for all */
        if (!stream_directory)
            for (i = 0; i < node->count; i++) if (node->children[i]->is_dir) links++;
        length = size;
        ads = 1;
        put_le32(p + header, size);
        put_le32(p + header + 4, udf_meta_lbn(builder, data));
        blocks = blocks_of(size);
    }
    else
    {
        put_le32(p + 44, 0x1084);       /* r-- for all */
        if (builder->udf_meta) ad_size = 16;
        ads = udf_file_extents(builder, item, p + header);
        length = node->size;
        blocks = 0;
        for (i = 0; i < ads; i++)
        {
            const uint8_t *ad = p + header + ad_size * i;

            blocks += blocks_of(ad[0] | ad[1] << 8 | ad[2] << 16 | (uint32_t)ad[3] << 24);
        }
    }
    put_le16(p + 48, links);
    put_le64(p + 56, length);
    if (efe)
    {
        /* The Object Size counts the data of every stream (4/14.17.6). */
        object_size = length;
        for (i = 0; i < udf_stream_count(builder, item); i++)
            object_size += builder->streams[item->first_stream + i].node->size;
        put_le64(p + 64, object_size);
        t = p + 72;
    }
    else t = p + 64;
    put_le64(t, blocks);
    udf_timestamp(t + 8, node->accessed);
    udf_timestamp(t + 20, node->modified);
    if (efe)
    {
        udf_timestamp(t + 32, node->created);
        t += 12;
    }
    udf_timestamp(t + 32, node->modified);      /* attribute time */
    put_le32(t + 44, 1);                        /* checkpoint */
    t += 48;
    if (efe) t += 4;                            /* reserved */
    t += 16;                                    /* extended attribute ICB */
    if (efe)
    {
        udf_long_ad(t, FSI_BLOCK_SIZE, udf_meta_lbn(builder, item->udf_sdir_entry), udf_meta_ref(builder),
                    item->udf_unique_id);
        t += 16;
    }
    udf_regid(builder, t, "*imapi2 for Wine", false);
    put_le64(t + 32, item->udf_unique_id);
    put_le32(t + 40, 0);
    put_le32(t + 44, ads * ad_size);
    udf_tag(builder, p, efe ? UDF_TAG_EFE : UDF_TAG_FE, udf_meta_lbn(builder, location), header + ads * ad_size);
}

static void udf_file_entry(const struct builder *builder, const struct item *item, uint8_t *p)
{
    udf_entry(builder, item, false, p);
}

/* UDF 2.2.13.1, 2.2.13.2: the File Entry of the Metadata File or of its
 * Mirror, in the physical partition; its data is the metadata partition. */
static void udf_metadata_file_entry(const struct builder *builder, uint8_t *p, uint32_t lba, uint8_t type,
                                    uint32_t data_lba)
{
    uint64_t length = (uint64_t)builder->udf_meta_blocks * FSI_BLOCK_SIZE, done = 0;
    size_t ads = 0;

    memset(p, 0, FSI_BLOCK_SIZE);
    put_le16(p + 20, 4);
    put_le16(p + 24, 1);
    p[27] = type;
    put_le16(p + 34, 0);        /* short_ad */
    put_le32(p + 36, UINT32_MAX);
    put_le32(p + 40, UINT32_MAX);
    put_le16(p + 48, 1);
    put_le64(p + 56, length);
    put_le64(p + 64, builder->udf_meta_blocks);
    udf_timestamp(p + 72, builder->options->created);
    udf_timestamp(p + 84, builder->options->created);
    udf_timestamp(p + 96, builder->options->created);
    put_le32(p + 108, 1);
    udf_regid(builder, p + 128, "*imapi2 for Wine", false);
    while (done < length && ads < UDF_MAX_ADS)
    {
        uint64_t chunk = length - done < UDF_META_CHUNK ? length - done : UDF_META_CHUNK;

        put_le32(p + UDF_FE_HEADER + 8 * ads, chunk);
        put_le32(p + UDF_FE_HEADER + 8 * ads + 4, udf_lbn(builder, data_lba + (uint32_t)(done / FSI_BLOCK_SIZE)));
        ads++;
        done += chunk;
    }
    put_le32(p + 172, ads * 8);
    udf_tag(builder, p, UDF_TAG_FE, udf_lbn(builder, lba), UDF_FE_HEADER + ads * 8);
}

/* The Volume Descriptor Sequence at block, absolute location lba. */
static void udf_volume_descriptors(const struct builder *builder, uint8_t *p, uint32_t lba)
{
    const struct fsi_options *options = builder->options;
    uint16_t volume_set[40];
    char text[32];
    size_t i;

    /* Primary Volume Descriptor (3/10.1). */
    put_le32(p + 16, 0);
    put_le32(p + 20, 0);
    udf_dstring(p + 24, 32, options->volume_name);
    put_le16(p + 56, 1);
    put_le16(p + 58, 1);
    put_le16(p + 60, 2);
    put_le16(p + 62, 2);
    put_le32(p + 64, 1);
    put_le32(p + 68, 1);
    /* UDF 2.2.2.5: the volume set identifier starts with 16 unique hex digits. */
    snprintf(text, sizeof(text), "%016llX", (unsigned long long)options->created);
    for (i = 0; text[i]; i++) volume_set[i] = text[i];
    volume_set[i] = 0;
    udf_dstring(p + 72, 128, volume_set);
    udf_charspec(p + 200);
    udf_charspec(p + 264);
    udf_regid(builder, p + 344, "*imapi2 for Wine", false);
    udf_timestamp(p + 376, options->created);
    udf_regid(builder, p + 388, "*imapi2 for Wine", false);
    udf_tag(builder, p, UDF_TAG_PVD, lba, 512);
    p += FSI_BLOCK_SIZE;

    /* Implementation Use Volume Descriptor (3/10.4, UDF 2.2.7). */
    put_le32(p + 16, 1);
    udf_regid(builder, p + 20, "*UDF LV Info", true);
    udf_charspec(p + 52);
    udf_dstring(p + 116, 128, options->volume_name);
    udf_regid(builder, p + 352, "*imapi2 for Wine", false);
    udf_tag(builder, p, UDF_TAG_IUVD, lba + 1, 512);
    p += FSI_BLOCK_SIZE;

    /* Partition Descriptor (3/10.5): read only. */
    put_le32(p + 16, 2);
    put_le16(p + 20, 1);
    put_le16(p + 22, 0);
    udf_regid(builder, p + 24, options->udf_revision >= 0x200 ? "+NSR03" : "+NSR02", false);
    put_le32(p + 184, 1);
    put_le32(p + 188, builder->udf_partition);
    put_le32(p + 192, builder->udf_partition_blocks);
    udf_regid(builder, p + 196, "*imapi2 for Wine", false);
    udf_tag(builder, p, UDF_TAG_PD, lba + 2, 512);
    p += FSI_BLOCK_SIZE;

    /* Logical Volume Descriptor (3/10.6) with one type 1 partition map, and
     * a type 2 Metadata Partition Map (UDF 2.2.10) after it for 2.50. */
    put_le32(p + 16, 3);
    udf_charspec(p + 20);
    udf_dstring(p + 84, 128, options->volume_name);
    put_le32(p + 212, FSI_BLOCK_SIZE);
    udf_regid(builder, p + 216, "*OSTA UDF Compliant", true);
    udf_long_ad(p + 248, FSI_BLOCK_SIZE, udf_meta_lbn(builder, builder->udf_fsd), udf_meta_ref(builder), 0);
    put_le32(p + 264, builder->udf_meta ? 6 + 64 : 6);
    put_le32(p + 268, builder->udf_meta ? 2 : 1);
    udf_regid(builder, p + 272, "*imapi2 for Wine", false);
    put_le32(p + 432, 2 * FSI_BLOCK_SIZE);
    put_le32(p + 436, builder->udf_lvid);
    p[440] = 1;
    p[441] = 6;
    put_le16(p + 442, 1);
    put_le16(p + 444, 0);
    if (builder->udf_meta)
    {
        uint8_t *map = p + 446;

        map[0] = 2;
        map[1] = 64;
        udf_regid(builder, map + 4, "*UDF Metadata Partition", true);
        put_le16(map + 36, 1);
        put_le16(map + 38, 0);
        put_le32(map + 40, udf_lbn(builder, builder->udf_meta_fe));
        put_le32(map + 44, udf_lbn(builder, builder->udf_mirror_fe));
        put_le32(map + 48, UINT32_MAX);         /* no Metadata Bitmap File */
        put_le32(map + 52, UDF_META_UNIT);
        put_le16(map + 56, UDF_META_UNIT);
        map[58] = 1;                            /* Duplicate Metadata Flag */
    }
    udf_tag(builder, p, UDF_TAG_LVD, lba + 3, builder->udf_meta ? 446 + 64 : 446);
    p += FSI_BLOCK_SIZE;

    /* Unallocated Space Descriptor (3/10.8): none. */
    put_le32(p + 16, 4);
    udf_tag(builder, p, UDF_TAG_USD, lba + 4, 24);
    p += FSI_BLOCK_SIZE;

    udf_tag(builder, p, UDF_TAG_TD, lba + 5, 512);
}

/* Anchor Volume Descriptor Pointer (3/10.2). */
static void udf_anchor(const struct builder *builder, uint8_t *p, uint32_t lba)
{
    uint32_t base = builder->options->session_start;

    put_le32(p + 16, UDF_VDS_BLOCKS * FSI_BLOCK_SIZE);
    put_le32(p + 20, base + UDF_MAIN_VDS);
    put_le32(p + 24, UDF_VDS_BLOCKS * FSI_BLOCK_SIZE);
    put_le32(p + 28, base + UDF_RESERVE_VDS);
    udf_tag(builder, p, UDF_TAG_AVDP, lba, 512);
}

static void udf_metadata(const struct builder *builder, uint8_t *meta, uint32_t base, uint64_t next_unique_id)
{
    const struct fsi_options *options = builder->options;
    uint32_t files = 0, dirs = 0, maps = builder->udf_meta ? 2 : 1;
    uint8_t *p, *iu;
    size_t i;

    /* Volume Recognition Sequence (2/9.1) after the ISO 9660 descriptors. */
    for (i = 0; i < 3; i++)
    {
        static const char *const ids[] = {"BEA01", NULL, "TEA01"};
        const char *id = ids[i] ? ids[i] : options->udf_revision >= 0x200 ? "NSR03" : "NSR02";

        p = meta + (size_t)(builder->udf_vrs - base + i) * FSI_BLOCK_SIZE;
        memcpy(p + 1, id, 5);
        p[6] = 1;
    }

    udf_volume_descriptors(builder, meta + (size_t)UDF_MAIN_VDS * FSI_BLOCK_SIZE, base + UDF_MAIN_VDS);
    udf_volume_descriptors(builder, meta + (size_t)UDF_RESERVE_VDS * FSI_BLOCK_SIZE, base + UDF_RESERVE_VDS);

    for (i = 0; i < builder->item_count; i++)
    {
        if (builder->items[i].node->is_dir) dirs++;
        else files++;
    }
    /* Logical Volume Integrity Descriptor (3/10.10, UDF 2.2.6): closed; the
     * free space and size tables have an entry per partition map, no space
     * is free; the Implementation Use follows them. */
    p = meta + (size_t)(builder->udf_lvid - base) * FSI_BLOCK_SIZE;
    udf_timestamp(p + 16, options->created);
    put_le32(p + 28, 1);
    put_le64(p + 40, next_unique_id);
    put_le32(p + 72, maps);
    put_le32(p + 76, 46);
    put_le32(p + 80 + 4 * maps, builder->udf_partition_blocks);
    if (builder->udf_meta) put_le32(p + 80 + 4 * maps + 4, builder->udf_meta_blocks);
    iu = p + 80 + 8 * maps;
    udf_regid(builder, iu, "*imapi2 for Wine", false);
    put_le32(iu + 32, files);
    put_le32(iu + 36, dirs);
    put_le16(iu + 40, options->udf_revision);   /* minimum read revision */
    put_le16(iu + 42, options->udf_revision);   /* minimum write revision */
    put_le16(iu + 44, options->udf_revision);   /* maximum write revision */
    udf_tag(builder, p, UDF_TAG_LVID, builder->udf_lvid, iu + 46 - p);
    udf_tag(builder, p + FSI_BLOCK_SIZE, UDF_TAG_TD, builder->udf_lvid + 1, 512);

    p = meta + (size_t)UDF_ANCHOR * FSI_BLOCK_SIZE;
    udf_anchor(builder, p, base + UDF_ANCHOR);

    if (builder->udf_meta)
    {
        udf_metadata_file_entry(builder, meta + (size_t)(builder->udf_meta_fe - base) * FSI_BLOCK_SIZE,
                                builder->udf_meta_fe, UDF_FILE_TYPE_METADATA, builder->udf_meta_start);
        udf_metadata_file_entry(builder, meta + (size_t)(builder->udf_mirror_fe - base) * FSI_BLOCK_SIZE,
                                builder->udf_mirror_fe, UDF_FILE_TYPE_MIRROR, builder->udf_mirror_start);
    }

    /* File Set Descriptor (4/14.1) and its terminator. */
    p = meta + (size_t)(builder->udf_fsd - base) * FSI_BLOCK_SIZE;
    udf_timestamp(p + 16, options->created);
    put_le16(p + 28, 3);
    put_le16(p + 30, 3);
    put_le32(p + 32, 1);
    put_le32(p + 36, 1);
    udf_charspec(p + 48);
    udf_dstring(p + 112, 128, options->volume_name);
    udf_charspec(p + 240);
    udf_dstring(p + 304, 32, options->volume_name);
    udf_long_ad(p + 400, FSI_BLOCK_SIZE, udf_meta_lbn(builder, builder->items[0].udf_entry), udf_meta_ref(builder), 0);
    udf_regid(builder, p + 416, "*OSTA UDF Compliant", true);
    udf_tag(builder, p, UDF_TAG_FSD, udf_meta_lbn(builder, builder->udf_fsd), 512);
    udf_tag(builder, p + FSI_BLOCK_SIZE, UDF_TAG_TD, udf_meta_lbn(builder, builder->udf_fsd) + 1, 512);

    for (i = 0; i < builder->item_count; i++)
    {
        const struct item *item = &builder->items[i];

        udf_file_entry(builder, item, meta + (size_t)(item->udf_entry - base) * FSI_BLOCK_SIZE);
        if (item->node->is_dir)
            udf_directory(builder, item, meta + (size_t)(item->udf_data - base) * FSI_BLOCK_SIZE);
        if (udf_stream_count(builder, item))
        {
            size_t j;

            udf_entry(builder, item, true, meta + (size_t)(item->udf_sdir_entry - base) * FSI_BLOCK_SIZE);
            udf_stream_directory(builder, item, meta + (size_t)(item->udf_sdir_data - base) * FSI_BLOCK_SIZE);
            for (j = 0; j < udf_stream_count(builder, item); j++)
            {
                const struct item *stream = &builder->streams[item->first_stream + j];

                udf_file_entry(builder, stream, meta + (size_t)(stream->udf_entry - base) * FSI_BLOCK_SIZE);
            }
        }
    }
}

/* --- fsi_layout_create() ---------------------------------------------------- */

/* The block index next rounded up to an allocation unit of the metadata
 * partition, counted from the physical partition's start. */
static uint64_t udf_align(const struct builder *builder, uint64_t next)
{
    uint64_t lbn = builder->options->session_start + next - builder->udf_partition;

    return next + (UDF_META_UNIT - lbn % UDF_META_UNIT) % UDF_META_UNIT;
}

static void builder_free(struct builder *builder)
{
    size_t i;

    if (builder->items)
        for (i = 0; i < builder->item_count; i++) free(builder->items[i].pieces);
    free(builder->items);
    free(builder->streams);
    for (i = 0; i < FS_COUNT; i++)
    {
        free(builder->order[i]);
        free(builder->dirs[i]);
    }
    free(builder->boot_lba);
}

/* Items in breadth-first order: each directory's children are contiguous. */
static int32_t collect_items(struct builder *builder, const struct fsi_node *root)
{
    uint64_t files, dirs;
    size_t i, count, next = 1;

    fsi_node_count(root, &files, &dirs);
    if (dirs + 1 > MAX_DIRECTORIES) return IMAPI_E_TOO_MANY_DIRS;
    if (files + dirs + 1 > SIZE_MAX / sizeof(struct item)) return FSI_E_OUTOFMEMORY;
    count = files + dirs + 1;
    builder->item_count = count;
    builder->dir_count = dirs + 1;
    if (!(builder->items = calloc(count, sizeof(*builder->items)))) return FSI_E_OUTOFMEMORY;
    builder->items[0].node = root;
    for (i = 0; i < next; i++)
    {
        struct item *item = &builder->items[i];
        size_t j;

        if (!item->node->is_dir) continue;
        item->first_child = next;
        for (j = 0; j < item->node->count; j++)
        {
            if (next >= count) return FSI_E_INVALIDARG;     /* the tree changed under us */
            builder->items[next].node = item->node->children[j];
            builder->items[next].parent = item;
            next++;
        }
    }
    return next == count ? FSI_S_OK : FSI_E_INVALIDARG;
}

/* The items of the named streams written (UDF 2.00 and later). */
static int32_t collect_streams(struct builder *builder)
{
    size_t i, j, count = 0;

    for (i = 0; i < builder->item_count; i++) count += udf_stream_count(builder, &builder->items[i]);
    if (!count) return FSI_S_OK;
    if (!(builder->streams = calloc(count, sizeof(*builder->streams)))) return FSI_E_OUTOFMEMORY;
    for (i = 0; i < builder->item_count; i++)
    {
        struct item *item = &builder->items[i];

        item->first_stream = builder->stream_count;
        for (j = 0; j < udf_stream_count(builder, item); j++)
        {
            struct item *stream = &builder->streams[builder->stream_count++];

            stream->node = item->node->streams[j];
            stream->parent = item;
        }
    }
    return FSI_S_OK;
}

/* Data from an earlier session must be inside the UDF partition. */
static bool udf_extents_valid(const struct builder *builder, const struct fsi_node *node)
{
    size_t j;

    if (node->source) return true;
    for (j = 0; j < node->extent_count; j++)
    {
        const struct fsi_extent *extent = &node->extents[j];

        if (extent->lba < builder->udf_partition
                || extent->lba - builder->udf_partition + (extent->length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE
                   > builder->udf_partition_blocks)
            return false;
    }
    return true;
}

static int32_t name_items(struct builder *builder, enum fs_kind fs)
{
    size_t i, j, d = 0;
    int32_t hr;

    if (!(builder->order[fs] = calloc(builder->item_count, sizeof(*builder->order[fs]))))
        return FSI_E_OUTOFMEMORY;
    if (!(builder->dirs[fs] = calloc(builder->dir_count, sizeof(*builder->dirs[fs]))))
        return FSI_E_OUTOFMEMORY;

    for (i = 0; i < builder->item_count; i++)
    {
        struct item *dir = &builder->items[i];
        struct name_set set;

        if (!dir->node->is_dir || !dir->node->count) continue;
        if (!name_set_init(&set, dir->node->count))
        {
            name_set_free(&set);
            return FSI_E_OUTOFMEMORY;
        }
        for (j = 0; j < dir->node->count; j++)
        {
            struct item *child = &builder->items[dir->first_child + j];

            if ((hr = make_name(builder, child, fs, &set)))
            {
                name_set_free(&set);
                return hr;
            }
            builder->order[fs][dir->first_child + j] = child;
        }
        name_set_free(&set);
        qsort(builder->order[fs] + dir->first_child, dir->node->count, sizeof(struct item *),
              fs == FS_ISO ? compare_iso : compare_joliet);
    }

    /* ECMA-119 9.4.1: path table order, by level, parent number and name. */
    builder->dirs[fs][d++] = &builder->items[0];
    for (i = 0; i < d; i++)
    {
        struct item *dir = builder->dirs[fs][i];

        dir->dir_number[fs] = i + 1;
        for (j = 0; j < dir->node->count; j++)
        {
            struct item *child = builder->order[fs][dir->first_child + j];
            if (child->node->is_dir) builder->dirs[fs][d++] = child;
        }
    }
    return FSI_S_OK;
}

static int32_t layout_add_region(struct fsi_layout *layout, uint32_t start, uint32_t blocks,
                                 struct fsi_source *source, uint64_t size)
{
    struct region *region = &layout->regions[layout->region_count++];

    region->start = start;
    region->blocks = blocks;
    region->source = source;
    region->size = size;
    return FSI_S_OK;
}

/* Places a file's (or a stream's) new data at block next. */
static void layout_add_file(struct fsi_layout *layout, struct item *item, uint32_t base, uint64_t *next)
{
    struct fsi_layout_file *file;

    item->data_lba = base + *next;
    file = &layout->files[layout->file_count++];
    file->node = item->node;
    file->first_block = base + *next;
    file->block_count = blocks_of(item->node->size);
    layout_add_region(layout, *next, file->block_count, item->node->source, item->node->size);
    *next += file->block_count;
}

/* The next item in tree order (depth first, children in name order). */
static struct item *next_in_tree(struct builder *builder, struct item *item)
{
    if (item->node->is_dir && item->node->count) return &builder->items[item->first_child];
    while (item->parent)
    {
        struct item *parent = item->parent;

        if (item + 1 < &builder->items[parent->first_child + parent->node->count]) return item + 1;
        item = parent;
    }
    return NULL;
}

void fsi_layout_destroy(struct fsi_layout *layout)
{
    if (!layout) return;
    while (layout->boot_count--)
        layout->boot[layout->boot_count]->release(layout->boot[layout->boot_count]);
    free(layout->meta);
    free(layout->regions);
    free(layout->files);
    free(layout);
}

int32_t fsi_layout_create(const struct fsi_node *root, const struct fsi_options *options,
                          struct fsi_layout **out)
{
    struct builder builder = {0};
    struct fsi_layout *layout = NULL;
    uint64_t next = 16, total, regions = 0, unique_id = 16;
    size_t i, fs_count, mirror_region = 0;
    struct item *item;
    uint32_t pvd = 0, brvd = 0, svd = 0, terminator = 0, base;
    bool iso, udf;
    unsigned int fs;
    int32_t hr;

    if (!out) return FSI_E_INVALIDARG;
    *out = NULL;
    if (!root || !options || !root->is_dir) return FSI_E_INVALIDARG;
    iso = !!(options->file_systems & (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    udf = !!(options->file_systems & FSI_FS_UDF);
    if (!iso && !udf) return FSI_E_INVALIDARG;
    if (iso && (options->iso_level < 1 || options->iso_level > 3)) return FSI_E_INVALIDARG;
    if (udf && options->udf_revision != 0x102 && options->udf_revision != 0x150
            && options->udf_revision != 0x200 && options->udf_revision != 0x201
            && options->udf_revision != 0x250 && options->udf_revision != 0x260)
        return IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
    if (options->boot_count && !options->boot) return FSI_E_INVALIDARG;
    if (options->boot_count > MAX_BOOT_ENTRIES) return FSI_E_INVALIDARG;
    /* El Torito needs the ISO 9660 descriptors. */
    if (options->boot_count && !iso) return IMAPI_E_BOOT_OBJECT_CONFLICT;
    for (i = 0; i < options->boot_count; i++)
        if ((hr = check_boot(&options->boot[i]))) return hr;

    builder.options = options;
    builder.joliet = !!(options->file_systems & FSI_FS_JOLIET);
    builder.udf_meta = udf && options->udf_revision >= 0x250;
    builder.udf_streams = udf && options->udf_revision >= 0x200;
    fs_count = !iso ? 0 : builder.joliet ? 2 : 1;
    base = options->session_start;

    if ((hr = collect_items(&builder, root))) goto done;
    if ((hr = collect_streams(&builder))) goto done;
    for (i = 0; i < builder.item_count; i++)
    {
        const struct fsi_node *node = builder.items[i].node;

        if (node->is_dir)
        {
            if (iso && !builder.joliet && fsi_node_depth(node) >= ISO_MAX_LEVELS)
            {
                hr = IMAPI_E_ISO9660_LEVELS;
                goto done;
            }
            continue;
        }
        if (iso && node->size > UINT32_MAX && options->iso_level < 3)
        {
            hr = IMAPI_E_DATA_TOO_BIG;
            goto done;
        }
        if (node->size && !node->source && !node->extent_count)
        {
            hr = FSI_E_INVALIDARG;
            goto done;
        }
        if (udf && udf_file_extents(&builder, &builder.items[i], NULL) > udf_max_ads(&builder, &builder.items[i]))
        {
            hr = IMAPI_E_DATA_TOO_BIG;
            goto done;
        }
        builder.items[i].piece_count = file_pieces(&builder, &builder.items[i], NULL);
        if (item_is_new_data(&builder.items[i])) regions++;
    }
    for (i = 0; i < builder.stream_count; i++)
    {
        const struct fsi_node *node = builder.streams[i].node;

        if ((node->size && !node->source && !node->extent_count) || node->is_dir)
        {
            hr = FSI_E_INVALIDARG;
            goto done;
        }
        if (udf_file_extents(&builder, &builder.streams[i], NULL) > udf_max_ads(&builder, &builder.streams[i]))
        {
            hr = IMAPI_E_DATA_TOO_BIG;
            goto done;
        }
        if (item_is_new_data(&builder.streams[i])) regions++;
    }
    for (fs = 0; fs < fs_count; fs++)
        if ((hr = name_items(&builder, fs))) goto done;

    /* Blocks. */
    if (iso)
    {
        pvd = next++;
        if (options->boot_count) brvd = next++;
        if (builder.joliet) svd = next++;
        terminator = next++;
    }
    if (udf)
    {
        builder.udf_vrs = base + next;
        builder.udf_lvid = base + UDF_LVID;
        /* A later session's partition starts at the disc's start. */
        builder.udf_partition = base ? 0 : base + UDF_PARTITION;
        /* The File Set Descriptor and its terminator, or the File Entries of
         * the Metadata File and of its Mirror. */
        if (builder.udf_meta)
        {
            builder.udf_meta_fe = base + UDF_PARTITION;
            builder.udf_mirror_fe = base + UDF_PARTITION + 1;
        }
        else builder.udf_fsd = base + UDF_PARTITION;
        next = UDF_PARTITION + 2;
    }
    for (fs = 0; fs < fs_count; fs++)
    {
        uint32_t size = path_table(&builder, fs, false, NULL);

        builder.path_table_size[fs] = size;
        builder.path_table_lba[fs][0] = base + next;
        next += blocks_of(size);
        builder.path_table_lba[fs][1] = base + next;
        next += blocks_of(size);
    }
    if (options->boot_count) builder.catalog_lba = base + next++;
    for (fs = 0; fs < fs_count; fs++)
    {
        for (i = 0; i < builder.dir_count; i++)
        {
            struct item *dir = builder.dirs[fs][i];

            dir->dir_size[fs] = directory_records(&builder, dir, fs, NULL);
            dir->dir_lba[fs] = base + next;
            next += dir->dir_size[fs] / FSI_BLOCK_SIZE;
            if (next + base > UINT32_MAX)
            {
                hr = IMAPI_E_IMAGE_TOO_BIG;
                goto done;
            }
        }
    }
    if (udf)
    {
        if (builder.udf_meta)
        {
            next = udf_align(&builder, next);
            builder.udf_meta_start = builder.udf_fsd = base + next;
            next += 2;
        }
        for (i = 0; i < builder.item_count && next + base <= UINT32_MAX; i++)
        {
            item = &builder.items[i];
            item->udf_entry = base + next++;
            item->udf_unique_id = i ? unique_id++ : 0;
            if (udf_stream_count(&builder, item))
            {
                size_t j;

                /* The stream directory, its FIDs, the streams' File Entries:
                 * all of the file's Unique ID (UDF 3.3.5.1). */
                item->udf_sdir_entry = base + next++;
                item->udf_sdir_size = udf_stream_directory_size(&builder, item);
                item->udf_sdir_data = base + next;
                next += blocks_of(item->udf_sdir_size);
                for (j = 0; j < udf_stream_count(&builder, item); j++)
                {
                    struct item *stream = &builder.streams[item->first_stream + j];

                    stream->udf_entry = base + next++;
                    stream->udf_unique_id = item->udf_unique_id;
                }
            }
            if (!item->node->is_dir) continue;
            item->udf_size = udf_directory_size(&builder, item);
            item->udf_data = base + next;
            next += blocks_of(item->udf_size);
        }
        if (builder.udf_meta)
        {
            next = udf_align(&builder, next);
            builder.udf_meta_blocks = base + next - builder.udf_meta_start;
            if (builder.udf_meta_blocks > (uint64_t)UDF_MAX_ADS * (UDF_META_CHUNK / FSI_BLOCK_SIZE))
            {
                hr = IMAPI_E_IMAGE_TOO_BIG;
                goto done;
            }
        }
        if (next + base > UINT32_MAX)
        {
            hr = IMAPI_E_IMAGE_TOO_BIG;
            goto done;
        }
    }

    if (!(layout = calloc(1, sizeof(*layout)))
            || !(layout->regions = calloc(regions + options->boot_count + 3, sizeof(*layout->regions)))
            || !(layout->files = calloc(regions + 1, sizeof(*layout->files)))
            || (options->boot_count && !(builder.boot_lba = calloc(options->boot_count, sizeof(uint32_t)))))
    {
        hr = FSI_E_OUTOFMEMORY;
        goto done;
    }
    layout->meta_blocks = next;
    if (builder.udf_meta)
    {
        /* The Metadata Mirror File's blocks: the same bytes again. */
        builder.udf_mirror_start = base + next;
        mirror_region = layout->region_count;
        layout_add_region(layout, next, builder.udf_meta_blocks, NULL,
                          (uint64_t)builder.udf_meta_blocks * FSI_BLOCK_SIZE);
        next += builder.udf_meta_blocks;
    }

    for (i = 0; i < options->boot_count; i++)
    {
        const struct fsi_boot *boot = &options->boot[i];

        builder.boot_lba[i] = base + next;
        /* The caller's fsi_boot goes when this returns; the stream reads the
         * image long after. */
        boot->image->addref(boot->image);
        layout->boot[layout->boot_count++] = boot->image;
        layout_add_region(layout, next, blocks_of(boot->image_size), boot->image, boot->image_size);
        next += blocks_of(boot->image_size);
        if (next + base > UINT32_MAX) break;
    }
    /* The named streams' data comes before the files': readers that do not
     * know streams (7-Zip) take data after the last file they know for data
     * after the end of the volume. */
    for (item = &builder.items[0]; item; item = next_in_tree(&builder, item))
    {
        for (i = 0; i < udf_stream_count(&builder, item) && next + base <= UINT32_MAX; i++)
        {
            struct item *stream = &builder.streams[item->first_stream + i];

            if (item_is_new_data(stream)) layout_add_file(layout, stream, base, &next);
        }
    }
    for (item = &builder.items[0]; item; item = next_in_tree(&builder, item))
    {
        if (next + base > UINT32_MAX) break;
        if (item_is_new_data(item)) layout_add_file(layout, item, base, &next);
    }
    if (udf)
    {
        /* The last Anchor, in the image's last block. */
        builder.udf_partition_blocks = base + next - builder.udf_partition;
        layout_add_region(layout, next, 1, NULL, FSI_BLOCK_SIZE);
        layout->regions[layout->region_count - 1].data = layout->tail;
        next++;
    }
    total = next;
    if (total + base > UINT32_MAX || (options->max_blocks && total > options->max_blocks))
    {
        hr = IMAPI_E_IMAGE_TOO_BIG;
        goto done;
    }
    layout->blocks = total;
    for (i = 0; i < builder.stream_count; i++)
    {
        if (!udf_extents_valid(&builder, builder.streams[i].node))
        {
            hr = IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
            goto done;
        }
    }

    for (i = 0; i < builder.item_count; i++)
    {
        item = &builder.items[i];
        if (item->node->is_dir) continue;
        if (udf && !udf_extents_valid(&builder, item->node))
        {
            hr = IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
            goto done;
        }
        if (!(item->pieces = calloc(item->piece_count, sizeof(*item->pieces))))
        {
            hr = FSI_E_OUTOFMEMORY;
            goto done;
        }
        file_pieces(&builder, item, item->pieces);
    }

    /* The metadata. */
    if (!(layout->meta = calloc(layout->meta_blocks, FSI_BLOCK_SIZE)))
    {
        hr = FSI_E_OUTOFMEMORY;
        goto done;
    }
    if (builder.udf_meta)
        layout->regions[mirror_region].data = layout->meta + (size_t)(builder.udf_meta_start - base) * FSI_BLOCK_SIZE;
    if (iso)
    {
        uint8_t *p;

        put_volume_descriptor(&builder, FS_ISO, base + total, layout->meta + (size_t)pvd * FSI_BLOCK_SIZE);
        if (builder.joliet)
            put_volume_descriptor(&builder, FS_JOLIET, base + total, layout->meta + (size_t)svd * FSI_BLOCK_SIZE);
        if (options->boot_count)
        {
            p = layout->meta + (size_t)brvd * FSI_BLOCK_SIZE;
            /* El Torito 2.0: the Boot Record Volume Descriptor. */
            p[0] = 0;
            memcpy(p + 1, "CD001", 5);
            p[6] = 1;
            memcpy(p + 7, "EL TORITO SPECIFICATION", 23);
            put_le32(p + 71, builder.catalog_lba);
            if ((hr = put_boot_catalog(&builder, layout->meta + (size_t)(builder.catalog_lba - base) * FSI_BLOCK_SIZE)))
                goto done;
        }
        p = layout->meta + (size_t)terminator * FSI_BLOCK_SIZE;
        p[0] = 255;
        memcpy(p + 1, "CD001", 5);
        p[6] = 1;
    }
    for (fs = 0; fs < fs_count; fs++)
    {
        path_table(&builder, fs, false, layout->meta + (size_t)(builder.path_table_lba[fs][0] - base) * FSI_BLOCK_SIZE);
        path_table(&builder, fs, true, layout->meta + (size_t)(builder.path_table_lba[fs][1] - base) * FSI_BLOCK_SIZE);
        for (i = 0; i < builder.dir_count; i++)
        {
            struct item *dir = builder.dirs[fs][i];
            directory_records(&builder, dir, fs, layout->meta + (size_t)(dir->dir_lba[fs] - base) * FSI_BLOCK_SIZE);
        }
    }
    if (udf)
    {
        udf_metadata(&builder, layout->meta, base, unique_id);
        udf_anchor(&builder, layout->tail, base + total - 1);
    }
    hr = FSI_S_OK;

done:
    builder_free(&builder);
    if (hr) fsi_layout_destroy(layout);
    else *out = layout;
    return hr;
}

/* --- Reading ------------------------------------------------------------------ */

uint32_t fsi_layout_blocks(const struct fsi_layout *layout)
{
    return layout->blocks;
}

size_t fsi_layout_file_count(const struct fsi_layout *layout)
{
    return layout->file_count;
}

const struct fsi_layout_file *fsi_layout_file(const struct fsi_layout *layout, size_t index)
{
    return index < layout->file_count ? &layout->files[index] : NULL;
}

/* The region holding block, or the first one after it (NULL: none). */
static const struct region *find_region(const struct fsi_layout *layout, uint32_t block)
{
    size_t lo = 0, hi = layout->region_count;

    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        const struct region *region = &layout->regions[mid];

        if (block < region->start) hi = mid;
        else if (block - region->start >= region->blocks) lo = mid + 1;
        else return region;
    }
    return lo < layout->region_count ? &layout->regions[lo] : NULL;
}

int32_t fsi_layout_read(struct fsi_layout *layout, uint64_t offset, void *buf, uint32_t len)
{
    uint64_t total = (uint64_t)layout->blocks * FSI_BLOCK_SIZE;
    uint64_t meta = (uint64_t)layout->meta_blocks * FSI_BLOCK_SIZE;
    uint8_t *out = buf;

    if (!buf && len) return FSI_E_INVALIDARG;
    if (offset > total || len > total - offset) return FSI_E_INVALIDARG;
    while (len)
    {
        const struct region *region;
        uint32_t count;

        if (offset < meta)
        {
            count = meta - offset < len ? meta - offset : len;
            memcpy(out, layout->meta + offset, count);
        }
        else if (!(region = find_region(layout, offset / FSI_BLOCK_SIZE))
                 || offset < (uint64_t)region->start * FSI_BLOCK_SIZE)
        {
            uint64_t end = region ? (uint64_t)region->start * FSI_BLOCK_SIZE : total;

            count = end - offset < len ? end - offset : len;
            memset(out, 0, count);
        }
        else
        {
            uint64_t within = offset - (uint64_t)region->start * FSI_BLOCK_SIZE;
            uint64_t end = (uint64_t)region->blocks * FSI_BLOCK_SIZE;
            uint32_t data = 0;
            int32_t hr;

            count = end - within < len ? end - within : len;
            if (within < region->size)
            {
                data = region->size - within < count ? region->size - within : count;
                if (region->data) memcpy(out, region->data + within, data);
                else if ((hr = region->source->read(region->source, within, out, data))) return hr;
            }
            memset(out + data, 0, count - data);
        }
        out += count;
        offset += count;
        len -= count;
    }
    return FSI_S_OK;
}

/* --- Names for IFsiItem::FileSystemName and the VolumeName* properties ------- */

uint16_t *fsi_layout_name(const struct fsi_node *root, const struct fsi_node *node, unsigned int fs,
                          unsigned int iso_level, bool full_path)
{
    struct fsi_options options;
    struct builder builder;
    const struct item *item = NULL, *p;
    enum fs_kind kind = fs == FSI_FS_JOLIET ? FS_JOLIET : FS_ISO;
    uint16_t *name = NULL;
    size_t i, len = 0, pos;

    memset(&options, 0, sizeof(options));
    options.file_systems = FSI_FS_ISO9660 | (kind == FS_JOLIET ? FSI_FS_JOLIET : 0);
    options.iso_level = iso_level >= 1 && iso_level <= 3 ? iso_level : 2;
    memset(&builder, 0, sizeof(builder));
    builder.options = &options;
    builder.joliet = kind == FS_JOLIET;

    /* The names of a node's siblings decide its own: lay out the names of
     * the whole tree, as fsi_layout_create() would. */
    if (collect_items(&builder, root) || name_items(&builder, FS_ISO)
            || (kind == FS_JOLIET && name_items(&builder, FS_JOLIET)))
        goto done;
    for (i = 0; i < builder.item_count && !item; i++)
        if (builder.items[i].node == node) item = &builder.items[i];
    if (!item) goto done;

    /* A file's ISO 9660 identifier carries its version. */
    for (p = item; p && (full_path || p == item); p = p->parent)
        len += p->name_len[kind] + (full_path && p->parent ? 1 : 0);
    if (kind == FS_ISO && !node->is_dir) len += 2;
    if (full_path && !len) len = 1;
    if (!(name = malloc((len + 1) * sizeof(*name)))) goto done;
    pos = len;
    name[pos] = 0;
    if (kind == FS_ISO && !node->is_dir)
    {
        name[--pos] = '1';
        name[--pos] = ';';
    }
    for (p = item; p && (full_path || p == item); p = p->parent)
    {
        pos -= p->name_len[kind];
        memcpy(name + pos, p->name[kind], p->name_len[kind] * sizeof(*name));
        if (full_path && p->parent) name[--pos] = '\\';
    }
    if (full_path && len == 1 && !item->parent) name[0] = '\\';

done:
    builder_free(&builder);
    return name;
}

uint16_t *fsi_volume_name(const uint16_t *volume, unsigned int fs)
{
    size_t i, len = volume ? fsi_name_length(volume) : 0, max;
    uint16_t *name;

    max = fs == FSI_FS_ISO9660 ? 32 : fs == FSI_FS_JOLIET ? 16 : 126;
    if (len > max) len = max;
    if (!(name = malloc((len + 1) * sizeof(*name)))) return NULL;
    for (i = 0; i < len; i++)
    {
        if (fs == FSI_FS_ISO9660) name[i] = to_d_char(volume[i]);
        else if (fs == FSI_FS_JOLIET) name[i] = to_joliet_char(volume[i]);
        else name[i] = volume[i];
    }
    name[len] = 0;
    return name;
}

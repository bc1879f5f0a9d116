/*
 * File system image engine: the import of an existing session's
 * ISO 9660, Joliet or UDF file system.
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

/* Everything read here comes from a disc: every length and address is
 * checked before use, nothing is read outside the buffers or at or beyond
 * disc->blocks, directories are visited at most once (a second visit is a
 * loop), and depth and entry counts are bounded. */

#include <stdlib.h>
#include <string.h>

#include "fsimage.h"
#include "imapi2fserror.h"

#define E_CONSISTENCY       IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR

#define MAX_DEPTH           255
#define MAX_ENTRIES         (1u << 20)
#define MAX_DIR_BYTES       (64u << 20)
/* Directories may overlap without being the same: the total is bounded too. */
#define MAX_TOTAL_DIR_BYTES (UINT64_C(256) << 20)
#define MAX_NAME            255
#define MAX_VD_BLOCKS       64      /* volume descriptors / VRS blocks scanned */
#define READ_CHUNK          16      /* blocks per disc read */

/* ECMA-119 8.1 / ECMA-167 2/9.1: the volume recognition area. */
#define VRS_START           16
/* ECMA-167 3/8.4.2.1: the anchor is at 256 (N - 256 and N are not used). */
#define UDF_ANCHOR          256

#define TICKS_PER_SECOND    10000000
#define TICKS_1601_TO_1970  INT64_C(116444736000000000)

/* UDF (ECMA-167) descriptor tags. */
#define TAG_PVD             1
#define TAG_AVDP            2
#define TAG_VDP             3
#define TAG_PD              5
#define TAG_LVD             6
#define TAG_TD              8
#define TAG_FSD             256
#define TAG_FID             257
#define TAG_AED             258
#define TAG_FE              261
#define TAG_EFE             266

#define UDF_FILE_TYPE_DIR   4

struct import
{
    struct fsi_disc *disc;
    uint32_t session_start;
    unsigned int entries;
    uint64_t dir_bytes;
    /* Directory locations already read (lba + 1; 0 is a free slot). */
    uint64_t *visited;
    size_t visited_count, visited_capacity;
    /* ISO 9660 */
    bool joliet;
    bool rock_ridge;
    unsigned int susp_skip;
    /* UDF */
    struct udf_map
    {
        uint16_t number;        /* partition number */
        uint32_t start, length; /* the partition descriptor's extent */
        bool metadata, virtual;
        struct fsi_extent *meta; /* metadata partition: the metadata file */
        size_t meta_count;
        uint32_t *vat;          /* virtual partition: the allocation table */
        uint32_t vat_count;
    } maps[8];
    unsigned int map_count;
};

static uint16_t get_le16(const uint8_t *p) { return p[0] | (p[1] << 8); }
static uint16_t get_be16(const uint8_t *p) { return (p[0] << 8) | p[1]; }
static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint64_t get_le64(const uint8_t *p)
{
    return get_le32(p) | ((uint64_t)get_le32(p + 4) << 32);
}

static int32_t read_blocks(struct import *imp, uint32_t lba, uint32_t count, uint8_t *buf)
{
    if (lba >= imp->disc->blocks || count > imp->disc->blocks - lba) return E_CONSISTENCY;
    while (count)
    {
        uint32_t n = count < READ_CHUNK ? count : READ_CHUNK;

        if (imp->disc->read(imp->disc, lba, n, buf)) return IMAPI_E_IMPORT_READ_FAILURE;
        lba += n;
        count -= n;
        buf += (size_t)n * FSI_BLOCK_SIZE;
    }
    return FSI_S_OK;
}

/* Marks a directory's location as read; a second visit is a loop. */
static int32_t visit(struct import *imp, uint32_t lba)
{
    uint64_t key = (uint64_t)lba + 1;
    size_t i;

    if (imp->visited_count * 2 >= imp->visited_capacity)
    {
        size_t capacity = imp->visited_capacity ? imp->visited_capacity * 2 : 64, j;
        uint64_t *slots = calloc(capacity, sizeof(*slots));

        if (!slots) return FSI_E_OUTOFMEMORY;
        for (j = 0; j < imp->visited_capacity; j++)
        {
            if (!imp->visited[j]) continue;
            for (i = (imp->visited[j] * 2654435761u) & (capacity - 1); slots[i]; i = (i + 1) & (capacity - 1));
            slots[i] = imp->visited[j];
        }
        free(imp->visited);
        imp->visited = slots;
        imp->visited_capacity = capacity;
    }
    for (i = (key * 2654435761u) & (imp->visited_capacity - 1); imp->visited[i];
         i = (i + 1) & (imp->visited_capacity - 1))
    {
        if (imp->visited[i] == key) return E_CONSISTENCY;
    }
    imp->visited[i] = key;
    imp->visited_count++;
    return FSI_S_OK;
}

static int32_t count_dir_bytes(struct import *imp, uint64_t bytes)
{
    imp->dir_bytes += bytes;
    return imp->dir_bytes > MAX_TOTAL_DIR_BYTES ? E_CONSISTENCY : FSI_S_OK;
}

static int32_t count_entry(struct import *imp)
{
    return ++imp->entries > MAX_ENTRIES ? E_CONSISTENCY : FSI_S_OK;
}

static int32_t add_extent(struct fsi_node *node, uint32_t lba, uint64_t length)
{
    struct fsi_extent *extents;

    if (!(extents = realloc(node->extents, (node->extent_count + 1) * sizeof(*extents))))
        return FSI_E_OUTOFMEMORY;
    node->extents = extents;
    extents[node->extent_count].lba = lba;
    extents[node->extent_count].length = length;
    node->extent_count++;
    return FSI_S_OK;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Local time at offset minutes east of UTC to FILETIME ticks; 0 when invalid. */
static fsi_time make_time(int year, unsigned int month, unsigned int day, unsigned int hour,
                          unsigned int minute, unsigned int second, int offset, int64_t ticks)
{
    int64_t seconds;

    if (year < 1601 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31
            || hour > 23 || minute > 59 || second > 60)
        return 0;
    seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    seconds -= (int64_t)offset * 60;
    return seconds * TICKS_PER_SECOND + ticks + TICKS_1601_TO_1970;
}

/* ECMA-119 9.1.5: years since 1900, month, day, hour, minute, second,
 * offset from GMT in 15 minute intervals. */
static fsi_time iso_time(const uint8_t *p)
{
    int offset = (int8_t)p[6];

    if (offset < -48 || offset > 52) offset = 0;
    return make_time(1900 + p[0], p[1], p[2], p[3], p[4], p[5], offset * 15, 0);
}

/* ECMA-167 1/7.3: the timestamp. */
static fsi_time udf_time(const uint8_t *p)
{
    uint16_t type_tz = get_le16(p);
    int offset = 0;
    int64_t ticks;

    /* Type 1 is local time with the offset in the low 12 bits (signed);
     * -2047 means the offset is not specified. */
    if ((type_tz >> 12) == 1)
    {
        offset = type_tz & 0xfff;
        if (offset & 0x800) offset -= 0x1000;
        if (offset < -1440 || offset > 1440) offset = 0;
    }
    ticks = (p[9] % 100) * 100000 + (p[10] % 100) * 1000 + (p[11] % 100) * 10;
    return make_time((int16_t)get_le16(p + 2), p[4], p[5], p[6], p[7], p[8], offset, ticks);
}

/* Windows cannot have these in a name. */
static uint16_t name_char(uint16_t c)
{
    return (!c || c == '/' || c == '\\') ? '_' : c;
}

/* Strips ";version" and a trailing dot (ECMA-119 7.5.1). */
static void strip_version(uint16_t *name, size_t *len)
{
    size_t i;

    for (i = 0; i < *len; i++)
    {
        if (name[i] == ';')
        {
            *len = i;
            break;
        }
    }
    if (*len > 1 && name[*len - 1] == '.') (*len)--;
}

static size_t utf8_to_utf16(const uint8_t *s, size_t len, uint16_t *out, size_t max)
{
    size_t i = 0, n = 0;

    while (i < len && n < max)
    {
        uint32_t c = s[i++], min;
        unsigned int extra;

        if (c < 0x80) extra = 0, min = 0;
        else if ((c & 0xe0) == 0xc0) extra = 1, c &= 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0) extra = 2, c &= 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0) extra = 3, c &= 0x07, min = 0x10000;
        else extra = 0, c = 0xfffd, min = 0;
        for (; extra; extra--)
        {
            if (i >= len || (s[i] & 0xc0) != 0x80)
            {
                c = 0xfffd;
                break;
            }
            c = (c << 6) | (s[i++] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000)) c = 0xfffd;
        if (c >= 0x10000)
        {
            if (n + 2 > max) break;
            c -= 0x10000;
            out[n++] = 0xd800 | (c >> 10);
            out[n++] = 0xdc00 | (c & 0x3ff);
        }
        else out[n++] = name_char(c);
    }
    return n;
}

/* Leaves root empty again. */
static void clear_dir(struct fsi_node *root)
{
    while (root->count)
    {
        struct fsi_node *child = root->children[root->count - 1];

        fsi_node_detach(child);
        fsi_node_destroy(child);
    }
}

/* Attaches a new node; *node is NULL when the name exists already (the
 * first one is kept, as on Windows). */
static int32_t new_child(struct import *imp, struct fsi_node *dir, const uint16_t *name, bool is_dir,
                         struct fsi_node **node)
{
    int32_t hr;

    *node = NULL;
    if ((hr = count_entry(imp))) return hr;
    if (!(*node = fsi_node_create(name, is_dir, 0))) return FSI_E_OUTOFMEMORY;
    if ((hr = fsi_node_attach(dir, *node)))
    {
        fsi_node_destroy(*node);
        *node = NULL;
        if (hr != IMAPI_E_DUP_NAME) return hr;
    }
    return FSI_S_OK;
}

/* --- ISO 9660 and Joliet ------------------------------------------------ */

/* ECMA-119 9.1: the directory record. */
#define DR_LENGTH           0
#define DR_EXT_ATTR_LENGTH  1
#define DR_EXTENT           2
#define DR_DATA_LENGTH      10
#define DR_DATE             18
#define DR_FLAGS            25
#define DR_UNIT_SIZE        26
#define DR_GAP_SIZE         27
#define DR_NAME_LENGTH      32
#define DR_NAME             33
#define DR_MIN              34

#define DR_FLAG_HIDDEN      0x01
#define DR_FLAG_DIR         0x02
#define DR_FLAG_ASSOCIATED  0x04
#define DR_FLAG_MULTI       0x80

/* ECMA-119 8.4 */
#define VD_ID               1
#define VD_VOLUME_ID        40
#define VD_ESCAPES          88
#define VD_BLOCK_SIZE       128
#define VD_ROOT             156

static bool is_joliet(const uint8_t *vd)
{
    return vd[VD_ESCAPES] == '%' && vd[VD_ESCAPES + 1] == '/'
            && (vd[VD_ESCAPES + 2] == '@' || vd[VD_ESCAPES + 2] == 'C' || vd[VD_ESCAPES + 2] == 'E');
}

/* The Rock Ridge (RRIP 4.1.4) alternate name of a record: *count is 0 when
 * there is none.  SUSP 5.1: System Use entries may go on in continuation
 * areas ("CE"); a damaged one only ends the name there. */
static int32_t rr_name(struct import *imp, const uint8_t *rec, size_t len, uint16_t *name, size_t *count)
{
    uint8_t utf8[MAX_NAME * 3], block[FSI_BLOCK_SIZE];
    size_t pos = DR_NAME + rec[DR_NAME_LENGTH], end = len, used = 0;
    const uint8_t *area = rec;
    unsigned int hops = 0;
    bool found = false;
    int32_t hr;

    *count = 0;
    if (!(rec[DR_NAME_LENGTH] & 1)) pos++;
    pos += imp->susp_skip;
    for (;;)
    {
        uint32_t ce_lba = 0, ce_offset = 0, ce_length = 0;
        bool ce = false;

        while (pos + 4 <= end)
        {
            unsigned int entry = area[pos + 2];

            if (entry < 4 || pos + entry > end) break;
            if (area[pos] == 'S' && area[pos + 1] == 'T') break;
            if (area[pos] == 'N' && area[pos + 1] == 'M' && entry >= 5 && !(area[pos + 4] & 0x06))
            {
                size_t n = entry - 5;

                if (n > sizeof(utf8) - used) n = sizeof(utf8) - used;
                memcpy(utf8 + used, area + pos + 5, n);
                used += n;
                found = true;
            }
            if (area[pos] == 'C' && area[pos + 1] == 'E' && entry >= 28)
            {
                ce = true;
                ce_lba = get_le32(area + pos + 4);
                ce_offset = get_le32(area + pos + 12);
                ce_length = get_le32(area + pos + 20);
            }
            pos += entry;
        }
        if (!ce || ++hops > 16 || ce_lba >= imp->disc->blocks || ce_offset >= FSI_BLOCK_SIZE
                || ce_length > FSI_BLOCK_SIZE - ce_offset)
            break;
        if ((hr = read_blocks(imp, ce_lba, 1, block))) return hr;
        area = block;
        pos = ce_offset;
        end = ce_offset + ce_length;
    }
    if (found) *count = utf8_to_utf16(utf8, used, name, MAX_NAME);
    return FSI_S_OK;
}

static int32_t iso_name(struct import *imp, const uint8_t *rec, size_t len, uint16_t *name, size_t *length)
{
    const uint8_t *id = rec + DR_NAME;
    size_t n = rec[DR_NAME_LENGTH], i, count;
    int32_t hr;

    if (imp->rock_ridge)
    {
        if ((hr = rr_name(imp, rec, len, name, length))) return hr;
        if (*length) return FSI_S_OK;
    }
    if (imp->joliet)
    {
        for (i = 0, count = 0; i + 1 < n; i += 2) name[count++] = name_char(get_be16(id + i));
    }
    else
    {
        for (i = 0, count = 0; i < n; i++) name[count++] = name_char(id[i]);
    }
    strip_version(name, &count);
    *length = count;
    return FSI_S_OK;
}

static int32_t iso_read_dir(struct import *imp, struct fsi_node *dir, uint32_t lba, uint32_t length,
                            unsigned int depth);

/* Checks a file's data extent: it must lie on the disc. */
static bool iso_extent_valid(struct import *imp, uint32_t lba, uint32_t length)
{
    uint32_t blocks = length / FSI_BLOCK_SIZE + !!(length % FSI_BLOCK_SIZE);

    return lba < imp->disc->blocks && blocks <= imp->disc->blocks - lba;
}

static int32_t iso_parse_dir(struct import *imp, struct fsi_node *dir, const uint8_t *buf,
                             uint32_t length, unsigned int depth)
{
    uint16_t name[MAX_NAME + 1], multi_name[MAX_NAME + 1];
    struct fsi_node *multi = NULL;  /* the file whose next extent may follow */
    bool in_multi = false;
    uint32_t pos = 0;
    int32_t hr;

    while (pos < length)
    {
        const uint8_t *rec = buf + pos;
        uint32_t rec_len = rec[DR_LENGTH], extent, data_length;
        struct fsi_node *node;
        uint8_t flags;
        size_t n;

        /* Records never cross a block boundary: zeros fill the rest. */
        if (!rec_len)
        {
            pos = (pos / FSI_BLOCK_SIZE + 1) * FSI_BLOCK_SIZE;
            continue;
        }
        if (rec_len < DR_MIN || pos % FSI_BLOCK_SIZE + rec_len > FSI_BLOCK_SIZE
                || DR_NAME + (uint32_t)rec[DR_NAME_LENGTH] > rec_len || !rec[DR_NAME_LENGTH])
            return E_CONSISTENCY;
        pos += rec_len;

        flags = rec[DR_FLAGS];
        extent = get_le32(rec + DR_EXTENT);
        data_length = get_le32(rec + DR_DATA_LENGTH);
        if (rec[DR_NAME_LENGTH] == 1 && rec[DR_NAME] <= 1)
        {
            /* "." carries the directory's own date. */
            if (!rec[DR_NAME]) dir->created = dir->accessed = dir->modified = iso_time(rec + DR_DATE);
            in_multi = false;
            continue;
        }
        if (flags & DR_FLAG_ASSOCIATED) continue;
        if (rec[DR_UNIT_SIZE] || rec[DR_GAP_SIZE]) return E_CONSISTENCY; /* interleaved */
        if (extent > UINT32_MAX - rec[DR_EXT_ATTR_LENGTH]) return E_CONSISTENCY;
        extent += rec[DR_EXT_ATTR_LENGTH];

        if ((hr = iso_name(imp, rec, rec_len, name, &n))) return hr;
        name[n] = 0;
        if (!n) continue;

        if (in_multi && !(flags & DR_FLAG_DIR) && !fsi_name_compare(name, multi_name))
        {
            /* ECMA-119 6.5.1: the next extent of a multi-extent file. */
            in_multi = !!(flags & DR_FLAG_MULTI);
            if (!multi) continue;
            if (!data_length) continue;
            if (!iso_extent_valid(imp, extent, data_length)) return E_CONSISTENCY;
            if ((hr = add_extent(multi, extent, data_length))) return hr;
            multi->size += data_length;
            continue;
        }
        in_multi = false;

        if ((hr = new_child(imp, dir, name, !!(flags & DR_FLAG_DIR), &node))) return hr;
        if (!node)
        {
            /* A duplicate: its further extents are skipped too. */
            if (!(flags & DR_FLAG_DIR) && (flags & DR_FLAG_MULTI))
            {
                in_multi = true;
                multi = NULL;
                memcpy(multi_name, name, (n + 1) * sizeof(*name));
            }
            continue;
        }
        node->hidden = !!(flags & DR_FLAG_HIDDEN);
        node->created = node->accessed = node->modified = iso_time(rec + DR_DATE);
        if (flags & DR_FLAG_DIR)
        {
            if ((hr = iso_read_dir(imp, node, extent, data_length, depth + 1))) return hr;
            continue;
        }
        if (data_length)
        {
            if (!iso_extent_valid(imp, extent, data_length)) return E_CONSISTENCY;
            if ((hr = add_extent(node, extent, data_length))) return hr;
            node->size = data_length;
        }
        if (flags & DR_FLAG_MULTI)
        {
            in_multi = true;
            multi = node;
            memcpy(multi_name, name, (n + 1) * sizeof(*name));
        }
    }
    return FSI_S_OK;
}

static int32_t iso_read_dir(struct import *imp, struct fsi_node *dir, uint32_t lba, uint32_t length,
                            unsigned int depth)
{
    uint32_t blocks;
    uint8_t *buf;
    int32_t hr;

    if (depth > MAX_DEPTH || length > MAX_DIR_BYTES) return E_CONSISTENCY;
    if (!length) return FSI_S_OK;
    if ((hr = visit(imp, lba))) return hr;
    if ((hr = count_dir_bytes(imp, length))) return hr;
    blocks = (length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    if (lba >= imp->disc->blocks || blocks > imp->disc->blocks - lba) return E_CONSISTENCY;
    if (!(buf = malloc((size_t)blocks * FSI_BLOCK_SIZE))) return FSI_E_OUTOFMEMORY;
    if (!(hr = read_blocks(imp, lba, blocks, buf)))
        hr = iso_parse_dir(imp, dir, buf, length, depth);
    free(buf);
    return hr;
}

/* Finds the volume descriptor of fs in the volume descriptor set. */
static int32_t iso_find_vd(struct import *imp, unsigned int fs, uint8_t *vd)
{
    uint32_t i;
    int32_t hr;

    for (i = 0; i < MAX_VD_BLOCKS; i++)
    {
        uint32_t lba = imp->session_start + VRS_START + i;

        if (lba < imp->session_start || lba >= imp->disc->blocks) break;
        if ((hr = read_blocks(imp, lba, 1, vd))) return hr;
        if (memcmp(vd + VD_ID, "CD001", 5)) break;
        if (vd[0] == 255) break;
        if (fs == FSI_FS_ISO9660 && vd[0] == 1) return FSI_S_OK;
        if (fs == FSI_FS_JOLIET && vd[0] == 2 && is_joliet(vd)) return FSI_S_OK;
    }
    return IMAPI_E_FILE_SYSTEM_NOT_FOUND;
}

static int32_t iso_import(struct import *imp, unsigned int fs, struct fsi_node *root, uint16_t *volume_name)
{
    uint8_t vd[FSI_BLOCK_SIZE], root_first[FSI_BLOCK_SIZE];
    const uint8_t *rec = vd + VD_ROOT;
    uint32_t extent, length;
    size_t n, i;
    int32_t hr;

    if ((hr = iso_find_vd(imp, fs, vd))) return hr;
    if (get_le16(vd + VD_BLOCK_SIZE) != FSI_BLOCK_SIZE) return E_CONSISTENCY;
    if (rec[DR_LENGTH] < DR_MIN || !(rec[DR_FLAGS] & DR_FLAG_DIR)) return E_CONSISTENCY;
    imp->joliet = fs == FSI_FS_JOLIET;

    /* The volume identifier: d-characters (ECMA-119 8.4.13) or UCS-2. */
    if (imp->joliet)
        for (i = 0, n = 0; i < 32; i += 2) volume_name[n++] = get_be16(vd + VD_VOLUME_ID + i);
    else
        for (i = 0, n = 0; i < 32; i++) volume_name[n++] = vd[VD_VOLUME_ID + i];
    while (n && (volume_name[n - 1] == ' ' || !volume_name[n - 1])) n--;
    volume_name[n] = 0;
    for (i = 0; i < n; i++) volume_name[i] = name_char(volume_name[i]);

    extent = get_le32(rec + DR_EXTENT);
    length = get_le32(rec + DR_DATA_LENGTH);
    if (extent > UINT32_MAX - rec[DR_EXT_ATTR_LENGTH]) return E_CONSISTENCY;
    extent += rec[DR_EXT_ATTR_LENGTH];
    root->created = root->accessed = root->modified = iso_time(rec + DR_DATE);

    /* RRIP / SUSP 5.3: an "SP" entry in the root's "." record says the
     * System Use fields hold SUSP entries. */
    if (fs == FSI_FS_ISO9660 && length)
    {
        if ((hr = read_blocks(imp, extent, 1, root_first))) return hr;
        if (root_first[DR_LENGTH] >= DR_MIN + 7 && root_first[DR_NAME_LENGTH] == 1 && !root_first[DR_NAME])
        {
            const uint8_t *sp = root_first + DR_MIN;

            if (sp[0] == 'S' && sp[1] == 'P' && sp[2] >= 7 && sp[4] == 0xbe && sp[5] == 0xef)
            {
                imp->rock_ridge = true;
                imp->susp_skip = sp[6];
            }
        }
    }
    return iso_read_dir(imp, root, extent, length, 0);
}

/* --- UDF ---------------------------------------------------------------- */

/* ECMA-167 3/7.2: the descriptor tag; the checksum and the tag location are
 * checked (the CRC is not: writers are known to get it wrong). */
static bool udf_tag_valid(const uint8_t *tag, uint16_t id, uint32_t location)
{
    uint8_t sum = 0;
    unsigned int i;

    for (i = 0; i < 16; i++) if (i != 4) sum += tag[i];
    return sum == tag[4] && get_le16(tag) == id && get_le32(tag + 12) == location;
}

/* OSTA CS0 (UDF 2.1.1): compression ID 8 or 16 (254 / 255 in UDF 2.50). */
static size_t udf_name(const uint8_t *id, size_t len, uint16_t *name, size_t max)
{
    size_t i, n = 0;

    if (!len) return 0;
    if (id[0] == 8 || id[0] == 254)
    {
        for (i = 1; i < len && n < max; i++) name[n++] = name_char(id[i]);
    }
    else if (id[0] == 16 || id[0] == 255)
    {
        for (i = 1; i + 1 < len && n < max; i += 2) name[n++] = name_char(get_be16(id + i));
    }
    return n;
}

/* A dstring: the last byte holds the length used. */
static void udf_dstring(const uint8_t *d, size_t size, uint16_t *out, size_t max)
{
    size_t len = d[size - 1], n;

    if (len > size - 1) len = size - 1;
    n = udf_name(d, len, out, max);
    while (n && out[n - 1] == ' ') n--;
    out[n] = 0;
}

/* A logical block of partition reference ref to an absolute block, with
 * the number of blocks contiguous from there (within the partition). */
static int32_t udf_map_block(struct import *imp, uint16_t ref, uint32_t block, uint32_t *lba, uint32_t *run)
{
    const struct udf_map *map;
    size_t i;

    if (ref >= imp->map_count) return E_CONSISTENCY;
    map = &imp->maps[ref];
    if (map->virtual)
    {
        /* UDF 2.2.11: virtual blocks are mapped one by one through the VAT. */
        if (block >= map->vat_count || map->vat[block] >= map->length) return E_CONSISTENCY;
        *lba = map->start + map->vat[block];
        *run = 1;
        return FSI_S_OK;
    }
    if (!map->metadata)
    {
        if (block >= map->length) return E_CONSISTENCY;
        *lba = map->start + block;
        *run = map->length - block;
        return FSI_S_OK;
    }
    /* The metadata partition: block is a block of the metadata file. */
    for (i = 0; i < map->meta_count; i++)
    {
        uint32_t blocks = map->meta[i].length / FSI_BLOCK_SIZE;

        if (block < blocks)
        {
            *lba = map->meta[i].lba + block;
            *run = blocks - block;
            return FSI_S_OK;
        }
        block -= blocks;
    }
    return E_CONSISTENCY;
}

static int32_t udf_read_block(struct import *imp, uint16_t ref, uint32_t block, uint8_t *buf, uint32_t *lba)
{
    uint32_t run;
    int32_t hr;

    if ((hr = udf_map_block(imp, ref, block, lba, &run))) return hr;
    return read_blocks(imp, *lba, 1, buf);
}

struct udf_file
{
    uint8_t type;
    uint64_t size;
    fsi_time created, accessed, modified;
    struct fsi_extent *extents;     /* absolute */
    size_t extent_count;
    uint8_t *embedded;              /* or the data inside the entry */
    /* An Extended File Entry's Stream Directory ICB (4/14.17.21), if any. */
    bool has_streams;
    uint16_t stream_ref;
    uint32_t stream_block;
};

static void udf_file_free(struct udf_file *file)
{
    free(file->extents);
    free(file->embedded);
}

static int32_t udf_file_add(struct udf_file *file, uint32_t lba, uint64_t length)
{
    struct fsi_extent *extents;

    if (file->extent_count && file->extents[file->extent_count - 1].length % FSI_BLOCK_SIZE == 0
            && (uint64_t)file->extents[file->extent_count - 1].lba
               + file->extents[file->extent_count - 1].length / FSI_BLOCK_SIZE == lba)
    {
        file->extents[file->extent_count - 1].length += length;
        return FSI_S_OK;
    }
    if (file->extent_count >= MAX_ENTRIES) return E_CONSISTENCY;
    if (!(extents = realloc(file->extents, (file->extent_count + 1) * sizeof(*extents))))
        return FSI_E_OUTOFMEMORY;
    file->extents = extents;
    extents[file->extent_count].lba = lba;
    extents[file->extent_count].length = length;
    file->extent_count++;
    return FSI_S_OK;
}

/* Adds length bytes from logical block of ref, split where the mapping is
 * not contiguous. */
static int32_t udf_add_data(struct import *imp, struct udf_file *file, uint16_t ref, uint32_t block,
                            uint64_t length)
{
    int32_t hr;

    while (length)
    {
        uint32_t lba, run;
        uint64_t bytes;

        if ((hr = udf_map_block(imp, ref, block, &lba, &run))) return hr;
        if (lba >= imp->disc->blocks) return E_CONSISTENCY;
        if (run > imp->disc->blocks - lba) run = imp->disc->blocks - lba;
        bytes = (uint64_t)run * FSI_BLOCK_SIZE;
        if (bytes > length) bytes = length;
        else if (bytes < length && block > UINT32_MAX - run) return E_CONSISTENCY;
        if ((hr = udf_file_add(file, lba, bytes))) return hr;
        length -= bytes;
        block += run;
    }
    return FSI_S_OK;
}

/* Reads a File Entry or Extended File Entry (ECMA-167 4/14.9, 4/14.17) and
 * its allocation descriptors. */
static int32_t udf_read_entry(struct import *imp, uint16_t ref, uint32_t block, struct udf_file *file,
                              uint32_t *location)
{
    uint8_t buf[FSI_BLOCK_SIZE];
    uint32_t ea_length, ad_length, header, lba, aed_count = 0;
    uint64_t remaining;
    unsigned int ad_type, ad_size;
    const uint8_t *ad;
    uint16_t tag_id;
    int32_t hr;

    memset(file, 0, sizeof(*file));
    if ((hr = udf_read_block(imp, ref, block, buf, &lba))) return hr;
    *location = lba;
    tag_id = get_le16(buf);
    /* The tag location is the block number within the partition. */
    if (!udf_tag_valid(buf, tag_id, block) || (tag_id != TAG_FE && tag_id != TAG_EFE)) return E_CONSISTENCY;

    file->type = buf[16 + 11];
    ad_type = get_le16(buf + 16 + 18) & 7;
    file->size = get_le64(buf + 56);
    if (tag_id == TAG_FE)
    {
        file->accessed = udf_time(buf + 72);
        file->modified = file->created = udf_time(buf + 84);
        ea_length = get_le32(buf + 168);
        ad_length = get_le32(buf + 172);
        header = 176;
    }
    else
    {
        file->accessed = udf_time(buf + 80);
        file->modified = udf_time(buf + 92);
        file->created = udf_time(buf + 104);
        if (get_le32(buf + 152) & 0x3fffffff)
        {
            file->has_streams = true;
            file->stream_block = get_le32(buf + 156);
            file->stream_ref = get_le16(buf + 160);
        }
        ea_length = get_le32(buf + 208);
        ad_length = get_le32(buf + 212);
        header = 216;
    }
    if (ea_length > FSI_BLOCK_SIZE - header || ad_length > FSI_BLOCK_SIZE - header - ea_length)
        return E_CONSISTENCY;
    ad = buf + header + ea_length;

    if (ad_type == 3)
    {
        /* The data is embedded in the entry. */
        if (file->size > ad_length) return E_CONSISTENCY;
        if (!(file->embedded = malloc(file->size ? file->size : 1))) return FSI_E_OUTOFMEMORY;
        memcpy(file->embedded, ad, file->size);
        return FSI_S_OK;
    }
    if (ad_type == 0) ad_size = 8;
    else if (ad_type == 1) ad_size = 16;
    else return E_CONSISTENCY;      /* extended_ad: not used by UDF */

    remaining = file->size;
    while (remaining)
    {
        uint32_t length, position, extent_type;
        uint16_t part = ref;

        if (ad_length < ad_size) return E_CONSISTENCY;
        length = get_le32(ad);
        position = get_le32(ad + 4);
        if (ad_size == 16) part = get_le16(ad + 8);
        ad += ad_size;
        ad_length -= ad_size;

        extent_type = length >> 30;
        length &= 0x3fffffff;
        if (extent_type == 3)
        {
            /* ECMA-167 4/14.5: the next extent of allocation descriptors. */
            uint32_t aed_lba;

            if (++aed_count > 4096) return E_CONSISTENCY;
            if ((hr = udf_read_block(imp, part, position, buf, &aed_lba))) return hr;
            if (!udf_tag_valid(buf, TAG_AED, position)) return E_CONSISTENCY;
            ad_length = get_le32(buf + 20);
            if (ad_length > FSI_BLOCK_SIZE - 24) return E_CONSISTENCY;
            ad = buf + 24;
            ref = part;
            continue;
        }
        if (!length) return E_CONSISTENCY;  /* the descriptors end before the data */
        if (length > remaining) length = remaining;
        /* Unrecorded extents read as zeros: no extent on the disc says that. */
        if (extent_type) return E_CONSISTENCY;
        if ((hr = udf_add_data(imp, file, part, position, length))) return hr;
        remaining -= length;
    }
    return FSI_S_OK;
}

static int32_t udf_read_file(struct import *imp, uint16_t ref, uint32_t block, struct udf_file *file,
                             uint32_t *location)
{
    int32_t hr = udf_read_entry(imp, ref, block, file, location);

    if (hr)
    {
        udf_file_free(file);
        memset(file, 0, sizeof(*file));
    }
    return hr;
}

/* A buffer of the file's data (directories). */
static int32_t udf_read_data(struct import *imp, const struct udf_file *file, uint8_t **data)
{
    uint64_t offset = 0;
    size_t i;
    int32_t hr;

    if (file->size > MAX_DIR_BYTES) return E_CONSISTENCY;
    if ((hr = count_dir_bytes(imp, file->size))) return hr;
    if (!(*data = malloc(file->size + FSI_BLOCK_SIZE))) return FSI_E_OUTOFMEMORY;
    if (file->embedded)
    {
        memcpy(*data, file->embedded, file->size);
        return FSI_S_OK;
    }
    for (i = 0; i < file->extent_count; i++)
    {
        uint32_t blocks = (file->extents[i].length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;

        /* Only the last extent may end inside a block: the buffer has room for it. */
        if ((hr = read_blocks(imp, file->extents[i].lba, blocks, *data + offset)))
        {
            free(*data);
            *data = NULL;
            return hr;
        }
        offset += file->extents[i].length;
    }
    return FSI_S_OK;
}

struct memory_source
{
    struct fsi_source source;
    unsigned int refcount;
    uint8_t *data;
};

static int32_t memory_read(struct fsi_source *source, uint64_t offset, void *buf, uint32_t len)
{
    struct memory_source *mem = (struct memory_source *)source;

    memcpy(buf, mem->data + offset, len);
    return FSI_S_OK;
}

static void memory_addref(struct fsi_source *source)
{
    ((struct memory_source *)source)->refcount++;
}

static void memory_release(struct fsi_source *source)
{
    struct memory_source *mem = (struct memory_source *)source;

    if (--mem->refcount) return;
    free(mem->data);
    free(mem);
}

/* Data embedded in a File Entry has no block of its own: it is kept in
 * memory and given to the node as its source. */
static int32_t set_embedded(struct fsi_node *node, struct udf_file *file)
{
    struct memory_source *mem;

    if (!(mem = malloc(sizeof(*mem)))) return FSI_E_OUTOFMEMORY;
    mem->source.read = memory_read;
    mem->source.addref = memory_addref;
    mem->source.release = memory_release;
    mem->refcount = 1;
    mem->data = file->embedded;
    file->embedded = NULL;
    fsi_node_set_source(node, &mem->source, file->size);
    memory_release(&mem->source);
    return FSI_S_OK;
}

static int32_t udf_read_dir(struct import *imp, struct fsi_node *dir, const struct udf_file *file,
                            uint16_t ref, unsigned int depth);

/* A file's data: in the entry (kept in memory) or extents on the disc. */
static int32_t udf_set_data(struct fsi_node *node, struct udf_file *file)
{
    if (file->embedded) return set_embedded(node, file);
    node->size = file->size;
    node->extents = file->extents;
    node->extent_count = file->extent_count;
    file->extents = NULL;
    return FSI_S_OK;
}

/* UDF 3.3.5: the named streams of a file, the entries of the stream
 * directory its Extended File Entry names (the parent FID skipped). */
static int32_t udf_read_streams(struct import *imp, struct fsi_node *file, const struct udf_file *entry)
{
    uint16_t name[MAX_NAME + 1];
    struct udf_file dir;
    uint64_t pos = 0;
    uint32_t location;
    uint8_t *data;
    int32_t hr;

    if ((hr = udf_read_file(imp, entry->stream_ref, entry->stream_block, &dir, &location))) return hr;
    if ((hr = visit(imp, location)) || (hr = udf_read_data(imp, &dir, &data)))
    {
        udf_file_free(&dir);
        return hr;
    }
    while (!hr && pos + 38 <= dir.size)
    {
        const uint8_t *fid = data + pos;
        unsigned int name_length = fid[19], iu_length = get_le16(fid + 36);
        uint32_t total = 38 + iu_length + name_length;
        struct udf_file child;
        struct fsi_node *node;
        uint8_t sum = 0;
        unsigned int i;
        size_t n;

        for (i = 0; i < 16; i++) if (i != 4) sum += fid[i];
        if (sum != fid[4] || get_le16(fid) != TAG_FID || total > dir.size - pos)
        {
            hr = E_CONSISTENCY;
            break;
        }
        pos += (total + 3) & ~3u;
        if (fid[18] & 0x0e) continue;       /* deleted, parent, or a directory */
        n = udf_name(fid + 38 + iu_length, name_length, name, MAX_NAME);
        name[n] = 0;
        if (!n || !(get_le32(fid + 20) & 0x3fffffff) || fsi_node_find_stream(file, name)) continue;
        if ((hr = count_entry(imp))) break;
        if ((hr = udf_read_file(imp, get_le16(fid + 28), get_le32(fid + 24), &child, &location))) break;
        if (!(node = fsi_node_create(name, false, child.created)))
            hr = FSI_E_OUTOFMEMORY;
        else
        {
            node->is_stream = true;
            node->accessed = child.accessed;
            node->modified = child.modified;
            if ((hr = udf_set_data(node, &child)) || (hr = fsi_node_attach(file, node)))
                fsi_node_destroy(node);
        }
        udf_file_free(&child);
    }
    free(data);
    udf_file_free(&dir);
    return hr;
}

/* ECMA-167 4/14.4: the File Identifier Descriptors of a directory. */
static int32_t udf_parse_dir(struct import *imp, struct fsi_node *dir, const uint8_t *data, uint64_t size,
                             uint16_t ref, unsigned int depth)
{
    uint16_t name[MAX_NAME + 1];
    uint64_t pos = 0;
    int32_t hr;

    while (pos + 38 <= size)
    {
        const uint8_t *fid = data + pos;
        unsigned int name_length = fid[19], iu_length = get_le16(fid + 36);
        uint32_t total = 38 + iu_length + name_length, icb_block, location;
        uint16_t icb_ref;
        uint8_t characteristics = fid[18];
        struct udf_file child;
        struct fsi_node *node;
        uint8_t sum = 0;
        unsigned int i;
        size_t n;

        for (i = 0; i < 16; i++) if (i != 4) sum += fid[i];
        if (sum != fid[4] || get_le16(fid) != TAG_FID || total > size - pos) return E_CONSISTENCY;
        pos += (total + 3) & ~3u;

        /* Deleted and parent entries are skipped. */
        if (characteristics & 0x0c) continue;
        n = udf_name(fid + 38 + iu_length, name_length, name, MAX_NAME);
        name[n] = 0;
        if (!n) continue;
        if (get_le32(fid + 20) & 0x3fffffff) icb_block = get_le32(fid + 24);
        else continue;
        icb_ref = get_le16(fid + 28);

        if ((hr = count_entry(imp))) return hr;
        if (fsi_node_find(dir, name)) continue;
        if ((hr = udf_read_file(imp, icb_ref, icb_block, &child, &location))) return hr;
        if ((hr = new_child(imp, dir, name, child.type == UDF_FILE_TYPE_DIR, &node)) || !node)
        {
            udf_file_free(&child);
            if (hr) return hr;
            continue;
        }
        node->hidden = !!(characteristics & 0x01);
        node->created = child.created;
        node->accessed = child.accessed;
        node->modified = child.modified;
        if (node->is_dir)
        {
            if (!(hr = visit(imp, location))) hr = udf_read_dir(imp, node, &child, icb_ref, depth + 1);
        }
        else if (!(hr = udf_set_data(node, &child)) && child.has_streams)
        {
            hr = udf_read_streams(imp, node, &child);
        }
        udf_file_free(&child);
        if (hr) return hr;
    }
    return FSI_S_OK;
}

static int32_t udf_read_dir(struct import *imp, struct fsi_node *dir, const struct udf_file *file,
                            uint16_t ref, unsigned int depth)
{
    uint8_t *data;
    int32_t hr;

    if (depth > MAX_DEPTH) return E_CONSISTENCY;
    if ((hr = udf_read_data(imp, file, &data))) return hr;
    hr = udf_parse_dir(imp, dir, data, file->size, ref, depth);
    free(data);
    return hr;
}

static bool udf_vrs_present(struct import *imp, int32_t *hr)
{
    uint8_t block[FSI_BLOCK_SIZE];
    bool bea = false, nsr = false;
    uint32_t i;

    *hr = FSI_S_OK;
    for (i = 0; i < MAX_VD_BLOCKS; i++)
    {
        uint32_t lba = imp->session_start + VRS_START + i;

        if (lba < imp->session_start || lba >= imp->disc->blocks) break;
        if ((*hr = read_blocks(imp, lba, 1, block))) return false;
        if (!memcmp(block + 1, "BEA01", 5)) bea = true;
        else if (!memcmp(block + 1, "NSR02", 5) || !memcmp(block + 1, "NSR03", 5)) nsr = bea;
        else if (!memcmp(block + 1, "TEA01", 5)) break;
        else if (memcmp(block + 1, "CD001", 5) && memcmp(block + 1, "CDW02", 5) && memcmp(block + 1, "BOOT2", 5))
            break;
    }
    return nsr;
}

static int32_t udf_read_anchor(struct import *imp, uint8_t *block)
{
    uint32_t lba = imp->session_start + UDF_ANCHOR;
    int32_t hr;

    if (lba < imp->session_start || lba >= imp->disc->blocks) return IMAPI_E_FILE_SYSTEM_NOT_FOUND;
    if ((hr = read_blocks(imp, lba, 1, block))) return hr;
    return udf_tag_valid(block, TAG_AVDP, lba) ? FSI_S_OK : IMAPI_E_FILE_SYSTEM_NOT_FOUND;
}

struct udf_vds
{
    uint8_t lvd[FSI_BLOCK_SIZE];
    bool have_lvd;
    uint16_t volume_id[33];
    struct { uint16_t number; uint32_t start, length; } pd[8];
    unsigned int pd_count;
};

/* ECMA-167 3/8.4: reads a volume descriptor sequence. */
static int32_t udf_read_vds(struct import *imp, uint32_t lba, uint32_t length, struct udf_vds *vds)
{
    uint8_t block[FSI_BLOCK_SIZE];
    unsigned int read = 0;
    uint32_t blocks = length / FSI_BLOCK_SIZE;
    int32_t hr;

    while (blocks-- && read++ < 256)
    {
        if (lba >= imp->disc->blocks) return E_CONSISTENCY;
        if ((hr = read_blocks(imp, lba, 1, block))) return hr;
        if (udf_tag_valid(block, TAG_PVD, lba))
            udf_dstring(block + 24, 32, vds->volume_id, 32);
        else if (udf_tag_valid(block, TAG_PD, lba))
        {
            if (vds->pd_count < 8)
            {
                vds->pd[vds->pd_count].number = get_le16(block + 22);
                vds->pd[vds->pd_count].start = get_le32(block + 188);
                vds->pd[vds->pd_count].length = get_le32(block + 192);
                vds->pd_count++;
            }
        }
        else if (udf_tag_valid(block, TAG_LVD, lba))
        {
            memcpy(vds->lvd, block, FSI_BLOCK_SIZE);
            vds->have_lvd = true;
        }
        else if (udf_tag_valid(block, TAG_VDP, lba))
        {
            /* ECMA-167 3/10.3: the sequence goes on elsewhere. */
            blocks = get_le32(block + 20) / FSI_BLOCK_SIZE;
            lba = get_le32(block + 24);
            continue;
        }
        else if (udf_tag_valid(block, TAG_TD, lba) || get_le16(block) == 0) break;
        lba++;
    }
    return FSI_S_OK;
}

/* Loads the metadata file (UDF 2.50 2.2.13) of a metadata partition map. */
static int32_t udf_load_metadata(struct import *imp, unsigned int index, uint32_t location)
{
    struct udf_map *map = &imp->maps[index];
    struct udf_file file;
    uint32_t lba;
    int32_t hr;

    /* Read through a physical view of the same partition. */
    map->metadata = false;
    hr = udf_read_file(imp, index, location, &file, &lba);
    map->metadata = true;
    if (hr) return hr;
    if (file.embedded)
    {
        udf_file_free(&file);
        return E_CONSISTENCY;
    }
    map->meta = file.extents;
    map->meta_count = file.extent_count;
    return FSI_S_OK;
}

/* UDF 2.2.11 / 2.2.10: the Virtual Allocation Table of write-once media is
 * the file whose entry is in the last recorded block: searched for backwards
 * from the disc's end. */
#define VAT_SEARCH          64
#define UDF_FILE_TYPE_VAT   248

static int32_t udf_load_vat(struct import *imp, unsigned int index, uint16_t *volume_name)
{
    struct udf_map *map = &imp->maps[index];
    uint8_t block[FSI_BLOCK_SIZE], *data = NULL;
    uint32_t lba, last, location, header, i;
    struct udf_file file;
    int32_t hr;

    if (imp->disc->blocks <= map->start) return E_CONSISTENCY;
    last = imp->disc->blocks - 1;
    for (lba = last; lba >= map->start && last - lba < VAT_SEARCH; lba--)
    {
        uint16_t id;

        if ((hr = read_blocks(imp, lba, 1, block))) return hr;
        id = get_le16(block);
        if ((id == TAG_FE || id == TAG_EFE) && udf_tag_valid(block, id, lba - map->start)
                && (block[16 + 11] == UDF_FILE_TYPE_VAT || block[16 + 11] == 0))
            break;
        if (lba == map->start) return E_CONSISTENCY;
    }
    if (lba < map->start || last - lba >= VAT_SEARCH) return E_CONSISTENCY;

    /* Read through a physical view of the same partition. */
    map->virtual = false;
    hr = udf_read_file(imp, index, lba - map->start, &file, &location);
    map->virtual = true;
    if (hr) return hr;
    if (!(hr = udf_read_data(imp, &file, &data)))
    {
        hr = E_CONSISTENCY;
        if (file.type == UDF_FILE_TYPE_VAT)
        {
            /* UDF 2.00: a header (its length first), then the entries. */
            header = file.size >= 2 ? get_le16(data) : UINT32_MAX;
            if (header >= 152 && header <= file.size)
            {
                udf_dstring(data + 4, 128, volume_name, 32);
                map->vat_count = (file.size - header) / 4;
                hr = FSI_S_OK;
            }
        }
        else if (file.size >= 36 && !memcmp(data + file.size - 36 + 1, "*UDF Virtual Alloc Tbl", 22))
        {
            /* UDF 1.50: the entries, then an identifier and the previous VAT. */
            header = 0;
            map->vat_count = (file.size - 36) / 4;
            hr = FSI_S_OK;
        }
        if (!hr && !(map->vat = malloc(map->vat_count ? map->vat_count * sizeof(*map->vat) : 1)))
            hr = FSI_E_OUTOFMEMORY;
        if (!hr)
            for (i = 0; i < map->vat_count; i++) map->vat[i] = get_le32(data + header + i * 4);
    }
    free(data);
    udf_file_free(&file);
    return hr;
}

static int32_t udf_import(struct import *imp, struct fsi_node *root, uint16_t *volume_name)
{
    uint8_t block[FSI_BLOCK_SIZE];
    const uint8_t *lvd, *map;
    uint32_t table_length, map_count, i, meta_location[8] = {0}, location;
    struct udf_file file;
    struct udf_vds *vds;
    int32_t hr;

    if (!udf_vrs_present(imp, &hr)) return hr ? hr : IMAPI_E_FILE_SYSTEM_NOT_FOUND;
    if ((hr = udf_read_anchor(imp, block))) return hr;
    if (!(vds = calloc(1, sizeof(*vds)))) return FSI_E_OUTOFMEMORY;
    /* The main sequence, else the reserve one. */
    hr = udf_read_vds(imp, get_le32(block + 20), get_le32(block + 16), vds);
    if (!hr && (!vds->have_lvd || !vds->pd_count))
    {
        memset(vds, 0, sizeof(*vds));
        hr = udf_read_vds(imp, get_le32(block + 28), get_le32(block + 24), vds);
    }
    if (!hr && (!vds->have_lvd || !vds->pd_count)) hr = E_CONSISTENCY;
    if (hr) goto done;

    /* ECMA-167 3/10.6: the logical volume and its partition maps. */
    lvd = vds->lvd;
    hr = E_CONSISTENCY;
    if (get_le32(lvd + 212) != FSI_BLOCK_SIZE) goto done;
    table_length = get_le32(lvd + 264);
    map_count = get_le32(lvd + 268);
    if (table_length > FSI_BLOCK_SIZE - 440 || !map_count || map_count > 8) goto done;
    map = lvd + 440;
    for (i = 0; i < map_count; i++)
    {
        uint32_t left = lvd + 440 + table_length - map, j;
        uint16_t number;

        if (left < 2 || map[1] < 2 || map[1] > left) goto done;
        if (map[0] == 1 && map[1] == 6)
            number = get_le16(map + 4);
        else if (map[0] == 2 && map[1] == 64)
        {
            number = get_le16(map + 38);
            if (!memcmp(map + 5, "*UDF Metadata Partition", 23))
            {
                imp->maps[i].metadata = true;
                meta_location[i] = get_le32(map + 40);
            }
            else if (!memcmp(map + 5, "*UDF Virtual Partition", 22))
                imp->maps[i].virtual = true;
            /* Sparing tables are ignored: the blocks read are those recorded. */
            else if (memcmp(map + 5, "*UDF Sparable Partition", 23)) goto done;
        }
        else goto done;
        for (j = 0; j < vds->pd_count; j++) if (vds->pd[j].number == number) break;
        if (j == vds->pd_count) goto done;
        imp->maps[i].number = number;
        imp->maps[i].start = vds->pd[j].start;
        imp->maps[i].length = vds->pd[j].length;
        map += map[1];
    }
    imp->map_count = map_count;
    for (i = 0; i < map_count; i++)
        if (imp->maps[i].metadata && (hr = udf_load_metadata(imp, i, meta_location[i]))) goto done;

    udf_dstring(lvd + 84, 128, volume_name, 32);
    if (!volume_name[0]) memcpy(volume_name, vds->volume_id, sizeof(vds->volume_id));
    for (i = 0; i < map_count; i++)
    {
        uint16_t vat_name[33] = {0};

        if (!imp->maps[i].virtual) continue;
        if ((hr = udf_load_vat(imp, i, vat_name))) goto done;
        /* The VAT's identifier is the volume's current one. */
        if (vat_name[0]) memcpy(volume_name, vat_name, sizeof(vat_name));
    }

    /* The File Set Descriptor (ECMA-167 4/14.1), at the LVD's contents use. */
    if ((hr = udf_read_block(imp, get_le16(lvd + 248 + 8), get_le32(lvd + 248 + 4), block, &location)))
        goto done;
    if (!udf_tag_valid(block, TAG_FSD, get_le32(lvd + 248 + 4)))
    {
        hr = E_CONSISTENCY;
        goto done;
    }
    if ((hr = udf_read_file(imp, get_le16(block + 400 + 8), get_le32(block + 400 + 4), &file, &location)))
        goto done;
    if (file.type != UDF_FILE_TYPE_DIR) hr = E_CONSISTENCY;
    else if (!(hr = visit(imp, location)))
    {
        root->created = file.created;
        root->accessed = file.accessed;
        root->modified = file.modified;
        hr = udf_read_dir(imp, root, &file, get_le16(block + 400 + 8), 0);
    }
    udf_file_free(&file);

done:
    free(vds);
    return hr;
}

/* --- Entry points ------------------------------------------------------- */

int32_t fsi_identify(struct fsi_disc *disc, uint32_t session_start, unsigned int *file_systems)
{
    struct import imp = {.disc = disc, .session_start = session_start};
    uint8_t block[FSI_BLOCK_SIZE];
    unsigned int found = 0;
    int32_t hr;

    if (!disc || !file_systems) return FSI_E_INVALIDARG;
    *file_systems = 0;
    if (!(hr = iso_find_vd(&imp, FSI_FS_ISO9660, block))) found |= FSI_FS_ISO9660;
    else if (hr != IMAPI_E_FILE_SYSTEM_NOT_FOUND) goto error;
    if (!(hr = iso_find_vd(&imp, FSI_FS_JOLIET, block))) found |= FSI_FS_JOLIET;
    else if (hr != IMAPI_E_FILE_SYSTEM_NOT_FOUND) goto error;
    if (udf_vrs_present(&imp, &hr))
    {
        if (!(hr = udf_read_anchor(&imp, block))) found |= FSI_FS_UDF;
        else if (hr != IMAPI_E_FILE_SYSTEM_NOT_FOUND) goto error;
    }
    else if (hr) goto error;
    *file_systems = found;
    return FSI_S_OK;

error:
    /* Nothing is read beyond the disc, so this is a read error. */
    return hr;
}

int32_t fsi_import(struct fsi_disc *disc, uint32_t session_start, unsigned int fs,
                   struct fsi_node *root, uint16_t volume_name[33])
{
    struct import imp = {.disc = disc, .session_start = session_start};
    uint16_t name[33] = {0};
    unsigned int i;
    int32_t hr;

    if (!disc || !root || !volume_name || !root->is_dir || root->count) return FSI_E_INVALIDARG;
    if (fs == FSI_FS_ISO9660 || fs == FSI_FS_JOLIET) hr = iso_import(&imp, fs, root, name);
    else if (fs == FSI_FS_UDF) hr = udf_import(&imp, root, name);
    else return FSI_E_INVALIDARG;

    for (i = 0; i < imp.map_count; i++)
    {
        free(imp.maps[i].meta);
        free(imp.maps[i].vat);
    }
    free(imp.visited);
    if (hr)
    {
        clear_dir(root);
        return hr;
    }
    name[32] = 0;
    memcpy(volume_name, name, sizeof(name));
    return FSI_S_OK;
}

/* OSTA UDF 2.1.5.3: the Domain Identifier suffix of the Logical Volume
 * Descriptor holds the UDF revision the volume was written with. */
uint16_t fsi_udf_revision(struct fsi_disc *disc, uint32_t session_start)
{
    struct import imp = {.disc = disc, .session_start = session_start};
    uint8_t block[FSI_BLOCK_SIZE];
    struct udf_vds *vds;
    uint16_t revision = 0;
    int32_t hr;

    if (!disc || !udf_vrs_present(&imp, &hr) || udf_read_anchor(&imp, block)) return 0;
    if (!(vds = calloc(1, sizeof(*vds)))) return 0;
    if (!udf_read_vds(&imp, get_le32(block + 20), get_le32(block + 16), vds) && vds->have_lvd
            && !memcmp(vds->lvd + 216 + 1, "*OSTA UDF Compliant", 19))
        revision = get_le16(vds->lvd + 216 + 24);
    free(vds);
    return revision;
}

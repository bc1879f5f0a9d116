/*
 * libFuzzer target: the import of ISO 9660 / Joliet / UDF from a hostile disc
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

/* fuzz-sources: dlls/imapi2fs/fs_import.c dlls/imapi2fs/fs_tree.c */
/* fuzz-includes: dlls/imapi2fs */

/* A disc is mostly zeros, so the input describes only what is not:
 *
 *   byte 0      flags: bit 0 recomputes the checksum of every UDF descriptor
 *               tag found at the start of a block (so mutations of a tag's
 *               contents are not all stopped by it); bit 1 makes the read
 *               callback fail from the read numbered byte 3 on
 *   bytes 1-2   the disc's size: 1 + (little-endian value % 4096) blocks
 *   byte 3      see bit 1 of the flags
 *   then chunks: block (LE16), offset in the block (LE16, modulo 2048),
 *               length (LE16), then that many bytes written from there on
 *               (clipped to the input and the disc; later chunks win)
 *
 * Every file system is then identified and imported at session start 0.
 * The read callback aborts on a block at or beyond the disc's size; an
 * imported tree is checked (extents on the disc and as long as the file, a
 * failed import leaves the root empty) and freed. */

#include <stdlib.h>
#include <string.h>

#include "fsimage.h"
#include "imapi2fserror.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(x) do { if (!(x)) abort(); } while (0)

struct fuzz_disc
{
    struct fsi_disc disc;
    uint8_t *image;             /* the blocks below image_blocks; zeros above */
    uint32_t image_blocks;
    unsigned int reads, fail_at;
    bool fail;
};

static int32_t fuzz_read(struct fsi_disc *disc, uint32_t lba, uint32_t count, void *buf)
{
    struct fuzz_disc *fuzz = (struct fuzz_disc *)disc;
    uint32_t i;

    require(lba < disc->blocks && count <= disc->blocks - lba && count);
    if (fuzz->fail && fuzz->reads++ >= fuzz->fail_at) return FSI_E_FAIL;
    for (i = 0; i < count; i++)
    {
        uint8_t *dst = (uint8_t *)buf + (size_t)i * FSI_BLOCK_SIZE;

        if (lba + i < fuzz->image_blocks)
            memcpy(dst, fuzz->image + (size_t)(lba + i) * FSI_BLOCK_SIZE, FSI_BLOCK_SIZE);
        else
            memset(dst, 0, FSI_BLOCK_SIZE);
    }
    return FSI_S_OK;
}

static uint16_t le16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static void fix_tags(struct fuzz_disc *fuzz)
{
    uint32_t block;

    for (block = 0; block < fuzz->image_blocks; block++)
    {
        uint8_t *tag = fuzz->image + (size_t)block * FSI_BLOCK_SIZE, sum = 0;
        uint16_t id = le16(tag);
        unsigned int i;

        if (!((id >= 1 && id <= 9) || (id >= 256 && id <= 266))) continue;
        for (i = 0; i < 16; i++) if (i != 4) sum += tag[i];
        tag[4] = sum;
    }
}

static void check_tree(const struct fuzz_disc *fuzz, const struct fsi_node *dir, unsigned int depth)
{
    size_t i, j;

    require(depth <= 256);
    for (i = 0; i < dir->count; i++)
    {
        const struct fsi_node *node = dir->children[i];
        uint64_t total = 0;

        require(node->parent == dir && node->name[0]);
        if (i) require(fsi_name_compare(dir->children[i - 1]->name, node->name) < 0);
        if (node->is_dir)
        {
            check_tree(fuzz, node, depth + 1);
            continue;
        }
        if (node->source)
        {
            uint8_t buf[FSI_BLOCK_SIZE];

            require(node->size <= sizeof(buf) && !node->extent_count);
            require(!node->source->read(node->source, 0, buf, node->size));
            continue;
        }
        for (j = 0; j < node->extent_count; j++)
        {
            const struct fsi_extent *extent = &node->extents[j];
            uint64_t blocks = (extent->length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;

            require(extent->length && extent->lba + blocks <= fuzz->disc.blocks);
            total += extent->length;
        }
        require(total == node->size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned int systems[] = {FSI_FS_ISO9660, FSI_FS_JOLIET, FSI_FS_UDF};
    struct fuzz_disc fuzz = {{fuzz_read, 0}};
    uint16_t volume[33], empty[1] = {0};
    unsigned int found, i;
    size_t pos;
    int32_t hr;

    if (size < 4) return 0;
    fuzz.disc.blocks = 1 + le16(data + 1) % 4096;

    /* First pass: how many blocks the chunks touch. */
    for (pos = 4; pos + 6 <= size; )
    {
        uint32_t block = le16(data + pos), offset = le16(data + pos + 2) % FSI_BLOCK_SIZE;
        uint32_t length = le16(data + pos + 4), end;

        pos += 6;
        if (length > size - pos) length = size - pos;
        pos += length;
        if (block >= fuzz.disc.blocks) continue;
        end = (block * FSI_BLOCK_SIZE + offset + length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
        if (end > fuzz.disc.blocks) end = fuzz.disc.blocks;
        if (end > fuzz.image_blocks) fuzz.image_blocks = end;
    }
    if (fuzz.image_blocks && !(fuzz.image = calloc(fuzz.image_blocks, FSI_BLOCK_SIZE))) return 0;
    for (pos = 4; pos + 6 <= size; )
    {
        uint32_t block = le16(data + pos), offset = le16(data + pos + 2) % FSI_BLOCK_SIZE;
        size_t length = le16(data + pos + 4), start, room;

        pos += 6;
        if (length > size - pos) length = size - pos;
        if (block < fuzz.image_blocks)
        {
            start = (size_t)block * FSI_BLOCK_SIZE + offset;
            room = (size_t)fuzz.image_blocks * FSI_BLOCK_SIZE - start;
            memcpy(fuzz.image + start, data + pos, length < room ? length : room);
        }
        pos += length;
    }
    if (data[0] & 1) fix_tags(&fuzz);
    fuzz.fail = !!(data[0] & 2);
    fuzz.fail_at = data[3];

    hr = fsi_identify(&fuzz.disc, 0, &found);
    require(hr == FSI_S_OK || hr == IMAPI_E_IMPORT_READ_FAILURE);
    require(!(found & ~7u));

    for (i = 0; i < sizeof(systems) / sizeof(systems[0]); i++)
    {
        struct fsi_node *root = fsi_node_create(empty, true, 0);

        if (!root) break;
        hr = fsi_import(&fuzz.disc, 0, systems[i], root, volume);
        if (hr == FSI_S_OK)
        {
            require(fsi_name_length(volume) <= 32);
            check_tree(&fuzz, root, 0);
        }
        else
        {
            require(hr == IMAPI_E_FILE_SYSTEM_NOT_FOUND || hr == IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR
                    || hr == IMAPI_E_IMPORT_READ_FAILURE || hr == FSI_E_OUTOFMEMORY);
            require(!root->count);
        }
        fsi_node_destroy(root);
    }
    free(fuzz.image);
    return 0;
}

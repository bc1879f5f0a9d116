/*
 * Native driver for the import of ISO 9660 / Joliet / UDF sessions
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

/* Usage:
 *   import_test identify IMAGE [SESSION_START]
 *       prints the file systems found: "iso9660 joliet udf" (or "none")
 *   import_test list IMAGE FS [SESSION_START]
 *       prints the volume name and the imported tree, one line a node:
 *       "d PATH MTIME" or "f PATH SIZE MTIME [hidden] LBA+LENGTH..."
 *   import_test extract IMAGE FS SESSION_START OUTDIR
 *       writes every file's data, read through its extents, below OUTDIR
 * FS is iso9660, joliet or udf.  The image is the disc: block 0 is LBA 0.
 * Exits 1 on any error, printing the HRESULT. */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsimage.h"

struct file_disc
{
    struct fsi_disc disc;
    int fd;
};

static int32_t file_read(struct fsi_disc *disc, uint32_t lba, uint32_t count, void *buf)
{
    struct file_disc *file = (struct file_disc *)disc;
    size_t len = (size_t)count * FSI_BLOCK_SIZE;
    ssize_t done;

    if (lba >= disc->blocks || count > disc->blocks - lba)
    {
        fprintf(stderr, "read beyond the disc: %u+%u of %u blocks\n", lba, count, disc->blocks);
        abort();
    }
    done = pread(file->fd, buf, len, (off_t)lba * FSI_BLOCK_SIZE);
    return done == (ssize_t)len ? 0 : FSI_E_FAIL;
}

static void to_utf8(const uint16_t *s, char *out, size_t size)
{
    size_t n = 0;

    for (; *s && n + 5 < size; s++)
    {
        uint32_t c = *s;

        if (c >= 0xd800 && c < 0xdc00 && s[1] >= 0xdc00 && s[1] < 0xe000)
        {
            c = 0x10000 + ((c - 0xd800) << 10) + (s[1] - 0xdc00);
            s++;
        }
        if (c < 0x80) out[n++] = c;
        else if (c < 0x800)
        {
            out[n++] = 0xc0 | (c >> 6);
            out[n++] = 0x80 | (c & 0x3f);
        }
        else if (c < 0x10000)
        {
            out[n++] = 0xe0 | (c >> 12);
            out[n++] = 0x80 | ((c >> 6) & 0x3f);
            out[n++] = 0x80 | (c & 0x3f);
        }
        else
        {
            out[n++] = 0xf0 | (c >> 18);
            out[n++] = 0x80 | ((c >> 12) & 0x3f);
            out[n++] = 0x80 | ((c >> 6) & 0x3f);
            out[n++] = 0x80 | (c & 0x3f);
        }
    }
    out[n] = 0;
}

static void path_of(const struct fsi_node *node, char *out, size_t size)
{
    uint16_t *path = fsi_node_path(node), *p;

    if (!path)
    {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (p = path; *p; p++) if (*p == '\\') *p = '/';
    to_utf8(path, out, size);
    free(path);
}

static void format_time(fsi_time t, char *out, size_t size)
{
    time_t seconds = (time_t)((t - INT64_C(116444736000000000)) / 10000000);
    struct tm tm;

    if (!t || !gmtime_r(&seconds, &tm))
    {
        snprintf(out, size, "-");
        return;
    }
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A file's named streams: "s PATH:NAME SIZE [extents] [embedded]". */
static void list_streams(const struct fsi_node *file)
{
    char path[4096];
    size_t i, j;

    for (i = 0; i < file->stream_count; i++)
    {
        const struct fsi_node *stream = file->streams[i];

        path_of(stream, path, sizeof(path));
        printf("s %s %" PRIu64, path, stream->size);
        for (j = 0; j < stream->extent_count; j++)
            printf(" %u+%" PRIu64, stream->extents[j].lba, stream->extents[j].length);
        if (stream->source) printf(" embedded");
        printf("\n");
    }
}

static void list(const struct fsi_node *dir)
{
    char path[4096], mtime[64];
    size_t i, j;

    for (i = 0; i < dir->count; i++)
    {
        const struct fsi_node *node = dir->children[i];

        path_of(node, path, sizeof(path));
        format_time(node->modified, mtime, sizeof(mtime));
        if (node->is_dir)
        {
            printf("d %s %s%s\n", path, mtime, node->hidden ? " hidden" : "");
            list(node);
            continue;
        }
        printf("f %s %" PRIu64 " %s%s", path, node->size, mtime, node->hidden ? " hidden" : "");
        for (j = 0; j < node->extent_count; j++)
            printf(" %u+%" PRIu64, node->extents[j].lba, node->extents[j].length);
        if (node->source) printf(" embedded");
        printf("\n");
        list_streams(node);
    }
}

/* Writes a file's (or a named stream's) data to full. */
static int extract_data(struct fsi_disc *disc, const struct fsi_node *node, const char *full)
{
    uint64_t done = 0;
    uint8_t *buf;
    FILE *out;
    size_t j;

    if (!(out = fopen(full, "wb"))) return 1;
    if (node->source)
    {
        if (node->size && (!(buf = malloc(node->size)) || node->source->read(node->source, 0, buf, node->size)
                || fwrite(buf, 1, node->size, out) != node->size))
            return 1;
        if (node->size) free(buf);
        fclose(out);
        return 0;
    }
    for (j = 0; j < node->extent_count; j++)
    {
        uint64_t length = node->extents[j].length;
        uint32_t lba = node->extents[j].lba;

        if (!(buf = malloc(FSI_BLOCK_SIZE))) return 1;
        while (length)
        {
            uint32_t n = length < FSI_BLOCK_SIZE ? length : FSI_BLOCK_SIZE;

            if (disc->read(disc, lba++, 1, buf) || fwrite(buf, 1, n, out) != n) return 1;
            length -= n;
            done += n;
        }
        free(buf);
    }
    fclose(out);
    if (done != node->size)
    {
        fprintf(stderr, "%s: extents hold %" PRIu64 " bytes, size %" PRIu64 "\n", full, done, node->size);
        return 1;
    }
    return 0;
}

/* Files are written to OUTDIR/PATH, their named streams to OUTDIR/PATH:NAME. */
static int extract(struct fsi_disc *disc, const struct fsi_node *dir, const char *outdir)
{
    char path[4096], full[8192];
    size_t i, j;

    for (i = 0; i < dir->count; i++)
    {
        const struct fsi_node *node = dir->children[i];

        path_of(node, path, sizeof(path));
        snprintf(full, sizeof(full), "%s%s", outdir, path);
        if (node->is_dir)
        {
            if (mkdir(full, 0755) && errno != EEXIST) return 1;
            if (extract(disc, node, outdir)) return 1;
            continue;
        }
        if (extract_data(disc, node, full)) return 1;
        for (j = 0; j < node->stream_count; j++)
        {
            path_of(node->streams[j], path, sizeof(path));
            snprintf(full, sizeof(full), "%s%s", outdir, path);
            if (extract_data(disc, node->streams[j], full)) return 1;
        }
    }
    return 0;
}

/* Writes IMAGE and, after its last block, a second session: the imported
 * tree laid out again as UDF of the imported revision, its files and named
 * streams pointing to their data in the first session. */
static int append(struct file_disc *file, struct fsi_node *root, const uint16_t *volume, const char *out_path)
{
    struct fsi_options options;
    struct fsi_layout *layout;
    uint8_t buf[FSI_BLOCK_SIZE];
    uint32_t i, blocks;
    int32_t hr;
    int out;

    memset(&options, 0, sizeof(options));
    options.file_systems = FSI_FS_UDF;
    options.udf_revision = fsi_udf_revision(&file->disc, 0);
    options.session_start = file->disc.blocks;
    options.created = INT64_C(133000000000000000);
    memcpy(options.volume_name, volume, sizeof(options.volume_name));
    if ((hr = fsi_layout_create(root, &options, &layout)))
    {
        fprintf(stderr, "fsi_layout_create: %#x\n", (unsigned int)hr);
        return 1;
    }
    if ((out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) return 1;
    for (i = 0; i < file->disc.blocks; i++)
        if (file_read(&file->disc, i, 1, buf) || write(out, buf, sizeof(buf)) != sizeof(buf)) return 1;
    blocks = fsi_layout_blocks(layout);
    for (i = 0; i < blocks; i++)
        if (fsi_layout_read(layout, (uint64_t)i * FSI_BLOCK_SIZE, buf, sizeof(buf))
                || write(out, buf, sizeof(buf)) != sizeof(buf))
            return 1;
    fsi_layout_destroy(layout);
    return close(out);
}

static unsigned int parse_fs(const char *name)
{
    if (!strcmp(name, "iso9660")) return FSI_FS_ISO9660;
    if (!strcmp(name, "joliet")) return FSI_FS_JOLIET;
    if (!strcmp(name, "udf")) return FSI_FS_UDF;
    fprintf(stderr, "unknown file system %s\n", name);
    exit(2);
}

int main(int argc, char **argv)
{
    struct file_disc file;
    struct fsi_node *root;
    uint16_t volume[33], empty[1] = {0};
    unsigned int fs, found;
    uint32_t session = 0;
    char name[256];
    struct stat st;
    int32_t hr;

    if (argc < 3)
    {
        fprintf(stderr, "usage: %s identify|list|extract|append IMAGE [FS] [SESSION_START] [OUTDIR|OUT]\n",
                argv[0]);
        return 2;
    }
    if ((file.fd = open(argv[2], O_RDONLY)) < 0 || fstat(file.fd, &st))
    {
        perror(argv[2]);
        return 1;
    }
    file.disc.read = file_read;
    file.disc.blocks = st.st_size / FSI_BLOCK_SIZE;

    if (!strcmp(argv[1], "identify"))
    {
        if (argc > 3) session = strtoul(argv[3], NULL, 0);
        if ((hr = fsi_identify(&file.disc, session, &found)))
        {
            printf("error %#x\n", (unsigned int)hr);
            return 1;
        }
        if (!found) printf("none");
        if (found & FSI_FS_ISO9660) printf("iso9660 ");
        if (found & FSI_FS_JOLIET) printf("joliet ");
        if (found & FSI_FS_UDF) printf("udf ");
        printf("\n");
        return 0;
    }

    if (argc < 4) return 2;
    fs = parse_fs(argv[3]);
    if (argc > 4) session = strtoul(argv[4], NULL, 0);
    if (!(root = fsi_node_create(empty, true, 0))) return 1;
    if ((hr = fsi_import(&file.disc, session, fs, root, volume)))
    {
        printf("error %#x\n", (unsigned int)hr);
        if (root->count) printf("root not left empty\n");
        fsi_node_destroy(root);
        return 1;
    }
    if (!strcmp(argv[1], "list"))
    {
        to_utf8(volume, name, sizeof(name));
        printf("volume %s\n", name);
        list(root);
    }
    else if (!strcmp(argv[1], "extract") && argc > 5)
    {
        if (extract(&file.disc, root, argv[5]))
        {
            fprintf(stderr, "extract failed\n");
            fsi_node_destroy(root);
            return 1;
        }
    }
    else if (!strcmp(argv[1], "append") && argc > 5)
    {
        if (append(&file, root, volume, argv[5]))
        {
            fprintf(stderr, "append failed\n");
            fsi_node_destroy(root);
            return 1;
        }
    }
    else return 2;
    fsi_node_destroy(root);
    close(file.fd);
    return 0;
}

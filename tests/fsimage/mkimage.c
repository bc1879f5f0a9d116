/*
 * Native driver of the image engine: lays out a host directory tree and
 * writes the image, for checks with ISO readers we did not write.
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

/* mkimage [-o OUT] [-J] [-U [-udfrev REV]] [-noiso] [-level N] [-V NAME] [-start LBA] [-max BLOCKS]
 *         [-hide NAME] [-fail NAME] [-extent NAME=LBA:SIZE]... [-list] [-reread] [-expect HRESULT]
 *         [-boot FILE [-emul none|floppy144|hd] [-efi] [-id TEXT]]... SRC
 *
 * -noiso: no ISO 9660 (with -U alone: a UDF-only image).
 * -expect HR: succeed only when fsi_layout_create() fails with HR.
 * -extent NAME=LBA:SIZE: a root file with data already on the disc.
 * -reread: read the layout again at random unaligned places, compare.
 * -fail NAME: reads of files with this name fail.
 * -list: print each file's absolute first block and block count.
 * -hide NAME: nodes with this name get the hidden flag.
 * Zero chunks are skipped with lseek, so sparse inputs give sparse images. */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsimage.h"
#include "imapi2fserror.h"

#define CHUNK 65536

struct host_source
{
    struct fsi_source iface;
    int fd;
    bool fail;
    unsigned int refcount;
};

static const char *fail_name;

static int32_t host_read(struct fsi_source *iface, uint64_t offset, void *buf, uint32_t len)
{
    struct host_source *source = (struct host_source *)iface;
    uint8_t *p = buf;
    off_t data;

    if (source->fail) return IMAPI_E_DATA_STREAM_READ_FAILURE;
    /* A hole of a sparse file reads as zeros without copying them. */
    data = lseek(source->fd, offset, SEEK_DATA);
    if (data >= 0 && (uint64_t)data >= offset + len)
    {
        memset(buf, 0, len);
        return FSI_S_OK;
    }
    while (len)
    {
        ssize_t ret = pread(source->fd, p, len, offset);

        if (ret < 0 && errno == EINTR) continue;
        if (ret < 0) return IMAPI_E_DATA_STREAM_READ_FAILURE;
        if (!ret) return IMAPI_E_DATA_STREAM_INCONSISTENCY;
        p += ret;
        offset += ret;
        len -= ret;
    }
    return FSI_S_OK;
}

static void host_addref(struct fsi_source *iface)
{
    ((struct host_source *)iface)->refcount++;
}

static void host_release(struct fsi_source *iface)
{
    struct host_source *source = (struct host_source *)iface;

    if (--source->refcount) return;
    close(source->fd);
    free(source);
}

static struct fsi_source *host_source_open(const char *path, uint64_t *size)
{
    struct host_source *source;
    struct stat st;
    int fd;

    if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st))
    {
        perror(path);
        exit(1);
    }
    if (!(source = calloc(1, sizeof(*source)))) exit(1);
    source->iface.read = host_read;
    source->iface.addref = host_addref;
    source->iface.release = host_release;
    source->fd = fd;
    source->refcount = 1;
    *size = st.st_size;
    return &source->iface;
}

/* UTF-8 to UTF-16 (invalid bytes become U+FFFD). */
static uint16_t *to_utf16(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    uint16_t *out = malloc((strlen(text) + 1) * 2 * sizeof(uint16_t)), *p = out;

    if (!out) exit(1);
    while (*s)
    {
        uint32_t c = *s++;
        int more = 0;

        if (c >= 0xf0) { c &= 7; more = 3; }
        else if (c >= 0xe0) { c &= 15; more = 2; }
        else if (c >= 0xc0) { c &= 31; more = 1; }
        else if (c >= 0x80) c = 0xfffd;
        while (more-- && (*s & 0xc0) == 0x80) c = c << 6 | (*s++ & 0x3f);
        if (c >= 0x10000)
        {
            c -= 0x10000;
            *p++ = 0xd800 | c >> 10;
            *p++ = 0xdc00 | (c & 0x3ff);
        }
        else *p++ = c;
    }
    *p = 0;
    return out;
}

static fsi_time to_filetime(const struct timespec *ts)
{
    return ((fsi_time)ts->tv_sec + 11644473600ll) * 10000000 + ts->tv_nsec / 100;
}

static const char *hidden_name;

static void usage(void);

static void add_tree(struct fsi_node *dir, const char *path)
{
    struct dirent *entry;
    DIR *d;

    if (!(d = opendir(path)))
    {
        perror(path);
        exit(1);
    }
    while ((entry = readdir(d)))
    {
        struct fsi_node *node;
        struct stat st;
        uint16_t *name;
        char *child;
        int32_t hr;

        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..")) continue;
        if (asprintf(&child, "%s/%s", path, entry->d_name) < 0 || stat(child, &st)) exit(1);
        name = to_utf16(entry->d_name);
        if (!(node = fsi_node_create(name, S_ISDIR(st.st_mode), to_filetime(&st.st_mtim)))) exit(1);
        free(name);
        node->hidden = hidden_name && !strcmp(hidden_name, entry->d_name);
        if ((hr = fsi_node_attach(dir, node)))
        {
            fprintf(stderr, "attach %s: %#x\n", child, (unsigned int)hr);
            exit(1);
        }
        if (S_ISDIR(st.st_mode)) add_tree(node, child);
        else
        {
            uint64_t size;
            struct fsi_source *source = host_source_open(child, &size);

            ((struct host_source *)source)->fail = fail_name && !strcmp(fail_name, entry->d_name);
            fsi_node_set_source(node, source, size);
            source->release(source);
        }
        free(child);
    }
    closedir(d);
}

/* Reads the layout again at unaligned offsets and lengths, compared with
 * what was written, and past its end (an error). */
static bool reread_check(struct fsi_layout *layout, const char *path)
{
    uint64_t total = (uint64_t)fsi_layout_blocks(layout) * FSI_BLOCK_SIZE, state = 12345;
    uint8_t *a = malloc(3 * CHUNK), *b = malloc(3 * CHUNK);
    bool ok = true;
    int fd, n;

    if (!a || !b || (fd = open(path, O_RDONLY)) < 0) return false;
    for (n = 0; n < 3000 && ok; n++)
    {
        uint64_t offset;
        uint32_t len;
        int32_t hr;

        state = state * 6364136223846793005ull + 1442695040888963407ull;
        offset = (state >> 11) % total;
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        len = (state >> 33) % (3 * CHUNK);
        if (n % 3 == 0) len %= 5000;
        if (len > total - offset) len = total - offset;
        if ((hr = fsi_layout_read(layout, offset, a, len)))
        {
            fprintf(stderr, "reread %llu+%u: %#x\n", (unsigned long long)offset, len, (unsigned int)hr);
            ok = false;
        }
        else if (pread(fd, b, len, offset) != (ssize_t)len || memcmp(a, b, len))
        {
            fprintf(stderr, "reread %llu+%u: different bytes\n", (unsigned long long)offset, len);
            ok = false;
        }
    }
    if (fsi_layout_read(layout, total, a, 0) != FSI_S_OK
            || fsi_layout_read(layout, total - 1, a, 2) != FSI_E_INVALIDARG
            || fsi_layout_read(layout, total + 1, a, 0) != FSI_E_INVALIDARG)
    {
        fprintf(stderr, "reread: reads at the end\n");
        ok = false;
    }
    close(fd);
    free(a);
    free(b);
    return ok;
}

/* Writes the image in chunks; zero chunks are left as holes. */
static int write_image(struct fsi_layout *layout, const char *path)
{
    uint64_t offset, total = (uint64_t)fsi_layout_blocks(layout) * FSI_BLOCK_SIZE;
    uint8_t *buf = malloc(CHUNK);
    int fd, status = 0;
    int32_t hr;

    if (!buf) return 1;
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
    {
        perror(path);
        free(buf);
        return 1;
    }
    for (offset = 0; offset < total && !status; offset += CHUNK)
    {
        uint32_t len = total - offset < CHUNK ? total - offset : CHUNK;

        if ((hr = fsi_layout_read(layout, offset, buf, len)))
        {
            fprintf(stderr, "fsi_layout_read: %#x\n", (unsigned int)hr);
            status = 1;
        }
        else if (!buf[0] && !memcmp(buf, buf + 1, len - 1)) continue;
        else if (pwrite(fd, buf, len, offset) != (ssize_t)len)
        {
            perror(path);
            status = 1;
        }
    }
    if (!status && ftruncate(fd, total))
    {
        perror(path);
        status = 1;
    }
    close(fd);
    free(buf);
    return status;
}

/* NAME=LBA:SIZE: a file of the root whose data is already on the disc. */
static void add_extent(struct fsi_node *root, const char *arg)
{
    char name[256];
    unsigned long long lba, size;
    struct fsi_node *node;
    uint16_t *wname;

    if (sscanf(arg, "%255[^=]=%llu:%llu", name, &lba, &size) != 3) usage();
    wname = to_utf16(name);
    if (!(node = fsi_node_create(wname, false, 133000000000000000ll))) exit(1);
    free(wname);
    if (!(node->extents = malloc(sizeof(*node->extents)))) exit(1);
    node->extents[0].lba = lba;
    node->extents[0].length = size;
    node->extent_count = 1;
    node->size = size;
    if (fsi_node_attach(root, node)) exit(1);
}

/* FILE:NAME:HOSTFILE: a named stream NAME of FILE (a path below SRC, '/'
 * separated) with the bytes of HOSTFILE. */
static void add_stream(struct fsi_node *root, const char *arg)
{
    char path[1024], name[256], host[1024], *p, *save = NULL;
    struct fsi_source *source;
    struct fsi_node *node = root, *stream;
    uint16_t *wname;
    uint64_t size;
    int32_t hr;

    if (sscanf(arg, "%1023[^:]:%255[^:]:%1023s", path, name, host) != 3) usage();
    for (p = strtok_r(path, "/", &save); p && node; p = strtok_r(NULL, "/", &save))
    {
        wname = to_utf16(p);
        node = fsi_node_find(node, wname);
        free(wname);
    }
    if (!node || node->is_dir)
    {
        fprintf(stderr, "-stream %s: no such file\n", arg);
        exit(1);
    }
    wname = to_utf16(name);
    if (!(stream = fsi_node_create(wname, false, 133000000000000000ll))) exit(1);
    free(wname);
    stream->is_stream = true;
    source = host_source_open(host, &size);
    fsi_node_set_source(stream, source, size);
    source->release(source);
    if ((hr = fsi_node_attach(node, stream)))
    {
        fprintf(stderr, "-stream %s: %#x\n", arg, (unsigned int)hr);
        exit(1);
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: mkimage [-o OUT] [-J] [-U] [-level N] [-V NAME] [-start LBA] [-max BLOCKS] "
            "[-hide NAME] [-list] [-expect HR] [-stream FILE:NAME:HOSTFILE]... "
            "[-boot FILE [-emul none|floppy144|hd] [-efi] [-id TEXT]]... SRC\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct fsi_options options = {0};
    struct fsi_boot boots[8];
    const char *out_path = NULL, *src = NULL;
    struct fsi_layout *layout;
    struct fsi_node *root;
    bool list = false, has_expect = false, reread = false;
    uint32_t expect = 0;
    const char *extent_args[8], *stream_args[8];
    unsigned int extent_count = 0, stream_count = 0, k;
    uint16_t empty = 0;
    int32_t hr;
    int i, status = 0;
    size_t j;

    options.file_systems = FSI_FS_ISO9660;
    options.iso_level = 2;
    options.created = 133000000000000000ll;
    memset(boots, 0, sizeof(boots));
    for (i = 1; i < argc; i++)
    {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(arg, "-J")) options.file_systems |= FSI_FS_JOLIET;
        else if (!strcmp(arg, "-U")) options.file_systems |= FSI_FS_UDF, options.udf_revision = 0x102;
        else if (!strcmp(arg, "-list")) list = true;
        else if (!strcmp(arg, "-reread")) reread = true;
        else if (!strcmp(arg, "-noiso")) options.file_systems &= ~FSI_FS_ISO9660;
        else if (!strcmp(arg, "-efi") && options.boot_count) boots[options.boot_count - 1].platform = 0xef;
        else if (arg[0] != '-' && !src) src = arg;
        else if (!value) usage();
        else if (!strcmp(arg, "-o")) out_path = argv[++i];
        else if (!strcmp(arg, "-level")) options.iso_level = atoi(argv[++i]);
        else if (!strcmp(arg, "-start")) options.session_start = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(arg, "-max")) options.max_blocks = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(arg, "-udfrev")) options.udf_revision = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(arg, "-hide")) hidden_name = argv[++i];
        else if (!strcmp(arg, "-fail")) fail_name = argv[++i];
        else if (!strcmp(arg, "-extent"))
        {
            if (extent_count == 8) usage();
            extent_args[extent_count++] = argv[++i];
        }
        else if (!strcmp(arg, "-stream"))
        {
            if (stream_count == 8) usage();
            stream_args[stream_count++] = argv[++i];
        }
        else if (!strcmp(arg, "-expect")) has_expect = true, expect = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(arg, "-V"))
        {
            uint16_t *name = to_utf16(argv[++i]);
            size_t len = fsi_name_length(name);

            if (len > 32) len = 32;
            memcpy(options.volume_name, name, len * sizeof(uint16_t));
            free(name);
        }
        else if (!strcmp(arg, "-boot"))
        {
            struct fsi_boot *boot;

            if (options.boot_count == 8) usage();
            boot = &boots[options.boot_count++];
            boot->image = host_source_open(argv[++i], &boot->image_size);
            strcpy(boot->manufacturer, "imapi2 for Wine");
        }
        else if (!strcmp(arg, "-id") && options.boot_count)
            snprintf(boots[options.boot_count - 1].manufacturer, 25, "%s", argv[++i]);
        else if (!strcmp(arg, "-emul") && options.boot_count)
        {
            struct fsi_boot *boot = &boots[options.boot_count - 1];

            value = argv[++i];
            if (!strcmp(value, "none")) boot->emulation = FSI_BOOT_NONE;
            else if (!strcmp(value, "floppy144")) boot->emulation = FSI_BOOT_FLOPPY_144M;
            else if (!strcmp(value, "hd")) boot->emulation = FSI_BOOT_HARD_DISK;
            else usage();
        }
        else usage();
    }
    if (!src) usage();
    if (options.boot_count) options.boot = boots;

    if (!(root = fsi_node_create(&empty, true, options.created))) return 1;
    add_tree(root, src);
    for (k = 0; k < extent_count; k++) add_extent(root, extent_args[k]);
    for (k = 0; k < stream_count; k++) add_stream(root, stream_args[k]);

    hr = fsi_layout_create(root, &options, &layout);
    if (has_expect)
    {
        if (!hr) fsi_layout_destroy(layout);
        fsi_node_destroy(root);
        for (j = 0; j < options.boot_count; j++) boots[j].image->release(boots[j].image);
        if ((uint32_t)hr == expect) return 0;
        fprintf(stderr, "fsi_layout_create: expected %#x, got %#x\n", (unsigned int)expect, (unsigned int)hr);
        return 1;
    }
    if (hr)
    {
        fprintf(stderr, "fsi_layout_create: %#x\n", (unsigned int)hr);
        return 1;
    }
    if (list)
    {
        for (j = 0; j < fsi_layout_file_count(layout); j++)
        {
            const struct fsi_layout_file *file = fsi_layout_file(layout, j);
            uint16_t *path = fsi_node_path(file->node);
            size_t k;

            for (k = 0; path[k]; k++) putchar(path[k] == '\\' ? '/' : path[k] < 0x80 ? path[k] : '?');
            printf(" %u %u\n", file->first_block, file->block_count);
            free(path);
        }
    }

    if (out_path && !(status = write_image(layout, out_path)) && reread && !reread_check(layout, out_path))
        status = 1;

    fsi_layout_destroy(layout);
    fsi_node_destroy(root);
    for (j = 0; j < options.boot_count; j++) boots[j].image->release(boots[j].image);
    return status;
}

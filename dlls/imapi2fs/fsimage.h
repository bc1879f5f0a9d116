/*
 * File system image engine: the tree, the ISO 9660 / Joliet / UDF layout
 * streamed block by block, and the import of an existing session.
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

/* Plain C11 with fixed-width types, like dlls/imapi2/mmc.c: no COM, no
 * windows.h, no I/O of its own.  It builds natively (unit tests, fuzzers,
 * reader checks) and inside the PE DLL.  The COM objects of imapi2fs.dll
 * wrap these structures; file data and disc blocks are reached through the
 * callbacks below, never read here directly.
 *
 * Errors are HRESULTs (int32_t): 0 (S_OK) or an IMAPI_E_* code of
 * imapi2fserror.h, E_OUTOFMEMORY (0x8007000e) or E_INVALIDARG (0x80070057). */

#ifndef __WINE_IMAPI2FS_FSIMAGE_H
#define __WINE_IMAPI2FS_FSIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSI_BLOCK_SIZE      2048

#define FSI_S_OK            ((int32_t)0)
#define FSI_E_OUTOFMEMORY   ((int32_t)0x8007000e)
#define FSI_E_INVALIDARG    ((int32_t)0x80070057)
#define FSI_E_FAIL          ((int32_t)0x80004005)

/* The values of FsiFileSystems. */
#define FSI_FS_ISO9660      0x1
#define FSI_FS_JOLIET       0x2
#define FSI_FS_UDF          0x4

/* Times are FILETIME ticks: 100 ns units since 1601-01-01 UTC. */
typedef int64_t fsi_time;

/* A file's bytes, wherever they come from.  read() fills buf with len bytes
 * from offset (offset + len <= the node's size) and returns S_OK or an error;
 * a short source is an error (IMAPI_E_DATA_STREAM_INCONSISTENCY). */
struct fsi_source
{
    int32_t (*read)(struct fsi_source *source, uint64_t offset, void *buf, uint32_t len);
    void (*addref)(struct fsi_source *source);
    void (*release)(struct fsi_source *source);
};

/* A run of blocks already on the disc (an imported file's data). */
struct fsi_extent
{
    uint32_t lba;
    uint64_t length;            /* bytes */
};

struct fsi_node
{
    struct fsi_node *parent;
    uint16_t *name;             /* UTF-16, NUL-terminated; "" for the root */
    bool is_dir;
    bool is_stream;             /* a named stream of its parent, a file */
    bool hidden;
    fsi_time created, accessed, modified;

    /* Directories: the children sorted by fsi_name_compare(). */
    struct fsi_node **children;
    size_t count, capacity;

    /* Files: the size, and either a source (new data) or the extents the
     * data has on the disc (imported from an earlier session). */
    uint64_t size;
    struct fsi_source *source;
    struct fsi_extent *extents;
    size_t extent_count;

    /* Files: the named streams (UDF 2.00 and later), in the order they were
     * added.  A stream is a file node with is_stream set, its parent the
     * file; it has data (a source or extents) and no streams of its own. */
    struct fsi_node **streams;
    size_t stream_count, stream_capacity;

    void *user;                 /* the COM object wrapping this node, if any */
    unsigned int holds;         /* kept by the COM layer (its undo log); unused here */
};

/* --- The tree (fs_tree.c) ---------------------------------------------- */

/* Names compare without regard to case (the simple upper-case mapping of
 * Basic Latin and Latin-1), as Windows compares file names. */
int fsi_name_compare(const uint16_t *a, const uint16_t *b);
size_t fsi_name_length(const uint16_t *name);

/* New unattached node; name is copied.  NULL on out of memory. */
struct fsi_node *fsi_node_create(const uint16_t *name, bool is_dir, fsi_time now);
/* Frees the node and, for a directory, everything under it (detach first). */
void fsi_node_destroy(struct fsi_node *node);
/* Attaches child to dir: IMAPI_E_DUP_NAME when the name exists (whatever
 * its case), IMAPI_E_NOT_DIR when dir is a file.  A stream node (is_stream)
 * is added to the streams of a file instead: IMAPI_E_DUP_NAME when the file
 * has a stream of that name, FSI_E_INVALIDARG when "dir" is not a file or is
 * a stream itself. */
int32_t fsi_node_attach(struct fsi_node *dir, struct fsi_node *child);
/* Detaches a node (a stream too) from its parent (no-op for an unattached node). */
void fsi_node_detach(struct fsi_node *node);
/* The child called name, or NULL. */
struct fsi_node *fsi_node_find(const struct fsi_node *dir, const uint16_t *name);
/* The named stream of a file called name, or NULL. */
struct fsi_node *fsi_node_find_stream(const struct fsi_node *file, const uint16_t *name);
/* Gives a file node its data (takes a reference; drops extents). */
void fsi_node_set_source(struct fsi_node *file, struct fsi_source *source, uint64_t size);
/* Number of files and directories below dir (dir itself not counted). */
void fsi_node_count(const struct fsi_node *dir, uint64_t *files, uint64_t *dirs);
/* Depth of a node: 0 for the root, 1 for its children, ... */
unsigned int fsi_node_depth(const struct fsi_node *node);
/* The path from the root, "\\dir\\file" style ("\\dir\\file:stream" for a
 * named stream); caller frees.  "\\" for the root. */
uint16_t *fsi_node_path(const struct fsi_node *node);

/* --- The layout (fs_layout.c, fs_iso9660.c, fs_udf.c) -------------------- */

enum fsi_boot_emulation
{
    FSI_BOOT_NONE = 0,          /* the values of EmulationType */
    FSI_BOOT_FLOPPY_12M = 1,
    FSI_BOOT_FLOPPY_144M = 2,
    FSI_BOOT_FLOPPY_288M = 3,
    FSI_BOOT_HARD_DISK = 4,
};

struct fsi_boot
{
    struct fsi_source *image;   /* the boot image's bytes */
    uint64_t image_size;
    uint8_t platform;           /* PlatformId: 0 x86, 0xef EFI, 1 PowerPC, 2 Mac */
    uint8_t emulation;          /* enum fsi_boot_emulation */
    uint16_t load_segment;      /* 0 = 0x7c0 */
    uint16_t load_sectors;      /* 512-byte sectors loaded (no emulation); 0 = 4 */
    char manufacturer[25];      /* ID string of the validation entry */
};

struct fsi_options
{
    unsigned int file_systems;  /* FSI_FS_* */
    unsigned int iso_level;     /* ISO 9660 interchange level 1, 2 or 3 */
    unsigned int udf_revision;  /* 0x102, 0x150, 0x200, 0x201, 0x250 */
    uint32_t session_start;     /* LBA of the image's first block on the disc */
    uint32_t max_blocks;        /* 0: no limit; else IMAPI_E_IMAGE_TOO_BIG above it */
    uint16_t volume_name[33];   /* UTF-16, NUL-terminated, at most 32 characters */
    fsi_time created;           /* the volume's creation time */
    struct fsi_boot *boot;      /* El Torito boot entries; NULL: none */
    unsigned int boot_count;
    /* Multisession: the previous session's volume descriptors' location, or
     * 0 for a first session.  Used for nothing but descriptors that must
     * point backwards (UDF's previous VAT / integrity); may be ignored. */
    uint32_t previous_session_start;
};

/* One file's data inside the image: the progress items of the result. */
struct fsi_layout_file
{
    const struct fsi_node *node;
    uint32_t first_block;       /* absolute LBA (session_start based) */
    uint32_t block_count;
};

struct fsi_layout;

/* Lays out the tree.  The nodes and sources must stay alive and unchanged
 * while the layout exists (the COM layer freezes them by reference). */
int32_t fsi_layout_create(const struct fsi_node *root, const struct fsi_options *options,
                          struct fsi_layout **layout);
void fsi_layout_destroy(struct fsi_layout *layout);
/* The image size in blocks, counted from session_start. */
uint32_t fsi_layout_blocks(const struct fsi_layout *layout);
/* Reads the image: len bytes from byte offset (both any value; past the end
 * reads zeros is an error: FSI_E_INVALIDARG).  File data is read through the
 * sources as it is reached: the image is never held in memory. */
int32_t fsi_layout_read(struct fsi_layout *layout, uint64_t offset, void *buf, uint32_t len);
/* The files with data in this image, in block order. */
size_t fsi_layout_file_count(const struct fsi_layout *layout);
const struct fsi_layout_file *fsi_layout_file(const struct fsi_layout *layout, size_t index);

/* The identifier a node gets in file system fs (FSI_FS_ISO9660 or
 * FSI_FS_JOLIET) of a layout of the tree under root, or its path of such
 * identifiers ("\\DIR\\FILE.TXT;1") when full_path; caller frees. */
uint16_t *fsi_layout_name(const struct fsi_node *root, const struct fsi_node *node, unsigned int fs,
                          unsigned int iso_level, bool full_path);
/* The volume identifier a layout writes for fs from name (NULL: none given). */
uint16_t *fsi_volume_name(const uint16_t *name, unsigned int fs);

/* --- Import of an existing session (fs_import.c) -------------------------- */

/* Reads count blocks from lba of the disc into buf. */
struct fsi_disc
{
    int32_t (*read)(struct fsi_disc *disc, uint32_t lba, uint32_t count, void *buf);
    uint32_t blocks;            /* the disc's readable size: nothing beyond is read */
};

/* The file systems present in the session starting at session_start
 * (FSI_FS_* bits; 0 when none; an error only when reading fails). */
int32_t fsi_identify(struct fsi_disc *disc, uint32_t session_start, unsigned int *file_systems);
/* Imports the tree of file system fs (one FSI_FS_* bit) into root, which
 * must be an empty directory; files get extents, not sources.  A malformed
 * file system gives IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, never a
 * read outside the disc or a loop.  volume_name receives the volume label. */
int32_t fsi_import(struct fsi_disc *disc, uint32_t session_start, unsigned int fs,
                   struct fsi_node *root, uint16_t volume_name[33]);

/* The UDF revision (0x102 ... 0x260) of the session's UDF volume, 0 if none. */
uint16_t fsi_udf_revision(struct fsi_disc *disc, uint32_t session_start);

#endif /* __WINE_IMAPI2FS_FSIMAGE_H */

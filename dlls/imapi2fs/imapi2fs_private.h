/*
 * IMAPI2 file system image: private declarations shared by the objects.
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

#ifndef __IMAPI2FS_PRIVATE_H
#define __IMAPI2FS_PRIVATE_H

#include <stdarg.h>
#include <stdlib.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"

#include "imapi2.h"
#include "imapi2fs.h"
#include "imapi2error.h"
#include "imapi2fserror.h"

#include "events.h"
#include "fsimage.h"

/* Dual interfaces whose IDispatch goes through the type library. */
#define TID_LIST \
    XDIID(IFileSystemImage3) \
    XDIID(IFsiDirectoryItem2) \
    XDIID(IFsiFileItem2) \
    XDIID(IFileSystemImageResult2) \
    XDIID(IProgressItem) \
    XDIID(IProgressItems) \
    XDIID(IBootOptions) \
    XDIID(IIsoImageManager) \
    XDIID(IFsiNamedStreams) \
    XDIID(IBlockRange) \
    XDIID(IBlockRangeList)

typedef enum
{
#define XDIID(iface) iface##_tid,
TID_LIST
#undef XDIID
    LAST_tid
} tid_t;

HRESULT dispatch_get_type_info(tid_t tid, UINT index, ITypeInfo **typeinfo);
HRESULT dispatch_get_ids_of_names(tid_t tid, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids);
HRESULT dispatch_invoke(tid_t tid, void *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err);

/* What the image engine writes and reads. */
#define FSI_SUPPORTED           (FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF)
#define FSI_SUPPORTED_IMPORT    (FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF)

/* Live objects, for DllCanUnloadNow. */
void lock_module(void);
void unlock_module(void);

/* Object constructors: create the object and query it for riid. */
HRESULT file_system_image_create(REFIID riid, void **out);
HRESULT boot_options_create(REFIID riid, void **out);
HRESULT iso_image_manager_create(REFIID riid, void **out);

/* The image (filesystemimage.c): owns the tree and the lock every item of
 * the tree takes.  Items hold a reference on the image. */
struct file_system_image;

CRITICAL_SECTION *image_lock(struct file_system_image *image);
struct fsi_node *image_root(struct file_system_image *image);
/* IMAPI_E_RESTRICTED_NAME_VIOLATION under UseRestrictedCharacterSet. */
HRESULT image_check_restricted_name(struct file_system_image *image, const WCHAR *name);
/* The name (or full path) a node gets in one file system of the image. */
HRESULT image_file_system_name(struct file_system_image *image, const struct fsi_node *node,
        FsiFileSystems fs, BOOL full_path, BSTR *value);
IFileSystemImage3 *image_iface(struct file_system_image *image);
/* Which file systems name checks apply to (FileSystemsToCreate). */
unsigned int image_file_systems(struct file_system_image *image);
/* Whether node is in the image's tree (a named stream: its file is).  Image lock held. */
BOOL image_contains(struct file_system_image *image, const struct fsi_node *node);
/* Whether the image writes named streams: UDF 2.00 or later among FileSystemsToCreate. */
BOOL image_has_named_streams(struct file_system_image *image);
/* The image holds a file system imported from a disc or an image (call with
 * image_lock held). */
BOOL image_is_imported(struct file_system_image *image);
/* Fires DFileSystemImageEvents::Update (outside the lock). */
void image_fire_update(struct file_system_image *image, const WCHAR *file, LONG copied, LONG total);
/* With StageFiles set, replaces *SOURCE, a host file's data being added, with
 * a copy in the image's stash file (IMAPI_E_STASHFILE_*: nothing replaced). */
HRESULT image_stage(struct file_system_image *image, struct fsi_source **source, ULONGLONG size);
/* The current time as FILETIME ticks. */
fsi_time fsi_now(void);

/* Change points (filesystemimage.c): every change of the image's tree (a
 * node attached or detached, a named stream added to or removed from its
 * file (fsi_node_attach() and fsi_node_detach() of a stream node, logged as
 * such), a file's data, a node's times or hidden flag, an import) is one change, kept in an undo log until LockInChangePoint.
 * Changes of nodes outside the tree (an item not yet added, or removed) are
 * not the image's and are not counted.  Called with the image lock held,
 * the log functions never fail (the history is dropped when memory runs out).
 * The log holds (node->holds) every node it names, so that a detached node
 * lives on until the log lets it go. */
/* node has just been attached to its parent. */
void image_log_attach(struct file_system_image *image, struct fsi_node *node);
/* node is about to be detached from its parent. */
void image_log_detach(struct file_system_image *image, struct fsi_node *node);
/* node's times and hidden flag are about to change. */
void image_log_attributes(struct file_system_image *image, struct fsi_node *node);
/* Gives a file node new data (fsi_node_set_source()), keeping the old data for a rollback. */
void image_set_data(struct file_system_image *image, struct fsi_node *node, struct fsi_source *source,
        uint64_t size);

/* Items (item.c, directoryitem.c, fileitem.c): one COM object per node,
 * created on demand and remembered in node->user while it lives.  A node in
 * the image's tree belongs to the tree; a detached node (CreateDirectoryItem,
 * CreateFileItem, Remove, an undone add) lives while its item or the undo
 * log (node->holds) keeps it, and goes with the last of them. */
struct item
{
    IFsiDirectoryItem2 IFsiDirectoryItem2_iface;    /* directories */
    IFsiFileItem2 IFsiFileItem2_iface;              /* files and named streams (node->is_stream) */
    LONG refcount;
    struct file_system_image *image;    /* a reference */
    struct fsi_node *node;
    BOOL real_time;                     /* IsRealTime, files only */
};

/* The item of a node (existing or new), as riid.  Called with the image lock held. */
HRESULT item_get(struct file_system_image *image, struct fsi_node *node, REFIID riid, void **out);
void directory_item_init(struct item *item);
void file_item_init(struct item *item);
BOOL directory_item_is_ours(IFsiDirectoryItem2 *iface);
BOOL file_item_is_ours(IFsiFileItem2 *iface);
ULONG item_addref(struct item *item);
ULONG item_release(struct item *item);
/* The item of ours behind an IFsiItem, NULL for a foreign object. */
struct item *unsafe_impl_from_IFsiItem(IFsiItem *iface);
/* Destroys a detached node tree; a node with a live item or held by the
 * undo log stays (detached) with its subtree. */
void item_tree_destroy(struct fsi_node *node);
/* Destroys node (item_tree_destroy()) when nothing keeps it any more: it is
 * detached, not the image's root, has no item and no holds. */
void item_node_release(struct file_system_image *image, struct fsi_node *node);
/* Validates one name for the image's file systems: IMAPI_E_INVALID_PATH etc. */
HRESULT item_check_name(struct file_system_image *image, const WCHAR *name);
/* Finds a path ("a\\b", "\\a\\b" from the root) below dir; IMAPI_E_ITEM_NOT_FOUND. */
HRESULT item_resolve(struct fsi_node *dir, const WCHAR *path, struct fsi_node **node);
/* Splits a path into its directory (resolved, created when create_dirs) and last name. */
HRESULT item_resolve_parent(struct file_system_image *image, struct fsi_node *dir, const WCHAR *path,
        BOOL create_dirs, struct fsi_node **parent, WCHAR **name);

/* IFsiItem methods shared by directories and files (item.c). */
HRESULT item_get_name(struct item *item, BSTR *value);
HRESULT item_get_full_path(struct item *item, BSTR *value);
HRESULT item_get_time(struct item *item, const fsi_time *time, DATE *value);
HRESULT item_put_time(struct item *item, fsi_time *time, DATE value);
HRESULT item_get_hidden(struct item *item, VARIANT_BOOL *value);
HRESULT item_put_hidden(struct item *item, VARIANT_BOOL value);
HRESULT item_file_system_name(struct item *item, FsiFileSystems fs, BSTR *value);
HRESULT item_file_system_path(struct item *item, FsiFileSystems fs, BSTR *value);

/* IEnumVARIANT and IEnumFsiItems over a snapshot of a directory (enumitems.c). */
HRESULT enum_items_create(struct item *dir, REFIID riid, void **out);
/* The same over count items (each gets a reference of its own). */
HRESULT enum_items_create_from(IFsiItem **items, ULONG count, REFIID riid, void **out);

/* IFsiNamedStreams: a snapshot of the named streams of a file item (namedstreams.c). */
HRESULT named_streams_create(struct item *file, IFsiNamedStreams **out);

/* Sources of file data (filesource.c): an IStream (AddFile, put_Data) or a
 * host file (AddTree), opened only while it is read. */
HRESULT stream_source_create(IStream *stream, struct fsi_source **source, ULONGLONG *size);
HRESULT host_file_source_create(const WCHAR *path, ULONGLONG size, struct fsi_source **source);
/* ReadFile or WriteFile at OFFSET of a synchronous handle whose file pointer
 * *POSITION tracks (no OVERLAPPED: see filesource.c). */
BOOL file_io_at(HANDLE file, BOOL write, ULONGLONG *position, ULONGLONG offset, void *buf, DWORD len,
        DWORD *done);
/* StageFiles: the stash file of an image (in DIR, the working directory; NULL:
 * the temporary directory) and the sources over the copies staged in it. */
struct stash;
HRESULT stash_create(const WCHAR *dir, struct stash **stash);
void stash_addref(struct stash *stash);
void stash_release(struct stash *stash);
HRESULT staged_source_create(struct stash *stash, struct fsi_source *from, ULONGLONG size,
        struct fsi_source **source);
/* The IStream of a node's data: its own stream, or one opened on its file. */
HRESULT source_get_stream(struct fsi_source *source, IStream **stream);
/* A read-only IStream over one source of size bytes. */
HRESULT source_stream_create(struct fsi_source *source, ULONGLONG size, IStream **out);
/* An empty stream (a file item with no data yet). */
HRESULT stream_empty_create(IStream **stream);
/* A stream over an imported file's extents, read from the disc. */
HRESULT image_imported_stream(struct file_system_image *image, const struct fsi_node *node, IStream **stream);

/* Results (result.c, imagestream.c, progress.c). */
HRESULT result_create(struct fsi_layout *layout, struct fsi_node *root, IFileSystemImageResult **out);
/* lock serialises every read of layout (shared by all streams of one result);
 * owner keeps layout and lock alive and is held by each stream. */
HRESULT image_stream_create(struct fsi_layout *layout, CRITICAL_SECTION *lock, IUnknown *owner,
        IStream **out);
HRESULT progress_items_create(struct fsi_layout *layout, IUnknown *owner, IProgressItems **out);

/* Boot options (bootoptions.c): what the layout needs from one of ours. */
HRESULT boot_options_get(IBootOptions *options, struct fsi_boot *boot);

/* Time conversions between DATE (OLE automation) and FILETIME ticks. */
HRESULT date_from_fsi_time(fsi_time time, DATE *date);
HRESULT fsi_time_from_date(DATE date, fsi_time *time);

static inline WCHAR *strdupW(const WCHAR *str)
{
    WCHAR *ret;
    size_t size;

    if (!str) return NULL;
    size = (wcslen(str) + 1) * sizeof(WCHAR);
    if ((ret = malloc(size))) memcpy(ret, str, size);
    return ret;
}

/* result_create() takes ownership of layout and root (a tree of its own,
 * freed after the layout) for an image starting at LBA 0; result_create_at()
 * for one starting at session_start (ModifiedBlocks, DiscId). */
HRESULT result_create_at(struct fsi_layout *layout, struct fsi_node *root, uint32_t session_start,
        IFileSystemImageResult **out);

/* An IBlockRangeList of count (start, end) pairs of LBAs (blockrange.c). */
HRESULT block_range_list_create(const LONG *ranges, unsigned int count, IBlockRangeList **out);

/* Read-ahead of host files for a result's image streams (readahead.c):
 * worker threads open and read the files just ahead of the stream reading
 * sequentially, a bounded window of them.  NULL (S_FALSE) when the layout
 * has no host file to read ahead. */
struct readahead;
HRESULT readahead_create(struct fsi_layout *layout, uint32_t session_start, struct readahead **out);
/* Stops and joins the workers; the streams are gone. */
void readahead_destroy(struct readahead *ra);
/* Each stream reading through it; the workers stop with the last. */
void readahead_attach(struct readahead *ra);
void readahead_detach(struct readahead *ra);
/* Around each read of the layout by a stream, under the result's lock. */
void readahead_begin(struct readahead *ra, const void *stream, ULONGLONG position);
void readahead_end(struct readahead *ra);
/* For host file sources: TRUE when the read was served (result in *hr). */
BOOL readahead_serve(struct fsi_source *source, uint64_t offset, void *buf, uint32_t len, HRESULT *hr);
/* The path and size of a host file source; NULL for any other source. */
const WCHAR *host_file_source_path(struct fsi_source *source, ULONGLONG *size);
/* An image stream reading through ra (NULL: none), like image_stream_create(). */
HRESULT image_stream_create_readahead(struct fsi_layout *layout, CRITICAL_SECTION *lock, IUnknown *owner,
        struct readahead *ra, IStream **out);

#endif /* __IMAPI2FS_PRIVATE_H */

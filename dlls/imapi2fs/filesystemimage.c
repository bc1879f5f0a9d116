/*
 * IMAPI2 file system image: MsftFileSystemImage, the file system image builder.
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

#include "imapi2fs_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* 650 MB: what FreeMediaBlocks is before anything says otherwise. */
#define DEFAULT_FREE_BLOCKS 332800
#define MAX_BOOT_ENTRIES IMAPI2FS_BOOT_ENTRY_COUNT_MAX

/* One change of the image, with what undoes it. */
enum change_type
{
    CHANGE_ATTACH,          /* node attached under parent: detached again */
    CHANGE_DETACH,          /* node detached from parent: attached again */
    CHANGE_DATA,            /* a file's data replaced: the old data back */
    CHANGE_ATTRIBUTES,      /* times or hidden flag changed: the old values back */
    CHANGE_ROOT,            /* an import replaced the root (node, the old one) */
};

struct change
{
    enum change_type type;
    struct fsi_node *node;          /* held */
    struct fsi_node *parent;        /* held; CHANGE_ATTACH and CHANGE_DETACH */
    union
    {
        struct
        {
            struct fsi_source *source;  /* a reference */
            uint64_t size;
            struct fsi_extent *extents;
            size_t extent_count;
        } data;
        struct
        {
            bool hidden;
            fsi_time created, accessed, modified;
        } attributes;
        struct
        {
            WCHAR volume_name[33];
            WCHAR imported_volume_name[33];
            FsiFileSystems file_systems;
            FsiFileSystems imported_file_systems;
            FsiFileSystems imported_from;
            ULONG previous_session_start;
        } root;
    } u;
};

struct file_system_image
{
    IFileSystemImage3 IFileSystemImage3_iface;
    struct event_source events;
    LONG refcount;
    CRITICAL_SECTION cs;

    struct fsi_node *root;
    WCHAR volume_name[33];
    WCHAR imported_volume_name[33];
    FsiFileSystems file_systems;
    FsiFileSystems imported_file_systems;
    FsiFileSystems imported_from;       /* the one the tree was read from */
    LONG iso_level;
    LONG udf_revision;
    LONG session_start;
    LONG free_blocks;
    BOOL strict, restricted, stage_files, redundant_udf_metadata;
    BSTR working_directory;
    struct stash *stash;                /* StageFiles: the copies of what was added; NULL: none yet */
    LONG change_point;                  /* changes since the image was made */
    LONG locked_change_point;           /* the oldest one a rollback reaches */
    struct change *changes;             /* from locked_change_point + 1 to change_point */
    size_t change_count, change_capacity;
    IBootOptions *boot[MAX_BOOT_ENTRIES];
    unsigned int boot_count;
    IMultisession *multisession;        /* the one in use, from MultisessionInterfaces */
    SAFEARRAY *multisession_array;
    ULONG previous_session_start;
};

static inline struct file_system_image *impl_from_IFileSystemImage3(IFileSystemImage3 *iface)
{
    return CONTAINING_RECORD(iface, struct file_system_image, IFileSystemImage3_iface);
}

CRITICAL_SECTION *image_lock(struct file_system_image *image)
{
    return &image->cs;
}

HRESULT image_stage(struct file_system_image *image, struct fsi_source **source, ULONGLONG size)
{
    struct stash *stash = NULL, *created;
    struct fsi_source *staged;
    BSTR dir = NULL;
    HRESULT hr;

    EnterCriticalSection(&image->cs);
    if (image->stage_files)
    {
        if ((stash = image->stash))
            stash_addref(stash);
        else if (image->working_directory && !(dir = SysAllocString(image->working_directory)))
        {
            LeaveCriticalSection(&image->cs);
            return E_OUTOFMEMORY;
        }
    }
    else
    {
        LeaveCriticalSection(&image->cs);
        return S_OK;
    }
    LeaveCriticalSection(&image->cs);

    if (!stash)
    {
        /* Created outside the lock; another thread may have been quicker. */
        hr = stash_create(dir, &created);
        SysFreeString(dir);
        if (FAILED(hr)) return hr;
        EnterCriticalSection(&image->cs);
        if (!image->stash)
        {
            image->stash = created;
            created = NULL;
        }
        stash_addref(stash = image->stash);
        LeaveCriticalSection(&image->cs);
        stash_release(created);
    }

    hr = staged_source_create(stash, *source, size, &staged);
    stash_release(stash);
    if (FAILED(hr)) return hr;
    (*source)->release(*source);
    *source = staged;
    return S_OK;
}

IFileSystemImage3 *image_iface(struct file_system_image *image)
{
    return &image->IFileSystemImage3_iface;
}

struct fsi_node *image_root(struct file_system_image *image)
{
    return image->root;
}

unsigned int image_file_systems(struct file_system_image *image)
{
    return image->file_systems;
}

BOOL image_has_named_streams(struct file_system_image *image)
{
    return (image->file_systems & FsiFileSystemUDF) && image->udf_revision >= 0x200;
}

BOOL image_is_imported(struct file_system_image *image)
{
    return !!image->imported_file_systems;
}

fsi_time fsi_now(void)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    return ((LONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

/* DATE is local time in days since 1899-12-30; FILETIME ticks are UTC. */
HRESULT date_from_fsi_time(fsi_time time, DATE *date)
{
    SYSTEMTIME st;
    FILETIME ft, local;

    ft.dwLowDateTime = (DWORD)time;
    ft.dwHighDateTime = (DWORD)(time >> 32);
    if (!FileTimeToLocalFileTime(&ft, &local) || !FileTimeToSystemTime(&local, &st)
            || !SystemTimeToVariantTime(&st, date))
        return E_INVALIDARG;
    return S_OK;
}

HRESULT fsi_time_from_date(DATE date, fsi_time *time)
{
    SYSTEMTIME st;
    FILETIME ft, local;

    if (!VariantTimeToSystemTime(date, &st) || !SystemTimeToFileTime(&st, &local)
            || !LocalFileTimeToFileTime(&local, &ft))
        return IMAPI_E_INVALID_DATE;
    *time = ((LONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    return S_OK;
}

HRESULT image_check_restricted_name(struct file_system_image *image, const WCHAR *name)
{
    const WCHAR *p;

    if (!image || !image->restricted) return S_OK;
    for (p = name; *p; p++)
        if (*p > 0x7f) return IMAPI_E_RESTRICTED_NAME_VIOLATION;
    return S_OK;
}

void image_fire_update(struct file_system_image *image, const WCHAR *file, LONG copied, LONG total)
{
    DISPPARAMS params;
    VARIANT args[4];

    if (!connection_point_has_sinks(&image->events.cp)) return;

    /* Arguments in reverse order: object, currentFile, copiedSectors, totalSectors. */
    V_VT(&args[3]) = VT_DISPATCH;
    V_DISPATCH(&args[3]) = (IDispatch *)&image->IFileSystemImage3_iface;
    V_VT(&args[2]) = VT_BSTR;
    V_BSTR(&args[2]) = SysAllocString(file);
    V_VT(&args[1]) = VT_I4;
    V_I4(&args[1]) = copied;
    V_VT(&args[0]) = VT_I4;
    V_I4(&args[0]) = total;
    params.rgvarg = args;
    params.rgdispidNamedArgs = NULL;
    params.cArgs = 4;
    params.cNamedArgs = 0;
    connection_point_fire(&image->events.cp, DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE, &params);
    SysFreeString(V_BSTR(&args[2]));
}

static void fire_update_import(struct file_system_image *image, FsiFileSystems fs, const WCHAR *item,
        LONG dirs_done, LONG dirs, LONG files_done, LONG files)
{
    DISPPARAMS params;
    VARIANT args[7];

    if (!connection_point_has_sinks(&image->events.cp2)) return;

    V_VT(&args[6]) = VT_DISPATCH;
    V_DISPATCH(&args[6]) = (IDispatch *)&image->IFileSystemImage3_iface;
    V_VT(&args[5]) = VT_I4;
    V_I4(&args[5]) = fs;
    V_VT(&args[4]) = VT_BSTR;
    V_BSTR(&args[4]) = SysAllocString(item);
    V_VT(&args[3]) = VT_I4;
    V_I4(&args[3]) = dirs_done;
    V_VT(&args[2]) = VT_I4;
    V_I4(&args[2]) = dirs;
    V_VT(&args[1]) = VT_I4;
    V_I4(&args[1]) = files_done;
    V_VT(&args[0]) = VT_I4;
    V_I4(&args[0]) = files;
    params.rgvarg = args;
    params.rgdispidNamedArgs = NULL;
    params.cArgs = 7;
    params.cNamedArgs = 0;
    connection_point_fire(&image->events.cp2, DISPID_DFILESYSTEMIMAGEIMPORTEVENTS_UPDATEIMPORT, &params);
    SysFreeString(V_BSTR(&args[4]));
}

/* The options of a layout of the image as it stands. */
static HRESULT get_options(struct file_system_image *image, struct fsi_options *options,
        struct fsi_boot *boot, unsigned int *boot_count)
{
    unsigned int i;
    HRESULT hr;

    memset(options, 0, sizeof(*options));
    options->file_systems = image->file_systems;
    options->iso_level = image->iso_level;
    options->udf_revision = image->udf_revision;
    options->session_start = image->session_start;
    options->max_blocks = image->free_blocks;
    memcpy(options->volume_name, image->volume_name, sizeof(options->volume_name));
    options->created = fsi_now();
    options->previous_session_start = image->previous_session_start;
    *boot_count = 0;
    for (i = 0; i < image->boot_count; i++)
    {
        if (FAILED(hr = boot_options_get(image->boot[i], &boot[i])))
        {
            while (i--) boot[i].image->release(boot[i].image);
            return hr;
        }
    }
    *boot_count = image->boot_count;
    options->boot = *boot_count ? boot : NULL;
    options->boot_count = *boot_count;
    return S_OK;
}

static void release_boot(struct fsi_boot *boot, unsigned int count)
{
    while (count--) if (boot[count].image) boot[count].image->release(boot[count].image);
}

/* A copy of the tree for a result: the program may go on changing the
 * image while the result is read. */
static struct fsi_node *clone_tree(const struct fsi_node *node)
{
    struct fsi_node *copy;
    size_t i;

    if (!(copy = fsi_node_create(node->name, node->is_dir, node->created))) return NULL;
    copy->hidden = node->hidden;
    copy->accessed = node->accessed;
    copy->modified = node->modified;
    if (node->is_dir)
    {
        if (node->count && !(copy->children = malloc(node->count * sizeof(*copy->children))))
            goto fail;
        copy->capacity = node->count;
        for (i = 0; i < node->count; i++)
        {
            if (!(copy->children[i] = clone_tree(node->children[i]))) goto fail;
            copy->children[i]->parent = copy;
            copy->count++;
        }
    }
    else
    {
        copy->is_stream = node->is_stream;
        fsi_node_set_source(copy, node->source, node->size);
        if (node->extent_count)
        {
            if (!(copy->extents = malloc(node->extent_count * sizeof(*copy->extents)))) goto fail;
            memcpy(copy->extents, node->extents, node->extent_count * sizeof(*copy->extents));
            copy->extent_count = node->extent_count;
        }
        /* The named streams, whatever the file systems: the layout decides. */
        for (i = 0; i < node->stream_count; i++)
        {
            struct fsi_node *stream;

            if (!(stream = clone_tree(node->streams[i]))) goto fail;
            if (fsi_node_attach(copy, stream))
            {
                fsi_node_destroy(stream);
                goto fail;
            }
        }
    }
    return copy;

fail:
    fsi_node_destroy(copy);
    return NULL;
}

/* Lays out a copy of the tree; the caller owns both. */
static HRESULT layout_image(struct file_system_image *image, struct fsi_node **root, struct fsi_layout **layout)
{
    struct fsi_boot boot[MAX_BOOT_ENTRIES];
    struct fsi_options options;
    unsigned int boot_count;
    HRESULT hr;

    *layout = NULL;
    memset(boot, 0, sizeof(boot));
    EnterCriticalSection(&image->cs);
    hr = get_options(image, &options, boot, &boot_count);
    if (SUCCEEDED(hr) && !(*root = clone_tree(image->root)))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&image->cs);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = fsi_layout_create(*root, &options, layout)))
    {
        fsi_node_destroy(*root);
        *root = NULL;
    }
    release_boot(boot, boot_count);
    return hr;
}

static BOOL node_in_image(struct file_system_image *image, const struct fsi_node *node)
{
    while (node->parent) node = node->parent;
    return node == image->root;
}

BOOL image_contains(struct file_system_image *image, const struct fsi_node *node)
{
    return node_in_image(image, node);
}

/* A new root node for the image (ImportFileSystem, and its rollback).  The
 * item of the root is the image's root whatever node holds it: Microsoft's
 * IMAPI2 sample takes Root before ImportFileSystem and adds the new files to
 * it afterwards.  Called with the image lock held. */
static void image_replace_root(struct file_system_image *image, struct fsi_node *root)
{
    struct fsi_node *old = image->root;
    struct item *item = old->user;

    image->root = root;
    if (item && !root->user)
    {
        item->node = root;
        root->user = item;
        old->user = NULL;
    }
}

static void hold_node(struct fsi_node *node)
{
    if (node) node->holds++;
}

static void unhold_node(struct file_system_image *image, struct fsi_node *node)
{
    if (node && !--node->holds) item_node_release(image, node);
}

/* Lets a change go without undoing it. */
static void change_discard(struct file_system_image *image, struct change *change)
{
    if (change->type == CHANGE_DATA)
    {
        if (change->u.data.source) change->u.data.source->release(change->u.data.source);
        free(change->u.data.extents);
    }
    unhold_node(image, change->parent);
    unhold_node(image, change->node);
}

/* Forgets every change: the current point becomes the oldest one. */
static void changes_lock_in(struct file_system_image *image)
{
    while (image->change_count)
        change_discard(image, &image->changes[--image->change_count]);
    free(image->changes);
    image->changes = NULL;
    image->change_capacity = 0;
    image->locked_change_point = image->change_point;
}

/* Counts one change and keeps it, holding its nodes. */
static void changes_add(struct file_system_image *image, struct change *change)
{
    struct change *changes;
    size_t capacity;

    hold_node(change->node);
    hold_node(change->parent);
    image->change_point++;
    if (image->change_count == image->change_capacity)
    {
        capacity = image->change_capacity ? image->change_capacity * 2 : 16;
        if (!(changes = realloc(image->changes, capacity * sizeof(*changes))))
        {
            ERR("Out of memory: the changes so far can no longer be rolled back.\n");
            changes_lock_in(image);
            change_discard(image, change);
            return;
        }
        image->changes = changes;
        image->change_capacity = capacity;
    }
    image->changes[image->change_count++] = *change;
}

void image_log_attach(struct file_system_image *image, struct fsi_node *node)
{
    struct change change = {.type = CHANGE_ATTACH, .node = node, .parent = node->parent};

    if (node_in_image(image, node)) changes_add(image, &change);
}

void image_log_detach(struct file_system_image *image, struct fsi_node *node)
{
    struct change change = {.type = CHANGE_DETACH, .node = node, .parent = node->parent};

    if (node->parent && node_in_image(image, node)) changes_add(image, &change);
}

void image_log_attributes(struct file_system_image *image, struct fsi_node *node)
{
    struct change change = {.type = CHANGE_ATTRIBUTES, .node = node};

    if (!node_in_image(image, node)) return;
    change.u.attributes.hidden = node->hidden;
    change.u.attributes.created = node->created;
    change.u.attributes.accessed = node->accessed;
    change.u.attributes.modified = node->modified;
    changes_add(image, &change);
}

void image_set_data(struct file_system_image *image, struct fsi_node *node, struct fsi_source *source,
        uint64_t size)
{
    struct change change = {.type = CHANGE_DATA, .node = node};

    if (!node_in_image(image, node))
    {
        fsi_node_set_source(node, source, size);
        return;
    }
    /* The old data goes to the change, untouched. */
    change.u.data.source = node->source;
    change.u.data.size = node->size;
    change.u.data.extents = node->extents;
    change.u.data.extent_count = node->extent_count;
    node->source = NULL;
    node->extents = NULL;
    node->extent_count = 0;
    fsi_node_set_source(node, source, size);
    changes_add(image, &change);
}

/* Undoes the last change. */
static HRESULT change_undo(struct file_system_image *image)
{
    struct change *change = &image->changes[--image->change_count];
    struct fsi_node *node = change->node, *root;
    HRESULT hr = S_OK;

    image->change_point--;
    switch (change->type)
    {
    case CHANGE_ATTACH:
        /* The node may have moved since, detached from a removed item's
         * subtree (which is not the image's and not logged). */
        if (node->parent == change->parent) fsi_node_detach(node);
        break;

    case CHANGE_DETACH:
        if (!node->parent && node != image->root)
        {
            if (FAILED(hr = fsi_node_attach(change->parent, node)))
                WARN("Cannot put %s back, hr %#lx.\n", debugstr_w((const WCHAR *)node->name), hr);
        }
        break;

    case CHANGE_DATA:
        fsi_node_set_source(node, NULL, 0);
        node->source = change->u.data.source;
        node->size = change->u.data.size;
        node->extents = change->u.data.extents;
        node->extent_count = change->u.data.extent_count;
        change->u.data.source = NULL;
        change->u.data.extents = NULL;
        break;

    case CHANGE_ATTRIBUTES:
        node->hidden = change->u.attributes.hidden;
        node->created = change->u.attributes.created;
        node->accessed = change->u.attributes.accessed;
        node->modified = change->u.attributes.modified;
        break;

    case CHANGE_ROOT:
        /* An item of the old root may have put it somewhere meanwhile. */
        fsi_node_detach(node);
        root = image->root;
        image_replace_root(image, node);
        memcpy(image->volume_name, change->u.root.volume_name, sizeof(image->volume_name));
        memcpy(image->imported_volume_name, change->u.root.imported_volume_name,
                sizeof(image->imported_volume_name));
        image->file_systems = change->u.root.file_systems;
        image->imported_file_systems = change->u.root.imported_file_systems;
        image->imported_from = change->u.root.imported_from;
        image->previous_session_start = change->u.root.previous_session_start;
        item_node_release(image, root);
        break;
    }
    change_discard(image, change);
    return hr;
}

HRESULT image_file_system_name(struct file_system_image *image, const struct fsi_node *node,
        FsiFileSystems fs, BOOL full_path, BSTR *value)
{
    uint16_t *name;

    /* UDF keeps the names as they are; ISO 9660 and Joliet names are made by
     * the layout, which the engine exposes per node. */
    EnterCriticalSection(&image->cs);
    if (fs == FsiFileSystemUDF)
        name = full_path ? fsi_node_path(node) : NULL;
    else
        name = fsi_layout_name(image->root, node, fs, image->iso_level, full_path);
    LeaveCriticalSection(&image->cs);

    if (fs == FsiFileSystemUDF && !full_path)
        *value = SysAllocString((const WCHAR *)node->name);
    else
    {
        if (!name) return E_OUTOFMEMORY;
        *value = SysAllocString((const WCHAR *)name);
        free(name);
    }
    return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI image_QueryInterface(IFileSystemImage3 *iface, REFIID riid, void **out)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IFileSystemImage) || IsEqualGUID(riid, &IID_IFileSystemImage2)
            || IsEqualGUID(riid, &IID_IFileSystemImage3))
        *out = &image->IFileSystemImage3_iface;
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
        *out = &image->events.IConnectionPointContainer_iface;
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI image_AddRef(IFileSystemImage3 *iface)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    ULONG refcount = InterlockedIncrement(&image->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static void release_multisession(struct file_system_image *image)
{
    if (image->multisession)
    {
        IMultisession_put_InUse(image->multisession, VARIANT_FALSE);
        IMultisession_Release(image->multisession);
        image->multisession = NULL;
    }
    if (image->multisession_array)
    {
        SafeArrayDestroy(image->multisession_array);
        image->multisession_array = NULL;
    }
}

static ULONG WINAPI image_Release(IFileSystemImage3 *iface)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    ULONG refcount = InterlockedDecrement(&image->refcount);
    unsigned int i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        /* Items hold references on the image: none is left. */
        changes_lock_in(image);
        item_tree_destroy(image->root);
        for (i = 0; i < image->boot_count; i++) IBootOptions_Release(image->boot[i]);
        release_multisession(image);
        SysFreeString(image->working_directory);
        stash_release(image->stash);
        event_source_cleanup(&image->events);
        image->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&image->cs);
        free(image);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI image_GetTypeInfoCount(IFileSystemImage3 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI image_GetTypeInfo(IFileSystemImage3 *iface, UINT index, LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IFileSystemImage3_tid, index, typeinfo);
}

static HRESULT WINAPI image_GetIDsOfNames(IFileSystemImage3 *iface, REFIID riid, LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IFileSystemImage3_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI image_Invoke(IFileSystemImage3 *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);
    return dispatch_invoke(IFileSystemImage3_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI image_get_Root(IFileSystemImage3 *iface, IFsiDirectoryItem **value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    hr = item_get(image, image->root, &IID_IFsiDirectoryItem, (void **)value);
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT get_long(struct file_system_image *image, const LONG *field, LONG *value)
{
    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    *value = *field;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT get_bool(struct file_system_image *image, const BOOL *field, VARIANT_BOOL *value)
{
    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    *value = *field ? VARIANT_TRUE : VARIANT_FALSE;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_SessionStartBlock(IFileSystemImage3 *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_long(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->session_start, value);
}

static HRESULT WINAPI image_put_SessionStartBlock(IFileSystemImage3 *iface, LONG value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %ld.\n", iface, value);

    if (value < 0) return IMAPI_E_INVALID_PARAM;
    EnterCriticalSection(&image->cs);
    /* Given by the multisession interface once one is in use. */
    if (image->multisession) hr = IMAPI_E_MULTISESSION_NOT_SET;
    else image->session_start = value;
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_get_FreeMediaBlocks(IFileSystemImage3 *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_long(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->free_blocks, value);
}

static HRESULT WINAPI image_put_FreeMediaBlocks(IFileSystemImage3 *iface, LONG value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %ld.\n", iface, value);

    /* 0 means no limit. */
    if (value < 0) return IMAPI_E_INVALID_PARAM;
    EnterCriticalSection(&image->cs);
    image->free_blocks = value;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

/* The free blocks of the medium in the recorder, through the data format. */
static HRESULT media_free_blocks(IDiscRecorder2 *recorder, LONG *free_blocks, IMAPI_MEDIA_PHYSICAL_TYPE *type)
{
    IDiscFormat2Data *format;
    HRESULT hr;

    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2Data, (void **)&format)))
        return hr;
    if (SUCCEEDED(hr = IDiscFormat2Data_put_Recorder(format, recorder)))
    {
        if (SUCCEEDED(hr = IDiscFormat2Data_get_FreeSectorsOnMedia(format, free_blocks)) && type)
            hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(format, type);
    }
    IDiscFormat2Data_Release(format);
    return hr;
}

static HRESULT WINAPI image_SetMaxMediaBlocksFromDevice(IFileSystemImage3 *iface, IDiscRecorder2 *recorder)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    LONG free_blocks;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, recorder);

    if (!recorder) return E_POINTER;
    if (FAILED(hr = media_free_blocks(recorder, &free_blocks, NULL)))
        return hr;
    EnterCriticalSection(&image->cs);
    image->free_blocks = free_blocks;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_UsedBlocks(IFileSystemImage3 *iface, LONG *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    struct fsi_layout *layout;
    struct fsi_node *root;
    LONG free_blocks;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    /* The size the image has now, whatever the limit. */
    EnterCriticalSection(&image->cs);
    free_blocks = image->free_blocks;
    image->free_blocks = 0;
    hr = layout_image(image, &root, &layout);
    image->free_blocks = free_blocks;
    LeaveCriticalSection(&image->cs);
    if (FAILED(hr)) return hr;
    *value = fsi_layout_blocks(layout);
    fsi_layout_destroy(layout);
    fsi_node_destroy(root);
    return S_OK;
}

static HRESULT WINAPI image_get_VolumeName(IFileSystemImage3 *iface, BSTR *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    *value = SysAllocString(image->volume_name);
    LeaveCriticalSection(&image->cs);
    return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI image_put_VolumeName(IFileSystemImage3 *iface, BSTR value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    const WCHAR *p;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    /* UDF allows 32 characters (Joliet 16 and ISO 9660 32 are cut from it). */
    if (value && wcslen(value) > 32) return IMAPI_E_INVALID_VOLUME_NAME;
    for (p = value; p && *p; p++)
        if (*p < 0x20 || wcschr(L"\\/:*?\"<>|", *p)) return IMAPI_E_INVALID_VOLUME_NAME;
    EnterCriticalSection(&image->cs);
    lstrcpynW(image->volume_name, value ? value : L"", ARRAY_SIZE(image->volume_name));
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_ImportedVolumeName(IFileSystemImage3 *iface, BSTR *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    *value = SysAllocString(image->imported_volume_name);
    LeaveCriticalSection(&image->cs);
    return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI image_get_BootImageOptions(IFileSystemImage3 *iface, IBootOptions **value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    if ((*value = image->boot_count ? image->boot[0] : NULL)) IBootOptions_AddRef(*value);
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static void set_boot_options(struct file_system_image *image, IBootOptions **options, unsigned int count)
{
    unsigned int i;

    for (i = 0; i < count; i++) IBootOptions_AddRef(options[i]);
    EnterCriticalSection(&image->cs);
    for (i = 0; i < image->boot_count; i++) IBootOptions_Release(image->boot[i]);
    memcpy(image->boot, options, count * sizeof(*options));
    image->boot_count = count;
    LeaveCriticalSection(&image->cs);
}

static HRESULT WINAPI image_put_BootImageOptions(IFileSystemImage3 *iface, IBootOptions *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %p.\n", iface, value);

    /* NULL removes the boot image. */
    set_boot_options(image, &value, value ? 1 : 0);
    return S_OK;
}

static HRESULT WINAPI image_get_FileCount(IFileSystemImage3 *iface, LONG *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    uint64_t files, dirs;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    fsi_node_count(image->root, &files, &dirs);
    LeaveCriticalSection(&image->cs);
    *value = files;
    return S_OK;
}

static HRESULT WINAPI image_get_DirectoryCount(IFileSystemImage3 *iface, LONG *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    uint64_t files, dirs;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    fsi_node_count(image->root, &files, &dirs);
    LeaveCriticalSection(&image->cs);
    /* The root counts as a directory. */
    *value = dirs + 1;
    return S_OK;
}

static HRESULT WINAPI image_get_WorkingDirectory(IFileSystemImage3 *iface, BSTR *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    *value = SysAllocString(image->working_directory);
    LeaveCriticalSection(&image->cs);
    if (!*value)
    {
        /* Microsoft: the default is the current temporary directory. */
        WCHAR temp[MAX_PATH];
        DWORD len = GetTempPathW(ARRAY_SIZE(temp), temp);

        if (!len) return HRESULT_FROM_WIN32(GetLastError());
        if (len >= ARRAY_SIZE(temp)) return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
        *value = SysAllocString(temp);
    }
    return *value ? S_OK : E_OUTOFMEMORY;
}

/* The directory staged file data goes to (StageFiles), from the next file
 * staged on: a stash file already made stays where it is. */
static HRESULT WINAPI image_put_WorkingDirectory(IFileSystemImage3 *iface, BSTR value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    DWORD attrs;
    BSTR copy;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    if (!value) return E_POINTER;
    attrs = GetFileAttributesW(value);
    if (attrs == INVALID_FILE_ATTRIBUTES || !(attrs & FILE_ATTRIBUTE_DIRECTORY))
        return IMAPI_E_INVALID_WORKING_DIRECTORY;
    if (!(copy = SysAllocString(value))) return E_OUTOFMEMORY;
    EnterCriticalSection(&image->cs);
    SysFreeString(image->working_directory);
    image->working_directory = copy;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_ChangePoint(IFileSystemImage3 *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_long(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->change_point, value);
}

static HRESULT WINAPI image_get_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_bool(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->strict, value);
}

static HRESULT WINAPI image_put_StrictFileSystemCompliance(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %d.\n", iface, value);

    EnterCriticalSection(&image->cs);
    image->strict = !!value;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_bool(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->restricted, value);
}

static HRESULT WINAPI image_put_UseRestrictedCharacterSet(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %d.\n", iface, value);

    EnterCriticalSection(&image->cs);
    image->restricted = !!value;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_FileSystemsToCreate(IFileSystemImage3 *iface, FsiFileSystems *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    *value = image->file_systems;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_put_FileSystemsToCreate(IFileSystemImage3 *iface, FsiFileSystems value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %#x.\n", iface, value);

    if (!value || (value & ~FSI_SUPPORTED)) return IMAPI_E_INVALID_PARAM;
    /* Joliet is an extension of ISO 9660: it needs it. */
    if ((value & FsiFileSystemJoliet) && !(value & FsiFileSystemISO9660)) return IMAPI_E_INVALID_PARAM;
    EnterCriticalSection(&image->cs);
    /* An imported session fixes what the next one may be. */
    if (image->imported_file_systems && !(value & image->imported_file_systems))
        hr = IMAPI_E_FILE_SYSTEM_CHANGE_NOT_ALLOWED;
    else
        image->file_systems = value;
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_get_FileSystemsSupported(IFileSystemImage3 *iface, FsiFileSystems *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = FSI_SUPPORTED;
    return S_OK;
}

static BOOL is_udf_revision(LONG value)
{
    return value == 0x102 || value == 0x150 || value == 0x200 || value == 0x201 || value == 0x250;
}

static HRESULT WINAPI image_put_UDFRevision(IFileSystemImage3 *iface, LONG value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %#lx.\n", iface, value);

    if (!is_udf_revision(value)) return IMAPI_E_INVALID_PARAM;
    EnterCriticalSection(&image->cs);
    if (image->imported_file_systems & FsiFileSystemUDF && value != image->udf_revision)
        hr = IMAPI_E_UDF_REVISION_CHANGE_NOT_ALLOWED;
    else
        image->udf_revision = value;
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_get_UDFRevision(IFileSystemImage3 *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_long(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->udf_revision, value);
}

static HRESULT long_array(const LONG *values, unsigned int count, SAFEARRAY **out)
{
    SAFEARRAY *array;
    VARIANT *data;
    unsigned int i;

    if (!out) return E_POINTER;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count))) return E_OUTOFMEMORY;
    SafeArrayAccessData(array, (void **)&data);
    for (i = 0; i < count; i++)
    {
        V_VT(&data[i]) = VT_I4;
        V_I4(&data[i]) = values[i];
    }
    SafeArrayUnaccessData(array);
    *out = array;
    return S_OK;
}

static HRESULT WINAPI image_get_UDFRevisionsSupported(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    static const LONG revisions[] = { 0x102, 0x150, 0x200, 0x201, 0x250 };

    TRACE("%p, %p.\n", iface, value);
    return long_array(revisions, ARRAY_SIZE(revisions), value);
}

/* What suits each medium: UDF where the medium is DVD or later (2.50 on BD,
 * as Windows writes it), ISO 9660 and Joliet where older readers need them,
 * and the medium's capacity as FreeMediaBlocks. */
static HRESULT choose_defaults(struct file_system_image *image, IMAPI_MEDIA_PHYSICAL_TYPE type, LONG free_blocks)
{
    FsiFileSystems fs;
    LONG udf, blocks;

    switch (type)
    {
    case IMAPI_MEDIA_TYPE_CDROM:
    case IMAPI_MEDIA_TYPE_CDR:
    case IMAPI_MEDIA_TYPE_CDRW:
        fs = FsiFileSystemISO9660 | FsiFileSystemJoliet;
        udf = 0x102;
        blocks = 359846;                /* 80 minutes */
        break;
    case IMAPI_MEDIA_TYPE_DVDROM:
    case IMAPI_MEDIA_TYPE_DVDRAM:
    case IMAPI_MEDIA_TYPE_DVDPLUSR:
    case IMAPI_MEDIA_TYPE_DVDPLUSRW:
    case IMAPI_MEDIA_TYPE_DVDDASHR:
    case IMAPI_MEDIA_TYPE_DVDDASHRW:
    case IMAPI_MEDIA_TYPE_HDDVDROM:
    case IMAPI_MEDIA_TYPE_HDDVDR:
    case IMAPI_MEDIA_TYPE_HDDVDRAM:
        fs = FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF;
        udf = 0x102;
        blocks = 2295104;
        break;
    case IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER:
    case IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER:
    case IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER:
        fs = FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF;
        udf = 0x102;
        blocks = 4173824;
        break;
    case IMAPI_MEDIA_TYPE_BDROM:
    case IMAPI_MEDIA_TYPE_BDR:
    case IMAPI_MEDIA_TYPE_BDRE:
        /* UDF 2.50 with its metadata partition, as Windows writes BD; ISO 9660
         * and Joliet bridged with it, so that every reader finds the files. */
        fs = FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF;
        udf = 0x250;
        blocks = 12219392;
        break;
    default:
        return IMAPI_E_INVALID_PARAM;
    }

    if (!(FSI_SUPPORTED & FsiFileSystemUDF))
        fs = (fs & ~FsiFileSystemUDF) | FsiFileSystemISO9660 | FsiFileSystemJoliet;

    EnterCriticalSection(&image->cs);
    image->file_systems = fs;
    image->udf_revision = udf;
    image->free_blocks = free_blocks >= 0 ? free_blocks : blocks;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_ChooseImageDefaults(IFileSystemImage3 *iface, IDiscRecorder2 *recorder)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    LONG free_blocks;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, recorder);

    if (!recorder) return E_POINTER;
    if (FAILED(hr = media_free_blocks(recorder, &free_blocks, &type)))
        return hr;
    if (type == IMAPI_MEDIA_TYPE_UNKNOWN) return E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE;
    return choose_defaults(image, type, free_blocks);
}

static HRESULT WINAPI image_ChooseImageDefaultsForMediaType(IFileSystemImage3 *iface, IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    TRACE("%p, %d.\n", iface, type);
    return choose_defaults(impl_from_IFileSystemImage3(iface), type, -1);
}

static HRESULT WINAPI image_put_ISO9660InterchangeLevel(IFileSystemImage3 *iface, LONG value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %ld.\n", iface, value);

    if (value < 1 || value > 3) return IMAPI_E_INVALID_PARAM;
    EnterCriticalSection(&image->cs);
    /* An imported ISO 9660 file system keeps its level. */
    if ((image->imported_file_systems & FsiFileSystemISO9660) && value < image->iso_level)
        hr = IMAPI_E_ISO9660_LEVELS;
    else
        image->iso_level = value;
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_get_ISO9660InterchangeLevel(IFileSystemImage3 *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_long(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->iso_level, value);
}

static HRESULT WINAPI image_get_ISO9660InterchangeLevelsSupported(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    static const LONG levels[] = { 1, 2, 3 };

    TRACE("%p, %p.\n", iface, value);
    return long_array(levels, ARRAY_SIZE(levels), value);
}

static HRESULT WINAPI image_CreateResultImage(IFileSystemImage3 *iface, IFileSystemImageResult **result)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    struct fsi_layout *layout;
    LONG start;
    struct fsi_node *root;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, result);

    if (!result) return E_POINTER;
    *result = NULL;
    if (FAILED(hr = layout_image(image, &root, &layout)))
        return hr;
    EnterCriticalSection(&image->cs);
    start = image->session_start;
    LeaveCriticalSection(&image->cs);
    /* The result owns the layout and the copy of the tree once made. */
    if (FAILED(hr = result_create_at(layout, root, start, result)))
    {
        fsi_layout_destroy(layout);
        fsi_node_destroy(root);
    }
    return hr;
}

static HRESULT WINAPI image_Exists(IFileSystemImage3 *iface, BSTR path, FsiItemType *type)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    struct fsi_node *node;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(path), type);

    if (!path || !type) return E_POINTER;
    EnterCriticalSection(&image->cs);
    if (FAILED(item_resolve(image->root, path, &node)))
        *type = FsiItemNotFound;
    else
        *type = node->is_dir ? FsiItemDirectory : FsiItemFile;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_CalculateDiscIdentifier(IFileSystemImage3 *iface, BSTR *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    IFileSystemImageResult *result;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = image_CreateResultImage(&image->IFileSystemImage3_iface, &result)))
        return hr;
    hr = IFileSystemImageResult_get_DiscId(result, value);
    IFileSystemImageResult_Release(result);
    return hr;
}

/* Reading the previous session through the multisession interface's recorder. */
struct recorder_disc
{
    struct fsi_disc disc;
    IDiscRecorder2Ex *recorder;
};

static int32_t recorder_disc_read(struct fsi_disc *iface, uint32_t lba, uint32_t count, void *buf)
{
    struct recorder_disc *disc = CONTAINING_RECORD(iface, struct recorder_disc, disc);
    BYTE cdb[10], sense[18];
    ULONG fetched;
    HRESULT hr;

    while (count)
    {
        /* 16 blocks: what every pass-through path takes in one command. */
        uint32_t n = min(count, 16);

        memset(cdb, 0, sizeof(cdb));
        cdb[0] = 0x28;      /* READ (10) */
        cdb[2] = lba >> 24;
        cdb[3] = lba >> 16;
        cdb[4] = lba >> 8;
        cdb[5] = lba;
        cdb[7] = n >> 8;
        cdb[8] = n;
        hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(disc->recorder, cdb, sizeof(cdb), sense, 60,
                buf, n * FSI_BLOCK_SIZE, &fetched);
        if (FAILED(hr) || fetched != n * FSI_BLOCK_SIZE)
        {
            WARN("READ of %u blocks at %u failed, hr %#lx, %lu bytes.\n", n, lba, hr, fetched);
            return IMAPI_E_IMPORT_READ_FAILURE;
        }
        lba += n;
        count -= n;
        buf = (BYTE *)buf + n * FSI_BLOCK_SIZE;
    }
    return S_OK;
}

/* The disc of the multisession interface in use, and where its last
 * session starts. */
static HRESULT open_previous_session(struct file_system_image *image, struct recorder_disc *disc,
        ULONG *session_start)
{
    IMultisessionSequential *sequential;
    IDiscRecorder2 *recorder = NULL;
    LONG start = 0, next = 0;
    HRESULT hr;

    EnterCriticalSection(&image->cs);
    if (!image->multisession)
        hr = IMAPI_E_MULTISESSION_NOT_SET;
    else if (SUCCEEDED(hr = IMultisession_get_ImportRecorder(image->multisession, &recorder)))
    {
        if (SUCCEEDED(IMultisession_QueryInterface(image->multisession, &IID_IMultisessionSequential,
                (void **)&sequential)))
        {
            VARIANT_BOOL first = VARIANT_FALSE;

            if (SUCCEEDED(hr = IMultisessionSequential_get_IsFirstDataSession(sequential, &first)) && first)
                hr = IMAPI_E_EMPTY_DISC;
            if (SUCCEEDED(hr))
                hr = IMultisessionSequential_get_StartAddressOfPreviousSession(sequential, &start);
            if (SUCCEEDED(hr))
                hr = IMultisessionSequential_get_NextWritableAddress(sequential, &next);
            IMultisessionSequential_Release(sequential);
        }
        /* Random-writable media hold one session, from block 0. */
    }
    LeaveCriticalSection(&image->cs);

    if (SUCCEEDED(hr) && FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex,
            (void **)&disc->recorder)))
        hr = IMAPI_E_IMPORT_MEDIA_NOT_ALLOWED;
    if (recorder) IDiscRecorder2_Release(recorder);
    if (FAILED(hr)) return hr;

    disc->disc.read = recorder_disc_read;
    /* Nothing past the written part of the disc is read. */
    disc->disc.blocks = next > 0 ? next : 0xffffffff;
    *session_start = start;
    return S_OK;
}

/* An imported file's data, read from the disc through the recorder. */
struct disc_source
{
    struct fsi_source source;
    LONG refcount;
    struct recorder_disc disc;
    struct fsi_extent *extents;
    size_t count;
};

static int32_t disc_source_read(struct fsi_source *iface, uint64_t offset, void *buf, uint32_t len)
{
    struct disc_source *source = CONTAINING_RECORD(iface, struct disc_source, source);
    BYTE block[FSI_BLOCK_SIZE];
    uint64_t start = 0;
    size_t i;

    for (i = 0; i < source->count && len; start += source->extents[i++].length)
    {
        const struct fsi_extent *extent = &source->extents[i];
        uint64_t pos;

        if (offset >= start + extent->length) continue;
        pos = offset - start;
        while (len && pos < extent->length)
        {
            uint32_t in_block = pos % FSI_BLOCK_SIZE;
            uint32_t n = min(len, min(FSI_BLOCK_SIZE - in_block, extent->length - pos));
            int32_t hr;

            if ((hr = recorder_disc_read(&source->disc.disc, extent->lba + pos / FSI_BLOCK_SIZE, 1, block)))
                return hr;
            memcpy(buf, block + in_block, n);
            buf = (BYTE *)buf + n;
            len -= n;
            pos += n;
            offset += n;
        }
    }
    return len ? IMAPI_E_DATA_STREAM_INCONSISTENCY : S_OK;
}

static void disc_source_addref(struct fsi_source *iface)
{
    InterlockedIncrement(&CONTAINING_RECORD(iface, struct disc_source, source)->refcount);
}

static void disc_source_release(struct fsi_source *iface)
{
    struct disc_source *source = CONTAINING_RECORD(iface, struct disc_source, source);

    if (InterlockedDecrement(&source->refcount)) return;
    IDiscRecorder2Ex_Release(source->disc.recorder);
    free(source->extents);
    free(source);
}

HRESULT image_imported_stream(struct file_system_image *image, const struct fsi_node *node, IStream **stream)
{
    struct disc_source *source;
    ULONG start;
    HRESULT hr;

    if (!(source = calloc(1, sizeof(*source)))) return E_OUTOFMEMORY;
    if (FAILED(hr = open_previous_session(image, &source->disc, &start)))
    {
        free(source);
        return hr;
    }
    source->source.read = disc_source_read;
    source->source.addref = disc_source_addref;
    source->source.release = disc_source_release;
    source->refcount = 1;
    EnterCriticalSection(&image->cs);
    if ((source->extents = malloc(max(node->extent_count, 1) * sizeof(*source->extents))))
    {
        memcpy(source->extents, node->extents, node->extent_count * sizeof(*source->extents));
        source->count = node->extent_count;
    }
    LeaveCriticalSection(&image->cs);
    if (!source->extents) hr = E_OUTOFMEMORY;
    else hr = source_stream_create(&source->source, node->size, stream);
    disc_source_release(&source->source);
    return hr;
}

static HRESULT identify(struct file_system_image *image, struct recorder_disc *disc, ULONG start,
        FsiFileSystems *fs)
{
    unsigned int found = 0;
    HRESULT hr;

    if (FAILED(hr = fsi_identify(&disc->disc, start, &found))) return hr;
    *fs = found;
    return S_OK;
}

static HRESULT WINAPI image_IdentifyFileSystemsOnDisc(IFileSystemImage3 *iface, IDiscRecorder2 *recorder,
        FsiFileSystems *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    struct recorder_disc disc = {{0}};
    ULONG start = 0;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, recorder, value);

    if (!recorder || !value) return E_POINTER;
    *value = FsiFileSystemNone;
    /* The last session of the disc, when the image has a multisession
     * interface on this recorder; the start of the disc otherwise. */
    if (FAILED(open_previous_session(image, &disc, &start)))
    {
        if (FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&disc.recorder)))
            return hr;
        disc.disc.read = recorder_disc_read;
        disc.disc.blocks = 0xffffffff;
        start = 0;
    }
    hr = identify(image, &disc, start, value);
    IDiscRecorder2Ex_Release(disc.recorder);
    return hr;
}

/* UDF first (it keeps names and large files as they are), then Joliet, then
 * ISO 9660, as Windows prefers them. */
static FsiFileSystems default_import(FsiFileSystems fs)
{
    if (fs & FsiFileSystemUDF) return FsiFileSystemUDF;
    if (fs & FsiFileSystemJoliet) return FsiFileSystemJoliet;
    if (fs & FsiFileSystemISO9660) return FsiFileSystemISO9660;
    return FsiFileSystemNone;
}

static HRESULT WINAPI image_GetDefaultFileSystemForImport(IFileSystemImage3 *iface, FsiFileSystems fs,
        FsiFileSystems *value)
{
    TRACE("%p, %#x, %p.\n", iface, fs, value);

    if (!value) return E_POINTER;
    if (fs & ~(FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF | FsiFileSystemUnknown))
        return IMAPI_E_INVALID_PARAM;
    *value = default_import(fs & FSI_SUPPORTED_IMPORT);
    return S_OK;
}

static HRESULT import(struct file_system_image *image, FsiFileSystems fs)
{
    struct recorder_disc disc = {{0}};
    struct fsi_node *root;
    FsiFileSystems present;
    uint16_t volume[33], revision;
    uint64_t files, dirs;
    ULONG start;
    HRESULT hr;

    if (FAILED(hr = open_previous_session(image, &disc, &start)))
        return hr;
    if (FAILED(hr = identify(image, &disc, start, &present)))
        goto done;
    if (!present)
    {
        hr = IMAPI_E_NO_SUPPORTED_FILE_SYSTEM;
        goto done;
    }
    if (fs == FsiFileSystemNone && !(fs = default_import(present & FSI_SUPPORTED_IMPORT)))
    {
        hr = IMAPI_E_FILE_SYSTEM_NOT_FOUND;
        goto done;
    }
    if (!(present & fs))
    {
        hr = IMAPI_E_FILE_SYSTEM_NOT_FOUND;
        goto done;
    }
    if (!(fs & FSI_SUPPORTED_IMPORT))
    {
        FIXME("Import of file system %#x is not supported.\n", fs);
        hr = IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
        goto done;
    }

    EnterCriticalSection(&image->cs);
    if (image->root->count)
        hr = IMAPI_E_FILE_SYSTEM_NOT_EMPTY;
    LeaveCriticalSection(&image->cs);
    if (FAILED(hr)) goto done;

    if (!(root = fsi_node_create((const uint16_t *)L"", TRUE, fsi_now())))
    {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    memset(volume, 0, sizeof(volume));
    fire_update_import(image, fs, L"\\", 0, 0, 0, 0);
    if (FAILED(hr = fsi_import(&disc.disc, start, fs, root, volume)))
    {
        fsi_node_destroy(root);
        goto done;
    }
    fsi_node_count(root, &files, &dirs);
    fire_update_import(image, fs, L"\\", dirs + 1, dirs + 1, files, files);
    revision = present & FsiFileSystemUDF ? fsi_udf_revision(&disc.disc, start) : 0;

    EnterCriticalSection(&image->cs);
    if (image->root->count)
    {
        hr = IMAPI_E_FILE_SYSTEM_NOT_EMPTY;
        fsi_node_destroy(root);
    }
    else
    {
        struct change change = {.type = CHANGE_ROOT};

        change.node = image->root;
        memcpy(change.u.root.volume_name, image->volume_name, sizeof(image->volume_name));
        memcpy(change.u.root.imported_volume_name, image->imported_volume_name,
                sizeof(image->imported_volume_name));
        change.u.root.file_systems = image->file_systems;
        change.u.root.imported_file_systems = image->imported_file_systems;
        change.u.root.imported_from = image->imported_from;
        change.u.root.previous_session_start = image->previous_session_start;
        image_replace_root(image, root);
        /* The old root goes to the change. */
        changes_add(image, &change);
        memcpy(image->imported_volume_name, volume, sizeof(image->imported_volume_name));
        image->imported_volume_name[32] = 0;
        if (!image->volume_name[0])
            memcpy(image->volume_name, image->imported_volume_name, sizeof(image->volume_name));
        image->imported_file_systems = present & FSI_SUPPORTED;
        image->imported_from = fs;
        image->file_systems |= present & FSI_SUPPORTED;
        /* A UDF session that follows another keeps its revision. */
        if (revision) image->udf_revision = revision;
        image->previous_session_start = start;
    }
    LeaveCriticalSection(&image->cs);

done:
    IDiscRecorder2Ex_Release(disc.recorder);
    return hr;
}

static HRESULT WINAPI image_ImportFileSystem(IFileSystemImage3 *iface, FsiFileSystems *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    FsiFileSystems fs;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = FsiFileSystemNone;
    if (FAILED(hr = import(image, FsiFileSystemNone))) return hr;
    EnterCriticalSection(&image->cs);
    fs = image->imported_from;
    LeaveCriticalSection(&image->cs);
    *value = fs;
    return S_OK;
}

static HRESULT WINAPI image_ImportSpecificFileSystem(IFileSystemImage3 *iface, FsiFileSystems fs)
{
    TRACE("%p, %#x.\n", iface, fs);

    if (fs != FsiFileSystemISO9660 && fs != FsiFileSystemJoliet && fs != FsiFileSystemUDF)
        return IMAPI_E_INVALID_PARAM;
    return import(impl_from_IFileSystemImage3(iface), fs);
}

static HRESULT WINAPI image_RollbackToChangePoint(IFileSystemImage3 *iface, LONG change_point)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK, undo_hr;

    TRACE("%p, %ld.\n", iface, change_point);

    EnterCriticalSection(&image->cs);
    /* A point not reached yet, or before the locked-in one. */
    if (change_point > image->change_point || change_point < image->locked_change_point)
        hr = IMAPI_E_INVALID_PARAM;
    else
    {
        /* Every change is undone, even when one cannot be (a name taken). */
        while (image->change_point > change_point)
            if (FAILED(undo_hr = change_undo(image)) && SUCCEEDED(hr)) hr = undo_hr;
    }
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_LockInChangePoint(IFileSystemImage3 *iface)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p.\n", iface);

    EnterCriticalSection(&image->cs);
    changes_lock_in(image);
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT create_item(struct file_system_image *image, const WCHAR *name, BOOL is_dir, REFIID riid,
        void **out)
{
    struct fsi_node *node;
    HRESULT hr;

    if (!out) return E_POINTER;
    *out = NULL;
    if (!name) return E_POINTER;
    if (FAILED(hr = item_check_name(image, name))) return hr;
    if (!(node = fsi_node_create((const uint16_t *)name, is_dir, fsi_now()))) return E_OUTOFMEMORY;

    EnterCriticalSection(&image->cs);
    /* The new item owns its node until it is added to a directory. */
    if (FAILED(hr = item_get(image, node, riid, out)))
        fsi_node_destroy(node);
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_CreateDirectoryItem(IFileSystemImage3 *iface, BSTR name, IFsiDirectoryItem **item)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_w(name), item);
    return create_item(impl_from_IFileSystemImage3(iface), name, TRUE, &IID_IFsiDirectoryItem, (void **)item);
}

static HRESULT WINAPI image_CreateFileItem(IFileSystemImage3 *iface, BSTR name, IFsiFileItem **item)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_w(name), item);
    return create_item(impl_from_IFileSystemImage3(iface), name, FALSE, &IID_IFsiFileItem, (void **)item);
}

static HRESULT volume_name_for(struct file_system_image *image, FsiFileSystems fs, BSTR *value)
{
    uint16_t *name;

    if (!value) return E_POINTER;
    *value = NULL;
    EnterCriticalSection(&image->cs);
    name = fsi_volume_name(image->volume_name[0] ? (const uint16_t *)image->volume_name : NULL, fs);
    LeaveCriticalSection(&image->cs);
    if (!name) return E_OUTOFMEMORY;
    *value = SysAllocString((const WCHAR *)name);
    free(name);
    return *value ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI image_get_VolumeNameUDF(IFileSystemImage3 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return volume_name_for(impl_from_IFileSystemImage3(iface), FsiFileSystemUDF, value);
}

static HRESULT WINAPI image_get_VolumeNameJoliet(IFileSystemImage3 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return volume_name_for(impl_from_IFileSystemImage3(iface), FsiFileSystemJoliet, value);
}

static HRESULT WINAPI image_get_VolumeNameISO9660(IFileSystemImage3 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return volume_name_for(impl_from_IFileSystemImage3(iface), FsiFileSystemISO9660, value);
}

static HRESULT WINAPI image_get_StageFiles(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_bool(impl_from_IFileSystemImage3(iface), &impl_from_IFileSystemImage3(iface)->stage_files, value);
}

/* Microsoft: only files added afterwards are staged, and always (a folder's
 * files, added by AddTree: see image_stage); those added before stay as
 * they are.  A file added from a program's IStream is read when the image
 * is: the stream is the program's to keep. */
static HRESULT WINAPI image_put_StageFiles(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %d.\n", iface, value);

    EnterCriticalSection(&image->cs);
    image->stage_files = !!value;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_MultisessionInterfaces(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    EnterCriticalSection(&image->cs);
    if (!image->multisession_array) hr = IMAPI_E_MULTISESSION_NOT_SET;
    else hr = SafeArrayCopy(image->multisession_array, value);
    LeaveCriticalSection(&image->cs);
    return hr;
}

static HRESULT WINAPI image_put_MultisessionInterfaces(IFileSystemImage3 *iface, SAFEARRAY *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    IMultisession *chosen = NULL;
    LONG lower, upper, i, next = 0, free_blocks = 0;
    SAFEARRAY *copy;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (SafeArrayGetDim(value) != 1 || FAILED(SafeArrayGetLBound(value, 1, &lower))
            || FAILED(SafeArrayGetUBound(value, 1, &upper)))
        return E_INVALIDARG;

    /* The first interface that works on the medium as it is now. */
    for (i = lower; i <= upper && !chosen; i++)
    {
        IMultisession *multisession;
        VARIANT_BOOL supported;
        VARIANT v;

        VariantInit(&v);
        if (FAILED(SafeArrayGetElement(value, &i, &v))) continue;
        if ((V_VT(&v) == VT_DISPATCH || V_VT(&v) == VT_UNKNOWN) && V_UNKNOWN(&v)
                && SUCCEEDED(IUnknown_QueryInterface(V_UNKNOWN(&v), &IID_IMultisession, (void **)&multisession)))
        {
            if (SUCCEEDED(IMultisession_get_IsSupportedOnCurrentMediaState(multisession, &supported)) && supported)
                chosen = multisession;
            else
                IMultisession_Release(multisession);
        }
        VariantClear(&v);
    }
    if (!chosen) return IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE;

    {
        IMultisessionSequential *sequential;
        IMultisessionRandomWrite *random;

        if (SUCCEEDED(IMultisession_QueryInterface(chosen, &IID_IMultisessionSequential, (void **)&sequential)))
        {
            if (SUCCEEDED(hr = IMultisessionSequential_get_NextWritableAddress(sequential, &next)))
                hr = IMultisessionSequential_get_FreeSectorsOnMedia(sequential, &free_blocks);
            IMultisessionSequential_Release(sequential);
        }
        else if (SUCCEEDED(IMultisession_QueryInterface(chosen, &IID_IMultisessionRandomWrite, (void **)&random)))
        {
            LONG total = 0;

            next = 0;
            hr = IMultisessionRandomWrite_get_TotalSectorsOnMedia(random, &total);
            free_blocks = total;
            IMultisessionRandomWrite_Release(random);
        }
        else hr = IMAPI_E_INCOMPATIBLE_MULTISESSION_TYPE;
    }
    if (FAILED(hr) || FAILED(hr = SafeArrayCopy(value, &copy)))
    {
        IMultisession_Release(chosen);
        return FAILED(hr) ? hr : E_OUTOFMEMORY;
    }
    IMultisession_put_InUse(chosen, VARIANT_TRUE);

    EnterCriticalSection(&image->cs);
    release_multisession(image);
    image->multisession = chosen;
    image->multisession_array = copy;
    image->session_start = next;
    image->free_blocks = free_blocks;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_get_BootImageOptionsArray(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    SAFEARRAY *array;
    VARIANT *data;
    unsigned int i;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&image->cs);
    if ((array = SafeArrayCreateVector(VT_VARIANT, 0, image->boot_count)))
    {
        SafeArrayAccessData(array, (void **)&data);
        for (i = 0; i < image->boot_count; i++)
        {
            V_VT(&data[i]) = VT_DISPATCH;
            V_DISPATCH(&data[i]) = (IDispatch *)image->boot[i];
            IBootOptions_AddRef(image->boot[i]);
        }
        SafeArrayUnaccessData(array);
    }
    LeaveCriticalSection(&image->cs);
    *value = array;
    return array ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI image_put_BootImageOptionsArray(IFileSystemImage3 *iface, SAFEARRAY *value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    IBootOptions *options[MAX_BOOT_ENTRIES];
    LONG lower, upper, i;
    unsigned int count = 0;
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (SafeArrayGetDim(value) != 1 || FAILED(SafeArrayGetLBound(value, 1, &lower))
            || FAILED(SafeArrayGetUBound(value, 1, &upper)))
        return E_INVALIDARG;
    if (upper - lower + 1 > MAX_BOOT_ENTRIES) return IMAPI_E_BOOT_OBJECT_CONFLICT;

    for (i = lower; i <= upper && SUCCEEDED(hr); i++)
    {
        VARIANT v;

        VariantInit(&v);
        if (FAILED(hr = SafeArrayGetElement(value, &i, &v))) break;
        if ((V_VT(&v) != VT_DISPATCH && V_VT(&v) != VT_UNKNOWN) || !V_UNKNOWN(&v)
                || FAILED(IUnknown_QueryInterface(V_UNKNOWN(&v), &IID_IBootOptions, (void **)&options[count])))
            hr = E_INVALIDARG;
        else
            count++;
        VariantClear(&v);
    }
    if (SUCCEEDED(hr)) set_boot_options(image, options, count);
    while (count--) IBootOptions_Release(options[count]);
    return hr;
}

static HRESULT WINAPI image_get_CreateRedundantUdfMetadataFiles(IFileSystemImage3 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_bool(impl_from_IFileSystemImage3(iface),
            &impl_from_IFileSystemImage3(iface)->redundant_udf_metadata, value);
}

static HRESULT WINAPI image_put_CreateRedundantUdfMetadataFiles(IFileSystemImage3 *iface, VARIANT_BOOL value)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);

    TRACE("%p, %d.\n", iface, value);

    EnterCriticalSection(&image->cs);
    image->redundant_udf_metadata = !!value;
    LeaveCriticalSection(&image->cs);
    return S_OK;
}

static HRESULT WINAPI image_ProbeSpecificFileSystem(IFileSystemImage3 *iface, FsiFileSystems fs,
        VARIANT_BOOL *appendable)
{
    struct file_system_image *image = impl_from_IFileSystemImage3(iface);
    struct recorder_disc disc = {{0}};
    FsiFileSystems present;
    ULONG start;
    HRESULT hr;

    TRACE("%p, %#x, %p.\n", iface, fs, appendable);

    if (!appendable) return E_POINTER;
    *appendable = VARIANT_FALSE;
    if (fs != FsiFileSystemISO9660 && fs != FsiFileSystemJoliet && fs != FsiFileSystemUDF)
        return IMAPI_E_INVALID_PARAM;
    if (FAILED(hr = open_previous_session(image, &disc, &start))) return hr;
    if (SUCCEEDED(hr = identify(image, &disc, start, &present)))
    {
        if (!(present & fs)) hr = IMAPI_E_FILE_SYSTEM_NOT_FOUND;
        /* A file system is appendable when a new session can import it. */
        else if (fs & FSI_SUPPORTED_IMPORT) *appendable = VARIANT_TRUE;
    }
    IDiscRecorder2Ex_Release(disc.recorder);
    return hr;
}

static const IFileSystemImage3Vtbl image_vtbl =
{
    image_QueryInterface,
    image_AddRef,
    image_Release,
    image_GetTypeInfoCount,
    image_GetTypeInfo,
    image_GetIDsOfNames,
    image_Invoke,
    image_get_Root,
    image_get_SessionStartBlock,
    image_put_SessionStartBlock,
    image_get_FreeMediaBlocks,
    image_put_FreeMediaBlocks,
    image_SetMaxMediaBlocksFromDevice,
    image_get_UsedBlocks,
    image_get_VolumeName,
    image_put_VolumeName,
    image_get_ImportedVolumeName,
    image_get_BootImageOptions,
    image_put_BootImageOptions,
    image_get_FileCount,
    image_get_DirectoryCount,
    image_get_WorkingDirectory,
    image_put_WorkingDirectory,
    image_get_ChangePoint,
    image_get_StrictFileSystemCompliance,
    image_put_StrictFileSystemCompliance,
    image_get_UseRestrictedCharacterSet,
    image_put_UseRestrictedCharacterSet,
    image_get_FileSystemsToCreate,
    image_put_FileSystemsToCreate,
    image_get_FileSystemsSupported,
    image_put_UDFRevision,
    image_get_UDFRevision,
    image_get_UDFRevisionsSupported,
    image_ChooseImageDefaults,
    image_ChooseImageDefaultsForMediaType,
    image_put_ISO9660InterchangeLevel,
    image_get_ISO9660InterchangeLevel,
    image_get_ISO9660InterchangeLevelsSupported,
    image_CreateResultImage,
    image_Exists,
    image_CalculateDiscIdentifier,
    image_IdentifyFileSystemsOnDisc,
    image_GetDefaultFileSystemForImport,
    image_ImportFileSystem,
    image_ImportSpecificFileSystem,
    image_RollbackToChangePoint,
    image_LockInChangePoint,
    image_CreateDirectoryItem,
    image_CreateFileItem,
    image_get_VolumeNameUDF,
    image_get_VolumeNameJoliet,
    image_get_VolumeNameISO9660,
    image_get_StageFiles,
    image_put_StageFiles,
    image_get_MultisessionInterfaces,
    image_put_MultisessionInterfaces,
    image_get_BootImageOptionsArray,
    image_put_BootImageOptionsArray,
    image_get_CreateRedundantUdfMetadataFiles,
    image_put_CreateRedundantUdfMetadataFiles,
    image_ProbeSpecificFileSystem,
};

HRESULT file_system_image_create(REFIID riid, void **out)
{
    struct file_system_image *image;
    HRESULT hr;

    if (!(image = calloc(1, sizeof(*image)))) return E_OUTOFMEMORY;
    image->IFileSystemImage3_iface.lpVtbl = &image_vtbl;
    image->refcount = 1;
    if (!(image->root = fsi_node_create((const uint16_t *)L"", TRUE, fsi_now())))
    {
        free(image);
        return E_OUTOFMEMORY;
    }
    InitializeCriticalSection(&image->cs);
    image->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": file_system_image.cs");
    event_source_init2(&image->events, (IUnknown *)&image->IFileSystemImage3_iface,
            &IID_DFileSystemImageEvents, &IID_DFileSystemImageImportEvents);
    image->file_systems = FsiFileSystemISO9660 | FsiFileSystemJoliet;
    image->iso_level = 2;
    image->udf_revision = 0x102;
    image->free_blocks = DEFAULT_FREE_BLOCKS;
    image->stage_files = TRUE;
    lock_module();

    hr = IFileSystemImage3_QueryInterface(&image->IFileSystemImage3_iface, riid, out);
    IFileSystemImage3_Release(&image->IFileSystemImage3_iface);
    return hr;
}

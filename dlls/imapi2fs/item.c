/*
 * IMAPI2 file system image: the items of the tree, what directories and files share.
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

HRESULT item_get(struct file_system_image *image, struct fsi_node *node, REFIID riid, void **out)
{
    struct item *item = node->user;

    if (item)
    {
        if (node->is_dir)
            return IFsiDirectoryItem2_QueryInterface(&item->IFsiDirectoryItem2_iface, riid, out);
        return IFsiFileItem2_QueryInterface(&item->IFsiFileItem2_iface, riid, out);
    }

    if (!(item = calloc(1, sizeof(*item)))) return E_OUTOFMEMORY;
    item->refcount = 1;
    item->image = image;
    IFileSystemImage3_AddRef(image_iface(image));
    item->node = node;
    node->user = item;
    lock_module();
    if (node->is_dir)
    {
        HRESULT hr;

        directory_item_init(item);
        hr = IFsiDirectoryItem2_QueryInterface(&item->IFsiDirectoryItem2_iface, riid, out);
        IFsiDirectoryItem2_Release(&item->IFsiDirectoryItem2_iface);
        return hr;
    }
    else
    {
        HRESULT hr;

        file_item_init(item);
        hr = IFsiFileItem2_QueryInterface(&item->IFsiFileItem2_iface, riid, out);
        IFsiFileItem2_Release(&item->IFsiFileItem2_iface);
        return hr;
    }
}

ULONG item_addref(struct item *item)
{
    return InterlockedIncrement(&item->refcount);
}

ULONG item_release(struct item *item)
{
    struct file_system_image *image = item->image;
    ULONG refcount;

    EnterCriticalSection(image_lock(image));
    if (!(refcount = InterlockedDecrement(&item->refcount)))
    {
        item->node->user = NULL;
        item_node_release(image, item->node);
    }
    LeaveCriticalSection(image_lock(image));

    if (!refcount)
    {
        IFileSystemImage3_Release(image_iface(image));
        free(item);
        unlock_module();
    }
    return refcount;
}

void item_tree_destroy(struct fsi_node *node)
{
    size_t i;

    /* The item, or the undo log, keeps the node and its subtree outside
     * the image's tree. */
    if (node->user || node->holds) return;
    for (i = 0; i < node->count; i++)
    {
        struct fsi_node *child = node->children[i];

        child->parent = NULL;
        item_tree_destroy(child);
    }
    node->count = 0;
    for (i = 0; i < node->stream_count; i++)
    {
        struct fsi_node *stream = node->streams[i];

        stream->parent = NULL;
        item_tree_destroy(stream);
    }
    node->stream_count = 0;
    fsi_node_destroy(node);
}

void item_node_release(struct file_system_image *image, struct fsi_node *node)
{
    if (!node->parent && node != image_root(image)) item_tree_destroy(node);
}

/* Characters no file name may have on Windows, nor in Joliet or UDF. */
static BOOL is_invalid_char(WCHAR c)
{
    return c < 0x20 || wcschr(L"\\/:*?\"<>|", c);
}

HRESULT item_check_name(struct file_system_image *image, const WCHAR *name)
{
    size_t len = wcslen(name), i;

    if (!len || len > 255 || !wcscmp(name, L".") || !wcscmp(name, L".."))
        return IMAPI_E_INVALID_PATH;
    for (i = 0; i < len; i++)
        if (is_invalid_char(name[i])) return IMAPI_E_INVALID_PATH;
    return image_check_restricted_name(image, name);
}

static BOOL is_separator(WCHAR c)
{
    return c == '\\' || c == '/';
}

/* Walks the components of path from dir; stops before the last one when
 * last is not NULL (which then points at it). */
static HRESULT walk(struct file_system_image *image, struct fsi_node *dir, const WCHAR *path,
        BOOL create_dirs, struct fsi_node **node, const WCHAR **last)
{
    const WCHAR *p = path;
    WCHAR name[256];
    HRESULT hr;

    if (is_separator(*p))
    {
        while (dir->parent) dir = dir->parent;
        while (is_separator(*p)) p++;
    }
    for (;;)
    {
        const WCHAR *end = p;
        struct fsi_node *child;
        size_t len;

        while (*end && !is_separator(*end)) end++;
        len = end - p;
        if (last)
        {
            const WCHAR *rest = end;

            while (is_separator(*rest)) rest++;
            if (!*rest)
            {
                *last = p;
                break;
            }
        }
        else if (!len) break;
        if (!len || len >= ARRAY_SIZE(name)) return IMAPI_E_INVALID_PATH;
        memcpy(name, p, len * sizeof(WCHAR));
        name[len] = 0;
        if (!dir->is_dir) return IMAPI_E_NOT_DIR;
        if (!(child = fsi_node_find(dir, name)))
        {
            if (!create_dirs) return last ? IMAPI_E_DIR_NOT_FOUND : IMAPI_E_ITEM_NOT_FOUND;
            if (FAILED(hr = item_check_name(image, name))) return hr;
            if (!(child = fsi_node_create(name, TRUE, fsi_now()))) return E_OUTOFMEMORY;
            if (FAILED(hr = fsi_node_attach(dir, child)))
            {
                fsi_node_destroy(child);
                return hr;
            }
            image_log_attach(image, child);
        }
        dir = child;
        p = end;
        while (is_separator(*p)) p++;
        if (!*p && !last) break;
    }
    *node = dir;
    return S_OK;
}

HRESULT item_resolve(struct fsi_node *dir, const WCHAR *path, struct fsi_node **node)
{
    return walk(NULL, dir, path, FALSE, node, NULL);
}

HRESULT item_resolve_parent(struct file_system_image *image, struct fsi_node *dir, const WCHAR *path,
        BOOL create_dirs, struct fsi_node **parent, WCHAR **name)
{
    const WCHAR *last, *end;
    HRESULT hr;

    if (!path || !*path) return IMAPI_E_INVALID_PATH;
    if (FAILED(hr = walk(image, dir, path, create_dirs, parent, &last))) return hr;
    if (!(*parent)->is_dir) return IMAPI_E_NOT_DIR;
    for (end = last; *end && !is_separator(*end); end++) ;
    if (end == last) return IMAPI_E_INVALID_PATH;
    if (!(*name = malloc((end - last + 1) * sizeof(WCHAR)))) return E_OUTOFMEMORY;
    memcpy(*name, last, (end - last) * sizeof(WCHAR));
    (*name)[end - last] = 0;
    return S_OK;
}

HRESULT item_get_name(struct item *item, BSTR *value)
{
    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    *value = SysAllocString((const WCHAR *)item->node->name);
    LeaveCriticalSection(image_lock(item->image));
    return *value ? S_OK : E_OUTOFMEMORY;
}

HRESULT item_get_full_path(struct item *item, BSTR *value)
{
    uint16_t *path;

    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    path = fsi_node_path(item->node);
    LeaveCriticalSection(image_lock(item->image));
    if (!path) return E_OUTOFMEMORY;
    *value = SysAllocString((const WCHAR *)path);
    free(path);
    return *value ? S_OK : E_OUTOFMEMORY;
}

HRESULT item_get_time(struct item *item, const fsi_time *time, DATE *value)
{
    fsi_time t;

    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    t = *time;
    LeaveCriticalSection(image_lock(item->image));
    return date_from_fsi_time(t, value);
}

HRESULT item_put_time(struct item *item, fsi_time *time, DATE value)
{
    fsi_time t;
    HRESULT hr;

    if (FAILED(hr = fsi_time_from_date(value, &t))) return hr;
    EnterCriticalSection(image_lock(item->image));
    image_log_attributes(item->image, item->node);
    *time = t;
    LeaveCriticalSection(image_lock(item->image));
    return S_OK;
}

HRESULT item_get_hidden(struct item *item, VARIANT_BOOL *value)
{
    if (!value) return E_POINTER;
    *value = item->node->hidden ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

HRESULT item_put_hidden(struct item *item, VARIANT_BOOL value)
{
    EnterCriticalSection(image_lock(item->image));
    image_log_attributes(item->image, item->node);
    item->node->hidden = !!value;
    LeaveCriticalSection(image_lock(item->image));
    return S_OK;
}

static HRESULT check_one_file_system(FsiFileSystems fs)
{
    if (fs != FsiFileSystemISO9660 && fs != FsiFileSystemJoliet && fs != FsiFileSystemUDF)
        return E_INVALIDARG;
    return S_OK;
}

/* The name the item has in one file system of the image; the layout decides
 * the ISO 9660 and Joliet forms, so a name is only known once laid out. */
HRESULT item_file_system_name(struct item *item, FsiFileSystems fs, BSTR *value)
{
    HRESULT hr;

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = check_one_file_system(fs))) return hr;
    if (!(image_file_systems(item->image) & fs)) return IMAPI_E_NOT_IN_FILE_SYSTEM;
    /* A named stream has no name of its own in the directories. */
    if (item->node->is_stream) return IMAPI_E_NOT_IN_FILE_SYSTEM;
    return image_file_system_name(item->image, item->node, fs, FALSE, value);
}

HRESULT item_file_system_path(struct item *item, FsiFileSystems fs, BSTR *value)
{
    HRESULT hr;

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = check_one_file_system(fs))) return hr;
    if (!(image_file_systems(item->image) & fs)) return IMAPI_E_NOT_IN_FILE_SYSTEM;
    if (item->node->is_stream) return IMAPI_E_NOT_IN_FILE_SYSTEM;
    return image_file_system_name(item->image, item->node, fs, TRUE, value);
}

struct item *unsafe_impl_from_IFsiItem(IFsiItem *iface)
{
    IFsiDirectoryItem2 *dir;
    IFsiFileItem2 *file;
    struct item *item = NULL;

    if (!iface) return NULL;
    /* Our items answer this private query with themselves. */
    if (SUCCEEDED(IFsiItem_QueryInterface(iface, &IID_IFsiDirectoryItem2, (void **)&dir)))
    {
        if (directory_item_is_ours(dir)) item = CONTAINING_RECORD(dir, struct item, IFsiDirectoryItem2_iface);
        IFsiDirectoryItem2_Release(dir);
    }
    else if (SUCCEEDED(IFsiItem_QueryInterface(iface, &IID_IFsiFileItem2, (void **)&file)))
    {
        if (file_item_is_ours(file)) item = CONTAINING_RECORD(file, struct item, IFsiFileItem2_iface);
        IFsiFileItem2_Release(file);
    }
    return item;
}

/*
 * IMAPI2 file system image: FsiDirectoryItem, a directory of the image.
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

static inline struct item *impl_from_IFsiDirectoryItem2(IFsiDirectoryItem2 *iface)
{
    return CONTAINING_RECORD(iface, struct item, IFsiDirectoryItem2_iface);
}

static HRESULT WINAPI directory_item_QueryInterface(IFsiDirectoryItem2 *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IFsiItem) || IsEqualGUID(riid, &IID_IFsiDirectoryItem)
            || IsEqualGUID(riid, &IID_IFsiDirectoryItem2))
    {
        *out = iface;
        IFsiDirectoryItem2_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI directory_item_AddRef(IFsiDirectoryItem2 *iface)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);
    ULONG refcount = item_addref(item);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI directory_item_Release(IFsiDirectoryItem2 *iface)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p.\n", iface);
    return item_release(item);
}

static HRESULT WINAPI directory_item_GetTypeInfoCount(IFsiDirectoryItem2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI directory_item_GetTypeInfo(IFsiDirectoryItem2 *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IFsiDirectoryItem2_tid, index, typeinfo);
}

static HRESULT WINAPI directory_item_GetIDsOfNames(IFsiDirectoryItem2 *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IFsiDirectoryItem2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI directory_item_Invoke(IFsiDirectoryItem2 *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);
    return dispatch_invoke(IFsiDirectoryItem2_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI directory_item_get_Name(IFsiDirectoryItem2 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return item_get_name(impl_from_IFsiDirectoryItem2(iface), value);
}

static HRESULT WINAPI directory_item_get_FullPath(IFsiDirectoryItem2 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return item_get_full_path(impl_from_IFsiDirectoryItem2(iface), value);
}

static HRESULT WINAPI directory_item_get_CreationTime(IFsiDirectoryItem2 *iface, DATE *value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %p.\n", iface, value);
    return item_get_time(item, &item->node->created, value);
}

static HRESULT WINAPI directory_item_put_CreationTime(IFsiDirectoryItem2 *iface, DATE value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %f.\n", iface, value);
    return item_put_time(item, &item->node->created, value);
}

static HRESULT WINAPI directory_item_get_LastAccessedTime(IFsiDirectoryItem2 *iface, DATE *value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %p.\n", iface, value);
    return item_get_time(item, &item->node->accessed, value);
}

static HRESULT WINAPI directory_item_put_LastAccessedTime(IFsiDirectoryItem2 *iface, DATE value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %f.\n", iface, value);
    return item_put_time(item, &item->node->accessed, value);
}

static HRESULT WINAPI directory_item_get_LastModifiedTime(IFsiDirectoryItem2 *iface, DATE *value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %p.\n", iface, value);
    return item_get_time(item, &item->node->modified, value);
}

static HRESULT WINAPI directory_item_put_LastModifiedTime(IFsiDirectoryItem2 *iface, DATE value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %f.\n", iface, value);
    return item_put_time(item, &item->node->modified, value);
}

static HRESULT WINAPI directory_item_get_IsHidden(IFsiDirectoryItem2 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return item_get_hidden(impl_from_IFsiDirectoryItem2(iface), value);
}

static HRESULT WINAPI directory_item_put_IsHidden(IFsiDirectoryItem2 *iface, VARIANT_BOOL value)
{
    TRACE("%p, %d.\n", iface, value);
    return item_put_hidden(impl_from_IFsiDirectoryItem2(iface), value);
}

static HRESULT WINAPI directory_item_FileSystemName(IFsiDirectoryItem2 *iface, FsiFileSystems fs, BSTR *value)
{
    TRACE("%p, %#x, %p.\n", iface, fs, value);
    return item_file_system_name(impl_from_IFsiDirectoryItem2(iface), fs, value);
}

static HRESULT WINAPI directory_item_FileSystemPath(IFsiDirectoryItem2 *iface, FsiFileSystems fs, BSTR *value)
{
    TRACE("%p, %#x, %p.\n", iface, fs, value);
    return item_file_system_path(impl_from_IFsiDirectoryItem2(iface), fs, value);
}

static HRESULT WINAPI directory_item_get__NewEnum(IFsiDirectoryItem2 *iface, IEnumVARIANT **value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    return enum_items_create(impl_from_IFsiDirectoryItem2(iface), &IID_IEnumVARIANT, (void **)value);
}

static HRESULT WINAPI directory_item_get_Item(IFsiDirectoryItem2 *iface, BSTR path, IFsiItem **value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);
    struct fsi_node *node;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(path), value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (!path || !*path) return E_INVALIDARG;

    EnterCriticalSection(image_lock(item->image));
    if (SUCCEEDED(hr = item_resolve(item->node, path, &node)))
        hr = item_get(item->image, node, &IID_IFsiItem, (void **)value);
    LeaveCriticalSection(image_lock(item->image));
    return hr;
}

static HRESULT WINAPI directory_item_get_Count(IFsiDirectoryItem2 *iface, LONG *value)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    *value = item->node->count;
    LeaveCriticalSection(image_lock(item->image));
    return S_OK;
}

static HRESULT WINAPI directory_item_get_EnumFsiItems(IFsiDirectoryItem2 *iface, IEnumFsiItems **value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    return enum_items_create(impl_from_IFsiDirectoryItem2(iface), &IID_IEnumFsiItems, (void **)value);
}

/* Creates the node path names below item's node (its parents, too, when
 * create_dirs), attaching node when given or a new one. */
static HRESULT add_node(struct item *item, const WCHAR *path, BOOL is_dir, struct fsi_source *source,
        ULONGLONG size, BOOL create_dirs, struct fsi_node **added)
{
    struct fsi_node *parent, *node;
    WCHAR *name = NULL;
    HRESULT hr;

    if (FAILED(hr = item_resolve_parent(item->image, item->node, path, create_dirs, &parent, &name)))
        return hr;
    if (FAILED(hr = item_check_name(item->image, name)))
        goto done;
    if (fsi_node_find(parent, name))
    {
        hr = IMAPI_E_DUP_NAME;
        goto done;
    }
    if (!(node = fsi_node_create(name, is_dir, fsi_now())))
    {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    if (source) fsi_node_set_source(node, source, size);
    if (FAILED(hr = fsi_node_attach(parent, node)))
        fsi_node_destroy(node);
    else
    {
        image_log_attach(item->image, node);
        if (added) *added = node;
    }
done:
    free(name);
    return hr;
}

static HRESULT WINAPI directory_item_AddDirectory(IFsiDirectoryItem2 *iface, BSTR path)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(path));

    if (!path) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    hr = add_node(item, path, TRUE, NULL, 0, FALSE, NULL);
    LeaveCriticalSection(image_lock(item->image));
    return hr;
}

static HRESULT WINAPI directory_item_AddFile(IFsiDirectoryItem2 *iface, BSTR path, IStream *data)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);
    struct fsi_source *source;
    ULONGLONG size;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(path), data);

    if (!path || !data) return E_POINTER;
    if (FAILED(hr = stream_source_create(data, &source, &size)))
        return hr;
    EnterCriticalSection(image_lock(item->image));
    hr = add_node(item, path, FALSE, source, size, FALSE, NULL);
    LeaveCriticalSection(image_lock(item->image));
    source->release(source);
    return hr;
}

static fsi_time ticks(const FILETIME *ft)
{
    return ((LONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static void set_attributes(struct fsi_node *node, const WIN32_FIND_DATAW *data)
{
    node->hidden = !!(data->dwFileAttributes & FILE_ATTRIBUTE_HIDDEN);
    node->created = ticks(&data->ftCreationTime);
    node->accessed = ticks(&data->ftLastAccessTime);
    node->modified = ticks(&data->ftLastWriteTime);
}

/* Adds the contents of the host directory dir (a path ending without a
 * separator) below node, recursively. */
static HRESULT add_tree(struct item *item, struct fsi_node *node, WCHAR *dir, size_t len)
{
    WIN32_FIND_DATAW data;
    HANDLE find;
    HRESULT hr = S_OK;

    if (len + 3 >= MAX_PATH * 4) return IMAPI_E_INVALID_PATH;
    wcscpy(dir + len, L"\\*");
    find = FindFirstFileW(dir, &data);
    dir[len] = 0;
    if (find == INVALID_HANDLE_VALUE)
        return HRESULT_FROM_WIN32(GetLastError());

    do
    {
        struct fsi_node *child;
        size_t name_len;

        if (!wcscmp(data.cFileName, L".") || !wcscmp(data.cFileName, L"..")) continue;
        name_len = wcslen(data.cFileName);
        if (len + 1 + name_len >= MAX_PATH * 4)
        {
            hr = IMAPI_E_INVALID_PATH;
            break;
        }
        dir[len] = '\\';
        wcscpy(dir + len + 1, data.cFileName);

        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        {
            EnterCriticalSection(image_lock(item->image));
            if (!(child = fsi_node_find(node, (const uint16_t *)data.cFileName)))
            {
                if (SUCCEEDED(hr = item_check_name(item->image, data.cFileName))
                        && !(child = fsi_node_create((const uint16_t *)data.cFileName, TRUE, fsi_now())))
                    hr = E_OUTOFMEMORY;
                if (child) set_attributes(child, &data);
                if (child && FAILED(hr = fsi_node_attach(node, child)))
                {
                    fsi_node_destroy(child);
                    child = NULL;
                }
                else if (child)
                    image_log_attach(item->image, child);
            }
            else if (!child->is_dir)
                hr = IMAPI_E_DUP_NAME;
            else
            {
                image_log_attributes(item->image, child);
                set_attributes(child, &data);
            }
            LeaveCriticalSection(image_lock(item->image));
            if (SUCCEEDED(hr))
                hr = add_tree(item, child, dir, len + 1 + name_len);
        }
        else
        {
            struct fsi_source *source;
            ULONGLONG size = ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;

            if (SUCCEEDED(hr = host_file_source_create(dir, size, &source))
                    && FAILED(hr = image_stage(item->image, &source, size)))
                source->release(source);
            if (SUCCEEDED(hr))
            {
                EnterCriticalSection(image_lock(item->image));
                if (SUCCEEDED(hr = item_check_name(item->image, data.cFileName)))
                {
                    if (!(child = fsi_node_create((const uint16_t *)data.cFileName, FALSE, fsi_now())))
                        hr = E_OUTOFMEMORY;
                    else
                    {
                        fsi_node_set_source(child, source, size);
                        set_attributes(child, &data);
                        if (FAILED(hr = fsi_node_attach(node, child)))
                            fsi_node_destroy(child);
                        else
                            image_log_attach(item->image, child);
                    }
                }
                LeaveCriticalSection(image_lock(item->image));
                source->release(source);
                if (SUCCEEDED(hr))
                    image_fire_update(item->image, dir, (size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE,
                            (size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
            }
        }
        dir[len] = 0;
    } while (SUCCEEDED(hr) && FindNextFileW(find, &data));

    FindClose(find);
    return hr;
}

static HRESULT WINAPI directory_item_AddTree(IFsiDirectoryItem2 *iface, BSTR source_dir, VARIANT_BOOL include_base)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);
    struct fsi_node *target = item->node;
    WCHAR *path;
    DWORD attrs, len;
    HRESULT hr = S_OK;

    TRACE("%p, %s, %d.\n", iface, debugstr_w(source_dir), include_base);

    if (!source_dir) return E_POINTER;
    if (!*source_dir) return E_INVALIDARG;

    attrs = GetFileAttributesW(source_dir);
    if (attrs == INVALID_FILE_ATTRIBUTES || !(attrs & FILE_ATTRIBUTE_DIRECTORY))
        return IMAPI_E_DIR_NOT_FOUND;
    if (!(path = malloc(MAX_PATH * 4 * sizeof(WCHAR)))) return E_OUTOFMEMORY;
    len = GetFullPathNameW(source_dir, MAX_PATH * 4, path, NULL);
    if (!len || len >= MAX_PATH * 4)
    {
        free(path);
        return IMAPI_E_INVALID_PATH;
    }
    while (len > 3 && (path[len - 1] == '\\' || path[len - 1] == '/')) path[--len] = 0;

    if (include_base)
    {
        const WCHAR *base = path + len;
        struct fsi_node *dir;

        while (base > path && base[-1] != '\\' && base[-1] != '/' && base[-1] != ':') base--;
        EnterCriticalSection(image_lock(item->image));
        if (!*base)
            hr = IMAPI_E_INVALID_PATH;
        else if ((dir = fsi_node_find(target, (const uint16_t *)base)))
        {
            if (dir->is_dir) target = dir;
            else hr = IMAPI_E_DUP_NAME;
        }
        else if (SUCCEEDED(hr = item_check_name(item->image, base)))
        {
            if (!(dir = fsi_node_create((const uint16_t *)base, TRUE, fsi_now())))
                hr = E_OUTOFMEMORY;
            else if (FAILED(hr = fsi_node_attach(target, dir)))
                fsi_node_destroy(dir);
            else
            {
                image_log_attach(item->image, dir);
                target = dir;
            }
        }
        LeaveCriticalSection(image_lock(item->image));
    }
    if (SUCCEEDED(hr))
        hr = add_tree(item, target, path, len);
    free(path);
    return hr;
}

static HRESULT WINAPI directory_item_Add(IFsiDirectoryItem2 *iface, IFsiItem *new_item)
{
    struct item *item = impl_from_IFsiDirectoryItem2(iface);
    struct item *other;
    struct fsi_node *n;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, new_item);

    if (!new_item) return E_POINTER;
    if (!(other = unsafe_impl_from_IFsiItem(new_item)) || other->image != item->image)
    {
        FIXME("Item %p does not come from this image.\n", new_item);
        return E_INVALIDARG;
    }

    EnterCriticalSection(image_lock(item->image));
    /* A directory cannot go inside itself, and an item is in one place only. */
    for (n = item->node; n && n != other->node; n = n->parent) ;
    if (n || other->node->parent || other->node == image_root(item->image))
        hr = E_INVALIDARG;
    else if (SUCCEEDED(hr = fsi_node_attach(item->node, other->node)))
        image_log_attach(item->image, other->node);
    LeaveCriticalSection(image_lock(item->image));
    return hr;
}

static HRESULT remove_item(struct item *item, const WCHAR *path, BOOL tree)
{
    struct fsi_node *node;
    HRESULT hr;

    if (!path) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    if (SUCCEEDED(hr = item_resolve(item->node, path, &node)))
    {
        if (node == image_root(item->image) || node == item->node)
            hr = E_INVALIDARG;
        else if (!tree && node->is_dir && node->count)
            hr = IMAPI_E_DIR_NOT_EMPTY;
        else if (tree && !node->is_dir)
            hr = IMAPI_E_NOT_DIR;
        else
        {
            image_log_detach(item->image, node);
            fsi_node_detach(node);
            item_node_release(item->image, node);
        }
    }
    LeaveCriticalSection(image_lock(item->image));
    return hr;
}

static HRESULT WINAPI directory_item_Remove(IFsiDirectoryItem2 *iface, BSTR path)
{
    TRACE("%p, %s.\n", iface, debugstr_w(path));
    return remove_item(impl_from_IFsiDirectoryItem2(iface), path, FALSE);
}

static HRESULT WINAPI directory_item_RemoveTree(IFsiDirectoryItem2 *iface, BSTR path)
{
    TRACE("%p, %s.\n", iface, debugstr_w(path));
    return remove_item(impl_from_IFsiDirectoryItem2(iface), path, TRUE);
}

static HRESULT WINAPI directory_item_AddTreeWithNamedStreams(IFsiDirectoryItem2 *iface, BSTR source_dir,
        VARIANT_BOOL include_base)
{
    TRACE("%p, %s, %d.\n", iface, debugstr_w(source_dir), include_base);

    /* Named streams exist on NTFS only; a Unix file system has none to add. */
    return directory_item_AddTree(iface, source_dir, include_base);
}

static const IFsiDirectoryItem2Vtbl directory_item_vtbl =
{
    directory_item_QueryInterface,
    directory_item_AddRef,
    directory_item_Release,
    directory_item_GetTypeInfoCount,
    directory_item_GetTypeInfo,
    directory_item_GetIDsOfNames,
    directory_item_Invoke,
    directory_item_get_Name,
    directory_item_get_FullPath,
    directory_item_get_CreationTime,
    directory_item_put_CreationTime,
    directory_item_get_LastAccessedTime,
    directory_item_put_LastAccessedTime,
    directory_item_get_LastModifiedTime,
    directory_item_put_LastModifiedTime,
    directory_item_get_IsHidden,
    directory_item_put_IsHidden,
    directory_item_FileSystemName,
    directory_item_FileSystemPath,
    directory_item_get__NewEnum,
    directory_item_get_Item,
    directory_item_get_Count,
    directory_item_get_EnumFsiItems,
    directory_item_AddDirectory,
    directory_item_AddFile,
    directory_item_AddTree,
    directory_item_Add,
    directory_item_Remove,
    directory_item_RemoveTree,
    directory_item_AddTreeWithNamedStreams,
};

void directory_item_init(struct item *item)
{
    item->IFsiDirectoryItem2_iface.lpVtbl = &directory_item_vtbl;
}

BOOL directory_item_is_ours(IFsiDirectoryItem2 *iface)
{
    return iface->lpVtbl == &directory_item_vtbl;
}

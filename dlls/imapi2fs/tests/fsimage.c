/*
 * Tests of the IMAPI2 file system image (imapi2fs.dll)
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

#include <stdarg.h>
#include <stdio.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"

#include "imapi2.h"
#include "imapi2fs.h"
#include "imapi2fserror.h"

#include "wine/test.h"

static IStream *create_stream(const void *data, ULONG size)
{
    LARGE_INTEGER zero = {{0}};
    IStream *stream;
    HRESULT hr;

    hr = CreateStreamOnHGlobal(NULL, TRUE, &stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStream_Write(stream, data, size, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return stream;
}

/* Deterministic file contents: the byte at offset i of file seed. */
static BYTE pattern(unsigned int seed, ULONG i)
{
    return (BYTE)(i * 7 + seed * 13 + (i >> 11));
}

static IStream *create_pattern_stream(unsigned int seed, ULONG size)
{
    BYTE *data = malloc(size ? size : 1);
    IStream *stream;
    ULONG i;

    for (i = 0; i < size; i++) data[i] = pattern(seed, i);
    stream = create_stream(data, size);
    free(data);
    return stream;
}

static IFileSystemImage *create_image(void)
{
    IFileSystemImage *image = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image);
    ok(hr == S_OK, "Failed to create the image, hr %#lx.\n", hr);
    return image;
}

static void read_at(IStream *stream, ULONGLONG offset, void *buf, ULONG size)
{
    LARGE_INTEGER pos;
    ULONG read = 0;
    HRESULT hr;

    pos.QuadPart = offset;
    hr = IStream_Seek(stream, pos, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "Seek failed, hr %#lx.\n", hr);
    hr = IStream_Read(stream, buf, size, &read);
    ok(hr == S_OK, "Read failed, hr %#lx.\n", hr);
    ok(read == size, "Read %lu bytes, expected %lu.\n", read, size);
}

static void test_interfaces(void)
{
    IFileSystemImage *image = create_image();
    IConnectionPointContainer *container;
    IFileSystemImage3 *image3;
    IConnectionPoint *point;
    IDispatch *dispatch;
    DISPID dispid;
    LPOLESTR name = (LPOLESTR)L"Root";
    HRESULT hr;

    if (!image) return;

    hr = IFileSystemImage_QueryInterface(image, &IID_IFileSystemImage3, (void **)&image3);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFileSystemImage3_Release(image3);

    hr = IFileSystemImage_QueryInterface(image, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageEvents, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPoint_Release(point);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageImportEvents, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPoint_Release(point);
    IConnectionPointContainer_Release(container);

    hr = IFileSystemImage_QueryInterface(image, &IID_IDispatch, (void **)&dispatch);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDispatch_GetIDsOfNames(dispatch, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(dispid == 0, "Root has dispid %ld.\n", dispid);
    IDispatch_Release(dispatch);

    IFileSystemImage_Release(image);
}

static void test_properties(void)
{
    IFileSystemImage *image = create_image();
    FsiFileSystems fs;
    SAFEARRAY *array;
    LONG value;
    BSTR str;
    HRESULT hr;

    if (!image) return;

    hr = IFileSystemImage_get_FreeMediaBlocks(image, &value);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(value == 332800, "FreeMediaBlocks %ld.\n", value);
    hr = IFileSystemImage_get_SessionStartBlock(image, &value);
    ok(hr == S_OK && !value, "SessionStartBlock hr %#lx, %ld.\n", hr, value);

    hr = IFileSystemImage_get_FileSystemsToCreate(image, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_get_FileSystemsToCreate(image, &fs);
    ok(hr == S_OK && fs == (FsiFileSystemISO9660 | FsiFileSystemJoliet), "hr %#lx, fs %#x.\n", hr, fs);
    hr = IFileSystemImage_put_FileSystemsToCreate(image, 0x100);
    ok(hr == IMAPI_E_INVALID_PARAM, "Unexpected hr %#lx.\n", hr);

    hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, 4);
    ok(hr == IMAPI_E_INVALID_PARAM, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, 1);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_get_ISO9660InterchangeLevel(image, &value);
    ok(hr == S_OK && value == 1, "hr %#lx, level %ld.\n", hr, value);

    hr = IFileSystemImage_put_UDFRevision(image, 0x103);
    ok(hr == IMAPI_E_INVALID_PARAM, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_put_UDFRevision(image, 0x250);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_get_UDFRevisionsSupported(image, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        LONG upper = -1;

        SafeArrayGetUBound(array, 1, &upper);
        ok(upper == 4, "%ld revisions.\n", upper + 1);
        SafeArrayDestroy(array);
    }

    str = SysAllocString(L"MY_VOLUME");
    hr = IFileSystemImage_put_VolumeName(image, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    str = SysAllocString(L"a name far longer than thirty-two chars");
    hr = IFileSystemImage_put_VolumeName(image, str);
    ok(hr == IMAPI_E_INVALID_VOLUME_NAME, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    hr = IFileSystemImage_get_VolumeName(image, &str);
    ok(hr == S_OK && !wcscmp(str, L"MY_VOLUME"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);

    hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, IMAPI_MEDIA_TYPE_BDR);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_get_FreeMediaBlocks(image, &value);
    ok(hr == S_OK && value == 12219392, "hr %#lx, %ld blocks.\n", hr, value);
    hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, IMAPI_MEDIA_TYPE_CDR);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_get_FileSystemsToCreate(image, &fs);
    ok(hr == S_OK && (fs & FsiFileSystemISO9660) && (fs & FsiFileSystemJoliet), "hr %#lx, fs %#x.\n", hr, fs);
    hr = IFileSystemImage_ChooseImageDefaultsForMediaType(image, 0x1234);
    ok(hr == IMAPI_E_INVALID_PARAM, "Unexpected hr %#lx.\n", hr);

    hr = IFileSystemImage_get_MultisessionInterfaces(image, &array);
    ok(hr == IMAPI_E_MULTISESSION_NOT_SET, "Unexpected hr %#lx.\n", hr);

    IFileSystemImage_Release(image);
}

static void test_tree(void)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root, *dir;
    IEnumVARIANT *enum_variant;
    IFsiFileItem *file;
    IFsiItem *item;
    IStream *stream;
    FsiItemType type;
    LONGLONG size;
    ULONG fetched;
    VARIANT v[4];
    LONG count, files, dirs;
    BSTR str, path;
    HRESULT hr;

    if (!image) return;

    hr = IFileSystemImage_get_Root(image, &root);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_get_Count(root, &count);
    ok(hr == S_OK && !count, "hr %#lx, count %ld.\n", hr, count);
    hr = IFileSystemImage_get_DirectoryCount(image, &dirs);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    path = SysAllocString(L"docs");
    hr = IFsiDirectoryItem_AddDirectory(root, path);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_AddDirectory(root, path);
    ok(hr == IMAPI_E_DUP_NAME, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);
    path = SysAllocString(L"DOCS");
    hr = IFsiDirectoryItem_AddDirectory(root, path);
    ok(hr == IMAPI_E_DUP_NAME, "Names differing in case only: hr %#lx.\n", hr);
    SysFreeString(path);
    path = SysAllocString(L"bad*name");
    hr = IFsiDirectoryItem_AddDirectory(root, path);
    ok(hr == IMAPI_E_INVALID_PATH, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);
    path = SysAllocString(L"missing\\sub");
    hr = IFsiDirectoryItem_AddDirectory(root, path);
    ok(hr == IMAPI_E_DIR_NOT_FOUND, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);

    stream = create_pattern_stream(1, 5000);
    path = SysAllocString(L"docs\\readme.txt");
    hr = IFsiDirectoryItem_AddFile(root, path, stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_AddFile(root, path, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);

    hr = IFileSystemImage_Exists(image, path, &type);
    ok(hr == S_OK && type == FsiItemFile, "hr %#lx, type %d.\n", hr, type);
    hr = IFsiDirectoryItem_get_Item(root, path, &item);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);
    hr = IFsiItem_QueryInterface(item, &IID_IFsiFileItem, (void **)&file);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiFileItem_get_DataSize(file, &size);
    ok(hr == S_OK && size == 5000, "hr %#lx, size %s.\n", hr, wine_dbgstr_longlong(size));
    hr = IFsiFileItem_get_FullPath(file, &str);
    ok(hr == S_OK && !wcscmp(str, L"\\docs\\readme.txt"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IFsiFileItem_get_Name(file, &str);
    ok(hr == S_OK && !wcscmp(str, L"readme.txt"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    IFsiFileItem_Release(file);
    IFsiItem_Release(item);

    path = SysAllocString(L"nothing");
    hr = IFsiDirectoryItem_get_Item(root, path, &item);
    ok(hr == IMAPI_E_ITEM_NOT_FOUND, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_Exists(image, path, &type);
    ok(hr == S_OK && type == FsiItemNotFound, "hr %#lx, type %d.\n", hr, type);
    SysFreeString(path);

    /* An item made apart and added. */
    path = SysAllocString(L"extra");
    hr = IFileSystemImage_CreateDirectoryItem(image, path, &dir);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);
    stream = create_pattern_stream(2, 70000);
    path = SysAllocString(L"big.bin");
    hr = IFsiDirectoryItem_AddFile(dir, path, stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);
    IStream_Release(stream);
    hr = IFsiDirectoryItem_Add(root, (IFsiItem *)dir);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_Add(root, (IFsiItem *)dir);
    ok(hr == E_INVALIDARG, "Adding twice: hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_get_FullPath(dir, &str);
    ok(hr == S_OK && !wcscmp(str, L"\\extra"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    IFsiDirectoryItem_Release(dir);

    hr = IFileSystemImage_get_FileCount(image, &files);
    ok(hr == S_OK && files == 2, "hr %#lx, %ld files.\n", hr, files);
    hr = IFileSystemImage_get_DirectoryCount(image, &count);
    ok(hr == S_OK && count == dirs + 2, "hr %#lx, %ld directories (%ld before).\n", hr, count, dirs);

    hr = IFsiDirectoryItem_get__NewEnum(root, &enum_variant);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IEnumVARIANT_Next(enum_variant, 4, v, &fetched);
    ok(hr == S_FALSE && fetched == 2, "hr %#lx, %lu fetched.\n", hr, fetched);
    while (fetched--) VariantClear(&v[fetched]);
    IEnumVARIANT_Release(enum_variant);

    path = SysAllocString(L"extra");
    hr = IFsiDirectoryItem_Remove(root, path);
    ok(hr == IMAPI_E_DIR_NOT_EMPTY, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_RemoveTree(root, path);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_Exists(image, path, &type);
    ok(hr == S_OK && type == FsiItemNotFound, "hr %#lx, type %d.\n", hr, type);
    SysFreeString(path);
    hr = IFileSystemImage_get_FileCount(image, &files);
    ok(hr == S_OK && files == 1, "hr %#lx, %ld files.\n", hr, files);

    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* Finds name (upper-case ISO 9660 form, with ";1" for files) in the
 * directory at extent lba, size bytes; returns the entry's extent and size. */
static BOOL find_record(IStream *stream, ULONG session, ULONG lba, ULONG size, const char *name,
        ULONG *found_lba, ULONG *found_size)
{
    BYTE *dir = malloc(size);
    ULONG pos = 0;
    BOOL found = FALSE;

    read_at(stream, (ULONGLONG)(lba - session) * 2048, dir, size);
    while (pos < size && !found)
    {
        BYTE len = dir[pos];

        if (!len)
        {
            pos = (pos / 2048 + 1) * 2048;
            continue;
        }
        if (dir[pos + 32] == strlen(name) && !memcmp(dir + pos + 33, name, strlen(name)))
        {
            *found_lba = *(DWORD *)(dir + pos + 2);
            *found_size = *(DWORD *)(dir + pos + 10);
            found = TRUE;
        }
        pos += len;
    }
    free(dir);
    return found;
}

static void test_result(void)
{
    IFileSystemImage *image = create_image();
    IFileSystemImageResult *result;
    IProgressItems *progress_items;
    IProgressItem *progress;
    IFsiDirectoryItem *root;
    ULONG lba, size, first, blocks, i;
    BYTE block[2048], *data;
    LONG total, block_size, count;
    IStream *stream, *image_stream;
    STATSTG stat;
    BSTR path, str;
    HRESULT hr;

    if (!image) return;

    hr = IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_put_SessionStartBlock(image, 1000);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_get_Root(image, &root);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    stream = create_pattern_stream(3, 10000);
    path = SysAllocString(L"dir\\data.bin");
    hr = IFsiDirectoryItem_AddDirectory(root, (BSTR)L"dir");
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_AddFile(root, path, stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(path);
    IStream_Release(stream);

    hr = IFileSystemImage_CreateResultImage(image, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFsiDirectoryItem_Release(root);
    if (FAILED(hr))
    {
        IFileSystemImage_Release(image);
        return;
    }

    hr = IFileSystemImageResult_get_TotalBlocks(result, &total);
    ok(hr == S_OK && total > 18, "hr %#lx, %ld blocks.\n", hr, total);
    hr = IFileSystemImageResult_get_BlockSize(result, &block_size);
    ok(hr == S_OK && block_size == 2048, "hr %#lx, block size %ld.\n", hr, block_size);
    hr = IFileSystemImageResult_get_ImageStream(result, &image_stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStream_Stat(image_stream, &stat, STATFLAG_NONAME);
    ok(hr == S_OK && stat.cbSize.QuadPart == (ULONGLONG)total * 2048, "hr %#lx, size %s.\n", hr,
            wine_dbgstr_longlong(stat.cbSize.QuadPart));

    /* The primary volume descriptor, addressed from the session start. */
    read_at(image_stream, 16 * 2048, block, sizeof(block));
    ok(block[0] == 1 && !memcmp(block + 1, "CD001", 5), "No primary volume descriptor.\n");
    /* As in every multisession ISO 9660 volume, the size counts from block 0. */
    ok(*(DWORD *)(block + 80) == 1000 + total, "Volume space size %lu, %ld blocks.\n", *(DWORD *)(block + 80), total);
    lba = *(DWORD *)(block + 156 + 2);
    size = *(DWORD *)(block + 156 + 10);
    ok(lba >= 1000 + 17 && lba < 1000 + total, "Root directory at %lu.\n", lba);
    ok(find_record(image_stream, 1000, lba, size, "DIR", &lba, &size), "DIR not found.\n");
    ok(find_record(image_stream, 1000, lba, size, "DATA.BIN;1", &lba, &size), "DATA.BIN;1 not found.\n");
    ok(size == 10000, "DATA.BIN is %lu bytes.\n", size);
    data = malloc(10000);
    read_at(image_stream, (ULONGLONG)(lba - 1000) * 2048, data, 10000);
    for (i = 0; i < 10000; i++) if (data[i] != pattern(3, i)) break;
    ok(i == 10000, "DATA.BIN differs at %lu.\n", i);
    free(data);

    hr = IFileSystemImageResult_get_ProgressItems(result, &progress_items);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IProgressItems_get_Count(progress_items, &count);
    ok(hr == S_OK && count == 1, "hr %#lx, %ld items.\n", hr, count);
    hr = IProgressItems_get_Item(progress_items, 0, &progress);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = IProgressItem_get_FirstBlock(progress, &first);
        ok(hr == S_OK && first == lba, "hr %#lx, first block %lu, file at %lu.\n", hr, first, lba);
        hr = IProgressItem_get_BlockCount(progress, &blocks);
        ok(hr == S_OK && blocks == 5, "hr %#lx, %lu blocks.\n", hr, blocks);
        hr = IProgressItem_get_Description(progress, &str);
        ok(hr == S_OK && !wcscmp(str, L"\\dir\\data.bin"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
        SysFreeString(str);
        IProgressItem_Release(progress);
    }
    IProgressItems_Release(progress_items);

    IStream_Release(image_stream);
    IFileSystemImageResult_Release(result);
    IFileSystemImage_Release(image);
}

static void test_too_big(void)
{
    IFileSystemImage *image = create_image();
    IFileSystemImageResult *result;
    IFsiDirectoryItem *root;
    IStream *stream;
    HRESULT hr;

    if (!image) return;

    hr = IFileSystemImage_put_FreeMediaBlocks(image, 40);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFileSystemImage_get_Root(image, &root);
    stream = create_pattern_stream(4, 200000);
    hr = IFsiDirectoryItem_AddFile(root, (BSTR)L"large.bin", stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == IMAPI_E_IMAGE_TOO_BIG, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK) IFileSystemImageResult_Release(result);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* Writes an image of the host directory IMAPI2FS_TEST_TREE to the file
 * IMAPI2FS_TEST_OUTPUT with the file systems IMAPI2FS_TEST_FS (a number),
 * for the readers of the interop tests. */
static void test_write_tree(void)
{
    WCHAR tree[MAX_PATH], output[MAX_PATH], fs_str[16];
    IFileSystemImageResult *result;
    IFsiDirectoryItem *root;
    IFileSystemImage *image;
    IStream *image_stream;
    BYTE *buf;
    HANDLE file;
    ULONG read;
    DWORD written;
    BSTR str;
    HRESULT hr;

    if (!GetEnvironmentVariableW(L"IMAPI2FS_TEST_TREE", tree, ARRAY_SIZE(tree))
            || !GetEnvironmentVariableW(L"IMAPI2FS_TEST_OUTPUT", output, ARRAY_SIZE(output)))
    {
        skip("IMAPI2FS_TEST_TREE and IMAPI2FS_TEST_OUTPUT are not set.\n");
        return;
    }
    if (!(image = create_image())) return;
    if (GetEnvironmentVariableW(L"IMAPI2FS_TEST_FS", fs_str, ARRAY_SIZE(fs_str)))
    {
        hr = IFileSystemImage_put_FileSystemsToCreate(image, _wtoi(fs_str));
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    if (GetEnvironmentVariableW(L"IMAPI2FS_TEST_UDF", fs_str, ARRAY_SIZE(fs_str)))
    {
        hr = IFileSystemImage_put_UDFRevision(image, wcstol(fs_str, NULL, 0));
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    if (GetEnvironmentVariableW(L"IMAPI2FS_TEST_LEVEL", fs_str, ARRAY_SIZE(fs_str)))
    {
        hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, _wtoi(fs_str));
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    hr = IFileSystemImage_put_FreeMediaBlocks(image, 0);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    str = SysAllocString(L"IMAPI2FS_TEST");
    hr = IFileSystemImage_put_VolumeName(image, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);

    IFileSystemImage_get_Root(image, &root);
    str = SysAllocString(tree);
    hr = IFsiDirectoryItem_AddTree(root, str, VARIANT_FALSE);
    ok(hr == S_OK, "AddTree failed, hr %#lx.\n", hr);
    SysFreeString(str);
    IFsiDirectoryItem_Release(root);

    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "CreateResultImage failed, hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IFileSystemImageResult_get_ImageStream(result, &image_stream);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        file = CreateFileW(output, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        ok(file != INVALID_HANDLE_VALUE, "Cannot create %s.\n", wine_dbgstr_w(output));
        buf = malloc(1 << 20);
        while (SUCCEEDED(hr = IStream_Read(image_stream, buf, 1 << 20, &read)) && read)
        {
            WriteFile(file, buf, read, &written, NULL);
            if (written != read) break;
        }
        ok(SUCCEEDED(hr), "Reading the image failed, hr %#lx.\n", hr);
        free(buf);
        CloseHandle(file);
        IStream_Release(image_stream);
        IFileSystemImageResult_Release(result);
    }
    IFileSystemImage_Release(image);
}

static LONG get_change_point(IFileSystemImage *image)
{
    LONG point = -1;
    HRESULT hr;

    hr = IFileSystemImage_get_ChangePoint(image, &point);
    ok(hr == S_OK, "get_ChangePoint failed, hr %#lx.\n", hr);
    return point;
}

static FsiItemType item_type(IFileSystemImage *image, const WCHAR *path)
{
    FsiItemType type = -1;
    BSTR str = SysAllocString(path);
    HRESULT hr;

    hr = IFileSystemImage_Exists(image, str, &type);
    ok(hr == S_OK, "Exists(%s) failed, hr %#lx.\n", wine_dbgstr_w(path), hr);
    SysFreeString(str);
    return type;
}

static LONG file_count(IFileSystemImage *image)
{
    LONG count = -1;
    HRESULT hr;

    hr = IFileSystemImage_get_FileCount(image, &count);
    ok(hr == S_OK, "get_FileCount failed, hr %#lx.\n", hr);
    return count;
}

/* Checks that file holds size bytes of pattern seed. */
#define check_file_data(a, b, c) check_file_data_(__LINE__, a, b, c)
static void check_file_data_(unsigned int line, IFsiFileItem *file, unsigned int seed, ULONG size)
{
    LARGE_INTEGER zero = {{0}};
    LONGLONG data_size = -1;
    IStream *stream;
    ULONG read = 0, i;
    BYTE *buf;
    HRESULT hr;

    hr = IFsiFileItem_get_DataSize(file, &data_size);
    ok_(__FILE__, line)(hr == S_OK && data_size == size, "hr %#lx, size %s.\n", hr,
            wine_dbgstr_longlong(data_size));
    hr = IFsiFileItem_get_Data(file, &stream);
    ok_(__FILE__, line)(hr == S_OK, "get_Data failed, hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    /* The stream may be the one the data came from, wherever it was left. */
    hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    ok_(__FILE__, line)(hr == S_OK, "Seek failed, hr %#lx.\n", hr);
    buf = malloc(size + 1);
    hr = IStream_Read(stream, buf, size + 1, &read);
    ok_(__FILE__, line)(SUCCEEDED(hr) && read == size, "hr %#lx, read %lu.\n", hr, read);
    for (i = 0; i < read && i < size; i++)
        if (buf[i] != pattern(seed, i)) break;
    ok_(__FILE__, line)(i == size, "Data differs at %lu.\n", i);
    free(buf);
    IStream_Release(stream);
}

static IFsiFileItem *get_file(IFsiDirectoryItem *dir, const WCHAR *path)
{
    IFsiFileItem *file = NULL;
    BSTR str = SysAllocString(path);
    IFsiItem *item;
    HRESULT hr;

    hr = IFsiDirectoryItem_get_Item(dir, str, &item);
    ok(hr == S_OK, "get_Item(%s) failed, hr %#lx.\n", wine_dbgstr_w(path), hr);
    SysFreeString(str);
    if (FAILED(hr)) return NULL;
    hr = IFsiItem_QueryInterface(item, &IID_IFsiFileItem, (void **)&file);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFsiItem_Release(item);
    return file;
}

static void add_file(IFsiDirectoryItem *dir, const WCHAR *path, unsigned int seed, ULONG size)
{
    IStream *stream = create_pattern_stream(seed, size);
    BSTR str = SysAllocString(path);
    HRESULT hr;

    hr = IFsiDirectoryItem_AddFile(dir, str, stream);
    ok(hr == S_OK, "AddFile(%s) failed, hr %#lx.\n", wine_dbgstr_w(path), hr);
    SysFreeString(str);
    IStream_Release(stream);
}

static void write_host_file(const WCHAR *path, unsigned int seed, ULONG size)
{
    BYTE *data = malloc(size);
    DWORD written;
    HANDLE file;
    ULONG i;

    for (i = 0; i < size; i++) data[i] = pattern(seed, i);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "Cannot create %s.\n", wine_dbgstr_w(path));
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
    free(data);
}

static void test_change_points(void)
{
    LONG start, p1, p2, p3, p4, p5, point, dirs, count;
    WCHAR temp[MAX_PATH], tree[MAX_PATH], path[MAX_PATH];
    HRESULT (WINAPI *can_unload)(void);
    IFsiFileItem *file, *other;
    IFileSystemImage *image;
    IFsiDirectoryItem *root;
    VARIANT_BOOL hidden;
    IStream *stream;
    HMODULE module;
    BSTR str;
    HRESULT hr;

    if (!(image = create_image())) return;
    hr = IFileSystemImage_get_Root(image, &root);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = IFileSystemImage_get_ChangePoint(image, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    start = get_change_point(image);
    ok(start >= 0, "Change point %ld.\n", start);
    hr = IFileSystemImage_get_DirectoryCount(image, &dirs);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* Nothing to roll back yet. */
    hr = IFileSystemImage_RollbackToChangePoint(image, start);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_RollbackToChangePoint(image, start + 1);
    ok(FAILED(hr), "Rolled forward, hr %#lx.\n", hr);

    /* Each change of the tree is one change point. */
    str = SysAllocString(L"dir");
    hr = IFsiDirectoryItem_AddDirectory(root, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    p1 = get_change_point(image);
    ok(p1 == start + 1, "Change point %ld, was %ld.\n", p1, start);
    add_file(root, L"dir\\a.txt", 1, 3000);
    p2 = get_change_point(image);
    ok(p2 == p1 + 1, "Change point %ld, was %ld.\n", p2, p1);
    add_file(root, L"b.bin", 2, 5000);
    p3 = get_change_point(image);
    ok(p3 == p2 + 1, "Change point %ld, was %ld.\n", p3, p2);
    ok(file_count(image) == 2, "Unexpected file count.\n");

    /* A failed call changes nothing. */
    str = SysAllocString(L"dir");
    hr = IFsiDirectoryItem_AddDirectory(root, str);
    ok(hr == IMAPI_E_DUP_NAME, "Unexpected hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_Remove(root, str);
    ok(hr == IMAPI_E_DIR_NOT_EMPTY, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    point = get_change_point(image);
    ok(point == p3, "Change point %ld, expected %ld.\n", point, p3);

    file = get_file(root, L"b.bin");
    if (!file) goto done;
    stream = create_pattern_stream(3, 100);
    hr = IFsiFileItem_put_Data(file, stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    p4 = get_change_point(image);
    ok(p4 == p3 + 1, "Change point %ld, was %ld.\n", p4, p3);
    check_file_data(file, 3, 100);
    hr = IFsiFileItem_put_IsHidden(file, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    p5 = get_change_point(image);
    ok(p5 == p4 + 1, "Change point %ld, was %ld.\n", p5, p4);

    /* Not a point reached yet. */
    hr = IFileSystemImage_RollbackToChangePoint(image, p5 + 1);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    point = get_change_point(image);
    ok(point == p5, "Change point %ld, expected %ld.\n", point, p5);

    /* The data and the flag come back. */
    hr = IFileSystemImage_RollbackToChangePoint(image, p3);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    point = get_change_point(image);
    ok(point == p3, "Change point %ld, expected %ld.\n", point, p3);
    check_file_data(file, 2, 5000);
    hr = IFsiFileItem_get_IsHidden(file, &hidden);
    ok(hr == S_OK && hidden == VARIANT_FALSE, "hr %#lx, hidden %d.\n", hr, hidden);
    /* Rolled back changes cannot be redone. */
    hr = IFileSystemImage_RollbackToChangePoint(image, p4);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);

    /* A removed file comes back with its data; its item stays usable. */
    str = SysAllocString(L"b.bin");
    hr = IFsiDirectoryItem_Remove(root, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    point = get_change_point(image);
    ok(point == p3 + 1, "Change point %ld, was %ld.\n", point, p3);
    ok(item_type(image, L"b.bin") == FsiItemNotFound, "b.bin still there.\n");
    ok(file_count(image) == 1, "Unexpected file count.\n");
    hr = IFsiFileItem_get_Name(file, &str);
    ok(hr == S_OK && !wcscmp(str, L"b.bin"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    check_file_data(file, 2, 5000);

    hr = IFileSystemImage_RollbackToChangePoint(image, p3);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(item_type(image, L"b.bin") == FsiItemFile, "b.bin not back.\n");
    ok(file_count(image) == 2, "Unexpected file count.\n");
    other = get_file(root, L"b.bin");
    if (other)
    {
        check_file_data(other, 2, 5000);
        IFsiFileItem_Release(other);
    }
    hr = IFsiFileItem_get_FullPath(file, &str);
    ok(hr == S_OK && !wcscmp(str, L"\\b.bin"), "hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);

    /* A removed tree comes back whole. */
    str = SysAllocString(L"dir");
    hr = IFsiDirectoryItem_RemoveTree(root, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    ok(item_type(image, L"dir\\a.txt") == FsiItemNotFound, "a.txt still there.\n");
    hr = IFileSystemImage_RollbackToChangePoint(image, p3);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(item_type(image, L"dir") == FsiItemDirectory, "dir not back.\n");
    ok(item_type(image, L"dir\\a.txt") == FsiItemFile, "a.txt not back.\n");
    other = get_file(root, L"dir\\a.txt");
    if (other)
    {
        check_file_data(other, 1, 3000);
        IFsiFileItem_Release(other);
    }

    /* Back to the first directory: the files go, their items stay usable. */
    hr = IFileSystemImage_RollbackToChangePoint(image, p1);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    point = get_change_point(image);
    ok(point == p1, "Change point %ld, expected %ld.\n", point, p1);
    ok(item_type(image, L"dir") == FsiItemDirectory, "dir gone.\n");
    ok(item_type(image, L"dir\\a.txt") == FsiItemNotFound, "a.txt still there.\n");
    ok(item_type(image, L"b.bin") == FsiItemNotFound, "b.bin still there.\n");
    ok(file_count(image) == 0, "Unexpected file count.\n");
    check_file_data(file, 2, 5000);

    hr = IFileSystemImage_RollbackToChangePoint(image, start);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(item_type(image, L"dir") == FsiItemNotFound, "dir still there.\n");
    hr = IFileSystemImage_get_DirectoryCount(image, &count);
    ok(hr == S_OK && count == dirs, "hr %#lx, %ld directories, expected %ld.\n", hr, count, dirs);
    hr = IFileSystemImage_RollbackToChangePoint(image, start - 1);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);

    /* An item rolled out of the image can be added again. */
    hr = IFsiDirectoryItem_Add(root, (IFsiItem *)file);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    p1 = get_change_point(image);
    ok(p1 > start, "Change point %ld, was %ld.\n", p1, start);
    ok(item_type(image, L"b.bin") == FsiItemFile, "b.bin not added.\n");
    IFsiFileItem_Release(file);

    /* A host tree. */
    GetTempPathW(ARRAY_SIZE(temp), temp);
    swprintf(tree, ARRAY_SIZE(tree), L"%sfsimage_cp_%lu", temp, GetCurrentProcessId());
    CreateDirectoryW(tree, NULL);
    swprintf(path, ARRAY_SIZE(path), L"%s\\sub", tree);
    CreateDirectoryW(path, NULL);
    swprintf(path, ARRAY_SIZE(path), L"%s\\one.dat", tree);
    write_host_file(path, 4, 1000);
    swprintf(path, ARRAY_SIZE(path), L"%s\\sub\\two.dat", tree);
    write_host_file(path, 5, 2000);
    str = SysAllocString(tree);
    hr = IFsiDirectoryItem_AddTree(root, str, VARIANT_TRUE);
    ok(hr == S_OK, "AddTree failed, hr %#lx.\n", hr);
    SysFreeString(str);
    p2 = get_change_point(image);
    ok(p2 > p1, "Change point %ld, was %ld.\n", p2, p1);
    ok(file_count(image) == 3, "Unexpected file count.\n");
    hr = IFileSystemImage_RollbackToChangePoint(image, p1);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(file_count(image) == 1, "Unexpected file count.\n");
    swprintf(path, ARRAY_SIZE(path), L"%s\\sub\\two.dat", tree);
    DeleteFileW(path);
    swprintf(path, ARRAY_SIZE(path), L"%s\\one.dat", tree);
    DeleteFileW(path);
    swprintf(path, ARRAY_SIZE(path), L"%s\\sub", tree);
    RemoveDirectoryW(path);
    RemoveDirectoryW(tree);

    /* Locking in keeps the point and forbids going back before it. */
    add_file(root, L"c.bin", 6, 10);
    p2 = get_change_point(image);
    hr = IFileSystemImage_LockInChangePoint(image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    point = get_change_point(image);
    ok(point == p2, "Change point %ld, expected %ld.\n", point, p2);
    hr = IFileSystemImage_RollbackToChangePoint(image, p1);
    ok(FAILED(hr), "Rolled back before the locked-in point, hr %#lx.\n", hr);
    ok(item_type(image, L"c.bin") == FsiItemFile, "c.bin gone.\n");
    hr = IFileSystemImage_RollbackToChangePoint(image, p2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    add_file(root, L"d.bin", 7, 10);
    p3 = get_change_point(image);
    ok(p3 == p2 + 1, "Change point %ld, was %ld.\n", p3, p2);
    hr = IFileSystemImage_RollbackToChangePoint(image, p2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(item_type(image, L"d.bin") == FsiItemNotFound, "d.bin still there.\n");
    ok(item_type(image, L"c.bin") == FsiItemFile, "c.bin gone.\n");

    /* Changes left in the log when the image goes are freed with it. */
    str = SysAllocString(L"c.bin");
    hr = IFsiDirectoryItem_Remove(root, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);

done:
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);

    module = GetModuleHandleW(L"imapi2fs.dll");
    can_unload = module ? (void *)GetProcAddress(module, "DllCanUnloadNow") : NULL;
    if (can_unload)
    {
        hr = can_unload();
        ok(hr == S_OK, "Objects left alive, hr %#lx.\n", hr);
    }
}

static void write_pattern_file(const WCHAR *path, unsigned int seed, ULONG size)
{
    BYTE *data = malloc(size);
    DWORD written = 0;
    HANDLE file;
    ULONG i;

    for (i = 0; i < size; i++) data[i] = pattern(seed, i);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "Cannot create %s, error %lu.\n", wine_dbgstr_w(path), GetLastError());
    WriteFile(file, data, size, &written, NULL);
    ok(written == size, "Wrote %lu bytes.\n", written);
    CloseHandle(file);
    free(data);
}

static unsigned int count_files(const WCHAR *dir)
{
    WIN32_FIND_DATAW data;
    WCHAR mask[MAX_PATH];
    unsigned int count = 0;
    HANDLE find;

    swprintf(mask, ARRAY_SIZE(mask), L"%s\\*", dir);
    if ((find = FindFirstFileW(mask, &data)) == INVALID_HANDLE_VALUE) return 0;
    do
        if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) count++;
    while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

/* Whether the image holds, at a block boundary, SIZE bytes of file SEED. */
static BOOL image_holds(const BYTE *image, ULONG image_size, unsigned int seed, ULONG size)
{
    BYTE *data = malloc(size);
    BOOL found = FALSE;
    ULONG i, offset;

    for (i = 0; i < size; i++) data[i] = pattern(seed, i);
    for (offset = 0; !found && offset + size <= image_size; offset += 2048)
        found = !memcmp(image + offset, data, size);
    free(data);
    return found;
}

/* Microsoft: with StageFiles (the default) the files added afterwards are
 * staged, copied to the working directory before the burn; what happens to
 * the originals afterwards does not change the image. */
static void test_stage_files(void)
{
    WCHAR temp[MAX_PATH], dir[MAX_PATH], work[MAX_PATH], path[MAX_PATH];
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    IFsiDirectoryItem *root;
    IFileSystemImage *image;
    VARIANT_BOOL stage;
    LONG blocks = 0;
    ULONG size, read = 0;
    BYTE *data;
    BSTR str;
    HRESULT hr;

    GetTempPathW(ARRAY_SIZE(temp), temp);
    swprintf(dir, ARRAY_SIZE(dir), L"%simapi2fs_stage_%lu", temp, GetCurrentProcessId());
    swprintf(work, ARRAY_SIZE(work), L"%simapi2fs_stash_%lu", temp, GetCurrentProcessId());
    ok(CreateDirectoryW(dir, NULL), "Cannot create %s.\n", wine_dbgstr_w(dir));
    ok(CreateDirectoryW(work, NULL), "Cannot create %s.\n", wine_dbgstr_w(work));
    swprintf(path, ARRAY_SIZE(path), L"%s\\changed.dat", dir);
    write_pattern_file(path, 1, 5000);
    swprintf(path, ARRAY_SIZE(path), L"%s\\deleted.dat", dir);
    write_pattern_file(path, 2, 3000);

    if (!(image = create_image())) goto done;
    stage = VARIANT_FALSE;
    hr = IFileSystemImage_get_StageFiles(image, &stage);
    ok(hr == S_OK && stage == VARIANT_TRUE, "StageFiles: hr %#lx, %#x.\n", hr, stage);
    str = NULL;
    hr = IFileSystemImage_get_WorkingDirectory(image, &str);
    ok(hr == S_OK && str && (GetFileAttributesW(str) & FILE_ATTRIBUTE_DIRECTORY)
            && GetFileAttributesW(str) != INVALID_FILE_ATTRIBUTES,
            "The default working directory: hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    str = SysAllocString(work);
    hr = IFileSystemImage_put_WorkingDirectory(image, str);
    ok(hr == S_OK, "put_WorkingDirectory: hr %#lx.\n", hr);
    SysFreeString(str);
    ok(!count_files(work), "The working directory holds %u files already.\n", count_files(work));

    IFileSystemImage_get_Root(image, &root);
    str = SysAllocString(dir);
    hr = IFsiDirectoryItem_AddTree(root, str, VARIANT_FALSE);
    ok(hr == S_OK, "AddTree: hr %#lx.\n", hr);
    SysFreeString(str);
    IFsiDirectoryItem_Release(root);

    /* Staged "prior to the initiation of the burn": by the time the result
     * image exists at the latest (here as soon as they are added). */
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "CreateResultImage: hr %#lx.\n", hr);
    ok(count_files(work) >= 1, "Nothing was staged in the working directory.\n");

    /* The originals change and go before the image is read. */
    swprintf(path, ARRAY_SIZE(path), L"%s\\changed.dat", dir);
    write_pattern_file(path, 3, 5000);
    swprintf(path, ARRAY_SIZE(path), L"%s\\deleted.dat", dir);
    ok(DeleteFileW(path), "Cannot delete %s.\n", wine_dbgstr_w(path));

    if (SUCCEEDED(hr)) hr = IFileSystemImageResult_get_TotalBlocks(result, &blocks);
    if (SUCCEEDED(hr)) hr = IFileSystemImageResult_get_ImageStream(result, &stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        size = blocks * 2048;
        data = malloc(size);
        hr = IStream_Read(stream, data, size, &read);
        ok(hr == S_OK && read == size, "Reading the image: hr %#lx, %lu of %lu bytes.\n", hr, read, size);
        ok(image_holds(data, read, 1, 5000), "The staged data of changed.dat is not in the image.\n");
        ok(!image_holds(data, read, 3, 5000), "The image holds what changed.dat became.\n");
        ok(image_holds(data, read, 2, 3000), "The staged data of deleted.dat is not in the image.\n");
        free(data);
        IStream_Release(stream);
    }
    if (result) IFileSystemImageResult_Release(result);
    IFileSystemImage_Release(image);
    ok(!count_files(work), "%u stash files are left in the working directory.\n", count_files(work));

done:
    swprintf(path, ARRAY_SIZE(path), L"%s\\changed.dat", dir);
    DeleteFileW(path);
    RemoveDirectoryW(dir);
    RemoveDirectoryW(work);
}

START_TEST(fsimage)
{
    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    test_interfaces();
    test_properties();
    test_tree();
    test_result();
    test_too_big();
    test_change_points();
    test_stage_files();
    test_write_tree();

    CoUninitialize();
}

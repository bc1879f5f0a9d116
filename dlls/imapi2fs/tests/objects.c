/*
 * Tests of the other IMAPI2FS objects: boot options, ISO image manager, results
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

static IStream *create_stream(const BYTE *data, ULONG size)
{
    LARGE_INTEGER zero = {{0}};
    IStream *stream;
    HRESULT hr;

    hr = CreateStreamOnHGlobal(NULL, TRUE, &stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (size)
    {
        hr = IStream_Write(stream, data, size, NULL);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    return stream;
}

static void write_file(const WCHAR *path, const BYTE *data, DWORD size)
{
    DWORD written;
    HANDLE file;

    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "Cannot create %s.\n", wine_dbgstr_w(path));
    WriteFile(file, data, size, &written, NULL);
    ok(written == size, "Wrote %lu bytes.\n", written);
    CloseHandle(file);
}

static void test_iso_image_manager(void)
{
    IIsoImageManager *manager;
    WCHAR path[MAX_PATH];
    IStream *stream;
    BYTE *data;
    BSTR str;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftIsoImageManager, NULL, CLSCTX_INPROC_SERVER,
            &IID_IIsoImageManager, (void **)&manager);
    ok(hr == S_OK, "Failed to create MsftIsoImageManager, hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    hr = IIsoImageManager_Validate(manager);
    ok(hr == IMAPI_E_IMAGEMANAGER_NO_IMAGE, "Unexpected hr %#lx.\n", hr);

    GetTempPathW(ARRAY_SIZE(path), path);
    swprintf(path + wcslen(path), ARRAY_SIZE(path) - wcslen(path), L"imapi2fs-iso-%lu.iso", GetCurrentProcessId());
    data = calloc(1, 20 * 2048);

    /* Not a whole number of blocks. */
    write_file(path, data, 3000);
    str = SysAllocString(path);
    hr = IIsoImageManager_SetPath(manager, str);
    ok(hr == S_OK, "SetPath failed, hr %#lx.\n", hr);
    hr = IIsoImageManager_Validate(manager);
    ok(hr == IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED, "Unexpected hr %#lx.\n", hr);

    /* Blocks, but no volume descriptor (the manager keeps the file open:
     * another name). */
    SysFreeString(str);
    wcscat(path, L"2");
    str = SysAllocString(path);
    write_file(path, data, 20 * 2048);
    hr = IIsoImageManager_SetPath(manager, str);
    ok(hr == S_OK, "SetPath failed, hr %#lx.\n", hr);
    hr = IIsoImageManager_Validate(manager);
    ok(hr == IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND, "Unexpected hr %#lx.\n", hr);

    /* A primary volume descriptor at block 16. */
    data[16 * 2048] = 1;
    memcpy(data + 16 * 2048 + 1, "CD001", 5);
    data[16 * 2048 + 6] = 1;
    SysFreeString(str);
    wcscat(path, L"3");
    str = SysAllocString(path);
    write_file(path, data, 20 * 2048);
    hr = IIsoImageManager_SetPath(manager, str);
    ok(hr == S_OK, "SetPath failed, hr %#lx.\n", hr);
    hr = IIsoImageManager_Validate(manager);
    ok(hr == S_OK, "Validate failed, hr %#lx.\n", hr);
    SysFreeString(str);
    hr = IIsoImageManager_get_Path(manager, &str);
    ok(hr == S_OK && str && !wcscmp(str, path), "hr %#lx, path %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);

    /* The same from a stream; the path is gone. */
    stream = create_stream(data, 20 * 2048);
    hr = IIsoImageManager_SetStream(manager, stream);
    ok(hr == S_OK, "SetStream failed, hr %#lx.\n", hr);
    hr = IIsoImageManager_Validate(manager);
    ok(hr == S_OK, "Validate failed, hr %#lx.\n", hr);
    hr = IIsoImageManager_get_Path(manager, &str);
    ok(hr == S_OK && !str, "hr %#lx, path %s.\n", hr, wine_dbgstr_w(str));
    IStream_Release(stream);

    hr = IIsoImageManager_SetPath(manager, NULL);
    ok(hr == IMAPI_E_INVALID_PATH, "Unexpected hr %#lx.\n", hr);

    IIsoImageManager_Release(manager);
    DeleteFileW(path);
    path[wcslen(path) - 1] = 0;
    DeleteFileW(path);
    path[wcslen(path) - 1] = 0;
    DeleteFileW(path);
    free(data);
}

static void test_boot_image(void)
{
    IFileSystemImageResult *result;
    IFileSystemImage *image;
    IBootOptions *options;
    PlatformId platform;
    IStream *stream, *image_stream;
    LARGE_INTEGER pos;
    ULONG size, read;
    BYTE block[2048], *boot;
    BSTR str;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_INPROC_SERVER, &IID_IBootOptions, (void **)&options);
    ok(hr == S_OK, "Failed to create BootOptions, hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    hr = IBootOptions_AssignBootImage(options, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IBootOptions_put_PlatformId(options, 0x42);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IBootOptions_put_PlatformId(options, PlatformX86);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IBootOptions_get_PlatformId(options, &platform);
    ok(hr == S_OK && platform == PlatformX86, "hr %#lx, platform %#x.\n", hr, platform);
    str = SysAllocString(L"imapi2 tests");
    hr = IBootOptions_put_Manufacturer(options, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);

    /* A no-emulation boot image of four 512-byte sectors. */
    boot = malloc(2048);
    for (size = 0; size < 2048; size++) boot[size] = size * 3;
    stream = create_stream(boot, 2048);
    hr = IBootOptions_put_Emulation(options, EmulationNone);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IBootOptions_AssignBootImage(options, stream);
    ok(hr == S_OK, "AssignBootImage failed, hr %#lx.\n", hr);
    hr = IBootOptions_get_ImageSize(options, &size);
    ok(hr == S_OK && size == 2048, "hr %#lx, size %lu.\n", hr, size);

    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_put_BootImageOptions(image, options);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "CreateResultImage failed, hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        IFileSystemImageResult2 *result2;
        IBlockRangeList *list;
        SAFEARRAY *ranges;
        LONG total;

        IFileSystemImageResult_get_TotalBlocks(result, &total);
        hr = IFileSystemImageResult_get_ImageStream(result, &image_stream);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        /* The result reads the boot image when it is read: it holds the
         * stream, whoever else lets go of it (Microsoft's C++ sample keeps
         * them all; a script's may go in any order). */
        IFileSystemImage_Release(image);
        image = NULL;
        IBootOptions_Release(options);
        options = NULL;
        IStream_Release(stream);
        stream = NULL;
        /* El Torito: the boot record volume descriptor at block 17. */
        pos.QuadPart = 17 * 2048;
        IStream_Seek(image_stream, pos, STREAM_SEEK_SET, NULL);
        hr = IStream_Read(image_stream, block, sizeof(block), &read);
        ok(hr == S_OK && read == sizeof(block), "hr %#lx, %lu bytes.\n", hr, read);
        ok(!block[0] && !memcmp(block + 1, "CD001", 5) && !memcmp(block + 7, "EL TORITO SPECIFICATION", 23),
                "No boot record at block 17.\n");
        /* its catalog, whose initial entry (bytes 32-63) gives the image's block */
        pos.QuadPart = (ULONGLONG)(block[0x47] | block[0x48] << 8 | block[0x49] << 16 | block[0x4a] << 24) * 2048;
        IStream_Seek(image_stream, pos, STREAM_SEEK_SET, NULL);
        hr = IStream_Read(image_stream, block, sizeof(block), &read);
        ok(hr == S_OK && read == sizeof(block), "hr %#lx, %lu bytes.\n", hr, read);
        ok(block[32] == 0x88, "Initial entry not bootable: %#x.\n", block[32]);
        pos.QuadPart = (ULONGLONG)(block[40] | block[41] << 8 | block[42] << 16 | block[43] << 24) * 2048;
        ok(pos.QuadPart > 17 * 2048 && pos.QuadPart < (ULONGLONG)total * 2048, "Boot image at %s.\n",
                wine_dbgstr_longlong(pos.QuadPart));
        IStream_Seek(image_stream, pos, STREAM_SEEK_SET, NULL);
        memset(block, 0xcc, sizeof(block));
        hr = IStream_Read(image_stream, block, sizeof(block), &read);
        ok(hr == S_OK && read == sizeof(block), "hr %#lx, %lu bytes.\n", hr, read);
        ok(!memcmp(block, boot, 2048), "The boot image's bytes differ.\n");
        IStream_Release(image_stream);

        hr = IFileSystemImageResult_QueryInterface(result, &IID_IFileSystemImageResult2, (void **)&result2);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        hr = IFileSystemImageResult2_get_ModifiedBlocks(result2, &list);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        if (hr == S_OK)
        {
            hr = IBlockRangeList_get_BlockRanges(list, &ranges);
            ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
            if (hr == S_OK)
            {
                LONG upper = -1, index = 0, start = -1, end = -1;
                VARIANT v;

                SafeArrayGetUBound(ranges, 1, &upper);
                ok(upper == 0, "%ld ranges.\n", upper + 1);
                VariantInit(&v);
                SafeArrayGetElement(ranges, &index, &v);
                ok(V_VT(&v) == VT_DISPATCH, "Range of type %d.\n", V_VT(&v));
                if (V_VT(&v) == VT_DISPATCH)
                {
                    IBlockRange *range;

                    IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IBlockRange, (void **)&range);
                    IBlockRange_get_StartLba(range, &start);
                    IBlockRange_get_EndLba(range, &end);
                    IBlockRange_Release(range);
                }
                ok(start == 0 && end == total - 1, "Range %ld-%ld, %ld blocks.\n", start, end, total);
                VariantClear(&v);
                SafeArrayDestroy(ranges);
            }
            IBlockRangeList_Release(list);
        }
        IFileSystemImageResult2_Release(result2);
        IFileSystemImageResult_Release(result);
    }

    if (image) IFileSystemImage_Release(image);
    if (stream) IStream_Release(stream);
    if (options) IBootOptions_Release(options);
    free(boot);
}

/* A file over 4 GiB: several directory records (multi-extent) at ISO 9660
 * level 3, refused at level 2.  MsftStreamZero (imapi2.dll) gives the data. */
static void test_large_file(void)
{
    ULONGLONG size = 5ull << 30, offset, extent_total = 0;
    IFileSystemImageResult *result;
    IFsiDirectoryItem *root;
    IFileSystemImage *image;
    IStream *zero, *image_stream;
    ULARGE_INTEGER usize;
    LARGE_INTEGER pos;
    ULONG read, root_lba, root_size, records = 0;
    BYTE block[2048], *dir;
    BSTR name;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftStreamZero, NULL, CLSCTX_INPROC_SERVER, &IID_IStream, (void **)&zero);
    if (FAILED(hr))
    {
        skip("No MsftStreamZero (imapi2.dll), hr %#lx.\n", hr);
        return;
    }
    usize.QuadPart = size;
    hr = IStream_SetSize(zero, usize);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet);
    IFileSystemImage_put_FreeMediaBlocks(image, 0);
    IFileSystemImage_get_Root(image, &root);
    name = SysAllocString(L"big.bin");
    hr = IFsiDirectoryItem_AddFile(root, name, zero);
    ok(hr == S_OK, "AddFile failed, hr %#lx.\n", hr);
    SysFreeString(name);

    hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, 2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == IMAPI_E_DATA_TOO_BIG, "Level 2: hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) IFileSystemImageResult_Release(result);

    hr = IFileSystemImage_put_ISO9660InterchangeLevel(image, 3);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "Level 3: hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IFileSystemImageResult_get_ImageStream(result, &image_stream);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        pos.QuadPart = 16 * 2048;
        IStream_Seek(image_stream, pos, STREAM_SEEK_SET, NULL);
        IStream_Read(image_stream, block, sizeof(block), &read);
        root_lba = *(DWORD *)(block + 156 + 2);
        root_size = *(DWORD *)(block + 156 + 10);
        dir = malloc(root_size);
        pos.QuadPart = (ULONGLONG)root_lba * 2048;
        IStream_Seek(image_stream, pos, STREAM_SEEK_SET, NULL);
        IStream_Read(image_stream, dir, root_size, &read);
        /* The records of BIG.BIN;1: all but the last with the multi-extent flag. */
        for (offset = 0; offset < root_size && dir[offset]; offset += dir[offset])
        {
            if (dir[offset + 32] != 9 || memcmp(dir + offset + 33, "BIG.BIN;1", 9)) continue;
            extent_total += *(DWORD *)(dir + offset + 10);
            records++;
            ok(!!(dir[offset + 25] & 0x80) == (extent_total < size), "Record %lu: flags %#x.\n", records,
                    dir[offset + 25]);
        }
        ok(records >= 2, "%lu records.\n", records);
        ok(extent_total == size, "The extents hold %s bytes.\n", wine_dbgstr_longlong(extent_total));
        free(dir);

        /* The end of the image, past the file's last block, reads back. */
        pos.QuadPart = -2048;
        IStream_Seek(image_stream, pos, STREAM_SEEK_END, NULL);
        hr = IStream_Read(image_stream, block, sizeof(block), &read);
        ok(hr == S_OK && read == sizeof(block), "hr %#lx, %lu bytes.\n", hr, read);
        IStream_Release(image_stream);
        IFileSystemImageResult_Release(result);
    }

    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    IStream_Release(zero);
}

static BSTR get_item_name(IFsiFileItem2 *item)
{
    BSTR name = NULL;
    HRESULT hr;

    hr = IFsiFileItem2_get_Name(item, &name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return name;
}

static LONG stream_count(IFsiFileItem2 *file)
{
    IFsiNamedStreams *streams;
    LONG count = -1;
    HRESULT hr;

    hr = IFsiFileItem2_get_FsiNamedStreams(file, &streams);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return -1;
    hr = IFsiNamedStreams_get_Count(streams, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFsiNamedStreams_Release(streams);
    return count;
}

/* The image's blocks (a small image) and its size in blocks. */
static BYTE *read_image(IFileSystemImage *image, ULONG *blocks)
{
    IFileSystemImageResult *result;
    IStream *stream;
    STATSTG stat;
    BYTE *data;
    ULONG read;
    HRESULT hr;

    *blocks = 0;
    hr = IFileSystemImage_CreateResultImage(image, &result);
    ok(hr == S_OK, "CreateResultImage: hr %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    IFileSystemImageResult_get_ImageStream(result, &stream);
    IStream_Stat(stream, &stat, STATFLAG_NONAME);
    data = malloc(stat.cbSize.QuadPart);
    hr = IStream_Read(stream, data, stat.cbSize.LowPart, &read);
    ok(hr == S_OK && read == stat.cbSize.LowPart, "hr %#lx, %lu bytes.\n", hr, read);
    *blocks = read / 2048;
    IStream_Release(stream);
    IFileSystemImageResult_Release(result);
    return data;
}

static void test_named_streams(void)
{
    static const WCHAR *names[] = {L"Zone.Identifier", L"second"};
    BYTE data[5000], buf[5000];
    IFsiDirectoryItem *root;
    IFsiFileItem2 *file, *stream_item, *other;
    IFsiNamedStreams *streams, *snapshot;
    IEnumFsiItems *enum_items;
    IFileSystemImage *image;
    IFsiFileItem *new_file;
    IEnumVARIANT *enum_var;
    IUnknown *unk;
    IFsiItem *item, *items[3];
    IStream *data_stream, *short_data, *read_back;
    VARIANT var;
    VARIANT_BOOL is_stream;
    LONG count, change_point, size;
    ULONG fetched, blocks_with, blocks_without, i, found_data = 0, found_efe = 0, found_sdir = 0;
    BYTE *blocks;
    BSTR name, name2;
    HRESULT hr;

    for (i = 0; i < sizeof(data); i++) data[i] = i * 7 + 3;
    memcpy(data, "STREAM01", 8);

    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF);
    hr = IFileSystemImage_put_UDFRevision(image, 0x201);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFileSystemImage_put_FreeMediaBlocks(image, 0);
    IFileSystemImage_get_Root(image, &root);
    short_data = create_stream((const BYTE *)"hello", 5);
    name = SysAllocString(L"file.txt");
    hr = IFsiDirectoryItem_AddFile(root, name, short_data);
    ok(hr == S_OK, "AddFile: hr %#lx.\n", hr);
    hr = IFsiDirectoryItem_get_Item(root, name, &item);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);
    hr = IFsiItem_QueryInterface(item, &IID_IFsiFileItem2, (void **)&file);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IFsiItem_Release(item);

    hr = IFsiFileItem2_get_IsNamedStream(file, &is_stream);
    ok(hr == S_OK && is_stream == VARIANT_FALSE, "hr %#lx, %d.\n", hr, is_stream);
    hr = IFsiFileItem2_get_FsiNamedStreams(file, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IFsiFileItem2_get_FsiNamedStreams(file, &streams);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiNamedStreams_QueryInterface(streams, &IID_IDispatch, (void **)&unk);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IUnknown_Release(unk);
    hr = IFsiNamedStreams_get_Count(streams, &count);
    ok(hr == S_OK && !count, "hr %#lx, count %ld.\n", hr, count);
    stream_item = (IFsiFileItem2 *)0xdeadbeef;
    hr = IFsiNamedStreams_get_Item(streams, 0, &stream_item);
    ok(hr == E_INVALIDARG && !stream_item, "hr %#lx, %p.\n", hr, stream_item);
    IFsiNamedStreams_Release(streams);

    /* AddStream: arguments, names, duplicates; each success is a change. */
    IFileSystemImage_get_ChangePoint(image, &change_point);
    data_stream = create_stream(data, sizeof(data));
    name = SysAllocString(L"Zone.Identifier");
    hr = IFsiFileItem2_AddStream(file, NULL, data_stream);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IFsiFileItem2_AddStream(file, name, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    name2 = SysAllocString(L"bad:name");
    hr = IFsiFileItem2_AddStream(file, name2, data_stream);
    ok(hr == IMAPI_E_INVALID_PATH, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name2);
    name2 = SysAllocString(L"");
    hr = IFsiFileItem2_AddStream(file, name2, data_stream);
    ok(hr == IMAPI_E_INVALID_PATH, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name2);
    hr = IFsiFileItem2_AddStream(file, name, data_stream);
    ok(hr == S_OK, "AddStream: hr %#lx.\n", hr);
    name2 = SysAllocString(L"ZONE.IDENTIFIER");
    hr = IFsiFileItem2_AddStream(file, name2, short_data);
    ok(hr == IMAPI_E_DUP_NAME, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name2);
    name2 = SysAllocString(L"second");
    hr = IFsiFileItem2_AddStream(file, name2, short_data);
    ok(hr == S_OK, "AddStream: hr %#lx.\n", hr);
    IFileSystemImage_get_ChangePoint(image, &count);
    ok(count == change_point + 2, "Change point %ld, was %ld.\n", count, change_point);

    /* The collection: Count, Item, IEnumVARIANT (For Each), IEnumFsiItems. */
    hr = IFsiFileItem2_get_FsiNamedStreams(file, &streams);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiNamedStreams_get_Count(streams, &count);
    ok(hr == S_OK && count == 2, "hr %#lx, count %ld.\n", hr, count);
    hr = IFsiNamedStreams_get_Item(streams, 2, &stream_item);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IFsiNamedStreams_get_Item(streams, -1, &stream_item);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IFsiNamedStreams_get_Item(streams, 0, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IFsiNamedStreams_get_Item(streams, 0, &stream_item);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IFsiFileItem2_get_IsNamedStream(stream_item, &is_stream);
        ok(hr == S_OK && is_stream == VARIANT_TRUE, "hr %#lx, %d.\n", hr, is_stream);
        name2 = get_item_name(stream_item);
        ok(!wcscmp(name2, L"Zone.Identifier"), "Name %s.\n", wine_dbgstr_w(name2));
        SysFreeString(name2);
        hr = IFsiFileItem2_get_DataSize32BitLow(stream_item, &size);
        ok(hr == S_OK && size == sizeof(data), "hr %#lx, size %ld.\n", hr, size);
        hr = IFsiFileItem2_get_Data(stream_item, &read_back);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            LARGE_INTEGER zero = {{0}};

            IStream_Seek(read_back, zero, STREAM_SEEK_SET, NULL);
            hr = IStream_Read(read_back, buf, sizeof(buf), &fetched);
            ok(hr == S_OK && fetched == sizeof(buf) && !memcmp(buf, data, sizeof(data)),
                    "hr %#lx, %lu bytes.\n", hr, fetched);
            IStream_Release(read_back);
        }
        /* A stream has no streams of its own. */
        hr = IFsiFileItem2_AddStream(stream_item, name, short_data);
        ok(hr == IMAPI_E_INVALID_PARAM, "Unexpected hr %#lx.\n", hr);
        IFsiFileItem2_Release(stream_item);
    }

    hr = IFsiNamedStreams_get__NewEnum(streams, &enum_var);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    for (i = 0; i < 3; i++)
    {
        VariantInit(&var);
        hr = IEnumVARIANT_Next(enum_var, 1, &var, &fetched);
        if (i == 2)
        {
            ok(hr == S_FALSE && !fetched, "hr %#lx, %lu.\n", hr, fetched);
            break;
        }
        ok(hr == S_OK && fetched == 1, "hr %#lx, %lu.\n", hr, fetched);
        ok(V_VT(&var) == VT_DISPATCH, "Type %d.\n", V_VT(&var));
        hr = IDispatch_QueryInterface(V_DISPATCH(&var), &IID_IFsiFileItem2, (void **)&other);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        name2 = get_item_name(other);
        ok(!wcscmp(name2, names[i]), "Stream %lu: %s.\n", i, wine_dbgstr_w(name2));
        SysFreeString(name2);
        IFsiFileItem2_Release(other);
        VariantClear(&var);
    }
    IEnumVARIANT_Release(enum_var);

    hr = IFsiNamedStreams_get_EnumNamedStreams(streams, &enum_items);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IEnumFsiItems_Next(enum_items, 3, items, &fetched);
    ok(hr == S_FALSE && fetched == 2, "hr %#lx, %lu.\n", hr, fetched);
    for (i = 0; i < fetched; i++) IFsiItem_Release(items[i]);
    IEnumFsiItems_Release(enum_items);

    /* RemoveStream; the collection is a snapshot. */
    hr = IFsiFileItem2_RemoveStream(file, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IFsiFileItem2_RemoveStream(file, name2 = SysAllocString(L"SECOND"));
    ok(hr == S_OK, "RemoveStream: hr %#lx.\n", hr);
    hr = IFsiFileItem2_RemoveStream(file, name2);
    ok(hr == IMAPI_E_ITEM_NOT_FOUND, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name2);
    hr = IFsiNamedStreams_get_Count(streams, &count);
    ok(hr == S_OK && count == 2, "hr %#lx, count %ld.\n", hr, count);
    hr = IFsiFileItem2_get_FsiNamedStreams(file, &snapshot);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiNamedStreams_get_Count(snapshot, &count);
    ok(hr == S_OK && count == 1, "hr %#lx, count %ld.\n", hr, count);
    IFsiNamedStreams_Release(snapshot);
    IFsiNamedStreams_Release(streams);

    /* Rollback undoes the removal, then both additions. */
    hr = IFileSystemImage_RollbackToChangePoint(image, change_point + 2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(stream_count(file) == 2, "%ld streams.\n", stream_count(file));
    hr = IFileSystemImage_RollbackToChangePoint(image, change_point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(stream_count(file) == 0, "%ld streams.\n", stream_count(file));

    /* UDF 2.01: the image holds the stream's data, an Extended File Entry
     * and a stream directory (ICB file type 13); ours adds six blocks: the
     * data's three, the stream directory's entry and FIDs, the stream's entry. */
    blocks = read_image(image, &blocks_without);
    free(blocks);
    hr = IFsiFileItem2_AddStream(file, name, data_stream);
    ok(hr == S_OK, "AddStream: hr %#lx.\n", hr);
    blocks = read_image(image, &blocks_with);
    ok(blocks_with >= blocks_without + 3, "%lu blocks, %lu without the stream.\n", blocks_with, blocks_without);
    if (!strcmp(winetest_platform, "wine"))
        ok(blocks_with == blocks_without + 6, "%lu blocks, %lu without the stream.\n", blocks_with, blocks_without);
    for (i = 0; blocks && i < blocks_with; i++)
    {
        const BYTE *p = blocks + i * 2048;
        WORD tag = p[0] | p[1] << 8;
        BYTE sum = 0;
        unsigned int j;

        /* ECMA-167 3/7.2: a descriptor tag's checksum. */
        for (j = 0; j < 16; j++) if (j != 4) sum += p[j];
        if (!memcmp(p, data, sizeof(data))) found_data++;
        if (sum != p[4]) continue;
        if (tag == 266) found_efe++;
        if ((tag == 261 || tag == 266) && p[27] == 13) found_sdir++;
    }
    ok(found_data == 1, "The stream's data found %lu times.\n", found_data);
    ok(found_efe == 1, "%lu Extended File Entries.\n", found_efe);
    ok(found_sdir == 1, "%lu stream directories.\n", found_sdir);
    free(blocks);

    /* UDF 1.02 writes no streams: AddStream says so, and succeeds. */
    hr = IFileSystemImage_put_UDFRevision(image, 0x102);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    blocks = read_image(image, &blocks_with);
    free(blocks);
    hr = IFsiFileItem2_RemoveStream(file, name);
    ok(hr == IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    blocks = read_image(image, &blocks_without);
    free(blocks);
    ok(blocks_with == blocks_without, "%lu blocks, %lu without the stream.\n", blocks_with, blocks_without);
    hr = IFsiFileItem2_AddStream(file, name, data_stream);
    ok(hr == IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    ok(stream_count(file) == 1, "%ld streams.\n", stream_count(file));

    /* A file not in the image has no streams yet. */
    name2 = SysAllocString(L"new.txt");
    hr = IFileSystemImage_CreateFileItem(image, name2, &new_file);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name2);
    hr = IFsiFileItem_QueryInterface(new_file, &IID_IFsiFileItem2, (void **)&other);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IFsiFileItem2_AddStream(other, name, data_stream);
    ok(hr == IMAPI_E_NOT_IN_FILE_SYSTEM, "Unexpected hr %#lx.\n", hr);
    IFsiFileItem2_Release(other);
    IFsiFileItem_Release(new_file);

    SysFreeString(name);
    IStream_Release(data_stream);
    IStream_Release(short_data);
    IFsiFileItem2_Release(file);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

START_TEST(objects)
{
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_iso_image_manager();
    test_boot_image();
    test_large_file();
    test_named_streams();
    CoUninitialize();
}

/*
 * Tests of the events of the IMAPI2 file system image (imapi2fs.dll)
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

/* A sink of DFileSystemImageEvents that records the Update calls. */
struct sink
{
    IDispatch IDispatch_iface;
    unsigned int updates;
    unsigned int bad_args;
    WCHAR files[4][MAX_PATH];
    LONG copied[4], total[4];
    IDispatch *object;
};

static inline struct sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DFileSystemImageEvents))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface) { return 2; }
static ULONG WINAPI sink_Release(IDispatch *iface) { return 1; }

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    struct sink *sink = impl_from_IDispatch(iface);
    unsigned int n = sink->updates;

    ok(member == DISPID_DFILESYSTEMIMAGEEVENTS_UPDATE, "Unexpected member %ld.\n", member);
    ok(flags == DISPATCH_METHOD, "Unexpected flags %#x.\n", flags);
    sink->updates++;
    /* Arguments in reverse order: object, currentFile, copiedSectors, totalSectors. */
    if (params->cArgs != 4 || V_VT(&params->rgvarg[3]) != VT_DISPATCH || V_VT(&params->rgvarg[2]) != VT_BSTR
            || V_VT(&params->rgvarg[1]) != VT_I4 || V_VT(&params->rgvarg[0]) != VT_I4)
    {
        sink->bad_args++;
        return S_OK;
    }
    sink->object = V_DISPATCH(&params->rgvarg[3]);
    if (n < ARRAY_SIZE(sink->files))
    {
        lstrcpynW(sink->files[n], V_BSTR(&params->rgvarg[2]), MAX_PATH);
        sink->copied[n] = V_I4(&params->rgvarg[1]);
        sink->total[n] = V_I4(&params->rgvarg[0]);
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_GetTypeInfoCount,
    sink_GetTypeInfo,
    sink_GetIDsOfNames,
    sink_Invoke,
};

static void write_file(const WCHAR *path, DWORD size)
{
    BYTE *data = calloc(1, size ? size : 1);
    DWORD written;
    HANDLE file;

    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "Cannot create %s.\n", wine_dbgstr_w(path));
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
    free(data);
}

static void test_update_events(void)
{
    struct sink sink = {{&sink_vtbl}};
    IConnectionPointContainer *container;
    WCHAR dir[MAX_PATH], a[MAX_PATH], b[MAX_PATH];
    IFsiDirectoryItem *root;
    IFileSystemImage *image;
    IConnectionPoint *point;
    unsigned int i, found_a = 0, found_b = 0;
    DWORD cookie;
    BSTR str;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image);
    ok(hr == S_OK, "Failed to create the image, hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    GetTempPathW(ARRAY_SIZE(dir), dir);
    swprintf(dir + wcslen(dir), ARRAY_SIZE(dir) - wcslen(dir), L"imapi2fs-events-%lu", GetCurrentProcessId());
    CreateDirectoryW(dir, NULL);
    swprintf(a, ARRAY_SIZE(a), L"%s\\small.txt", dir);
    swprintf(b, ARRAY_SIZE(b), L"%s\\large.bin", dir);
    write_file(a, 100);
    write_file(b, 5 * 2048 + 1);

    hr = IFileSystemImage_QueryInterface(image, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DFileSystemImageEvents, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink.IDispatch_iface, &cookie);
    ok(hr == S_OK, "Advise failed, hr %#lx.\n", hr);

    IFileSystemImage_get_Root(image, &root);
    str = SysAllocString(dir);
    hr = IFsiDirectoryItem_AddTree(root, str, VARIANT_FALSE);
    ok(hr == S_OK, "AddTree failed, hr %#lx.\n", hr);
    SysFreeString(str);

    /* One Update per file added, naming it, with its size in sectors. */
    ok(sink.updates == 2, "%u updates.\n", sink.updates);
    ok(!sink.bad_args, "%u updates with unexpected arguments.\n", sink.bad_args);
    ok(sink.object == (IDispatch *)image, "Update's object is %p, the image %p.\n", sink.object, image);
    for (i = 0; i < min(sink.updates, ARRAY_SIZE(sink.files)); i++)
    {
        if (!wcsicmp(sink.files[i], a))
        {
            found_a++;
            ok(sink.copied[i] == 1 && sink.total[i] == 1, "small.txt: %ld of %ld sectors.\n",
                    sink.copied[i], sink.total[i]);
        }
        else if (!wcsicmp(sink.files[i], b))
        {
            found_b++;
            ok(sink.copied[i] == 6 && sink.total[i] == 6, "large.bin: %ld of %ld sectors.\n",
                    sink.copied[i], sink.total[i]);
        }
        else ok(0, "Unexpected file %s.\n", wine_dbgstr_w(sink.files[i]));
    }
    ok(found_a == 1 && found_b == 1, "Files reported %u and %u times.\n", found_a, found_b);

    /* No sink, no call. */
    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    sink.updates = 0;
    str = SysAllocString(L"again");
    hr = IFsiDirectoryItem_AddDirectory(root, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    str = SysAllocString(dir);
    hr = IFsiDirectoryItem_AddTree(root, str, VARIANT_TRUE);
    ok(hr == S_OK, "AddTree failed, hr %#lx.\n", hr);
    SysFreeString(str);
    ok(!sink.updates, "%u updates after Unadvise.\n", sink.updates);

    IConnectionPoint_Release(point);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    DeleteFileW(a);
    DeleteFileW(b);
    RemoveDirectoryW(dir);
}

START_TEST(events)
{
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_update_events();
    CoUninitialize();
}

/*
 * Image Mastering API v2: DLL entry points, class factories and type library.
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

#include "imapi2_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

static HINSTANCE imapi2_instance;
static LONG module_locks;

void lock_module(void)
{
    InterlockedIncrement(&module_locks);
}

void unlock_module(void)
{
    InterlockedDecrement(&module_locks);
}

static ITypeLib *typelib;
static ITypeInfo *typeinfos[LAST_tid];

static REFIID tid_ids[] =
{
#define XDIID(iface) &IID_##iface,
TID_LIST
#undef XDIID
};

static HRESULT load_typelib(void)
{
    WCHAR path[MAX_PATH];
    ITypeLib *lib;
    HRESULT hr;

    if (typelib) return S_OK;

    /* Prefer the registered library; fall back to the one embedded in this
     * module, so that IDispatch works before DllRegisterServer has run. */
    hr = LoadRegTypeLib(&LIBID_IMAPI2, 1, 0, LOCALE_SYSTEM_DEFAULT, &lib);
    if (FAILED(hr))
    {
        GetModuleFileNameW(imapi2_instance, path, ARRAY_SIZE(path));
        hr = LoadTypeLibEx(path, REGKIND_NONE, &lib);
    }
    if (FAILED(hr))
    {
        ERR("Failed to load the IMAPI2 type library, hr %#lx.\n", hr);
        return hr;
    }

    if (InterlockedCompareExchangePointer((void **)&typelib, lib, NULL))
        ITypeLib_Release(lib);
    return S_OK;
}

HRESULT get_typeinfo(tid_t tid, ITypeInfo **typeinfo)
{
    HRESULT hr;

    if (FAILED(hr = load_typelib()))
        return hr;

    if (!typeinfos[tid])
    {
        ITypeInfo *info;

        hr = ITypeLib_GetTypeInfoOfGuid(typelib, tid_ids[tid], &info);
        if (FAILED(hr))
        {
            ERR("No type info for %s, hr %#lx.\n", debugstr_guid(tid_ids[tid]), hr);
            return hr;
        }

        if (InterlockedCompareExchangePointer((void **)(typeinfos + tid), info, NULL))
            ITypeInfo_Release(info);
    }

    *typeinfo = typeinfos[tid];
    ITypeInfo_AddRef(*typeinfo);
    return S_OK;
}

static void release_typelib(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(typeinfos); ++i)
    {
        if (typeinfos[i])
            ITypeInfo_Release(typeinfos[i]);
    }
    if (typelib)
        ITypeLib_Release(typelib);
}

HRESULT dispatch_get_type_info(tid_t tid, UINT index, ITypeInfo **typeinfo)
{
    if (!typeinfo) return E_POINTER;
    *typeinfo = NULL;
    if (index) return DISP_E_BADINDEX;
    return get_typeinfo(tid, typeinfo);
}

HRESULT dispatch_get_ids_of_names(tid_t tid, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids)
{
    ITypeInfo *typeinfo;
    HRESULT hr;

    if (!IsEqualGUID(riid, &IID_NULL))
        return DISP_E_UNKNOWNINTERFACE;
    if (!names || !ids)
        return E_POINTER;

    if (SUCCEEDED(hr = get_typeinfo(tid, &typeinfo)))
    {
        hr = ITypeInfo_GetIDsOfNames(typeinfo, names, count, ids);
        ITypeInfo_Release(typeinfo);
    }
    return hr;
}

/* Wine 8: create_enumerator() in dlls/jscript/enumerator.c (new Enumerator(obj))
 * invokes DISPID_NEWENUM with DISPATCH_METHOD alone, and ITypeInfo_Invoke finds
 * no method for the [propget] _NewEnum of our type library
 * (doc/wine-bugs/jscript-enumerator-newenum.md).  Remove when jscript adds
 * DISPATCH_PROPERTYGET, as Windows' does. */
static WORD wine8_jscript_newenum_flags(DISPID member, WORD flags)
{
    if (member == DISPID_NEWENUM && flags == DISPATCH_METHOD)
        return flags | DISPATCH_PROPERTYGET;
    return flags;
}

HRESULT dispatch_invoke(tid_t tid, void *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    ITypeInfo *typeinfo;
    HRESULT hr;

    if (!IsEqualGUID(riid, &IID_NULL))
        return DISP_E_UNKNOWNINTERFACE;

    flags = wine8_jscript_newenum_flags(member, flags);

    /* ITypeInfo_Invoke turns a failure into DISP_E_EXCEPTION described by the
     * thread's error info; none of ours is set, so drop any stale one. */
    SetErrorInfo(0, NULL);

    if (SUCCEEDED(hr = get_typeinfo(tid, &typeinfo)))
    {
        hr = ITypeInfo_Invoke(typeinfo, iface, member, flags, params, result, excep_info, arg_err);
        ITypeInfo_Release(typeinfo);
    }
    return hr;
}

/* ISupportErrorInfo, embedded in the objects that have it on Windows. */

static inline struct support_error_info *impl_from_ISupportErrorInfo(ISupportErrorInfo *iface)
{
    return CONTAINING_RECORD(iface, struct support_error_info, ISupportErrorInfo_iface);
}

static HRESULT WINAPI support_error_info_QueryInterface(ISupportErrorInfo *iface, REFIID riid, void **out)
{
    struct support_error_info *info = impl_from_ISupportErrorInfo(iface);
    return IUnknown_QueryInterface(info->outer, riid, out);
}

static ULONG WINAPI support_error_info_AddRef(ISupportErrorInfo *iface)
{
    struct support_error_info *info = impl_from_ISupportErrorInfo(iface);
    return IUnknown_AddRef(info->outer);
}

static ULONG WINAPI support_error_info_Release(ISupportErrorInfo *iface)
{
    struct support_error_info *info = impl_from_ISupportErrorInfo(iface);
    return IUnknown_Release(info->outer);
}

static HRESULT WINAPI support_error_info_InterfaceSupportsErrorInfo(ISupportErrorInfo *iface, REFIID riid)
{
    struct support_error_info *info = impl_from_ISupportErrorInfo(iface);
    const IID * const *iid;

    TRACE("%p, %s.\n", iface, debugstr_guid(riid));

    for (iid = info->iids; *iid; ++iid)
    {
        if (IsEqualGUID(*iid, riid))
            return S_OK;
    }
    return S_FALSE;
}

static const ISupportErrorInfoVtbl support_error_info_vtbl =
{
    support_error_info_QueryInterface,
    support_error_info_AddRef,
    support_error_info_Release,
    support_error_info_InterfaceSupportsErrorInfo,
};

void support_error_info_init(struct support_error_info *info, IUnknown *outer, const IID * const *iids)
{
    info->ISupportErrorInfo_iface.lpVtbl = &support_error_info_vtbl;
    info->outer = outer;
    info->iids = iids;
}

/* Class factories: static objects, one per creatable coclass. */

struct class_factory
{
    IClassFactory IClassFactory_iface;
    HRESULT (*create)(REFIID riid, void **out);
};

static inline struct class_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct class_factory, IClassFactory_iface);
}

static HRESULT WINAPI class_factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory))
    {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI class_factory_AddRef(IClassFactory *iface)
{
    return 2;
}

static ULONG WINAPI class_factory_Release(IClassFactory *iface)
{
    return 1;
}

static HRESULT WINAPI class_factory_CreateInstance(IClassFactory *iface, IUnknown *outer,
        REFIID riid, void **out)
{
    struct class_factory *factory = impl_from_IClassFactory(iface);

    TRACE("%p, %p, %s, %p.\n", iface, outer, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (outer) return CLASS_E_NOAGGREGATION;

    return factory->create(riid, out);
}

static HRESULT WINAPI class_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    TRACE("%p, %d.\n", iface, lock);

    if (lock)
        lock_module();
    else
        unlock_module();
    return S_OK;
}

static const IClassFactoryVtbl class_factory_vtbl =
{
    class_factory_QueryInterface,
    class_factory_AddRef,
    class_factory_Release,
    class_factory_CreateInstance,
    class_factory_LockServer,
};

static struct class_factory discmaster_factory = { { &class_factory_vtbl }, discmaster_create };
static struct class_factory recorder_factory = { { &class_factory_vtbl }, recorder_create };
static struct class_factory write_engine_factory = { { &class_factory_vtbl }, write_engine_create };
static struct class_factory format_erase_factory = { { &class_factory_vtbl }, format_erase_create };
static struct class_factory format_data_factory = { { &class_factory_vtbl }, format_data_create };
static struct class_factory format_tao_factory = { { &class_factory_vtbl }, format_tao_create };
static struct class_factory format_raw_cd_factory = { { &class_factory_vtbl }, format_raw_cd_create };
static struct class_factory stream_zero_factory = { { &class_factory_vtbl }, stream_zero_create };
static struct class_factory stream_prng_factory = { { &class_factory_vtbl }, stream_prng_create };
static struct class_factory stream_concatenate_factory = { { &class_factory_vtbl }, stream_concatenate_create };
static struct class_factory stream_interleave_factory = { { &class_factory_vtbl }, stream_interleave_create };
static struct class_factory raw_cd_image_factory = { { &class_factory_vtbl }, raw_cd_image_create };

static const struct
{
    const CLSID *clsid;
    struct class_factory *factory;
}
class_factories[] =
{
    { &CLSID_MsftDiscMaster2, &discmaster_factory },
    { &CLSID_MsftDiscRecorder2, &recorder_factory },
    { &CLSID_MsftWriteEngine2, &write_engine_factory },
    { &CLSID_MsftDiscFormat2Erase, &format_erase_factory },
    { &CLSID_MsftDiscFormat2Data, &format_data_factory },
    { &CLSID_MsftDiscFormat2TrackAtOnce, &format_tao_factory },
    { &CLSID_MsftDiscFormat2RawCD, &format_raw_cd_factory },
    { &CLSID_MsftStreamZero, &stream_zero_factory },
    { &CLSID_MsftStreamPrng001, &stream_prng_factory },
    { &CLSID_MsftStreamConcatenate, &stream_concatenate_factory },
    { &CLSID_MsftStreamInterleave, &stream_interleave_factory },
    { &CLSID_MsftRawCDImageCreator, &raw_cd_image_factory },
};

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    unsigned int i;

    TRACE("%s, %s, %p.\n", debugstr_guid(clsid), debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;

    for (i = 0; i < ARRAY_SIZE(class_factories); ++i)
    {
        if (IsEqualGUID(clsid, class_factories[i].clsid))
            return IClassFactory_QueryInterface(&class_factories[i].factory->IClassFactory_iface, riid, out);
    }

    FIXME("Class %s not available.\n", debugstr_guid(clsid));
    return CLASS_E_CLASSNOTAVAILABLE;
}

/* The disc master's polling thread holds its own reference on the module
 * until it has left. */
HRESULT WINAPI DllCanUnloadNow(void)
{
    TRACE("%ld locks.\n", module_locks);

    return module_locks ? S_FALSE : S_OK;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        imapi2_instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (reserved) break;
        release_typelib();
        break;
    }
    return TRUE;
}

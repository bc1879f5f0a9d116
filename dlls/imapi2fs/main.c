/*
 * IMAPI2 file system image: DLL entry points, class factories and type library.
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
#include "rpcproxy.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

static HINSTANCE imapi2fs_instance;
static LONG module_refs;

static ITypeLib *typelib;
static ITypeInfo *typeinfos[LAST_tid];

static REFIID tid_ids[] =
{
#define XDIID(iface) &IID_##iface,
TID_LIST
#undef XDIID
};

void lock_module(void)
{
    InterlockedIncrement(&module_refs);
}

void unlock_module(void)
{
    InterlockedDecrement(&module_refs);
}

static HRESULT load_typelib(void)
{
    WCHAR path[MAX_PATH];
    ITypeLib *lib;
    HRESULT hr;

    if (typelib) return S_OK;

    /* The library embedded in this module: IDispatch works before
     * DllRegisterServer has run, and whatever else is registered. */
    GetModuleFileNameW(imapi2fs_instance, path, ARRAY_SIZE(path));
    if (FAILED(hr = LoadTypeLibEx(path, REGKIND_NONE, &lib)))
    {
        ERR("Failed to load the IMAPI2FS type library, hr %#lx.\n", hr);
        return hr;
    }

    if (InterlockedCompareExchangePointer((void **)&typelib, lib, NULL))
        ITypeLib_Release(lib);
    return S_OK;
}

static HRESULT get_typeinfo(tid_t tid, ITypeInfo **typeinfo)
{
    HRESULT hr;

    if (FAILED(hr = load_typelib()))
        return hr;

    if (!typeinfos[tid])
    {
        ITypeInfo *info;

        if (FAILED(hr = ITypeLib_GetTypeInfoOfGuid(typelib, tid_ids[tid], &info)))
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
        if (typeinfos[i]) ITypeInfo_Release(typeinfos[i]);
    if (typelib) ITypeLib_Release(typelib);
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

    if (!IsEqualGUID(riid, &IID_NULL)) return DISP_E_UNKNOWNINTERFACE;
    if (!names || !ids) return E_POINTER;

    if (SUCCEEDED(hr = get_typeinfo(tid, &typeinfo)))
    {
        hr = ITypeInfo_GetIDsOfNames(typeinfo, names, count, ids);
        ITypeInfo_Release(typeinfo);
    }
    return hr;
}

HRESULT dispatch_invoke(tid_t tid, void *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    ITypeInfo *typeinfo;
    HRESULT hr;

    if (!IsEqualGUID(riid, &IID_NULL)) return DISP_E_UNKNOWNINTERFACE;

    /* Wine 8: jscript's Enumerator (create_enumerator in dlls/jscript/enumerator.c)
     * asks for _NewEnum with DISPATCH_METHOD alone, where Windows' jscript adds
     * DISPATCH_PROPERTYGET; the type library only has the property getter.
     * Remove when Wine's jscript asks as Windows does. */
    if (member == DISPID_NEWENUM && flags == DISPATCH_METHOD)
        flags |= DISPATCH_PROPERTYGET;

    SetErrorInfo(0, NULL);
    if (SUCCEEDED(hr = get_typeinfo(tid, &typeinfo)))
    {
        hr = ITypeInfo_Invoke(typeinfo, iface, member, flags, params, result, excep_info, arg_err);
        ITypeInfo_Release(typeinfo);
    }
    return hr;
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

    if (lock) lock_module();
    else unlock_module();
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

static struct class_factory file_system_image_factory = { { &class_factory_vtbl }, file_system_image_create };
static struct class_factory boot_options_factory = { { &class_factory_vtbl }, boot_options_create };
static struct class_factory iso_image_manager_factory = { { &class_factory_vtbl }, iso_image_manager_create };

static const struct
{
    const CLSID *clsid;
    struct class_factory *factory;
}
class_factories[] =
{
    { &CLSID_MsftFileSystemImage, &file_system_image_factory },
    { &CLSID_BootOptions, &boot_options_factory },
    { &CLSID_MsftIsoImageManager, &iso_image_manager_factory },
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

HRESULT WINAPI DllCanUnloadNow(void)
{
    return module_refs ? S_FALSE : S_OK;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        imapi2fs_instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (reserved) break;
        release_typelib();
        break;
    }
    return TRUE;
}

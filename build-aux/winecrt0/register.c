/*
 * Minimal winecrt0 for the i386 build: __wine_register_resources and
 * __wine_unregister_resources (see crt_dllmain.c for why this library
 * exists).
 *
 * Every "WINE_REGISTRY" resource of the module (the registration scripts
 * "widl -r" generates) is handed to the ATL registrar, with %MODULE%
 * replaced by the module's path and %SystemRoot% by that environment
 * variable, as Wine's own implementation does.  The registrar comes from
 * atl100.dll like in Wine, or else from atl.dll, so that regsvr32 also works
 * on Windows without the Visual C++ 2010 runtime.
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

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "winnls.h"
#include "objbase.h"
#include "rpcproxy.h"
#include "atliface.h"

extern IMAGE_DOS_HEADER __ImageBase;

/* Local copies, so that this library needs no GUID import library. */
static const GUID registrar_clsid = {0x44ec053a, 0x400f, 0x11d0, {0x9d,0xcd,0x00,0xa0,0xc9,0x03,0x91,0xd3}};
static const GUID registrar_iid = {0x44ec053b, 0x400f, 0x11d0, {0x9d,0xcd,0x00,0xa0,0xc9,0x03,0x91,0xd3}};
static const GUID class_factory_iid = {0x00000001, 0x0000, 0x0000, {0xc0,0x00,0x00,0x00,0x00,0x00,0x00,0x46}};

struct registration
{
    BOOL install;
    IRegistrar *registrar;
    HRESULT hr;
};

/* The Registrar object of atl.dll, which every Windows version has, created
 * straight from its class factory: neither COM initialisation nor the
 * registration of atl.dll itself is required. */
static HRESULT create_atl_registrar(IRegistrar **out)
{
    HRESULT (WINAPI *get_class_object)(REFCLSID, REFIID, void **);
    IClassFactory *factory;
    HMODULE atl;
    HRESULT hr;

    if (!(atl = LoadLibraryW(L"atl.dll"))) return E_NOINTERFACE;
    if (!(get_class_object = (void *)GetProcAddress(atl, "DllGetClassObject")))
    {
        FreeLibrary(atl);
        return E_NOINTERFACE;
    }
    if (SUCCEEDED(hr = get_class_object(&registrar_clsid, &class_factory_iid, (void **)&factory)))
    {
        hr = IClassFactory_CreateInstance(factory, NULL, &registrar_iid, (void **)out);
        IClassFactory_Release(factory);
    }
    /* On success atl.dll stays loaded for the object's sake. */
    if (FAILED(hr)) FreeLibrary(atl);
    return hr;
}

/* Wine's DLLs use atl100's AtlCreateRegistrar(); atl100.dll is always there
 * under Wine but only with the Visual C++ 2010 runtime on Windows. */
static HRESULT create_registrar(HMODULE module, IRegistrar **out)
{
    static HRESULT (WINAPI *atl_create_registrar)(IRegistrar **);
    WCHAR buffer[MAX_PATH];
    IRegistrar *registrar;
    DWORD len;
    HRESULT hr;

    if (!atl_create_registrar)
    {
        HMODULE atl100 = LoadLibraryW(L"atl100.dll");

        /* atl100 stays loaded: the cached pointer points into it. */
        if (atl100 && !(atl_create_registrar = (void *)GetProcAddress(atl100, "AtlCreateRegistrar")))
            FreeLibrary(atl100);
    }

    if (atl_create_registrar)
        hr = atl_create_registrar(&registrar);
    else
        hr = create_atl_registrar(&registrar);
    if (FAILED(hr)) return hr;

    len = GetModuleFileNameW(module, buffer, ARRAY_SIZE(buffer));
    if (!len || len >= ARRAY_SIZE(buffer)) buffer[0] = 0;
    IRegistrar_AddReplacement(registrar, L"MODULE", buffer);

    len = GetEnvironmentVariableW(L"SystemRoot", buffer, ARRAY_SIZE(buffer));
    if (!len || len >= ARRAY_SIZE(buffer)) buffer[0] = 0;
    IRegistrar_AddReplacement(registrar, L"SystemRoot", buffer);

    *out = registrar;
    return S_OK;
}

static BOOL CALLBACK process_script(HMODULE module, const WCHAR *type, WCHAR *name, LONG_PTR param)
{
    struct registration *reg = (struct registration *)param;
    const char *script;
    WCHAR *text;
    HGLOBAL data;
    HRSRC res;
    int size, len;

    if (!(res = FindResourceW(module, name, type)) || !(data = LoadResource(module, res)) ||
        !(script = LockResource(data)))
    {
        reg->hr = HRESULT_FROM_WIN32(GetLastError());
        return FALSE;
    }
    size = SizeofResource(module, res);

    if (!reg->registrar && FAILED(reg->hr = create_registrar(module, &reg->registrar)))
        return FALSE;

    /* The scripts are UTF-8 and not necessarily null-terminated. */
    len = MultiByteToWideChar(CP_UTF8, 0, script, size, NULL, 0);
    if (!(text = HeapAlloc(GetProcessHeap(), 0, (len + 1) * sizeof(WCHAR))))
    {
        reg->hr = E_OUTOFMEMORY;
        return FALSE;
    }
    MultiByteToWideChar(CP_UTF8, 0, script, size, text, len);
    text[len] = 0;

    if (reg->install)
        reg->hr = IRegistrar_StringRegister(reg->registrar, text);
    else
        reg->hr = IRegistrar_StringUnregister(reg->registrar, text);

    HeapFree(GetProcessHeap(), 0, text);
    return SUCCEEDED(reg->hr);
}

static HRESULT process_scripts(BOOL install)
{
    struct registration reg;

    reg.install = install;
    reg.registrar = NULL;
    reg.hr = S_OK;
    /* Enumeration stops at the first failure; a module without any
     * WINE_REGISTRY resource has nothing to do and succeeds. */
    EnumResourceNamesW((HMODULE)&__ImageBase, L"WINE_REGISTRY", process_script, (LONG_PTR)&reg);
    if (reg.registrar) IRegistrar_Release(reg.registrar);
    return reg.hr;
}

HRESULT __cdecl __wine_register_resources(void)
{
    return process_scripts(TRUE);
}

HRESULT __cdecl __wine_unregister_resources(void)
{
    return process_scripts(FALSE);
}

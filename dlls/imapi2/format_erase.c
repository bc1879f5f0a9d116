/*
 * Image Mastering API v2: MsftDiscFormat2Erase, blanking rewritable media.
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

struct format_erase
{
    IDiscFormat2Erase IDiscFormat2Erase_iface;
    struct event_source events;
    LONG refcount;

    IDiscRecorder2 *recorder;
    VARIANT_BOOL full_erase;
    BSTR client_name;
};

static inline struct format_erase *impl_from_IDiscFormat2Erase(IDiscFormat2Erase *iface)
{
    return CONTAINING_RECORD(iface, struct format_erase, IDiscFormat2Erase_iface);
}

static HRESULT WINAPI format_erase_QueryInterface(IDiscFormat2Erase *iface, REFIID riid, void **out)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscFormat2)
            || IsEqualGUID(riid, &IID_IDiscFormat2Erase))
    {
        *out = &object->IDiscFormat2Erase_iface;
    }
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
    {
        *out = &object->events.IConnectionPointContainer_iface;
    }
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }

    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI format_erase_AddRef(IDiscFormat2Erase *iface)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI format_erase_Release(IDiscFormat2Erase *iface)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        event_source_cleanup(&object->events);
        if (object->recorder)
            IDiscRecorder2_Release(object->recorder);
        SysFreeString(object->client_name);
        free(object);
    }
    return refcount;
}

static HRESULT WINAPI format_erase_GetTypeInfoCount(IDiscFormat2Erase *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI format_erase_GetTypeInfo(IDiscFormat2Erase *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IDiscFormat2Erase_tid, index, typeinfo);
}

static HRESULT WINAPI format_erase_GetIDsOfNames(IDiscFormat2Erase *iface, REFIID riid,
        LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IDiscFormat2Erase_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI format_erase_Invoke(IDiscFormat2Erase *iface, DISPID member, REFIID riid,
        LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IDiscFormat2Erase_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI format_erase_IsRecorderSupported(IDiscFormat2Erase *iface,
        IDiscRecorder2 *recorder,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p, %p: stub\n", iface, recorder, value);

    if (!recorder || !value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_erase_IsCurrentMediaSupported(IDiscFormat2Erase *iface,
        IDiscRecorder2 *recorder,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p, %p: stub\n", iface, recorder, value);

    if (!recorder || !value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_erase_get_MediaPhysicallyBlank(IDiscFormat2Erase *iface,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_erase_get_MediaHeuristicallyBlank(IDiscFormat2Erase *iface,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_erase_get_SupportedMediaTypes(IDiscFormat2Erase *iface,
        SAFEARRAY **value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_erase_put_Recorder(IDiscFormat2Erase *iface, IDiscRecorder2 *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    IDiscRecorder2_AddRef(value);
    if (object->recorder)
        IDiscRecorder2_Release(object->recorder);
    object->recorder = value;
    return S_OK;
}

static HRESULT WINAPI format_erase_get_Recorder(IDiscFormat2Erase *iface, IDiscRecorder2 **value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    if ((*value = object->recorder))
        IDiscRecorder2_AddRef(*value);
    return S_OK;
}

static HRESULT WINAPI format_erase_put_FullErase(IDiscFormat2Erase *iface, VARIANT_BOOL value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->full_erase = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI format_erase_get_FullErase(IDiscFormat2Erase *iface, VARIANT_BOOL *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->full_erase;
    return S_OK;
}

static HRESULT WINAPI format_erase_get_CurrentPhysicalMediaType(IDiscFormat2Erase *iface,
        IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_erase_put_ClientName(IDiscFormat2Erase *iface, BSTR value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);
    BSTR name = NULL;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    if (value && !(name = SysAllocString(value)))
        return E_OUTOFMEMORY;
    SysFreeString(object->client_name);
    object->client_name = name;
    return S_OK;
}

static HRESULT WINAPI format_erase_get_ClientName(IDiscFormat2Erase *iface, BSTR *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    *value = NULL;
    if (object->client_name && !(*value = SysAllocString(object->client_name)))
        return E_OUTOFMEMORY;
    return S_OK;
}

static HRESULT WINAPI format_erase_EraseMedia(IDiscFormat2Erase *iface)
{
    FIXME("%p: stub\n", iface);

    return E_NOTIMPL;
}

static const IDiscFormat2EraseVtbl format_erase_vtbl =
{
    format_erase_QueryInterface,
    format_erase_AddRef,
    format_erase_Release,
    format_erase_GetTypeInfoCount,
    format_erase_GetTypeInfo,
    format_erase_GetIDsOfNames,
    format_erase_Invoke,
    format_erase_IsRecorderSupported,
    format_erase_IsCurrentMediaSupported,
    format_erase_get_MediaPhysicallyBlank,
    format_erase_get_MediaHeuristicallyBlank,
    format_erase_get_SupportedMediaTypes,
    format_erase_put_Recorder,
    format_erase_get_Recorder,
    format_erase_put_FullErase,
    format_erase_get_FullErase,
    format_erase_get_CurrentPhysicalMediaType,
    format_erase_put_ClientName,
    format_erase_get_ClientName,
    format_erase_EraseMedia,
};

HRESULT format_erase_create(REFIID riid, void **out)
{
    struct format_erase *object;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IDiscFormat2Erase_iface.lpVtbl = &format_erase_vtbl;
    object->refcount = 1;
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2Erase_iface,
            &IID_DDiscFormat2EraseEvents);

    hr = IDiscFormat2Erase_QueryInterface(&object->IDiscFormat2Erase_iface, riid, out);
    IDiscFormat2Erase_Release(&object->IDiscFormat2Erase_iface);
    return hr;
}

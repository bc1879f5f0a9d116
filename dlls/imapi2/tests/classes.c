/*
 * IMAPI2 coclasses: creation, QueryInterface, IDispatch and registration
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
#include "winreg.h"
#include "winerror.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"

#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"
#include "virtual_recorder.h"

/*
 * Where the expectations come from:
 * - the interfaces of each coclass: the coclass definitions of the Windows
 *   SDK's imapi2.idl (which list IConnectionPointContainer next to the
 *   [source] interface of the event-raising classes), plus the base
 *   interfaces of each listed interface;
 * - IBurnVerification on MsftDiscFormat2Data and MsftDiscFormat2TrackAtOnce:
 *   "Use this interface with IDiscFormat2Data or IDiscFormat2TrackAtOnce"
 *   (learn.microsoft.com, IBurnVerification interface), whose example gets it
 *   by QueryInterface on the IDiscFormat2Data object;
 * - IDiscRecorder2Ex on MsftDiscRecorder2: the SDK coclass definition;
 * - the ProgIDs: a Windows registry lists "IMAPI2.MsftDiscMaster2.1" and the
 *   like as the ProgID of each of these twelve CLSIDs, and Microsoft's
 *   scripting samples create "IMAPI2.MsftDiscMaster2" and the like;
 * - MsftWriteSpeedDescriptor, MsftMultisessionSequential and
 *   MsftMultisessionRandomWrite: objects that IMAPI2 hands out (through
 *   SupportedWriteSpeedDescriptors and MultisessionInterfaces), with no
 *   ProgID in the registry of a Windows system.
 */

static const char *debugstr_hr(HRESULT hr)
{
    static char buffers[4][12];
    static unsigned int index;
    char *buffer = buffers[index++ % ARRAY_SIZE(buffers)];

    sprintf(buffer, "%#lx", (unsigned long)hr);
    return buffer;
}

#define MAX_IIDS 8

struct class_info
{
    const CLSID *clsid;
    const char *name;                    /* the coclass name, ProgID without "IMAPI2." */
    const IID *default_iid;              /* the [default] interface */
    BOOL dual;                           /* the default interface is dual */
    const IID *events;                   /* the [source] interface, or NULL */
    const IID *supported[MAX_IIDS];      /* every interface but IUnknown */
    const IID *unsupported[MAX_IIDS];    /* a sample of foreign interfaces */
};

static const struct class_info creatable_classes[] =
{
    {
        &CLSID_MsftDiscMaster2, "MsftDiscMaster2", &IID_IDiscMaster2, TRUE, &IID_DDiscMaster2Events,
        { &IID_IDiscMaster2, &IID_IDispatch, &IID_IConnectionPointContainer },
        { &IID_IDiscRecorder2, &IID_IWriteEngine2, &IID_IDiscFormat2, &IID_IClassFactory,
          &IID_IPersistStream, &IID_IOleObject },
    },
    {
        &CLSID_MsftDiscRecorder2, "MsftDiscRecorder2", &IID_IDiscRecorder2, TRUE, NULL,
        { &IID_IDiscRecorder2, &IID_IDiscRecorder2Ex, &IID_IDispatch },
        { &IID_IDiscMaster2, &IID_IConnectionPointContainer, &IID_IDiscFormat2,
          &IID_IClassFactory, &IID_IPersistStream, &IID_IStream },
    },
    {
        &CLSID_MsftWriteEngine2, "MsftWriteEngine2", &IID_IWriteEngine2, TRUE, &IID_DWriteEngine2Events,
        { &IID_IWriteEngine2, &IID_IDispatch, &IID_IConnectionPointContainer },
        { &IID_IDiscFormat2, &IID_IBurnVerification, &IID_IDiscRecorder2, &IID_IClassFactory,
          &IID_IPersistStream },
    },
    {
        &CLSID_MsftDiscFormat2Erase, "MsftDiscFormat2Erase", &IID_IDiscFormat2Erase, TRUE,
        &IID_DDiscFormat2EraseEvents,
        { &IID_IDiscFormat2Erase, &IID_IDiscFormat2, &IID_IDispatch, &IID_IConnectionPointContainer },
        { &IID_IDiscFormat2Data, &IID_IBurnVerification, &IID_IWriteEngine2, &IID_IClassFactory,
          &IID_IPersistStream },
    },
    {
        &CLSID_MsftDiscFormat2Data, "MsftDiscFormat2Data", &IID_IDiscFormat2Data, TRUE,
        &IID_DDiscFormat2DataEvents,
        { &IID_IDiscFormat2Data, &IID_IDiscFormat2, &IID_IDispatch, &IID_IBurnVerification,
          &IID_IConnectionPointContainer },
        { &IID_IDiscFormat2Erase, &IID_IDiscFormat2TrackAtOnce, &IID_IWriteEngine2,
          &IID_IMultisessionSequential, &IID_IClassFactory, &IID_IPersistStream },
    },
    {
        &CLSID_MsftDiscFormat2TrackAtOnce, "MsftDiscFormat2TrackAtOnce",
        &IID_IDiscFormat2TrackAtOnce, TRUE, &IID_DDiscFormat2TrackAtOnceEvents,
        { &IID_IDiscFormat2TrackAtOnce, &IID_IDiscFormat2, &IID_IDispatch, &IID_IBurnVerification,
          &IID_IConnectionPointContainer },
        { &IID_IDiscFormat2Data, &IID_IDiscFormat2RawCD, &IID_IWriteEngine2, &IID_IClassFactory,
          &IID_IPersistStream },
    },
    {
        &CLSID_MsftDiscFormat2RawCD, "MsftDiscFormat2RawCD", &IID_IDiscFormat2RawCD, TRUE,
        &IID_DDiscFormat2RawCDEvents,
        { &IID_IDiscFormat2RawCD, &IID_IDiscFormat2, &IID_IDispatch, &IID_IConnectionPointContainer },
        { &IID_IDiscFormat2TrackAtOnce, &IID_IBurnVerification, &IID_IWriteEngine2,
          &IID_IClassFactory, &IID_IPersistStream },
    },
    {
        &CLSID_MsftStreamZero, "MsftStreamZero", &IID_IStream, FALSE, NULL,
        { &IID_IStream, &IID_ISequentialStream },
        { &IID_IStreamPseudoRandomBased, &IID_IStreamConcatenate, &IID_IStreamInterleave,
          &IID_IConnectionPointContainer, &IID_IDiscMaster2, &IID_IClassFactory },
    },
    {
        &CLSID_MsftStreamPrng001, "MsftStreamPrng001", &IID_IStreamPseudoRandomBased, FALSE, NULL,
        { &IID_IStreamPseudoRandomBased, &IID_IStream, &IID_ISequentialStream },
        { &IID_IStreamConcatenate, &IID_IStreamInterleave, &IID_IConnectionPointContainer,
          &IID_IDiscMaster2, &IID_IClassFactory },
    },
    {
        &CLSID_MsftStreamConcatenate, "MsftStreamConcatenate", &IID_IStreamConcatenate, FALSE, NULL,
        { &IID_IStreamConcatenate, &IID_IStream, &IID_ISequentialStream },
        { &IID_IStreamPseudoRandomBased, &IID_IStreamInterleave, &IID_IConnectionPointContainer,
          &IID_IDiscMaster2, &IID_IClassFactory },
    },
    {
        &CLSID_MsftStreamInterleave, "MsftStreamInterleave", &IID_IStreamInterleave, FALSE, NULL,
        { &IID_IStreamInterleave, &IID_IStream, &IID_ISequentialStream },
        { &IID_IStreamPseudoRandomBased, &IID_IStreamConcatenate, &IID_IConnectionPointContainer,
          &IID_IDiscMaster2, &IID_IClassFactory },
    },
    {
        &CLSID_MsftRawCDImageCreator, "MsftRawCDImageCreator", &IID_IRawCDImageCreator, TRUE, NULL,
        { &IID_IRawCDImageCreator, &IID_IDispatch },
        { &IID_IRawCDImageTrackInfo, &IID_IDiscFormat2RawCD, &IID_IConnectionPointContainer,
          &IID_IClassFactory, &IID_IPersistStream },
    },
};

static const struct
{
    const CLSID *clsid;
    const char *name;
}
noncreatable_classes[] =
{
    { &CLSID_MsftWriteSpeedDescriptor, "MsftWriteSpeedDescriptor" },
    { &CLSID_MsftMultisessionSequential, "MsftMultisessionSequential" },
    { &CLSID_MsftMultisessionRandomWrite, "MsftMultisessionRandomWrite" },
};

static const char *iid_name(const IID *iid)
{
    static const struct
    {
        const IID *iid;
        const char *name;
    }
    names[] =
    {
#define X(name) { &IID_##name, #name }
        X(IUnknown), X(IDispatch), X(IConnectionPointContainer), X(IClassFactory),
        X(IPersistStream), X(IOleObject), X(IStream), X(ISequentialStream),
        X(IDiscMaster2), X(IDiscRecorder2), X(IDiscRecorder2Ex), X(IWriteEngine2),
        X(IDiscFormat2), X(IDiscFormat2Erase), X(IDiscFormat2Data), X(IDiscFormat2TrackAtOnce),
        X(IDiscFormat2RawCD), X(IBurnVerification), X(IMultisessionSequential),
        X(IStreamPseudoRandomBased), X(IStreamConcatenate), X(IStreamInterleave),
        X(IRawCDImageCreator), X(IRawCDImageTrackInfo),
#undef X
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (IsEqualGUID(iid, names[i].iid)) return names[i].name;
    return wine_dbgstr_guid(iid);
}

/* Wide copies of narrow strings: swprintf's %s and %S differ between C
 * runtimes, so wide strings are built narrow and converted. */
static WCHAR *to_wide(const char *text, WCHAR *buffer, int size)
{
    MultiByteToWideChar(CP_ACP, 0, text, -1, buffer, size);
    return buffer;
}

static char *guid_to_string(const GUID *guid, char *buffer)
{
    WCHAR text[39];

    StringFromGUID2(guid, text, ARRAY_SIZE(text));
    WideCharToMultiByte(CP_ACP, 0, text, -1, buffer, 39, NULL, NULL);
    return buffer;
}

static LONG get_refcount(IUnknown *unk)
{
    IUnknown_AddRef(unk);
    return IUnknown_Release(unk);
}

/* One class: is the object creatable?  Skips the rest when it is not. */
static IUnknown *create_object(const struct class_info *info)
{
    IUnknown *unk = (IUnknown *)0xdeadbeef;
    HRESULT hr;

    hr = CoCreateInstance(info->clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (FAILED(hr))
    {
        ok(!unk, "Unexpected pointer %p.\n", unk);
        return NULL;
    }
    ok(unk != NULL, "Got a NULL object.\n");
    return unk;
}

static void test_creation(const struct class_info *info)
{
    IUnknown *unk, *unk2;
    ULONG refcount;
    HRESULT hr;

    if (!(unk = create_object(info))) return;

    /* A fresh object holds one reference, and the last Release says 0. */
    refcount = IUnknown_AddRef(unk);
    ok(refcount == 2, "Unexpected refcount %lu.\n", refcount);
    refcount = IUnknown_Release(unk);
    ok(refcount == 1, "Unexpected refcount %lu.\n", refcount);

    /* Creating straight for the default interface works too. */
    unk2 = NULL;
    hr = CoCreateInstance(info->clsid, NULL, CLSCTX_INPROC_SERVER, info->default_iid, (void **)&unk2);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(unk2 != NULL, "Got a NULL object.\n");
    if (unk2)
    {
        refcount = IUnknown_Release(unk2);
        ok(!refcount, "Unexpected refcount %lu.\n", refcount);
    }

    refcount = IUnknown_Release(unk);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);
}

/* A controlling unknown for the aggregation test; never asked for anything. */
static HRESULT WINAPI outer_QueryInterface(IUnknown *iface, REFIID riid, void **out)
{
    ok(0, "Unexpected call for %s.\n", wine_dbgstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI outer_AddRef(IUnknown *iface)
{
    return 2;
}

static ULONG WINAPI outer_Release(IUnknown *iface)
{
    return 1;
}

static IUnknownVtbl outer_vtbl =
{
    outer_QueryInterface,
    outer_AddRef,
    outer_Release,
};

static IUnknown outer = { &outer_vtbl };

static void test_aggregation(const struct class_info *info)
{
    IUnknown *unk = (IUnknown *)0xdeadbeef;
    HRESULT hr;

    hr = CoCreateInstance(info->clsid, &outer, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    /* Nothing documents aggregation for IMAPI2; ATL classes may accept it. */
    ok(hr == CLASS_E_NOAGGREGATION || broken(hr == S_OK), "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr == S_OK)
        IUnknown_Release(unk);
    else
        ok(!unk, "Unexpected pointer %p.\n", unk);
}

static void test_query_interface(const struct class_info *info)
{
    IUnknown *unk, *iface, *identity;
    unsigned int i;
    ULONG refcount;
    HRESULT hr;

    if (!(unk = create_object(info))) return;

    for (i = 0; i < MAX_IIDS && info->supported[i]; i++)
    {
        winetest_push_context("%s", iid_name(info->supported[i]));
        iface = NULL;
        hr = IUnknown_QueryInterface(unk, info->supported[i], (void **)&iface);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(iface != NULL, "Got a NULL interface.\n");
        if (iface)
        {
            /* Every interface leads back to the same IUnknown. */
            identity = NULL;
            hr = IUnknown_QueryInterface(iface, &IID_IUnknown, (void **)&identity);
            ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
            ok(identity == unk, "Unexpected identity %p, expected %p.\n", identity, unk);
            if (identity) IUnknown_Release(identity);
            IUnknown_Release(iface);
        }
        winetest_pop_context();
    }

    for (i = 0; i < MAX_IIDS && info->unsupported[i]; i++)
    {
        winetest_push_context("%s", iid_name(info->unsupported[i]));
        iface = (IUnknown *)0xdeadbeef;
        hr = IUnknown_QueryInterface(unk, info->unsupported[i], (void **)&iface);
        ok(hr == E_NOINTERFACE, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(!iface, "Unexpected pointer %p.\n", iface);
        if (hr == S_OK) IUnknown_Release(iface);
        winetest_pop_context();
    }

    hr = IUnknown_QueryInterface(unk, &IID_IUnknown, NULL);
    ok(hr == E_POINTER, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = IUnknown_QueryInterface(unk, info->default_iid, NULL);
    ok(hr == E_POINTER, "Unexpected hr %s.\n", debugstr_hr(hr));

    /* QueryInterface adds a reference, Release takes it back. */
    ok(get_refcount(unk) == 1, "Unexpected refcount %lu.\n", get_refcount(unk));
    hr = IUnknown_QueryInterface(unk, info->default_iid, (void **)&iface);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr == S_OK)
    {
        ok(get_refcount(unk) == 2, "Unexpected refcount %lu.\n", get_refcount(unk));
        IUnknown_Release(iface);
    }

    refcount = IUnknown_Release(unk);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);
}

/* ISupportErrorInfo is not documented for IMAPI2; where an object has it,
 * it must answer S_OK or S_FALSE. */
static void test_support_error_info(const struct class_info *info)
{
    ISupportErrorInfo *support;
    IUnknown *unk;
    HRESULT hr;

    if (!(unk = create_object(info))) return;
    hr = IUnknown_QueryInterface(unk, &IID_ISupportErrorInfo, (void **)&support);
    if (hr == S_OK)
    {
        hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, info->default_iid);
        ok(hr == S_OK || hr == S_FALSE, "Unexpected hr %s.\n", debugstr_hr(hr));
        ISupportErrorInfo_Release(support);
    }
    else
    {
        ok(hr == E_NOINTERFACE, "Unexpected hr %s.\n", debugstr_hr(hr));
    }
    IUnknown_Release(unk);
}

/* A sink that accepts any event interface through IDispatch; it is never
 * called here, only advised and enumerated. */
static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return 2;
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    return 1;
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    ok(0, "unexpected call %ld\n", member);
    return E_NOTIMPL;
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

static IDispatch sink = { &sink_vtbl };

static void test_enum_connection_points(IConnectionPointContainer *container, const IID *events)
{
    IEnumConnectionPoints *points, *clone;
    IConnectionPoint *point[2];
    ULONG fetched;
    HRESULT hr;
    IID iid;

    points = (IEnumConnectionPoints *)0xdeadbeef;
    hr = IConnectionPointContainer_EnumConnectionPoints(container, &points);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr != S_OK) return;

    /* One outgoing interface: one connection point, then the end. */
    point[0] = point[1] = NULL;
    fetched = 5;
    hr = IEnumConnectionPoints_Next(points, 2, point, &fetched);
    ok(hr == S_FALSE, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(fetched == 1, "Unexpected count %lu.\n", fetched);
    ok(!!point[0], "Expected a connection point.\n");
    if (point[0])
    {
        hr = IConnectionPoint_GetConnectionInterface(point[0], &iid);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(IsEqualGUID(&iid, events), "Unexpected interface %s.\n", wine_dbgstr_guid(&iid));
        IConnectionPoint_Release(point[0]);
    }
    fetched = 5;
    hr = IEnumConnectionPoints_Next(points, 1, point, &fetched);
    ok(hr == S_FALSE, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(!fetched, "Unexpected count %lu.\n", fetched);

    hr = IEnumConnectionPoints_Reset(points);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = IEnumConnectionPoints_Skip(points, 2);
    ok(hr == S_FALSE, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = IEnumConnectionPoints_Reset(points);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));

    hr = IEnumConnectionPoints_Clone(points, &clone);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr == S_OK)
    {
        hr = IEnumConnectionPoints_Next(clone, 1, point, NULL);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        if (hr == S_OK) IConnectionPoint_Release(point[0]);
        ok(!IEnumConnectionPoints_Release(clone), "Clone not released.\n");
    }
    ok(!IEnumConnectionPoints_Release(points), "Enumerator not released.\n");
}

static void test_enum_connections(IConnectionPoint *point)
{
    IEnumConnections *connections;
    CONNECTDATA data[2];
    DWORD cookie = 0;
    ULONG fetched;
    HRESULT hr;

    hr = IConnectionPoint_EnumConnections(point, &connections);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr != S_OK) return;
    fetched = 5;
    hr = IEnumConnections_Next(connections, 1, data, &fetched);
    ok(hr == S_FALSE, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(!fetched, "Unexpected count %lu.\n", fetched);
    IEnumConnections_Release(connections);

    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(cookie != 0, "Unexpected cookie %lu.\n", cookie);

    hr = IConnectionPoint_EnumConnections(point, &connections);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr == S_OK)
    {
        memset(data, 0, sizeof(data));
        fetched = 5;
        hr = IEnumConnections_Next(connections, 2, data, &fetched);
        ok(hr == S_FALSE, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(fetched == 1, "Unexpected count %lu.\n", fetched);
        ok(data[0].dwCookie == cookie, "Unexpected cookie %lu, expected %lu.\n", data[0].dwCookie, cookie);
        ok(data[0].pUnk == (IUnknown *)&sink, "Unexpected sink %p.\n", data[0].pUnk);
        if (data[0].pUnk) IUnknown_Release(data[0].pUnk);
        ok(!IEnumConnections_Release(connections), "Enumerator not released.\n");
    }

    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == CONNECT_E_NOCONNECTION, "Unexpected hr %s.\n", debugstr_hr(hr));
}

static void test_connection_points(const struct class_info *info)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point;
    IUnknown *unk;
    IID iid;
    HRESULT hr;

    if (!info->events) return;
    if (!(unk = create_object(info))) return;

    hr = IUnknown_QueryInterface(unk, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (hr == S_OK)
    {
        point = NULL;
        hr = IConnectionPointContainer_FindConnectionPoint(container, info->events, &point);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        if (point)
        {
            memset(&iid, 0, sizeof(iid));
            hr = IConnectionPoint_GetConnectionInterface(point, &iid);
            ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
            ok(IsEqualGUID(&iid, info->events), "Unexpected interface %s.\n", wine_dbgstr_guid(&iid));
            test_enum_connections(point);
            IConnectionPoint_Release(point);
        }
        test_enum_connection_points(container, info->events);

        point = (IConnectionPoint *)0xdeadbeef;
        hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_IUnknown, &point);
        ok(hr == CONNECT_E_NOCONNECTION, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(!point, "Unexpected pointer %p.\n", point);
        IConnectionPointContainer_Release(container);
    }
    IUnknown_Release(unk);
}

struct dispid_check
{
    const IID *iid;
    const WCHAR *name;
    DISPID dispid;
};

/* A sample of names per dual interface, with the DISPIDs of the SDK. */
static const struct dispid_check dispid_checks[] =
{
    /* IDiscMaster2 has no DISPID_ constants; the SDK declares Count as id(1)
     * and IsSupportedEnvironment as id(2). */
    { &IID_IDiscMaster2, L"Item", DISPID_VALUE },
    { &IID_IDiscMaster2, L"_NewEnum", DISPID_NEWENUM },
    { &IID_IDiscMaster2, L"Count", 1 },
    { &IID_IDiscMaster2, L"IsSupportedEnvironment", 2 },
    { &IID_IDiscRecorder2, L"ActiveDiscRecorder", DISPID_IDISCRECORDER2_ACTIVEDISCRECORDER },
    { &IID_IDiscRecorder2, L"VendorId", DISPID_IDISCRECORDER2_VENDORID },
    { &IID_IDiscRecorder2, L"ProductId", DISPID_IDISCRECORDER2_PRODUCTID },
    { &IID_IDiscRecorder2, L"VolumePathNames", DISPID_IDISCRECORDER2_VOLUMEPATHNAMES },
    { &IID_IDiscRecorder2, L"InitializeDiscRecorder", DISPID_IDISCRECORDER2_INITIALIZEDISCRECORDER },
    { &IID_IDiscRecorder2, L"EjectMedia", DISPID_IDISCRECORDER2_EJECTMEDIA },
    { &IID_IWriteEngine2, L"WriteSection", DISPID_IWRITEENGINE2_WRITESECTION },
    { &IID_IWriteEngine2, L"Recorder", DISPID_IWRITEENGINE2_DISCRECORDER },
    { &IID_IWriteEngine2, L"BytesPerSector", DISPID_IWRITEENGINE2_BYTESPERSECTOR },
    { &IID_IWriteEngine2, L"WriteInProgress", DISPID_IWRITEENGINE2_WRITEINPROGRESS },
    { &IID_IDiscFormat2Erase, L"Recorder", DISPID_IDISCFORMAT2ERASE_RECORDER },
    { &IID_IDiscFormat2Erase, L"FullErase", DISPID_IDISCFORMAT2ERASE_FULLERASE },
    { &IID_IDiscFormat2Erase, L"CurrentPhysicalMediaType", DISPID_IDISCFORMAT2ERASE_MEDIATYPE },
    { &IID_IDiscFormat2Erase, L"EraseMedia", DISPID_IDISCFORMAT2ERASE_ERASEMEDIA },
    { &IID_IDiscFormat2Erase, L"IsRecorderSupported", DISPID_IDISCFORMAT2_RECORDERSUPPORTED },
    { &IID_IDiscFormat2Data, L"Recorder", DISPID_IDISCFORMAT2DATA_RECORDER },
    { &IID_IDiscFormat2Data, L"ClientName", DISPID_IDISCFORMAT2DATA_CLIENTNAME },
    { &IID_IDiscFormat2Data, L"ForceOverwrite", DISPID_IDISCFORMAT2DATA_FORCEOVERWRITE },
    { &IID_IDiscFormat2Data, L"MultisessionInterfaces", DISPID_IDISCFORMAT2DATA_MUTLISESSIONINTERFACES },
    { &IID_IDiscFormat2Data, L"Write", DISPID_IDISCFORMAT2DATA_WRITE },
    { &IID_IDiscFormat2Data, L"IsCurrentMediaSupported", DISPID_IDISCFORMAT2_MEDIASUPPORTED },
    { &IID_IDiscFormat2Data, L"MediaHeuristicallyBlank", DISPID_IDISCFORMAT2_MEDIAHEURISTICALLYBLANK },
    { &IID_IDiscFormat2TrackAtOnce, L"PrepareMedia", DISPID_IDISCFORMAT2TAO_PREPAREMEDIA },
    { &IID_IDiscFormat2TrackAtOnce, L"AddAudioTrack", DISPID_IDISCFORMAT2TAO_ADDAUDIOTRACK },
    { &IID_IDiscFormat2TrackAtOnce, L"DoNotFinalizeMedia", DISPID_IDISCFORMAT2TAO_DONOTFINALIZEMEDIA },
    { &IID_IDiscFormat2TrackAtOnce, L"ClientName", DISPID_IDISCFORMAT2TAO_CLIENTNAME },
    { &IID_IDiscFormat2TrackAtOnce, L"MediaPhysicallyBlank", DISPID_IDISCFORMAT2_MEDIAPHYSICALLYBLANK },
    { &IID_IDiscFormat2RawCD, L"PrepareMedia", DISPID_IDISCFORMAT2RAWCD_PREPAREMEDIA },
    { &IID_IDiscFormat2RawCD, L"WriteMedia", DISPID_IDISCFORMAT2RAWCD_WRITEMEDIA },
    { &IID_IDiscFormat2RawCD, L"RequestedSectorType", DISPID_IDISCFORMAT2RAWCD_REQUESTEDDATASECTORTYPE },
    { &IID_IDiscFormat2RawCD, L"StartOfNextSession", DISPID_IDISCFORMAT2RAWCD_STARTOFNEXTSESSION },
    { &IID_IDiscFormat2RawCD, L"SupportedMediaTypes", DISPID_IDISCFORMAT2_SUPPORTEDMEDIATYPES },
    { &IID_IRawCDImageCreator, L"CreateResultImage", DISPID_IRAWCDIMAGECREATOR_CREATERESULTIMAGE },
    { &IID_IRawCDImageCreator, L"AddTrack", DISPID_IRAWCDIMAGECREATOR_ADDTRACK },
    { &IID_IRawCDImageCreator, L"StartOfLeadout", DISPID_IRAWCDIMAGECREATOR_STARTOFLEADOUT },
    { &IID_IRawCDImageCreator, L"TrackInfo", DISPID_IRAWCDIMAGECREATOR_TRACKINFO },
};

static void test_dispatch(const struct class_info *info)
{
    ITypeInfo *typeinfo;
    IDispatch *dispatch;
    TYPEATTR *attr;
    WCHAR *name;
    unsigned int i;
    IUnknown *unk;
    DISPID dispid;
    UINT count;
    HRESULT hr;

    if (!info->dual) return;
    if (!(unk = create_object(info))) return;

    hr = IUnknown_QueryInterface(unk, &IID_IDispatch, (void **)&dispatch);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    IUnknown_Release(unk);
    if (FAILED(hr)) return;

    count = 0xdeadbeef;
    hr = IDispatch_GetTypeInfoCount(dispatch, &count);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(count == 1, "Unexpected count %u.\n", count);

    /* The type information describes the default interface. */
    typeinfo = NULL;
    hr = IDispatch_GetTypeInfo(dispatch, 0, LOCALE_NEUTRAL, &typeinfo);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (typeinfo)
    {
        hr = ITypeInfo_GetTypeAttr(typeinfo, &attr);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        if (hr == S_OK)
        {
            ok(IsEqualGUID(&attr->guid, info->default_iid), "Unexpected interface %s.\n",
               wine_dbgstr_guid(&attr->guid));
            ITypeInfo_ReleaseTypeAttr(typeinfo, attr);
        }
        ITypeInfo_Release(typeinfo);
    }

    typeinfo = (ITypeInfo *)0xdeadbeef;
    hr = IDispatch_GetTypeInfo(dispatch, 1, LOCALE_NEUTRAL, &typeinfo);
    ok(hr == DISP_E_BADINDEX, "Unexpected hr %s.\n", debugstr_hr(hr));

    for (i = 0; i < ARRAY_SIZE(dispid_checks); i++)
    {
        if (!IsEqualGUID(dispid_checks[i].iid, info->default_iid)) continue;
        winetest_push_context("%s", wine_dbgstr_w(dispid_checks[i].name));
        name = (WCHAR *)dispid_checks[i].name;
        dispid = 0xdeadbeef;
        hr = IDispatch_GetIDsOfNames(dispatch, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(dispid == dispid_checks[i].dispid, "Unexpected dispid %#lx, expected %#lx.\n",
           (unsigned long)dispid, (unsigned long)dispid_checks[i].dispid);
        winetest_pop_context();
    }

    /* Names are looked up without regard to case, as in any type library. */
    if (IsEqualGUID(info->default_iid, &IID_IDiscMaster2))
    {
        name = (WCHAR *)L"issupportedenvironment";
        dispid = 0xdeadbeef;
        hr = IDispatch_GetIDsOfNames(dispatch, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(dispid == 2, "Unexpected dispid %#lx.\n", (unsigned long)dispid);
    }

    name = (WCHAR *)L"NoSuchMember";
    dispid = 0xdeadbeef;
    hr = IDispatch_GetIDsOfNames(dispatch, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == DISP_E_UNKNOWNNAME, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(dispid == DISPID_UNKNOWN, "Unexpected dispid %#lx.\n", (unsigned long)dispid);

    IDispatch_Release(dispatch);
}

/* Property getters through IDispatch::Invoke give what the vtable gives; the
 * ones of IDiscMaster2 need no drive. */
static void test_invoke(void)
{
    DISPPARAMS params = { NULL, NULL, 0, 0 };
    VARIANT_BOOL supported;
    IDiscMaster2 *master;
    EXCEPINFO excep;
    VARIANT result;
    UINT arg_err;
    LONG count;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
                          (void **)&master);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (FAILED(hr)) return;

    supported = 0xdead;
    hr = IDiscMaster2_get_IsSupportedEnvironment(master, &supported);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(supported == VARIANT_TRUE || supported == VARIANT_FALSE, "Unexpected value %#x.\n", supported);

    VariantInit(&result);
    hr = IDiscMaster2_Invoke(master, 2, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET,
                             &params, &result, &excep, &arg_err);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(V_VT(&result) == VT_BOOL, "Unexpected type %u.\n", V_VT(&result));
    ok(V_BOOL(&result) == supported, "Unexpected value %#x, expected %#x.\n", V_BOOL(&result), supported);
    VariantClear(&result);

    count = -1;
    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(count >= 0, "Unexpected count %ld.\n", count);

    VariantInit(&result);
    hr = IDiscMaster2_Invoke(master, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET,
                             &params, &result, &excep, &arg_err);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(V_VT(&result) == VT_I4, "Unexpected type %u.\n", V_VT(&result));
    ok(V_I4(&result) == count, "Unexpected count %ld, expected %ld.\n", V_I4(&result), count);
    VariantClear(&result);

    /* No member has this DISPID. */
    VariantInit(&result);
    hr = IDiscMaster2_Invoke(master, 0x7777, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET,
                             &params, &result, &excep, &arg_err);
    ok(hr == DISP_E_MEMBERNOTFOUND, "Unexpected hr %s.\n", debugstr_hr(hr));

    /* "E_POINTER: Pointer is not valid" (IDiscMaster2::get_Count and
     * get_IsSupportedEnvironment, learn.microsoft.com). */
    hr = IDiscMaster2_get_Count(master, NULL);
    ok(hr == E_POINTER, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = IDiscMaster2_get_IsSupportedEnvironment(master, NULL);
    ok(hr == E_POINTER, "Unexpected hr %s.\n", debugstr_hr(hr));

    count = IDiscMaster2_Release(master);
    ok(!count, "Unexpected refcount %ld.\n", count);
}

static void test_progids(const struct class_info *info)
{
    WCHAR progid[64], *name;
    char text[64];
    CLSID clsid;
    HRESULT hr;

    /* Version-independent ProgID. */
    sprintf(text, "IMAPI2.%s", info->name);
    memset(&clsid, 0, sizeof(clsid));
    hr = CLSIDFromProgID(to_wide(text, progid, ARRAY_SIZE(progid)), &clsid);
    ok(hr == S_OK, "%s: unexpected hr %s.\n", text, debugstr_hr(hr));
    ok(IsEqualGUID(&clsid, info->clsid), "%s: unexpected CLSID %s.\n", text, wine_dbgstr_guid(&clsid));

    /* Versioned ProgID, which is also the CLSID's own ProgID. */
    sprintf(text, "IMAPI2.%s.1", info->name);
    memset(&clsid, 0, sizeof(clsid));
    hr = CLSIDFromProgID(to_wide(text, progid, ARRAY_SIZE(progid)), &clsid);
    ok(hr == S_OK, "%s: unexpected hr %s.\n", text, debugstr_hr(hr));
    ok(IsEqualGUID(&clsid, info->clsid), "%s: unexpected CLSID %s.\n", text, wine_dbgstr_guid(&clsid));

    name = NULL;
    hr = ProgIDFromCLSID(info->clsid, &name);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (name)
    {
        ok(!wcscmp(name, progid), "Unexpected ProgID %s.\n", wine_dbgstr_w(name));
        CoTaskMemFree(name);
    }
}

static void test_noncreatable(void)
{
    WCHAR progid[64];
    char text[64];
    unsigned int i;
    IUnknown *unk;
    CLSID clsid;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(noncreatable_classes); i++)
    {
        winetest_push_context("%s", noncreatable_classes[i].name);

        unk = (IUnknown *)0xdeadbeef;
        hr = CoCreateInstance(noncreatable_classes[i].clsid, NULL, CLSCTX_INPROC_SERVER,
                              &IID_IUnknown, (void **)&unk);
        /* Not registered; a registered class without a factory would give
         * CLASS_E_CLASSNOTAVAILABLE instead. */
        ok(hr == REGDB_E_CLASSNOTREG || broken(hr == CLASS_E_CLASSNOTAVAILABLE),
           "Unexpected hr %s.\n", debugstr_hr(hr));
        ok(!unk, "Unexpected pointer %p.\n", unk);
        if (SUCCEEDED(hr)) IUnknown_Release(unk);

        sprintf(text, "IMAPI2.%s", noncreatable_classes[i].name);
        hr = CLSIDFromProgID(to_wide(text, progid, ARRAY_SIZE(progid)), &clsid);
        ok(hr == CO_E_CLASSSTRING, "Unexpected hr %s.\n", debugstr_hr(hr));

        winetest_pop_context();
    }
}

typedef HRESULT (WINAPI *get_class_object_func)(REFCLSID clsid, REFIID riid, void **out);

static void test_class_objects(void)
{
    static const CLSID unknown_clsid =
        {0x12345678, 0x1234, 0x5678, {0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef}};
    get_class_object_func get_class_object;
    IClassFactory *factory;
    IUnknown *unk;
    unsigned int i;
    HMODULE module;
    HRESULT hr;

    module = LoadLibraryA("imapi2.dll");
    ok(module != NULL, "LoadLibrary failed, error %lu.\n", GetLastError());
    if (!module) return;
    get_class_object = (void *)GetProcAddress(module, "DllGetClassObject");
    ok(get_class_object != NULL, "DllGetClassObject is not exported.\n");
    ok(GetProcAddress(module, "DllCanUnloadNow") != NULL, "DllCanUnloadNow is not exported.\n");
    if (!get_class_object)
    {
        FreeLibrary(module);
        return;
    }

    factory = (IClassFactory *)0xdeadbeef;
    hr = get_class_object(&unknown_clsid, &IID_IClassFactory, (void **)&factory);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE, "Unexpected hr %s.\n", debugstr_hr(hr));
    ok(!factory, "Unexpected pointer %p.\n", factory);

    for (i = 0; i < ARRAY_SIZE(noncreatable_classes); i++)
    {
        factory = (IClassFactory *)0xdeadbeef;
        hr = get_class_object(noncreatable_classes[i].clsid, &IID_IClassFactory, (void **)&factory);
        ok(hr == CLASS_E_CLASSNOTAVAILABLE, "%s: unexpected hr %s.\n", noncreatable_classes[i].name,
           debugstr_hr(hr));
        ok(!factory, "%s: unexpected pointer %p.\n", noncreatable_classes[i].name, factory);
    }

    for (i = 0; i < ARRAY_SIZE(creatable_classes); i++)
    {
        winetest_push_context("%s", creatable_classes[i].name);
        factory = NULL;
        hr = get_class_object(creatable_classes[i].clsid, &IID_IClassFactory, (void **)&factory);
        ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
        if (factory)
        {
            unk = (IUnknown *)0xdeadbeef;
            hr = IClassFactory_CreateInstance(factory, NULL, &IID_IClassFactory, (void **)&unk);
            ok(hr == E_NOINTERFACE, "Unexpected hr %s.\n", debugstr_hr(hr));
            ok(!unk, "Unexpected pointer %p.\n", unk);

            unk = NULL;
            hr = IClassFactory_CreateInstance(factory, NULL, creatable_classes[i].default_iid,
                                              (void **)&unk);
            ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
            if (unk) ok(!IUnknown_Release(unk), "Object not released.\n");

            hr = IClassFactory_LockServer(factory, TRUE);
            ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
            hr = IClassFactory_LockServer(factory, FALSE);
            ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
            IClassFactory_Release(factory);
        }
        winetest_pop_context();
    }

    FreeLibrary(module);
}

typedef HRESULT (WINAPI *can_unload_now_func)(void);

/* Every object and every server lock keeps the module loaded; an enumerator
 * keeps it after the collection it came from is gone. */
static void test_can_unload_now(void)
{
    can_unload_now_func can_unload_now;
    get_class_object_func get_class_object;
    IClassFactory *factory = NULL;
    IDiscMaster2 *master = NULL;
    IEnumVARIANT *enumerator = NULL;
    IUnknown *unk = NULL;
    HMODULE module;
    HRESULT hr;

    module = LoadLibraryA("imapi2.dll");
    ok(module != NULL, "LoadLibrary failed, error %lu.\n", GetLastError());
    if (!module) return;
    can_unload_now = (void *)GetProcAddress(module, "DllCanUnloadNow");
    get_class_object = (void *)GetProcAddress(module, "DllGetClassObject");
    ok(can_unload_now && get_class_object, "Missing exports.\n");
    if (!can_unload_now || !get_class_object)
    {
        FreeLibrary(module);
        return;
    }

    hr = can_unload_now();
    if (hr != S_OK)
    {
        /* Something in this process still holds an object of the DLL. */
        skip("DllCanUnloadNow returned %s before the test.\n", debugstr_hr(hr));
        FreeLibrary(module);
        return;
    }

    hr = get_class_object(&CLSID_MsftDiscMaster2, &IID_IClassFactory, (void **)&factory);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (FAILED(hr))
    {
        FreeLibrary(module);
        return;
    }
    hr = can_unload_now();
    ok(hr == S_OK, "A class factory alone: unexpected hr %s.\n", debugstr_hr(hr));

    hr = IClassFactory_LockServer(factory, TRUE);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = can_unload_now();
    ok(hr == S_FALSE, "Server locked: unexpected hr %s.\n", debugstr_hr(hr));
    hr = IClassFactory_LockServer(factory, FALSE);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    hr = can_unload_now();
    ok(hr == S_OK, "Server unlocked: unexpected hr %s.\n", debugstr_hr(hr));

    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IDiscMaster2, (void **)&master);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    IClassFactory_Release(factory);
    if (FAILED(hr))
    {
        FreeLibrary(module);
        return;
    }
    hr = can_unload_now();
    ok(hr == S_FALSE, "An object alive: unexpected hr %s.\n", debugstr_hr(hr));

    hr = IDiscMaster2_get__NewEnum(master, &enumerator);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    IDiscMaster2_Release(master);
    if (enumerator)
    {
        hr = can_unload_now();
        ok(hr == S_FALSE, "An enumerator alive: unexpected hr %s.\n", debugstr_hr(hr));
        IEnumVARIANT_Release(enumerator);
    }
    hr = can_unload_now();
    ok(hr == S_OK, "Everything released: unexpected hr %s.\n", debugstr_hr(hr));

    hr = CoCreateInstance(&CLSID_MsftStreamZero, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (unk)
    {
        hr = can_unload_now();
        ok(hr == S_FALSE, "A stream alive: unexpected hr %s.\n", debugstr_hr(hr));
        IUnknown_Release(unk);
    }
    hr = can_unload_now();
    ok(hr == S_OK, "Everything released: unexpected hr %s.\n", debugstr_hr(hr));

    FreeLibrary(module);
}

static BOOL key_exists(const char *path)
{
    HKEY key;

    if (RegOpenKeyExA(HKEY_CLASSES_ROOT, path, 0, KEY_READ, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* expect: TRUE after DllRegisterServer, FALSE after DllUnregisterServer. */
static void check_registration(BOOL expect)
{
    char path[128], guid[39], value[64], progid[64];
    unsigned int i;
    LONG size;
    LONG ret;

    for (i = 0; i < ARRAY_SIZE(creatable_classes); i++)
    {
        winetest_push_context("%s", creatable_classes[i].name);

        sprintf(path, "CLSID\\%s", guid_to_string(creatable_classes[i].clsid, guid));
        ok(key_exists(path) == expect, "%s %s.\n", path, expect ? "missing" : "still present");
        if (expect)
        {
            strcat(path, "\\InprocServer32");
            ok(key_exists(path), "%s missing.\n", path);
        }

        sprintf(progid, "IMAPI2.%s.1", creatable_classes[i].name);
        ok(key_exists(progid) == expect, "%s %s.\n", progid, expect ? "missing" : "still present");

        sprintf(path, "IMAPI2.%s", creatable_classes[i].name);
        ok(key_exists(path) == expect, "%s %s.\n", path, expect ? "missing" : "still present");
        if (expect)
        {
            /* The version-independent ProgID names the current version. */
            strcat(path, "\\CurVer");
            size = sizeof(value);
            ret = RegQueryValueA(HKEY_CLASSES_ROOT, path, value, &size);
            ok(!ret, "%s: error %ld.\n", path, ret);
            if (!ret) ok(!strcmp(value, progid), "Unexpected CurVer %s.\n", wine_dbgstr_a(value));
        }

        winetest_pop_context();
    }

    sprintf(path, "TypeLib\\%s\\1.0", guid_to_string(&LIBID_IMAPI2, guid));
    ok(key_exists(path) == expect, "%s %s.\n", path, expect ? "missing" : "still present");
}

typedef HRESULT (WINAPI *register_func)(void);

static void test_registration(void)
{
    register_func register_server, unregister_server;
    IUnknown *unk;
    HMODULE module;
    HRESULT hr;

    /* Unregistering would break the system's IMAPI2 if re-registering failed. */
    if (!may_disturb_system())
    {
        skip("Not unregistering the system's imapi2.dll (set WINETEST_INTERACTIVE=1 to allow it).\n");
        return;
    }
    module = LoadLibraryA("imapi2.dll");
    ok(module != NULL, "LoadLibrary failed, error %lu.\n", GetLastError());
    if (!module) return;
    register_server = (void *)GetProcAddress(module, "DllRegisterServer");
    unregister_server = (void *)GetProcAddress(module, "DllUnregisterServer");
    ok(register_server != NULL, "DllRegisterServer is not exported.\n");
    ok(unregister_server != NULL, "DllUnregisterServer is not exported.\n");
    if (!register_server || !unregister_server)
    {
        FreeLibrary(module);
        return;
    }

    hr = register_server();
    if (hr == E_ACCESSDENIED || hr == HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED))
    {
        skip("Not allowed to register the DLL (needs an administrator).\n");
        FreeLibrary(module);
        return;
    }
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    check_registration(TRUE);

    hr = unregister_server();
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    check_registration(FALSE);

    unk = (IUnknown *)0xdeadbeef;
    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == REGDB_E_CLASSNOTREG, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (SUCCEEDED(hr)) IUnknown_Release(unk);

    /* Leave the system as it was: registered. */
    hr = register_server();
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    check_registration(TRUE);

    unk = NULL;
    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "Unexpected hr %s.\n", debugstr_hr(hr));
    if (unk) IUnknown_Release(unk);

    FreeLibrary(module);
}

START_TEST(classes)
{
    IUnknown *unk;
    unsigned int i;
    HRESULT hr;

    CoInitialize(NULL);

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    if (hr == REGDB_E_CLASSNOTREG)
    {
        win_skip("IMAPI2 is not available.\n");
        CoUninitialize();
        return;
    }
    if (SUCCEEDED(hr)) IUnknown_Release(unk);

    /* First, while nothing else of the DLL is alive in this process. */
    test_can_unload_now();

    for (i = 0; i < ARRAY_SIZE(creatable_classes); i++)
    {
        winetest_push_context("%s", creatable_classes[i].name);
        test_creation(&creatable_classes[i]);
        test_aggregation(&creatable_classes[i]);
        test_query_interface(&creatable_classes[i]);
        test_support_error_info(&creatable_classes[i]);
        test_connection_points(&creatable_classes[i]);
        test_dispatch(&creatable_classes[i]);
        test_progids(&creatable_classes[i]);
        winetest_pop_context();
    }
    test_invoke();
    test_noncreatable();
    test_class_objects();
    test_registration();

    CoUninitialize();
}

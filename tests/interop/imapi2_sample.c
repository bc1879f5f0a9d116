/*
 * The IMAPI2 calls of Microsoft's C++ command-line sample (Windows classic
 * samples, "imapi2sample"), made in the sample's order from C.
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

/*
 * The sample is C++ with ATL, which no compiler here has, and its source may
 * not be copied.  This program takes the sample's command line
 *
 *   -list | -erase | -fullerase | -image FILE | -audio DIR | -raw DIR |
 *   -write DIR [-multi] [-close] [-iso] [-joliet] [-udf] [-boot FILE] [-vol NAME]
 *   [-drive N] [-eject] [-inject]
 *
 * and makes the calls the sample makes for each mode, in the same order, with
 * the same arguments and the same handling of their results (the sample
 * ignores some failures; so does this).  What the sample leaves to ATL is
 * done as ATL does it:
 *   - COM is a single-threaded apartment (CAtlExeModuleT's CoInitialize);
 *   - DispEventAdvise: IConnectionPointContainer::FindConnectionPoint for the
 *     events' IID, then Advise with a sink that answers that IID, IDispatch and
 *     IUnknown;
 *   - the data and track-at-once sinks (SINK_ENTRY_EX) take the parameter
 *     types of Update from the registered type library LIBID_IMAPILib2 1.0,
 *     the erase sink (SINK_ENTRY_INFO) has them written in: VT_DISPATCH,
 *     VT_I4, VT_I4.  ATL hands the arguments to the handler as those types
 *     without looking at the VARIANTs, so a wrong count or type would crash
 *     or mislead the sample; here it is reported ("event: bad arguments") and
 *     makes the program fail.
 * The handlers query the event arguments as the sample's do and print one
 * "progress:" line per change of action.  Exit status 0 when the mode
 * succeeded, 1 when it failed (with the HRESULT), 2 on a bad command line.
 */

#define COBJMACROS

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <windef.h>
#include <winbase.h>
#include <objbase.h>
#include <oleauto.h>
#include <ocidl.h>
#include <shlwapi.h>

#include "imapi2.h"
#include "imapi2error.h"
#include "imapi2fs.h"
#include "imapi2fserror.h"

/* The sample names itself "Imapi2Sample" in every format object (the name of
 * the exclusive access each takes). */
static BSTR client_name;

struct options
{
    BOOL list, erase, full_erase, write, image, audio, raw, eject, inject;
    BOOL multi, close, iso, joliet, udf;
    ULONG drive;
    const WCHAR *name, *boot, *volume;
};

static void print_hr(const char *what, HRESULT hr)
{
    printf("FAILED %s: hr %#lx\n", what, hr);
}

/* ---- event sinks, as ATL's IDispEventImpl ---- */

enum sink_kind { SINK_DATA, SINK_TRACK_AT_ONCE, SINK_ERASE };

struct sink
{
    IDispatch IDispatch_iface;
    LONG ref;
    enum sink_kind kind;
    const IID *events;
    IConnectionPoint *point;
    DWORD cookie;
    int last_action;
    LONG last_track;
    BOOL bad;           /* an Update whose arguments were not what the sink was told */
    ULONG updates;
};

static struct sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    struct sink *sink = impl_from_IDispatch(iface);

    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, sink->events))
    {
        *out = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_IDispatch(iface)->ref);
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    return InterlockedDecrement(&impl_from_IDispatch(iface)->ref);
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
        DISPID *ids)
{
    return E_NOTIMPL;
}

/* What SINK_ENTRY_EX takes from the type library: the types of Update's
 * parameters, a pointer as the type it points to with VT_BYREF, an alias as
 * what it names. */
static int typelib_param_types(const IID *events, DISPID member, VARTYPE *types, int max)
{
    ITypeLib *typelib = NULL;
    ITypeInfo *info = NULL;
    ITypeInfo2 *info2 = NULL;
    FUNCDESC *desc = NULL;
    int count = -1, i;
    UINT index;

    if (FAILED(LoadRegTypeLib(&LIBID_IMAPILib2, IMAPILib2_MajorVersion, IMAPILib2_MinorVersion, 0, &typelib)))
        goto done;
    if (FAILED(ITypeLib_GetTypeInfoOfGuid(typelib, events, &info)))
        goto done;
    if (FAILED(ITypeInfo_QueryInterface(info, &IID_ITypeInfo2, (void **)&info2)))
        goto done;
    if (FAILED(ITypeInfo2_GetFuncIndexOfMemId(info2, member, INVOKE_FUNC, &index)))
        goto done;
    if (FAILED(ITypeInfo_GetFuncDesc(info, index, &desc)) || desc->cParams > max)
        goto done;
    for (i = 0; i < desc->cParams; i++)
    {
        TYPEDESC *t = &desc->lprgelemdescParam[i].tdesc;

        types[i] = t->vt == VT_PTR ? (t->lptdesc->vt | VT_BYREF) : t->vt;
        if (t->vt == VT_USERDEFINED)
        {
            ITypeInfo *ref;
            TYPEATTR *attr;

            if (SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, t->hreftype, &ref)))
            {
                if (SUCCEEDED(ITypeInfo_GetTypeAttr(ref, &attr)))
                {
                    if (attr->typekind == TKIND_ALIAS) types[i] = attr->tdescAlias.vt;
                    ITypeInfo_ReleaseTypeAttr(ref, attr);
                }
                ITypeInfo_Release(ref);
            }
        }
    }
    count = desc->cParams;
done:
    if (desc) ITypeInfo_ReleaseFuncDesc(info, desc);
    if (info2) ITypeInfo2_Release(info2);
    if (info) ITypeInfo_Release(info);
    if (typelib) ITypeLib_Release(typelib);
    return count;
}

static void data_update(struct sink *sink, IDispatch *object, IDispatch *progress_disp)
{
    IMAPI_FORMAT2_DATA_WRITE_ACTION action = IMAPI_FORMAT2_DATA_WRITE_ACTION_VALIDATING_MEDIA;
    LONG elapsed, remaining, total, start, count, read, written, buffer, used, free;
    IDiscFormat2DataEventArgs *progress = NULL;
    IDiscFormat2Data *data = NULL;

    IDispatch_QueryInterface(progress_disp, &IID_IDiscFormat2DataEventArgs, (void **)&progress);
    IDispatch_QueryInterface(object, &IID_IDiscFormat2Data, (void **)&data);
    if (!progress || !data)
    {
        printf("event: the arguments are no IDiscFormat2DataEventArgs and IDiscFormat2Data\n");
        sink->bad = TRUE;
    }
    else if (SUCCEEDED(IDiscFormat2DataEventArgs_get_ElapsedTime(progress, &elapsed))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_RemainingTime(progress, &remaining))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_TotalTime(progress, &total))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_CurrentAction(progress, &action))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_StartLba(progress, &start))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_SectorCount(progress, &count))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_LastReadLba(progress, &read))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_LastWrittenLba(progress, &written))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_TotalSystemBuffer(progress, &buffer))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_UsedSystemBuffer(progress, &used))
            && SUCCEEDED(IDiscFormat2DataEventArgs_get_FreeSystemBuffer(progress, &free)))
    {
        if (action != sink->last_action)
        {
            static const char *names[] = { "validating media", "formatting media", "initializing hardware",
                    "calibrating power", "writing data", "finalization", "completed", "verifying" };

            if (action >= 0 && action < ARRAY_SIZE(names))
                printf("progress: %s", names[action]);
            else
                printf("progress: action %d", action);
            if (action == IMAPI_FORMAT2_DATA_WRITE_ACTION_WRITING_DATA)
                printf(" [%ld..%ld]", start, start + count);
            printf("\n");
            sink->last_action = action;
        }
    }
    else
    {
        printf("event: an IDiscFormat2DataEventArgs getter failed\n");
        sink->bad = TRUE;
    }
    if (progress) IDiscFormat2DataEventArgs_Release(progress);
    if (data) IDiscFormat2Data_Release(data);
}

static void track_at_once_update(struct sink *sink, IDispatch *object, IDispatch *progress_disp)
{
    IMAPI_FORMAT2_TAO_WRITE_ACTION action = IMAPI_FORMAT2_TAO_WRITE_ACTION_UNKNOWN;
    LONG track, elapsed, remaining, start, count, read, written, buffer, used, free;
    IDiscFormat2TrackAtOnceEventArgs *progress = NULL;
    IDiscFormat2TrackAtOnce *tao = NULL;

    if (FAILED(IDispatch_QueryInterface(object, &IID_IDiscFormat2TrackAtOnce, (void **)&tao)))
    {
        printf("event: the object is no IDiscFormat2TrackAtOnce\n");
        sink->bad = TRUE;
        return;
    }
    if (SUCCEEDED(IDispatch_QueryInterface(progress_disp, &IID_IDiscFormat2TrackAtOnceEventArgs, (void **)&progress))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_CurrentTrackNumber(progress, &track))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_ElapsedTime(progress, &elapsed))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_RemainingTime(progress, &remaining))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_CurrentAction(progress, &action))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_StartLba(progress, &start))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_SectorCount(progress, &count))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_LastReadLba(progress, &read))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_LastWrittenLba(progress, &written))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_TotalSystemBuffer(progress, &buffer))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_UsedSystemBuffer(progress, &used))
            && SUCCEEDED(IDiscFormat2TrackAtOnceEventArgs_get_FreeSystemBuffer(progress, &free)))
    {
        if (action != sink->last_action || track != sink->last_track)
        {
            if (action == IMAPI_FORMAT2_TAO_WRITE_ACTION_PREPARING)
                printf("progress: preparing\n");
            else if (action == IMAPI_FORMAT2_TAO_WRITE_ACTION_WRITING)
                printf("progress: track %ld writing [%ld..%ld]\n", track, start, start + count);
            else if (action == IMAPI_FORMAT2_TAO_WRITE_ACTION_FINISHING)
                printf("progress: finishing\n");
            else
                printf("progress: action %d\n", action);
            sink->last_action = action;
            sink->last_track = track;
        }
    }
    else
    {
        printf("event: the IDiscFormat2TrackAtOnceEventArgs failed\n");
        sink->bad = TRUE;
    }
    if (progress) IDiscFormat2TrackAtOnceEventArgs_Release(progress);
    IDiscFormat2TrackAtOnce_Release(tao);
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    static const VARTYPE erase_types[] = { VT_DISPATCH, VT_I4, VT_I4 };
    struct sink *sink = impl_from_IDispatch(iface);
    VARTYPE types[8];
    int count, i;

    if (member != DISPID_DDISCFORMAT2DATAEVENTS_UPDATE)
        return DISP_E_MEMBERNOTFOUND;
    sink->updates++;
    if (sink->kind == SINK_ERASE)
    {
        memcpy(types, erase_types, sizeof(erase_types));
        count = ARRAY_SIZE(erase_types);
    }
    else if ((count = typelib_param_types(sink->events, member, types, ARRAY_SIZE(types))) < 0)
    {
        /* IDispEventImpl then drops the event; the sample would never know */
        printf("event: Update is not in the registered type library IMAPILib2 1.0\n");
        sink->bad = TRUE;
        return S_OK;
    }
    if (!params || params->cArgs != count)
    {
        printf("event: bad arguments: %u, the type library says %d\n", params ? params->cArgs : 0, count);
        sink->bad = TRUE;
        return S_OK;
    }
    /* rgvarg holds the arguments last first */
    for (i = 0; i < count; i++)
    {
        if (V_VT(&params->rgvarg[count - 1 - i]) != types[i])
        {
            printf("event: bad arguments: argument %d is of type %d, the type library says %d\n", i,
                    V_VT(&params->rgvarg[count - 1 - i]), types[i]);
            sink->bad = TRUE;
            return S_OK;
        }
    }
    if (sink->kind == SINK_ERASE)
    {
        LONG elapsed = V_I4(&params->rgvarg[1]), total = V_I4(&params->rgvarg[0]);

        if (sink->updates == 1 || elapsed != sink->last_track)
            printf("progress: erasing %ld of %ld s\n", elapsed, total);
        sink->last_track = elapsed;
    }
    else if (sink->kind == SINK_DATA)
        data_update(sink, V_DISPATCH(&params->rgvarg[1]), V_DISPATCH(&params->rgvarg[0]));
    else
        track_at_once_update(sink, V_DISPATCH(&params->rgvarg[1]), V_DISPATCH(&params->rgvarg[0]));
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release,
    sink_GetTypeInfoCount, sink_GetTypeInfo, sink_GetIDsOfNames, sink_Invoke
};

static void sink_init(struct sink *sink, enum sink_kind kind, const IID *events)
{
    memset(sink, 0, sizeof(*sink));
    sink->IDispatch_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
    sink->kind = kind;
    sink->events = events;
    sink->last_action = -1;
}

/* DispEventAdvise */
static HRESULT sink_advise(struct sink *sink, IUnknown *source)
{
    IConnectionPointContainer *container;
    HRESULT hr;

    if (FAILED(hr = IUnknown_QueryInterface(source, &IID_IConnectionPointContainer, (void **)&container)))
        return hr;
    hr = IConnectionPointContainer_FindConnectionPoint(container, sink->events, &sink->point);
    IConnectionPointContainer_Release(container);
    if (SUCCEEDED(hr) && FAILED(hr = IConnectionPoint_Advise(sink->point, (IUnknown *)&sink->IDispatch_iface,
            &sink->cookie)))
    {
        IConnectionPoint_Release(sink->point);
        sink->point = NULL;
    }
    return hr;
}

/* DispEventUnadvise; FALSE when the sink saw an event it could not take */
static BOOL sink_unadvise(struct sink *sink)
{
    if (sink->point)
    {
        IConnectionPoint_Unadvise(sink->point, sink->cookie);
        IConnectionPoint_Release(sink->point);
        sink->point = NULL;
    }
    if (sink->ref != 1)
        printf("event: the sink is still referenced %ld times after Unadvise\n", sink->ref - 1);
    return !sink->bad && sink->ref == 1;
}

/* ---- the sample's functions ---- */

static HRESULT get_recorder(ULONG index, IDiscRecorder2 **out)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscMaster2 *master = NULL;
    BSTR id = NULL;
    HRESULT hr;

    *out = NULL;
    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_ALL, &IID_IDiscMaster2, (void **)&master);
    if (FAILED(hr)) print_hr("CoCreateInstance(MsftDiscMaster2)", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscMaster2_get_Item(master, index, &id)))
        print_hr("IDiscMaster2::get_Item", hr);
    if (SUCCEEDED(hr) && FAILED(hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_ALL,
            &IID_IDiscRecorder2, (void **)&recorder)))
        print_hr("CoCreateInstance(MsftDiscRecorder2)", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscRecorder2_InitializeDiscRecorder(recorder, id)))
        print_hr("InitializeDiscRecorder", hr);
    if (SUCCEEDED(hr))
        *out = recorder;
    else if (recorder)
        IDiscRecorder2_Release(recorder);
    if (master) IDiscMaster2_Release(master);
    SysFreeString(id);
    return hr;
}

static HRESULT list_recorders(void)
{
    IDiscMaster2 *master;
    LONG count = 0, i;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_ALL, &IID_IDiscMaster2, (void **)&master);
    if (FAILED(hr))
    {
        print_hr("CoCreateInstance(MsftDiscMaster2)", hr);
        return hr;
    }
    if (FAILED(hr = IDiscMaster2_get_Count(master, &count)))
        print_hr("get_Count", hr);
    for (i = 0; i < count; i++)
    {
        IDiscRecorder2 *recorder;
        BSTR vendor = NULL, product = NULL;

        if (FAILED(hr = get_recorder(i, &recorder)))
        {
            printf("recorder %ld: failed\n", i);
            continue;
        }
        if (SUCCEEDED(hr = IDiscRecorder2_get_VendorId(recorder, &vendor)))
            hr = IDiscRecorder2_get_ProductId(recorder, &product);
        if (FAILED(hr))
            print_hr("get_VendorId/get_ProductId", hr);
        else
            printf("recorder %ld: %ls %ls", i, vendor, product);
        if (SUCCEEDED(hr))
        {
            SAFEARRAY *paths = NULL;

            /* the sample reads the array's data as VARIANTs holding BSTRs */
            if (FAILED(hr = IDiscRecorder2_get_VolumePathNames(recorder, &paths)))
                print_hr("get_VolumePathNames", hr);
            else if (!paths->rgsabound[0].cElements)
                printf(" (no mount points)");
            else
            {
                VARIANT *v = paths->pvData;
                ULONG j;

                printf(" (");
                for (j = 0; j < paths->rgsabound[0].cElements; j++)
                    printf(" %ls ", V_VT(&v[j]) == VT_BSTR ? V_BSTR(&v[j]) : L"<not a BSTR>");
                printf(")");
            }
            if (paths) SafeArrayDestroy(paths);
        }
        if (SUCCEEDED(hr))
        {
            IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
            IDiscFormat2Data *data;

            hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_ALL, &IID_IDiscFormat2Data,
                    (void **)&data);
            if (FAILED(hr)) print_hr("CoCreateInstance(MsftDiscFormat2Data)", hr);
            if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_Recorder(data, recorder)))
                print_hr("put_Recorder", hr);
            if (SUCCEEDED(hr) && SUCCEEDED(hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(data, &type)))
                printf(" (media type %d)", type);
            if (data) IDiscFormat2Data_Release(data);
        }
        printf("\n");
        SysFreeString(vendor);
        SysFreeString(product);
        IDiscRecorder2_Release(recorder);
    }
    IDiscMaster2_Release(master);
    return hr;
}

static HRESULT erase_media(ULONG index, BOOL full)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscFormat2Erase *eraser = NULL;
    struct sink sink;
    HRESULT hr;

    sink_init(&sink, SINK_ERASE, &IID_DDiscFormat2EraseEvents);
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Erase, NULL, CLSCTX_ALL, &IID_IDiscFormat2Erase, (void **)&eraser);
    if (FAILED(hr)) print_hr("CoCreateInstance(MsftDiscFormat2Erase)", hr);
    if (SUCCEEDED(hr)) hr = get_recorder(index, &recorder);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Erase_put_Recorder(eraser, recorder)))
        print_hr("put_Recorder", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Erase_put_ClientName(eraser, client_name)))
        print_hr("put_ClientName", hr);
    if (SUCCEEDED(hr))
    {
        IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;

        if (FAILED(hr = IDiscFormat2Erase_get_CurrentPhysicalMediaType(eraser, &type)))
            print_hr("get_CurrentPhysicalMediaType", hr);
    }
    if (SUCCEEDED(hr) && full && FAILED(hr = IDiscFormat2Erase_put_FullErase(eraser, VARIANT_TRUE)))
        print_hr("put_FullErase", hr);
    /* the sample lets go of the recorder before erasing */
    if (recorder) IDiscRecorder2_Release(recorder);
    if (SUCCEEDED(hr) && FAILED(hr = sink_advise(&sink, (IUnknown *)eraser)))
        print_hr("DispEventAdvise", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Erase_EraseMedia(eraser)))
        print_hr("EraseMedia", hr);
    if (!sink_unadvise(&sink) && SUCCEEDED(hr)) hr = E_FAIL;
    if (eraser) IDiscFormat2Erase_Release(eraser);
    printf("EraseMedia %s for drive index %lu\n", SUCCEEDED(hr) ? "succeeded" : "FAILED", index);
    return hr;
}

static HRESULT open_stream(const WCHAR *path, DWORD mode, IStream **stream)
{
    HRESULT hr = SHCreateStreamOnFileW(path, mode, stream);

    if (FAILED(hr)) printf("FAILED to open %ls: hr %#lx\n", path, hr);
    return hr;
}

static HRESULT image_writer(const struct options *options)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscFormat2Data *data = NULL;
    IStream *stream = NULL;
    struct sink sink;
    STATSTG stat;
    HRESULT hr;

    sink_init(&sink, SINK_DATA, &IID_DDiscFormat2DataEvents);
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_ALL, &IID_IDiscFormat2Data, (void **)&data);
    if (FAILED(hr)) print_hr("CoCreateInstance(MsftDiscFormat2Data)", hr);
    if (SUCCEEDED(hr)) hr = get_recorder(options->drive, &recorder);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_Recorder(data, recorder)))
        print_hr("put_Recorder", hr);
    if (recorder) IDiscRecorder2_Release(recorder);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_ClientName(data, client_name)))
        print_hr("put_ClientName", hr);
    if (SUCCEEDED(hr))
    {
        SAFEARRAY *types = NULL;

        if (FAILED(hr = IDiscFormat2Data_get_SupportedMediaTypes(data, &types)))
            print_hr("get_SupportedMediaTypes", hr);
        if (types) SafeArrayDestroy(types);
    }
    if (SUCCEEDED(hr)) hr = open_stream(options->name, STGM_READ | STGM_SHARE_DENY_WRITE, &stream);
    if (SUCCEEDED(hr) && FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
        print_hr("IStream::Stat", hr);
    if (SUCCEEDED(hr) && stat.cbSize.QuadPart % 2048)
    {
        printf("the file is not a multiple of 2048 bytes\n");
        hr = E_FAIL;
    }
    if (SUCCEEDED(hr) && FAILED(hr = sink_advise(&sink, (IUnknown *)data)))
        print_hr("DispEventAdvise", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_Write(data, stream)))
        print_hr("Write", hr);
    if (!sink_unadvise(&sink) && SUCCEEDED(hr)) hr = E_FAIL;
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_Recorder(data, NULL)))
        print_hr("put_Recorder(NULL)", hr);
    if (data) IDiscFormat2Data_Release(data);
    if (stream) IStream_Release(stream);
    printf("ImageWriter %s for drive index %lu\n", SUCCEEDED(hr) ? "succeeded" : "FAILED", options->drive);
    return hr;
}

static HRESULT eject_close(ULONG index, BOOL close)
{
    IDiscRecorder2 *recorder = NULL;
    VARIANT_BOOL can_load = VARIANT_FALSE;
    BOOL mcn_disabled = FALSE;
    HRESULT hr;

    hr = get_recorder(index, &recorder);
    if (SUCCEEDED(hr))
    {
        if (FAILED(hr = IDiscRecorder2_DisableMcn(recorder))) print_hr("DisableMcn", hr);
        else mcn_disabled = TRUE;
    }
    if (SUCCEEDED(hr))
    {
        if (FAILED(hr = IDiscRecorder2_get_DeviceCanLoadMedia(recorder, &can_load)))
            print_hr("get_DeviceCanLoadMedia", hr);
        if (can_load && close)
        {
            if (FAILED(hr = IDiscRecorder2_CloseTray(recorder))) print_hr("CloseTray", hr);
        }
        else if (can_load)
        {
            if (FAILED(hr = IDiscRecorder2_EjectMedia(recorder))) print_hr("EjectMedia", hr);
        }
    }
    if (mcn_disabled && FAILED(hr = IDiscRecorder2_EnableMcn(recorder)))
        print_hr("EnableMcn", hr);
    if (recorder) IDiscRecorder2_Release(recorder);
    printf("%s %s for drive index %lu\n", close ? "CloseTray" : "EjectMedia",
            SUCCEEDED(hr) ? "succeeded" : "FAILED", index);
    return hr;
}

/* Each file of DIR in the order FindNextFile gives them, directories skipped,
 * opened read-write and cut to whole 2352-byte sectors with SetSize, as the
 * sample does before handing it over; add() takes it. */
static HRESULT for_each_track(const WCHAR *dir, HRESULT (*add)(void *, IStream *), void *context)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW find;
    HRESULT hr = S_OK;
    HANDLE handle;

    swprintf(pattern, ARRAY_SIZE(pattern), L"%s\\*", dir);
    if ((handle = FindFirstFileW(pattern, &find)) == INVALID_HANDLE_VALUE)
    {
        printf("cannot list %ls: error %lu\n", dir, GetLastError());
        return S_OK;   /* as the sample: no tracks, no failure */
    }
    do
    {
        IStream *stream = NULL;
        ULARGE_INTEGER size;
        STATSTG stat;

        if (find.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            continue;
        swprintf(path, ARRAY_SIZE(path), L"%s\\%s", dir, find.cFileName);
        printf("adding %ls\n", path);
        hr = open_stream(path, STGM_READWRITE, &stream);
        if (SUCCEEDED(hr) && FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_DEFAULT)))
            print_hr("IStream::Stat", hr);
        if (SUCCEEDED(hr))
        {
            CoTaskMemFree(stat.pwcsName);
            size.u.HighPart = stat.cbSize.u.HighPart;
            size.u.LowPart = stat.cbSize.u.LowPart - stat.cbSize.u.LowPart % 2352;
            if (FAILED(hr = IStream_SetSize(stream, size))) print_hr("IStream::SetSize", hr);
        }
        if (SUCCEEDED(hr)) hr = add(context, stream);
        if (stream) IStream_Release(stream);
        /* the sample goes on with the next file whatever happened, and
         * reports the last file's result */
    } while (FindNextFileW(handle, &find));
    FindClose(handle);
    return hr;
}

static HRESULT add_audio_track(void *context, IStream *stream)
{
    HRESULT hr = IDiscFormat2TrackAtOnce_AddAudioTrack(context, stream);

    if (FAILED(hr)) print_hr("AddAudioTrack", hr);
    return hr;
}

static HRESULT audio_writer(const struct options *options)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscFormat2TrackAtOnce *tao = NULL;
    struct sink sink;
    HRESULT hr;

    sink_init(&sink, SINK_TRACK_AT_ONCE, &IID_DDiscFormat2TrackAtOnceEvents);
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2TrackAtOnce, NULL, CLSCTX_ALL, &IID_IDiscFormat2TrackAtOnce,
            (void **)&tao);
    if (FAILED(hr)) print_hr("CoCreateInstance(MsftDiscFormat2TrackAtOnce)", hr);
    if (SUCCEEDED(hr)) hr = get_recorder(options->drive, &recorder);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder)))
        print_hr("put_Recorder", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2TrackAtOnce_put_ClientName(tao, client_name)))
        print_hr("put_ClientName", hr);
    if (SUCCEEDED(hr))
    {
        IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;

        if (FAILED(hr = IDiscFormat2TrackAtOnce_get_CurrentPhysicalMediaType(tao, &type)))
            print_hr("get_CurrentPhysicalMediaType", hr);
    }
    if (SUCCEEDED(hr))
    {
        VARIANT_BOOL supported;

        /* the sample ignores a failure here */
        if (FAILED(IDiscFormat2TrackAtOnce_IsCurrentMediaSupported(tao, recorder, &supported)))
            hr = S_OK;
    }
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao)))
        print_hr("PrepareMedia", hr);
    if (SUCCEEDED(hr) && FAILED(hr = sink_advise(&sink, (IUnknown *)tao)))
        print_hr("DispEventAdvise", hr);
    if (SUCCEEDED(hr)) hr = for_each_track(options->name, add_audio_track, tao);
    if (!sink_unadvise(&sink) && SUCCEEDED(hr)) hr = E_FAIL;
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao)))
        print_hr("ReleaseMedia", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2TrackAtOnce_put_Recorder(tao, NULL)))
        print_hr("put_Recorder(NULL)", hr);
    if (tao) IDiscFormat2TrackAtOnce_Release(tao);
    if (recorder) IDiscRecorder2_Release(recorder);
    printf("AudioWriter %s for drive index %lu\n", SUCCEEDED(hr) ? "succeeded" : "FAILED", options->drive);
    return hr;
}

static HRESULT add_raw_track(void *context, IStream *stream)
{
    LONG index = 0;
    HRESULT hr = IRawCDImageCreator_AddTrack(context, IMAPI_CD_SECTOR_AUDIO, stream, &index);

    if (FAILED(hr)) print_hr("IRawCDImageCreator::AddTrack", hr);
    return hr;
}

static HRESULT raw_writer(const struct options *options)
{
    VARIANT_BOOL recorder_supported = VARIANT_FALSE, media_supported = VARIANT_FALSE;
    IDiscRecorder2 *recorder = NULL;
    IDiscFormat2RawCD *format = NULL;
    IRawCDImageCreator *creator = NULL;
    IStream *image = NULL;
    HRESULT hr;

    hr = get_recorder(options->drive, &recorder);
    if (SUCCEEDED(hr) && FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2RawCD, NULL, CLSCTX_ALL,
            &IID_IDiscFormat2RawCD, (void **)&format)))
        print_hr("CoCreateInstance(MsftDiscFormat2RawCD)", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2RawCD_put_Recorder(format, recorder)))
        print_hr("put_Recorder", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2RawCD_put_ClientName(format, client_name)))
        print_hr("put_ClientName", hr);
    if (SUCCEEDED(hr))
    {
        if (FAILED(hr = IDiscFormat2RawCD_IsRecorderSupported(format, recorder, &recorder_supported)))
            print_hr("IsRecorderSupported", hr);
        if (recorder_supported != VARIANT_TRUE)
        {
            printf("the recorder does not write raw CD (disc at once)\n");
            hr = E_FAIL;
        }
    }
    if (SUCCEEDED(hr))
    {
        if (FAILED(hr = IDiscFormat2RawCD_IsCurrentMediaSupported(format, recorder, &media_supported)))
            print_hr("IsCurrentMediaSupported", hr);
        if (media_supported != VARIANT_TRUE)
        {
            printf("the media cannot be written raw (disc at once)\n");
            hr = E_FAIL;
        }
    }
    if (SUCCEEDED(hr) && FAILED(hr = CoCreateInstance(&CLSID_MsftRawCDImageCreator, NULL, CLSCTX_ALL,
            &IID_IRawCDImageCreator, (void **)&creator)))
        print_hr("CoCreateInstance(MsftRawCDImageCreator)", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IRawCDImageCreator_put_ResultingImageType(creator,
            IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)))
        print_hr("put_ResultingImageType", hr);
    if (SUCCEEDED(hr)) hr = for_each_track(options->name, add_raw_track, creator);
    if (SUCCEEDED(hr))
    {
        /* the sample does not look at this result, only at whether it got a stream */
        HRESULT created = IRawCDImageCreator_CreateResultImage(creator, &image);

        if (FAILED(created)) print_hr("CreateResultImage", created);
    }
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2RawCD_PrepareMedia(format)))
        print_hr("PrepareMedia", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2RawCD_put_RequestedSectorType(format,
            IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)))
        print_hr("put_RequestedSectorType", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2RawCD_WriteMedia(format, image)))
        print_hr("WriteMedia", hr);
    /* released even when the burn failed; its result is the function's */
    if (format)
    {
        hr = IDiscFormat2RawCD_ReleaseMedia(format);
        if (FAILED(hr)) print_hr("ReleaseMedia", hr);
    }
    if (image) IStream_Release(image);
    if (creator) IRawCDImageCreator_Release(creator);
    if (format) IDiscFormat2RawCD_Release(format);
    if (recorder) IDiscRecorder2_Release(recorder);
    printf("RawWriter %s for drive index %lu\n", SUCCEEDED(hr) ? "succeeded" : "FAILED", options->drive);
    return hr;
}

static HRESULT data_writer(const struct options *options)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscFormat2Data *data = NULL;
    IFileSystemImage *image = NULL;
    IFileSystemImageResult *result = NULL;
    IFsiDirectoryItem *root = NULL;
    IBootOptions *boot = NULL;
    IStream *boot_stream = NULL, *stream = NULL;
    VARIANT_BOOL blank = VARIANT_FALSE;
    BSTR dir = SysAllocString(options->name);
    struct sink sink;
    HRESULT hr;

    sink_init(&sink, SINK_DATA, &IID_DDiscFormat2DataEvents);
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_ALL, &IID_IDiscFormat2Data, (void **)&data);
    if (FAILED(hr)) print_hr("CoCreateInstance(MsftDiscFormat2Data)", hr);
    if (SUCCEEDED(hr)) hr = get_recorder(options->drive, &recorder);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_Recorder(data, recorder)))
        print_hr("put_Recorder", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_ClientName(data, client_name)))
        print_hr("put_ClientName", hr);
    if (SUCCEEDED(hr))
    {
        SAFEARRAY *types = NULL;

        if (FAILED(hr = IDiscFormat2Data_get_SupportedMediaTypes(data, &types)))
            print_hr("get_SupportedMediaTypes", hr);
        if (types) SafeArrayDestroy(types);
    }
    if (SUCCEEDED(hr) && options->close)
    {
        printf("the disc will be closed\n");
        if (FAILED(hr = IDiscFormat2Data_put_ForceMediaToBeClosed(data, VARIANT_TRUE)))
            print_hr("put_ForceMediaToBeClosed", hr);
    }
    if (SUCCEEDED(hr) && FAILED(hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_ALL,
            &IID_IFileSystemImage, (void **)&image)))
        print_hr("CoCreateInstance(MsftFileSystemImage)", hr);
    if (SUCCEEDED(hr) && (options->iso || options->joliet || options->udf))
    {
        FsiFileSystems systems = FsiFileSystemNone;

        if (options->iso) systems |= FsiFileSystemISO9660;
        if (options->joliet) systems |= FsiFileSystemJoliet | FsiFileSystemISO9660;
        if (options->udf) systems |= FsiFileSystemUDF;
        if (FAILED(hr = IFileSystemImage_put_FileSystemsToCreate(image, systems)))
            print_hr("put_FileSystemsToCreate", hr);
    }
    if (SUCCEEDED(hr) && FAILED(hr = IFileSystemImage_get_Root(image, &root)))
        print_hr("get_Root", hr);
    if (SUCCEEDED(hr) && options->boot)
    {
        hr = CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_ALL, &IID_IBootOptions, (void **)&boot);
        if (FAILED(hr)) print_hr("CoCreateInstance(BootOptions)", hr);
        if (SUCCEEDED(hr)) hr = open_stream(options->boot, STGM_READ | STGM_SHARE_DENY_WRITE, &boot_stream);
        if (SUCCEEDED(hr) && FAILED(hr = IBootOptions_AssignBootImage(boot, boot_stream)))
            print_hr("AssignBootImage", hr);
        if (SUCCEEDED(hr) && FAILED(hr = IFileSystemImage_put_BootImageOptions(image, boot)))
            print_hr("put_BootImageOptions", hr);
    }
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_get_MediaHeuristicallyBlank(data, &blank)))
        print_hr("get_MediaHeuristicallyBlank", hr);
    if (SUCCEEDED(hr) && !options->multi && !blank)
        printf("writing to media that is not blank without importing it\n");
    if (SUCCEEDED(hr) && options->multi)
    {
        SAFEARRAY *multisession = NULL;
        FsiFileSystems found;

        if (FAILED(hr = IDiscFormat2Data_get_MultisessionInterfaces(data, &multisession)))
            print_hr("get_MultisessionInterfaces", hr);
        if (SUCCEEDED(hr) && FAILED(hr = IFileSystemImage_put_MultisessionInterfaces(image, multisession)))
        {
            print_hr("put_MultisessionInterfaces", hr);
            SafeArrayDestroy(multisession);
        }
        /* the sample hands the array over and never destroys it */
        if (SUCCEEDED(hr) && FAILED(hr = IFileSystemImage_ImportFileSystem(image, &found)))
        {
            if (hr == IMAPI_E_EMPTY_DISC)
            {
                printf("empty disc\n");
                hr = S_OK;
            }
            else
                print_hr("ImportFileSystem", hr);
        }
    }
    if (SUCCEEDED(hr))
    {
        LONG free_blocks;

        if (FAILED(hr = IDiscFormat2Data_get_FreeSectorsOnMedia(data, &free_blocks)))
            print_hr("get_FreeSectorsOnMedia", hr);
        else if (FAILED(hr = IFileSystemImage_put_FreeMediaBlocks(image, free_blocks)))
            print_hr("put_FreeMediaBlocks", hr);
    }
    if (SUCCEEDED(hr))
    {
        printf("adding %ls\n", dir);
        if (FAILED(hr = IFsiDirectoryItem_AddTree(root, dir, VARIANT_FALSE)))
            print_hr("AddTree", hr);
    }
    SysFreeString(dir);
    if (SUCCEEDED(hr))
    {
        FsiFileSystems systems;

        if (FAILED(hr = IFileSystemImage_get_FileSystemsToCreate(image, &systems)))
            print_hr("get_FileSystemsToCreate", hr);
        else
            printf("file systems:%s%s%s\n", systems & FsiFileSystemISO9660 ? " ISO9660" : "",
                    systems & FsiFileSystemJoliet ? " Joliet" : "", systems & FsiFileSystemUDF ? " UDF" : "");
    }
    if (SUCCEEDED(hr))
    {
        LONG files = 0, dirs = 0;

        if (SUCCEEDED(hr = IFileSystemImage_get_FileCount(image, &files)))
            hr = IFileSystemImage_get_DirectoryCount(image, &dirs);
        if (FAILED(hr))
            print_hr("get_FileCount/get_DirectoryCount", hr);
        else
            printf("files=%ld directories=%ld\n", files, dirs);
    }
    if (SUCCEEDED(hr) && options->volume)
    {
        BSTR name = SysAllocString(options->volume);

        if (FAILED(hr = IFileSystemImage_put_VolumeName(image, name)))
            print_hr("put_VolumeName", hr);
        SysFreeString(name);
    }
    if (SUCCEEDED(hr) && FAILED(hr = IFileSystemImage_CreateResultImage(image, &result)))
        print_hr("CreateResultImage", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IFileSystemImageResult_get_ImageStream(result, &stream)))
        print_hr("get_ImageStream", hr);
    if (SUCCEEDED(hr) && FAILED(hr = sink_advise(&sink, (IUnknown *)data)))
        print_hr("DispEventAdvise", hr);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_Write(data, stream)))
        print_hr("Write", hr);
    if (!sink_unadvise(&sink) && SUCCEEDED(hr)) hr = E_FAIL;
    if (SUCCEEDED(hr))
    {
        IMAPI_MEDIA_WRITE_PROTECT_STATE state = 0;

        if (FAILED(hr = IDiscFormat2Data_get_WriteProtectStatus(data, &state)))
            print_hr("get_WriteProtectStatus", hr);
    }
    if (SUCCEEDED(hr) && FAILED(hr = IDiscFormat2Data_put_Recorder(data, NULL)))
        print_hr("put_Recorder(NULL)", hr);
    if (image) IFileSystemImage_Release(image);
    if (result) IFileSystemImageResult_Release(result);
    if (data) IDiscFormat2Data_Release(data);
    if (stream) IStream_Release(stream);
    if (recorder) IDiscRecorder2_Release(recorder);
    if (root) IFsiDirectoryItem_Release(root);
    if (boot) IBootOptions_Release(boot);
    if (boot_stream) IStream_Release(boot_stream);
    printf("DataWriter %s for drive index %lu\n", SUCCEEDED(hr) ? "succeeded" : "FAILED", options->drive);
    return hr;
}

/* ---- command line, with the sample's rules ---- */

static BOOL is_option(const WCHAR *arg, const WCHAR *name)
{
    return !_wcsnicmp(arg, name, wcslen(name));
}

static BOOL parse_command_line(int argc, WCHAR **argv, struct options *o)
{
    BOOL enough = FALSE;
    int i;

    memset(o, 0, sizeof(*o));
    for (i = 1; i < argc; i++)
    {
        WCHAR *arg = argv[i];

        if (arg[0] != '-' && arg[0] != '/')
        {
            if (o->name) return FALSE;
            o->name = arg;
            continue;
        }
        arg[0] = '-';
        if (is_option(arg, L"-write")) o->write = TRUE;
        else if (is_option(arg, L"-image")) o->image = TRUE;
        else if (is_option(arg, L"-audio")) o->audio = TRUE;
        else if (is_option(arg, L"-raw")) o->raw = TRUE;
        else if (is_option(arg, L"-close")) o->close = TRUE;
        else if (is_option(arg, L"-multi")) o->multi = TRUE;
        else if (is_option(arg, L"-iso")) o->iso = TRUE;
        else if (is_option(arg, L"-joliet")) o->joliet = TRUE;
        else if (is_option(arg, L"-udf")) o->udf = TRUE;
        else if (is_option(arg, L"-inject")) o->inject = TRUE;
        else if (is_option(arg, L"-eject")) o->eject = TRUE;
        else if (is_option(arg, L"-list")) o->list = TRUE;
        else if (is_option(arg, L"-erase")) o->erase = TRUE;
        else if (is_option(arg, L"-fullerase")) o->erase = o->full_erase = TRUE;
        else if (is_option(arg, L"-drive") && i + 1 < argc && swscanf(argv[i + 1], L"%lu", &o->drive) == 1) i++;
        else if (is_option(arg, L"-boot") && i + 1 < argc) o->boot = argv[++i];
        else if (is_option(arg, L"-vol") && i + 1 < argc) o->volume = argv[++i];
        else
        {
            printf("unknown or incomplete option %ls\n", arg);
            return FALSE;
        }
    }
    if (o->list) enough = !o->write && !o->erase;
    else if (o->write || o->image || o->audio || o->raw) enough = o->name != NULL;
    else if (o->erase) enough = TRUE;
    return enough || o->eject || o->inject;
}

int __cdecl wmain(int argc, WCHAR *argv[])
{
    struct options options;
    HRESULT hr = S_OK;

    if (!parse_command_line(argc, argv, &options))
    {
        printf("usage: %ls -list | -erase | -fullerase | -write DIR [-multi] [-close] [-iso] [-joliet] [-udf]\n"
               "       [-boot FILE] [-vol NAME] | -image FILE | -audio DIR | -raw DIR  [-drive N] [-eject] [-inject]\n",
               argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    if (FAILED(hr = CoInitialize(NULL)))
    {
        print_hr("CoInitialize", hr);
        return 1;
    }
    client_name = SysAllocString(L"Imapi2Sample");
    if (options.list) hr = list_recorders();
    if (options.erase) hr = erase_media(options.drive, options.full_erase);
    if (options.write) hr = data_writer(&options);
    if (options.image) hr = image_writer(&options);
    if (options.audio) hr = audio_writer(&options);
    if (options.raw) hr = raw_writer(&options);
    if (options.eject) hr = eject_close(options.drive, FALSE);
    if (options.inject) hr = eject_close(options.drive, TRUE);
    CoUninitialize();
    SysFreeString(client_name);
    if (FAILED(hr))
    {
        print_hr("the sample's sequence", hr);
        return 1;
    }
    return 0;
}

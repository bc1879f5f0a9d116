/*
 * Image Mastering API v2: MsftDiscMaster2, the enumeration of optical recorders.
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

/* Recorders are the drive letters of type CD-ROM that answer INQUIRY as MMC
 * devices.  The probe results are kept per letter and a letter is probed again
 * only when the set of CD-ROM letters changes or its last probe could not reach
 * the drive, so listing N recorders costs N INQUIRY commands once per object.
 * Device arrival and removal is detected by a polling thread that runs only
 * while an event sink is advised; it calls the sinks through the connection
 * point, which reaches each one in its own apartment. */

#include "imapi2_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

#define DRIVE_LETTERS 26
#define POLL_INTERVAL_MS 1000

struct drive_entry
{
    BOOL is_cdrom;      /* GetDriveType said CD-ROM when last looked at */
    BOOL probed;
    BOOL is_recorder;
    WCHAR id[RECORDER_ID_LENGTH];
};

struct discmaster
{
    IDiscMaster2 IDiscMaster2_iface;
    struct event_source source;
    LONG refcount;

    CRITICAL_SECTION cs;
    BOOL scanned;
    struct drive_entry drives[DRIVE_LETTERS];
    /* the recorders the event sinks know of (the poller's) */
    DWORD notified;
    WCHAR notified_ids[DRIVE_LETTERS][RECORDER_ID_LENGTH];

    /* the device change poller, while sinks are advised */
    CRITICAL_SECTION poll_cs;
    struct device_poller *poller;
};

/* The poller's thread and what it shares with the disc master.  Nobody ever
 * waits for the thread: a sink in a single-threaded apartment may be the one
 * that unadvises or releases the disc master while the thread waits for that
 * apartment to take an event.  So the thread is told to stop, and leaves on
 * its own; it holds the module and this structure, and reaches the disc
 * master only through a reference taken under the lock. */
struct device_poller
{
    LONG refcount;          /* the disc master's while it is its poller, and the thread's */
    HANDLE stop;
    HMODULE module;
    CRITICAL_SECTION cs;
    struct discmaster *master;  /* not a reference; NULL once stopped */
};

static inline struct discmaster *impl_from_IDiscMaster2(IDiscMaster2 *iface)
{
    return CONTAINING_RECORD(iface, struct discmaster, IDiscMaster2_iface);
}

static BOOL is_cdrom_letter(DWORD mask, unsigned int i)
{
    WCHAR root[] = L"A:\\";

    if (!(mask & (1u << i))) return FALSE;
    root[0] = 'A' + i;
    return GetDriveTypeW(root) == DRIVE_CDROM;
}

/* Brings the per-letter table up to date; probes only letters that became
 * CD-ROM drives, or whose last probe could not reach the drive.  The probes
 * (CreateFile and INQUIRY, up to the command timeout) run without the lock. */
static void discmaster_rescan(struct discmaster *master)
{
    WCHAR ids[DRIVE_LETTERS][RECORDER_ID_LENGTH];
    HRESULT results[DRIVE_LETTERS];
    DWORD mask = GetLogicalDrives(), cdrom = 0, to_probe = 0;
    unsigned int i;

    for (i = 0; i < DRIVE_LETTERS; ++i)
        if (is_cdrom_letter(mask, i)) cdrom |= 1u << i;

    EnterCriticalSection(&master->cs);
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        struct drive_entry *drive = &master->drives[i];

        if (!(cdrom & (1u << i)))
            memset(drive, 0, sizeof(*drive));
        else if (!drive->is_cdrom || !drive->probed)
            to_probe |= 1u << i;
    }
    LeaveCriticalSection(&master->cs);

    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        if (!(to_probe & (1u << i))) continue;
        results[i] = recorder_probe('A' + i, ids[i]);
        TRACE("%c: probe result %#lx %s.\n", 'A' + i, results[i], debugstr_w(results[i] == S_OK ? ids[i] : L""));
    }

    EnterCriticalSection(&master->cs);
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        struct drive_entry *drive = &master->drives[i];

        /* Another rescan may have settled this letter in the meantime. */
        if (!(to_probe & (1u << i)) || drive->probed) continue;

        drive->is_cdrom = TRUE;
        /* A drive that could not be asked is asked again next time. */
        drive->probed = SUCCEEDED(results[i]);
        if ((drive->is_recorder = results[i] == S_OK))
            memcpy(drive->id, ids[i], sizeof(drive->id));
    }
    master->scanned = TRUE;
    LeaveCriticalSection(&master->cs);
}

/* Copies the current IDs in drive letter order; the caller frees them. */
static HRESULT discmaster_snapshot(struct discmaster *master, BSTR **ids, LONG *count)
{
    LONG n = 0;
    unsigned int i;

    discmaster_rescan(master);

    *ids = NULL;
    EnterCriticalSection(&master->cs);
    for (i = 0; i < DRIVE_LETTERS; ++i)
        if (master->drives[i].is_recorder) ++n;
    if (n && !(*ids = calloc(n, sizeof(**ids))))
    {
        LeaveCriticalSection(&master->cs);
        return E_OUTOFMEMORY;
    }
    n = 0;
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        if (!master->drives[i].is_recorder) continue;
        if (!((*ids)[n++] = SysAllocString(master->drives[i].id)))
        {
            LeaveCriticalSection(&master->cs);
            while (n--) SysFreeString((*ids)[n]);
            free(*ids);
            *ids = NULL;
            return E_OUTOFMEMORY;
        }
    }
    LeaveCriticalSection(&master->cs);
    *count = n;
    return S_OK;
}

static void free_ids(BSTR *ids, LONG count)
{
    while (count--) SysFreeString(ids[count]);
    free(ids);
}

/* IEnumVARIANT over a snapshot of the IDs. */
struct id_enum
{
    IEnumVARIANT IEnumVARIANT_iface;
    LONG refcount;
    BSTR *ids;
    LONG count;
    LONG pos;
};

static inline struct id_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct id_enum, IEnumVARIANT_iface);
}

static HRESULT id_enum_create(BSTR *ids, LONG count, LONG pos, IEnumVARIANT **out);

static HRESULT WINAPI id_enum_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumVARIANT))
    {
        *out = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI id_enum_AddRef(IEnumVARIANT *iface)
{
    struct id_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG refcount = InterlockedIncrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI id_enum_Release(IEnumVARIANT *iface)
{
    struct id_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG refcount = InterlockedDecrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free_ids(e->ids, e->count);
        free(e);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI id_enum_Next(IEnumVARIANT *iface, ULONG celt, VARIANT *items, ULONG *fetched)
{
    struct id_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG i;

    TRACE("%p, %lu, %p, %p.\n", iface, celt, items, fetched);

    if (fetched) *fetched = 0;
    if (!celt) return S_OK;
    if (!items) return E_POINTER;
    /* As for every COM enumerator, fetched may be NULL only when asking for one. */
    if (!fetched && celt > 1) return E_INVALIDARG;

    for (i = 0; i < celt && e->pos < e->count; ++i)
    {
        V_VT(&items[i]) = VT_BSTR;
        if (!(V_BSTR(&items[i]) = SysAllocString(e->ids[e->pos])))
        {
            V_VT(&items[i]) = VT_EMPTY;
            /* Nothing was fetched: the position stays where it was. */
            e->pos -= i;
            while (i--) VariantClear(&items[i]);
            return E_OUTOFMEMORY;
        }
        e->pos++;
    }
    if (fetched) *fetched = i;
    return i == celt ? S_OK : S_FALSE;
}

static HRESULT WINAPI id_enum_Skip(IEnumVARIANT *iface, ULONG celt)
{
    struct id_enum *e = impl_from_IEnumVARIANT(iface);

    TRACE("%p, %lu.\n", iface, celt);

    if (celt > (ULONG)(e->count - e->pos))
    {
        e->pos = e->count;
        return S_FALSE;
    }
    e->pos += celt;
    return S_OK;
}

static HRESULT WINAPI id_enum_Reset(IEnumVARIANT *iface)
{
    struct id_enum *e = impl_from_IEnumVARIANT(iface);

    TRACE("%p.\n", iface);

    e->pos = 0;
    return S_OK;
}

static HRESULT WINAPI id_enum_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct id_enum *e = impl_from_IEnumVARIANT(iface);
    BSTR *ids = NULL;
    HRESULT hr;
    LONG i;

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    *out = NULL;

    if (e->count && !(ids = calloc(e->count, sizeof(*ids))))
        return E_OUTOFMEMORY;
    for (i = 0; i < e->count; ++i)
    {
        if (!(ids[i] = SysAllocString(e->ids[i])))
        {
            free_ids(ids, i);
            return E_OUTOFMEMORY;
        }
    }
    if (FAILED(hr = id_enum_create(ids, e->count, e->pos, out)))
        free_ids(ids, e->count);
    return hr;
}

static const IEnumVARIANTVtbl id_enum_vtbl =
{
    id_enum_QueryInterface,
    id_enum_AddRef,
    id_enum_Release,
    id_enum_Next,
    id_enum_Skip,
    id_enum_Reset,
    id_enum_Clone,
};

/* Takes ownership of ids on success. */
static HRESULT id_enum_create(BSTR *ids, LONG count, LONG pos, IEnumVARIANT **out)
{
    struct id_enum *e;

    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    e->IEnumVARIANT_iface.lpVtbl = &id_enum_vtbl;
    e->refcount = 1;
    lock_module();
    e->ids = ids;
    e->count = count;
    e->pos = pos;
    *out = &e->IEnumVARIANT_iface;
    return S_OK;
}

/* The device change poller. */

static void fire_device_event(struct discmaster *master, DISPID dispid, const WCHAR *id)
{
    DISPPARAMS params;
    VARIANT args[2];

    /* Arguments in reverse order: (IDispatch *object, BSTR uniqueId). */
    V_VT(&args[0]) = VT_BSTR;
    if (!(V_BSTR(&args[0]) = SysAllocString(id))) return;
    V_VT(&args[1]) = VT_DISPATCH;
    V_DISPATCH(&args[1]) = (IDispatch *)&master->IDiscMaster2_iface;
    params.rgvarg = args;
    params.rgdispidNamedArgs = NULL;
    params.cArgs = 2;
    params.cNamedArgs = 0;

    connection_point_fire(&master->source.cp, dispid, &params);
    SysFreeString(V_BSTR(&args[0]));
}

/* Takes a reference unless the object is already being destroyed. */
static BOOL discmaster_grab(struct discmaster *master)
{
    LONG refcount;

    do
    {
        if (!(refcount = master->refcount)) return FALSE;
    } while (InterlockedCompareExchange(&master->refcount, refcount + 1, refcount) != refcount);
    return TRUE;
}

/* Called with master->cs held: the sinks learn of the current recorders. */
static void set_notified(struct discmaster *master)
{
    unsigned int i;

    master->notified = 0;
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        if (!master->drives[i].is_recorder) continue;
        master->notified |= 1u << i;
        memcpy(master->notified_ids[i], master->drives[i].id, sizeof(master->notified_ids[i]));
    }
}

static void poll_once(struct discmaster *master)
{
    WCHAR added_ids[DRIVE_LETTERS][RECORDER_ID_LENGTH], removed_ids[DRIVE_LETTERS][RECORDER_ID_LENGTH];
    DWORD added = 0, removed = 0;
    unsigned int i;

    discmaster_rescan(master);

    /* Compared with what the sinks were told rather than with the previous
     * scan: a client's get_Count may have rescanned in between. */
    EnterCriticalSection(&master->cs);
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        const struct drive_entry *drive = &master->drives[i];
        BOOL was = !!(master->notified & (1u << i));

        if (was && (!drive->is_recorder || wcscmp(drive->id, master->notified_ids[i])))
        {
            removed |= 1u << i;
            memcpy(removed_ids[i], master->notified_ids[i], sizeof(removed_ids[i]));
            was = FALSE;
        }
        if (!was && drive->is_recorder)
        {
            added |= 1u << i;
            memcpy(added_ids[i], drive->id, sizeof(added_ids[i]));
        }
    }
    set_notified(master);
    LeaveCriticalSection(&master->cs);

    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        if (removed & (1u << i))
            fire_device_event(master, DISPID_DDISCMASTER2EVENTS_DEVICEREMOVED, removed_ids[i]);
    }
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        if (added & (1u << i))
            fire_device_event(master, DISPID_DDISCMASTER2EVENTS_DEVICEADDED, added_ids[i]);
    }
}

static void device_poller_release(struct device_poller *poller)
{
    if (InterlockedDecrement(&poller->refcount)) return;
    CloseHandle(poller->stop);
    DeleteCriticalSection(&poller->cs);
    free(poller);
}

static DWORD WINAPI poll_thread_proc(void *arg)
{
    struct device_poller *poller = arg;
    HMODULE module = poller->module;
    HRESULT hr;

    TRACE("Poller %p started.\n", poller);

    /* The events are fired from this thread, so it must be in an apartment;
     * the connection point takes each call to the sink's own apartment. */
    if (FAILED(hr = CoInitializeEx(NULL, COINIT_MULTITHREADED)))
        WARN("CoInitializeEx failed, hr %#lx.\n", hr);

    while (WaitForSingleObject(poller->stop, POLL_INTERVAL_MS) == WAIT_TIMEOUT)
    {
        struct discmaster *master;

        EnterCriticalSection(&poller->cs);
        if ((master = poller->master) && !discmaster_grab(master))
            master = NULL;
        LeaveCriticalSection(&poller->cs);
        if (!master) break;

        poll_once(master);
        /* The last reference may go here: the disc master then stops us. */
        IDiscMaster2_Release(&master->IDiscMaster2_iface);
    }

    TRACE("Poller %p stopped.\n", poller);
    if (SUCCEEDED(hr)) CoUninitialize();
    device_poller_release(poller);
    FreeLibraryAndExitThread(module, 0);
    return 0;
}

static struct device_poller *device_poller_start(struct discmaster *master)
{
    struct device_poller *poller;
    HANDLE thread;

    if (!(poller = calloc(1, sizeof(*poller))))
        return NULL;
    poller->refcount = 2;
    poller->master = master;
    InitializeCriticalSection(&poller->cs);
    if (!(poller->stop = CreateEventW(NULL, TRUE, FALSE, NULL)))
        goto failed;
    /* Held by the thread until it has left: COM may unload the module when
     * the last object goes (DllCanUnloadNow, CoFreeUnusedLibraries). */
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)poll_thread_proc,
            &poller->module))
        goto failed;
    if (!(thread = CreateThread(NULL, 0, poll_thread_proc, poller, 0, NULL)))
    {
        FreeLibrary(poller->module);
        goto failed;
    }
    CloseHandle(thread);
    return poller;

failed:
    ERR("Failed to start the device poller, error %lu.\n", GetLastError());
    if (poller->stop) CloseHandle(poller->stop);
    DeleteCriticalSection(&poller->cs);
    free(poller);
    return NULL;
}

/* Never waits: may be called on the poller's thread, from a sink's handler,
 * or from an apartment the thread is calling. */
static void device_poller_stop(struct device_poller *poller)
{
    EnterCriticalSection(&poller->cs);
    poller->master = NULL;
    LeaveCriticalSection(&poller->cs);
    SetEvent(poller->stop);
    device_poller_release(poller);
}

/* Starts the poller when the first sink is advised and stops it when the
 * last one goes. */
static void update_poller(struct discmaster *master)
{
    struct device_poller *old = NULL;

    /* Probing can take long: do it before taking the lock. */
    if (connection_point_has_sinks(&master->source.cp))
        discmaster_rescan(master);

    /* Read under the lock: with two racing calls, the later one decides. */
    EnterCriticalSection(&master->poll_cs);
    if (connection_point_has_sinks(&master->source.cp))
    {
        if (!master->poller)
        {
            /* Only a race with Unadvise can bring us here unscanned. */
            if (!master->scanned) discmaster_rescan(master);
            /* The sinks learn of changes relative to this. */
            EnterCriticalSection(&master->cs);
            set_notified(master);
            LeaveCriticalSection(&master->cs);
            master->poller = device_poller_start(master);
        }
    }
    else
    {
        old = master->poller;
        master->poller = NULL;
    }
    LeaveCriticalSection(&master->poll_cs);

    if (old) device_poller_stop(old);
}

static void discmaster_sinks_changed(struct connection_point *cp)
{
    update_poller(CONTAINING_RECORD(cp, struct discmaster, source.cp));
}

/* IDiscMaster2 */

static HRESULT WINAPI discmaster_QueryInterface(IDiscMaster2 *iface, REFIID riid, void **out)
{
    struct discmaster *master = impl_from_IDiscMaster2(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscMaster2))
    {
        *out = &master->IDiscMaster2_iface;
    }
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
    {
        *out = &master->source.IConnectionPointContainer_iface;
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

static ULONG WINAPI discmaster_AddRef(IDiscMaster2 *iface)
{
    struct discmaster *master = impl_from_IDiscMaster2(iface);
    ULONG refcount = InterlockedIncrement(&master->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI discmaster_Release(IDiscMaster2 *iface)
{
    struct discmaster *master = impl_from_IDiscMaster2(iface);
    ULONG refcount = InterlockedDecrement(&master->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        /* Not waited for: it may be this very thread, or be waiting for it. */
        if (master->poller)
            device_poller_stop(master->poller);
        event_source_cleanup(&master->source);
        DeleteCriticalSection(&master->poll_cs);
        DeleteCriticalSection(&master->cs);
        free(master);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI discmaster_GetTypeInfoCount(IDiscMaster2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI discmaster_GetTypeInfo(IDiscMaster2 *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, info);
    return dispatch_get_type_info(IDiscMaster2_tid, index, info);
}

static HRESULT WINAPI discmaster_GetIDsOfNames(IDiscMaster2 *iface, REFIID riid, LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IDiscMaster2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI discmaster_Invoke(IDiscMaster2 *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);
    return dispatch_invoke(IDiscMaster2_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI discmaster_get__NewEnum(IDiscMaster2 *iface, IEnumVARIANT **out)
{
    struct discmaster *master = impl_from_IDiscMaster2(iface);
    LONG count;
    BSTR *ids;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    *out = NULL;

    if (FAILED(hr = discmaster_snapshot(master, &ids, &count)))
        return hr;
    if (FAILED(hr = id_enum_create(ids, count, 0, out)))
        free_ids(ids, count);
    return hr;
}

static HRESULT WINAPI discmaster_get_Item(IDiscMaster2 *iface, LONG index, BSTR *value)
{
    struct discmaster *master = impl_from_IDiscMaster2(iface);
    HRESULT hr = E_INVALIDARG;
    unsigned int i;
    LONG n = 0;

    TRACE("%p, %ld, %p.\n", iface, index, value);

    if (!value) return E_POINTER;
    *value = NULL;

    discmaster_rescan(master);
    EnterCriticalSection(&master->cs);
    for (i = 0; i < DRIVE_LETTERS; ++i)
    {
        if (!master->drives[i].is_recorder || n++ != index) continue;
        hr = (*value = SysAllocString(master->drives[i].id)) ? S_OK : E_OUTOFMEMORY;
        break;
    }
    LeaveCriticalSection(&master->cs);

    if (hr == E_INVALIDARG)
        WARN("Index %ld out of range (%ld recorders).\n", index, n);
    return hr;
}

static HRESULT WINAPI discmaster_get_Count(IDiscMaster2 *iface, LONG *value)
{
    struct discmaster *master = impl_from_IDiscMaster2(iface);
    unsigned int i;
    LONG count = 0;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    discmaster_rescan(master);
    EnterCriticalSection(&master->cs);
    for (i = 0; i < DRIVE_LETTERS; ++i)
        if (master->drives[i].is_recorder) ++count;
    LeaveCriticalSection(&master->cs);

    *value = count;
    return S_OK;
}

/* Microsoft: TRUE when at least one recorder can be initialised; every
 * enumerated recorder already answered INQUIRY as an MMC device. */
static HRESULT WINAPI discmaster_get_IsSupportedEnvironment(IDiscMaster2 *iface, VARIANT_BOOL *value)
{
    LONG count;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    if (FAILED(hr = discmaster_get_Count(iface, &count)))
        return hr;
    *value = count ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static const IDiscMaster2Vtbl discmaster_vtbl =
{
    discmaster_QueryInterface,
    discmaster_AddRef,
    discmaster_Release,
    discmaster_GetTypeInfoCount,
    discmaster_GetTypeInfo,
    discmaster_GetIDsOfNames,
    discmaster_Invoke,
    discmaster_get__NewEnum,
    discmaster_get_Item,
    discmaster_get_Count,
    discmaster_get_IsSupportedEnvironment,
};

HRESULT discmaster_create(REFIID riid, void **out)
{
    struct discmaster *master;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(master = calloc(1, sizeof(*master))))
        return E_OUTOFMEMORY;

    master->IDiscMaster2_iface.lpVtbl = &discmaster_vtbl;
    master->refcount = 1;
    lock_module();
    event_source_init(&master->source, (IUnknown *)&master->IDiscMaster2_iface, &IID_DDiscMaster2Events);
    master->source.cp.sinks_changed = discmaster_sinks_changed;
    InitializeCriticalSection(&master->cs);
    InitializeCriticalSection(&master->poll_cs);

    hr = IDiscMaster2_QueryInterface(&master->IDiscMaster2_iface, riid, out);
    IDiscMaster2_Release(&master->IDiscMaster2_iface);
    return hr;
}

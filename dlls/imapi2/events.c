/*
 * Image Mastering API v2: connection points for the event interfaces.
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

#include <stdlib.h>

#include "events.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

static inline struct connection_point *impl_from_IConnectionPoint(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct connection_point, IConnectionPoint_iface);
}

/* One advised sink.  COM lets a sink be called only from the apartment that
 * advised it, and the disc master fires from its own (multithreaded) poller
 * thread: so the sink is registered in the global interface table, and every
 * call asks the table for a pointer valid in the calling apartment (a proxy
 * to the sink's single-threaded apartment, where the call then waits for that
 * thread to pump messages; the sink itself in its own apartment).  The format
 * objects fire synchronously on the thread that called Write, normally the
 * sink's own apartment, where this costs one look-up per event; they take the
 * same path, which also serves a Write called from another apartment.
 *
 * A connection is reference counted: firing and enumerating hold a reference
 * outside the connection point's lock, so a sink may be unadvised meanwhile
 * (from its handler, or from its apartment while a call to it is pending)
 * and the table entry goes with the last reference.  Revoking is allowed from
 * any apartment. */
struct connection
{
    LONG refcount;
    DWORD global_cookie;    /* the sink in the global interface table, 0 if not there */
    IDispatch *direct;      /* the sink, when it could not be registered there */
};

static IGlobalInterfaceTable *get_global_table(void)
{
    IGlobalInterfaceTable *table;
    HRESULT hr;

    if (FAILED(hr = CoCreateInstance(&CLSID_StdGlobalInterfaceTable, NULL, CLSCTX_INPROC_SERVER,
            &IID_IGlobalInterfaceTable, (void **)&table)))
    {
        WARN("No global interface table, hr %#lx.\n", hr);
        return NULL;
    }
    return table;
}

/* Takes over the reference on sink. */
static HRESULT connection_create(IDispatch *sink, struct connection **out)
{
    IGlobalInterfaceTable *table;
    struct connection *connection;
    HRESULT hr = E_FAIL;

    if (!(connection = calloc(1, sizeof(*connection))))
    {
        IDispatch_Release(sink);
        return E_OUTOFMEMORY;
    }
    connection->refcount = 1;

    if ((table = get_global_table()))
    {
        hr = IGlobalInterfaceTable_RegisterInterfaceInGlobal(table, (IUnknown *)sink, &IID_IDispatch,
                &connection->global_cookie);
        IGlobalInterfaceTable_Release(table);
    }
    if (SUCCEEDED(hr))
    {
        IDispatch_Release(sink);
    }
    else
    {
        /* Not marshallable, or no COM on this thread: called directly, as
         * it can only be from the thread that fires. */
        WARN("Sink %p not registered in the global interface table, hr %#lx.\n", sink, hr);
        connection->global_cookie = 0;
        connection->direct = sink;
    }
    *out = connection;
    return S_OK;
}

static void connection_addref(struct connection *connection)
{
    InterlockedIncrement(&connection->refcount);
}

static void connection_release(struct connection *connection)
{
    IGlobalInterfaceTable *table;
    HRESULT hr;

    if (InterlockedDecrement(&connection->refcount)) return;

    if (connection->direct)
    {
        IDispatch_Release(connection->direct);
    }
    else if ((table = get_global_table()))
    {
        if (FAILED(hr = IGlobalInterfaceTable_RevokeInterfaceFromGlobal(table, connection->global_cookie)))
            WARN("Failed to revoke sink %#lx, hr %#lx.\n", connection->global_cookie, hr);
        IGlobalInterfaceTable_Release(table);
    }
    free(connection);
}

/* The sink as the calling apartment may use it; never called with a lock
 * held: reaching another apartment may wait for it. */
static HRESULT connection_get_sink(struct connection *connection, IDispatch **sink)
{
    IGlobalInterfaceTable *table;
    HRESULT hr;

    if (connection->direct)
    {
        *sink = connection->direct;
        IDispatch_AddRef(*sink);
        return S_OK;
    }
    *sink = NULL;
    if (!(table = get_global_table()))
        return CO_E_NOTINITIALIZED;
    hr = IGlobalInterfaceTable_GetInterfaceFromGlobal(table, connection->global_cookie, &IID_IDispatch,
            (void **)sink);
    IGlobalInterfaceTable_Release(table);
    return hr;
}

/* References the connections advised now; the caller releases them. */
static HRESULT connection_point_snapshot(struct connection_point *cp, struct connection ***out,
        DWORD **cookies, ULONG *count)
{
    struct connection **connections = NULL;
    ULONG n = 0;
    DWORD i;

    *cookies = NULL;
    EnterCriticalSection(&cp->cs);
    if (cp->sinks_size && (!(connections = malloc(cp->sinks_size * sizeof(*connections)))
            || !(*cookies = malloc(cp->sinks_size * sizeof(**cookies)))))
    {
        LeaveCriticalSection(&cp->cs);
        free(connections);
        return E_OUTOFMEMORY;
    }
    for (i = 0; i < cp->sinks_size; ++i)
    {
        if (!cp->sinks[i]) continue;
        connection_addref(cp->sinks[i]);
        connections[n] = cp->sinks[i];
        (*cookies)[n] = i + 1;
        ++n;
    }
    LeaveCriticalSection(&cp->cs);

    *out = connections;
    *count = n;
    return S_OK;
}

static HRESULT WINAPI connection_point_QueryInterface(IConnectionPoint *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IConnectionPoint))
    {
        *out = iface;
        IConnectionPoint_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI connection_point_AddRef(IConnectionPoint *iface)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    return IConnectionPointContainer_AddRef(cp->container);
}

static ULONG WINAPI connection_point_Release(IConnectionPoint *iface)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    return IConnectionPointContainer_Release(cp->container);
}

static HRESULT WINAPI connection_point_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);

    TRACE("%p, %p.\n", iface, iid);

    if (!iid) return E_POINTER;
    *iid = cp->iid;
    return S_OK;
}

static HRESULT WINAPI connection_point_GetConnectionPointContainer(IConnectionPoint *iface,
        IConnectionPointContainer **container)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);

    TRACE("%p, %p.\n", iface, container);

    if (!container) return E_POINTER;
    *container = cp->container;
    IConnectionPointContainer_AddRef(*container);
    return S_OK;
}

static HRESULT WINAPI connection_point_Advise(IConnectionPoint *iface, IUnknown *sink, DWORD *cookie)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    struct connection *connection;
    IDispatch *disp;
    HRESULT hr;
    DWORD i;

    TRACE("%p, %p, %p.\n", iface, sink, cookie);

    if (!sink || !cookie) return E_POINTER;
    *cookie = 0;

    if (FAILED(IUnknown_QueryInterface(sink, &cp->iid, (void **)&disp))
            && FAILED(IUnknown_QueryInterface(sink, &IID_IDispatch, (void **)&disp)))
        return CONNECT_E_CANNOTCONNECT;
    /* Registered in the global interface table from the advising apartment. */
    if (FAILED(hr = connection_create(disp, &connection)))
        return hr;

    EnterCriticalSection(&cp->cs);
    for (i = 0; i < cp->sinks_size; ++i)
    {
        if (!cp->sinks[i]) break;
    }
    if (i == cp->sinks_size)
    {
        DWORD new_size = cp->sinks_size ? cp->sinks_size * 2 : 4;
        struct connection **new_sinks = realloc(cp->sinks, new_size * sizeof(*new_sinks));

        if (!new_sinks)
        {
            LeaveCriticalSection(&cp->cs);
            connection_release(connection);
            return E_OUTOFMEMORY;
        }
        memset(new_sinks + cp->sinks_size, 0, (new_size - cp->sinks_size) * sizeof(*new_sinks));
        cp->sinks = new_sinks;
        cp->sinks_size = new_size;
    }
    cp->sinks[i] = connection;
    LeaveCriticalSection(&cp->cs);

    *cookie = i + 1;
    if (cp->sinks_changed)
        cp->sinks_changed(cp);
    return S_OK;
}

static HRESULT WINAPI connection_point_Unadvise(IConnectionPoint *iface, DWORD cookie)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    struct connection *connection = NULL;

    TRACE("%p, %lu.\n", iface, cookie);

    EnterCriticalSection(&cp->cs);
    if (cookie && cookie <= cp->sinks_size)
    {
        connection = cp->sinks[cookie - 1];
        cp->sinks[cookie - 1] = NULL;
    }
    LeaveCriticalSection(&cp->cs);

    if (!connection) return CONNECT_E_NOCONNECTION;
    /* A call to it already under way keeps its own reference. */
    connection_release(connection);
    if (cp->sinks_changed)
        cp->sinks_changed(cp);
    return S_OK;
}

/* IEnumConnections over a snapshot of the advised sinks. */

struct connection_enum
{
    IEnumConnections IEnumConnections_iface;
    LONG refcount;
    CONNECTDATA *items;
    ULONG count;
    ULONG pos;
};

static inline struct connection_enum *impl_from_IEnumConnections(IEnumConnections *iface)
{
    return CONTAINING_RECORD(iface, struct connection_enum, IEnumConnections_iface);
}

static HRESULT connection_enum_create(const CONNECTDATA *items, ULONG count, ULONG pos, IEnumConnections **out);

static HRESULT WINAPI connection_enum_QueryInterface(IEnumConnections *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumConnections))
    {
        *out = iface;
        IEnumConnections_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI connection_enum_AddRef(IEnumConnections *iface)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);
    ULONG refcount = InterlockedIncrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI connection_enum_Release(IEnumConnections *iface)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);
    ULONG refcount = InterlockedDecrement(&e->refcount);
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        for (i = 0; i < e->count; ++i)
            IUnknown_Release(e->items[i].pUnk);
        free(e->items);
        free(e);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI connection_enum_Next(IEnumConnections *iface, ULONG count, CONNECTDATA *items, ULONG *fetched)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);
    ULONG n = 0;

    TRACE("%p, %lu, %p, %p.\n", iface, count, items, fetched);

    if (!items || (count > 1 && !fetched)) return E_POINTER;

    while (n < count && e->pos < e->count)
    {
        items[n] = e->items[e->pos++];
        IUnknown_AddRef(items[n].pUnk);
        ++n;
    }
    if (fetched) *fetched = n;
    return n == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI connection_enum_Skip(IEnumConnections *iface, ULONG count)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);
    ULONG left = e->count - e->pos;

    TRACE("%p, %lu.\n", iface, count);

    e->pos += min(count, left);
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI connection_enum_Reset(IEnumConnections *iface)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);

    TRACE("%p.\n", iface);

    e->pos = 0;
    return S_OK;
}

static HRESULT WINAPI connection_enum_Clone(IEnumConnections *iface, IEnumConnections **out)
{
    struct connection_enum *e = impl_from_IEnumConnections(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return connection_enum_create(e->items, e->count, e->pos, out);
}

static const IEnumConnectionsVtbl connection_enum_vtbl =
{
    connection_enum_QueryInterface,
    connection_enum_AddRef,
    connection_enum_Release,
    connection_enum_Next,
    connection_enum_Skip,
    connection_enum_Reset,
    connection_enum_Clone,
};

static HRESULT connection_enum_create(const CONNECTDATA *items, ULONG count, ULONG pos, IEnumConnections **out)
{
    struct connection_enum *e;
    ULONG i;

    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    if (count && !(e->items = malloc(count * sizeof(*e->items))))
    {
        free(e);
        return E_OUTOFMEMORY;
    }
    e->IEnumConnections_iface.lpVtbl = &connection_enum_vtbl;
    e->refcount = 1;
    lock_module();
    e->count = count;
    e->pos = pos;
    for (i = 0; i < count; ++i)
    {
        e->items[i] = items[i];
        IUnknown_AddRef(e->items[i].pUnk);
    }
    *out = &e->IEnumConnections_iface;
    return S_OK;
}

static HRESULT WINAPI connection_point_EnumConnections(IConnectionPoint *iface, IEnumConnections **connections)
{
    struct connection_point *cp = impl_from_IConnectionPoint(iface);
    struct connection **snapshot;
    CONNECTDATA *items = NULL;
    ULONG count, fetched = 0, i;
    DWORD *cookies;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, connections);

    if (!connections) return E_POINTER;
    *connections = NULL;

    if (FAILED(hr = connection_point_snapshot(cp, &snapshot, &cookies, &count)))
        return hr;
    if (count && !(items = malloc(count * sizeof(*items))))
        hr = E_OUTOFMEMORY;
    for (i = 0; i < count; ++i)
    {
        IDispatch *sink;

        /* The sinks as the caller's apartment may use them. */
        if (SUCCEEDED(hr) && SUCCEEDED(connection_get_sink(snapshot[i], &sink)))
        {
            items[fetched].pUnk = (IUnknown *)sink;
            items[fetched].dwCookie = cookies[i];
            ++fetched;
        }
        connection_release(snapshot[i]);
    }
    if (SUCCEEDED(hr))
        hr = connection_enum_create(items, fetched, 0, connections);
    for (i = 0; i < fetched; ++i)
        IUnknown_Release(items[i].pUnk);
    free(items);
    free(cookies);
    free(snapshot);
    return hr;
}

static const IConnectionPointVtbl connection_point_vtbl =
{
    connection_point_QueryInterface,
    connection_point_AddRef,
    connection_point_Release,
    connection_point_GetConnectionInterface,
    connection_point_GetConnectionPointContainer,
    connection_point_Advise,
    connection_point_Unadvise,
    connection_point_EnumConnections,
};

void connection_point_init(struct connection_point *cp, IConnectionPointContainer *container, REFIID iid)
{
    cp->IConnectionPoint_iface.lpVtbl = &connection_point_vtbl;
    cp->container = container;
    cp->iid = *iid;
    cp->sinks = NULL;
    cp->sinks_size = 0;
    cp->sinks_changed = NULL;
    InitializeCriticalSection(&cp->cs);
}

void connection_point_cleanup(struct connection_point *cp)
{
    DWORD i;

    for (i = 0; i < cp->sinks_size; ++i)
    {
        if (cp->sinks[i])
            connection_release(cp->sinks[i]);
    }
    free(cp->sinks);
    DeleteCriticalSection(&cp->cs);
}

BOOL connection_point_has_sinks(struct connection_point *cp)
{
    BOOL ret = FALSE;
    DWORD i;

    EnterCriticalSection(&cp->cs);
    for (i = 0; i < cp->sinks_size && !ret; ++i)
        ret = cp->sinks[i] != NULL;
    LeaveCriticalSection(&cp->cs);
    return ret;
}

/* Calls every sink, in its own apartment, with no lock held: a sink may
 * Advise or Unadvise from inside its handler, and a call to another apartment
 * waits until that apartment takes it, maybe after calling us itself. */
void connection_point_fire(struct connection_point *cp, DISPID dispid, DISPPARAMS *params)
{
    struct connection **snapshot;
    ULONG count, i;
    DWORD *cookies;
    HRESULT hr;

    if (FAILED(connection_point_snapshot(cp, &snapshot, &cookies, &count)))
    {
        WARN("Out of memory, dispid %ld not fired.\n", dispid);
        return;
    }

    for (i = 0; i < count; ++i)
    {
        IDispatch *sink;
        BOOL advised;

        /* An earlier handler may have unadvised it. */
        EnterCriticalSection(&cp->cs);
        advised = cookies[i] <= cp->sinks_size && cp->sinks[cookies[i] - 1] == snapshot[i];
        LeaveCriticalSection(&cp->cs);

        if (!advised)
        {
            TRACE("Sink %lu unadvised meanwhile.\n", cookies[i]);
        }
        else if (FAILED(hr = connection_get_sink(snapshot[i], &sink)))
        {
            WARN("Sink %lu unreachable, hr %#lx.\n", cookies[i], hr);
        }
        else
        {
            hr = IDispatch_Invoke(sink, dispid, &IID_NULL, LOCALE_SYSTEM_DEFAULT, DISPATCH_METHOD,
                    params, NULL, NULL, NULL);
            if (FAILED(hr))
                WARN("Sink %lu failed dispid %ld, hr %#lx.\n", cookies[i], dispid, hr);
            IDispatch_Release(sink);
        }
        connection_release(snapshot[i]);
    }
    free(cookies);
    free(snapshot);
}

void connection_point_fire_update(struct connection_point *cp, DISPID dispid, IDispatch *object,
        IDispatch *args)
{
    DISPPARAMS params;
    VARIANT argv[2];

    /* Arguments in reverse order. */
    V_VT(&argv[0]) = VT_DISPATCH;
    V_DISPATCH(&argv[0]) = args;
    V_VT(&argv[1]) = VT_DISPATCH;
    V_DISPATCH(&argv[1]) = object;
    params.rgvarg = argv;
    params.rgdispidNamedArgs = NULL;
    params.cArgs = 2;
    params.cNamedArgs = 0;
    connection_point_fire(cp, dispid, &params);
}

static inline struct event_source *impl_from_IConnectionPointContainer(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct event_source, IConnectionPointContainer_iface);
}

static HRESULT WINAPI event_source_QueryInterface(IConnectionPointContainer *iface, REFIID riid, void **out)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);
    return IUnknown_QueryInterface(source->outer, riid, out);
}

static ULONG WINAPI event_source_AddRef(IConnectionPointContainer *iface)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);
    return IUnknown_AddRef(source->outer);
}

static ULONG WINAPI event_source_Release(IConnectionPointContainer *iface)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);
    return IUnknown_Release(source->outer);
}

/* IEnumConnectionPoints over the container's connection points. */

static ULONG point_count(const struct event_source *source)
{
    return IsEqualGUID(&source->cp2.iid, &GUID_NULL) ? 1 : 2;
}

struct point_enum
{
    IEnumConnectionPoints IEnumConnectionPoints_iface;
    LONG refcount;
    struct event_source *source;    /* holds a reference on the container */
    ULONG pos;
};

static inline struct point_enum *impl_from_IEnumConnectionPoints(IEnumConnectionPoints *iface)
{
    return CONTAINING_RECORD(iface, struct point_enum, IEnumConnectionPoints_iface);
}

static HRESULT point_enum_create(struct event_source *source, ULONG pos, IEnumConnectionPoints **out);

static HRESULT WINAPI point_enum_QueryInterface(IEnumConnectionPoints *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumConnectionPoints))
    {
        *out = iface;
        IEnumConnectionPoints_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI point_enum_AddRef(IEnumConnectionPoints *iface)
{
    struct point_enum *e = impl_from_IEnumConnectionPoints(iface);
    ULONG refcount = InterlockedIncrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI point_enum_Release(IEnumConnectionPoints *iface)
{
    struct point_enum *e = impl_from_IEnumConnectionPoints(iface);
    ULONG refcount = InterlockedDecrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        IConnectionPointContainer_Release(&e->source->IConnectionPointContainer_iface);
        free(e);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI point_enum_Next(IEnumConnectionPoints *iface, ULONG count, IConnectionPoint **points,
        ULONG *fetched)
{
    struct point_enum *e = impl_from_IEnumConnectionPoints(iface);
    ULONG n = 0;

    TRACE("%p, %lu, %p, %p.\n", iface, count, points, fetched);

    if (!points || (count > 1 && !fetched)) return E_POINTER;

    while (n < count && e->pos < point_count(e->source))
    {
        points[n] = e->pos ? &e->source->cp2.IConnectionPoint_iface : &e->source->cp.IConnectionPoint_iface;
        IConnectionPoint_AddRef(points[n]);
        e->pos++;
        n++;
    }
    if (fetched) *fetched = n;
    return n == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI point_enum_Skip(IEnumConnectionPoints *iface, ULONG count)
{
    struct point_enum *e = impl_from_IEnumConnectionPoints(iface);
    ULONG left = point_count(e->source) - e->pos;

    TRACE("%p, %lu.\n", iface, count);

    e->pos += min(count, left);
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI point_enum_Reset(IEnumConnectionPoints *iface)
{
    struct point_enum *e = impl_from_IEnumConnectionPoints(iface);

    TRACE("%p.\n", iface);

    e->pos = 0;
    return S_OK;
}

static HRESULT WINAPI point_enum_Clone(IEnumConnectionPoints *iface, IEnumConnectionPoints **out)
{
    struct point_enum *e = impl_from_IEnumConnectionPoints(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return point_enum_create(e->source, e->pos, out);
}

static const IEnumConnectionPointsVtbl point_enum_vtbl =
{
    point_enum_QueryInterface,
    point_enum_AddRef,
    point_enum_Release,
    point_enum_Next,
    point_enum_Skip,
    point_enum_Reset,
    point_enum_Clone,
};

static HRESULT point_enum_create(struct event_source *source, ULONG pos, IEnumConnectionPoints **out)
{
    struct point_enum *e;

    if (!(e = calloc(1, sizeof(*e))))
        return E_OUTOFMEMORY;
    e->IEnumConnectionPoints_iface.lpVtbl = &point_enum_vtbl;
    e->refcount = 1;
    lock_module();
    e->source = source;
    e->pos = pos;
    IConnectionPointContainer_AddRef(&source->IConnectionPointContainer_iface);
    *out = &e->IEnumConnectionPoints_iface;
    return S_OK;
}

static HRESULT WINAPI event_source_EnumConnectionPoints(IConnectionPointContainer *iface,
        IEnumConnectionPoints **points)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);

    TRACE("%p, %p.\n", iface, points);

    if (!points) return E_POINTER;
    *points = NULL;
    return point_enum_create(source, 0, points);
}

static HRESULT WINAPI event_source_FindConnectionPoint(IConnectionPointContainer *iface,
        REFIID riid, IConnectionPoint **point)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), point);

    if (!point) return E_POINTER;

    if (IsEqualGUID(riid, &source->cp.iid))
    {
        *point = &source->cp.IConnectionPoint_iface;
        IConnectionPoint_AddRef(*point);
        return S_OK;
    }
    if (point_count(source) > 1 && IsEqualGUID(riid, &source->cp2.iid))
    {
        *point = &source->cp2.IConnectionPoint_iface;
        IConnectionPoint_AddRef(*point);
        return S_OK;
    }

    WARN("Unsupported connection point %s.\n", debugstr_guid(riid));
    *point = NULL;
    return CONNECT_E_NOCONNECTION;
}

static const IConnectionPointContainerVtbl event_source_vtbl =
{
    event_source_QueryInterface,
    event_source_AddRef,
    event_source_Release,
    event_source_EnumConnectionPoints,
    event_source_FindConnectionPoint,
};

void event_source_init(struct event_source *source, IUnknown *outer, REFIID iid)
{
    event_source_init2(source, outer, iid, &GUID_NULL);
}

void event_source_init2(struct event_source *source, IUnknown *outer, REFIID iid, REFIID iid2)
{
    source->IConnectionPointContainer_iface.lpVtbl = &event_source_vtbl;
    source->outer = outer;
    connection_point_init(&source->cp, &source->IConnectionPointContainer_iface, iid);
    connection_point_init(&source->cp2, &source->IConnectionPointContainer_iface, iid2);
}

void event_source_cleanup(struct event_source *source)
{
    connection_point_cleanup(&source->cp);
    connection_point_cleanup(&source->cp2);
}

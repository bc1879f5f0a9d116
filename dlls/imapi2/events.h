/*
 * Connection points and connection point containers, for the objects of
 * imapi2.dll and imapi2fs.dll.
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

#ifndef __IMAPI2_EVENTS_H
#define __IMAPI2_EVENTS_H

#include <stdarg.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"

/* Each DLL counts its live objects for DllCanUnloadNow (main.c). */
void lock_module(void);
void unlock_module(void);

/* Connection points: one outgoing (event) interface per object.  Each sink
 * is kept in the global interface table, so that it is always called in the
 * apartment that advised it, whatever thread fires the event. */
struct connection;

struct connection_point
{
    IConnectionPoint IConnectionPoint_iface;
    IConnectionPointContainer *container;  /* not a reference: the container owns us */
    IID iid;
    CRITICAL_SECTION cs;
    struct connection **sinks;  /* indexed by cookie - 1, NULL where free */
    DWORD sinks_size;
    /* optional: called after a successful Advise or Unadvise, outside the lock */
    void (*sinks_changed)(struct connection_point *cp);
};

void connection_point_init(struct connection_point *cp, IConnectionPointContainer *container,
        REFIID iid);
void connection_point_cleanup(struct connection_point *cp);
BOOL connection_point_has_sinks(struct connection_point *cp);
void connection_point_fire(struct connection_point *cp, DISPID dispid, DISPPARAMS *params);
/* The Update(object, args) of the burners' event interfaces: two IDispatch
 * arguments, the object that fires and its event args. */
void connection_point_fire_update(struct connection_point *cp, DISPID dispid, IDispatch *object,
        IDispatch *args);

/* An IConnectionPointContainer embedded in an object, forwarding IUnknown to it. */
struct event_source
{
    IConnectionPointContainer IConnectionPointContainer_iface;
    IUnknown *outer;
    struct connection_point cp;
    struct connection_point cp2;    /* a second outgoing interface, when cp2.iid is not GUID_NULL */
};

void event_source_init(struct event_source *source, IUnknown *outer, REFIID iid);
void event_source_init2(struct event_source *source, IUnknown *outer, REFIID iid, REFIID iid2);
void event_source_cleanup(struct event_source *source);

#endif /* __IMAPI2_EVENTS_H */

/*
 * IMAPI2 file system image: BootOptions, one El Torito boot entry.
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

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* The ID string of the El Torito validation entry: 24 bytes. */
#define MANUFACTURER_MAX 24

/* Floppy images must have exactly the size of the emulated floppy. */
static const ULONGLONG floppy_sizes[] =
{
    [Emulation12MFloppy]  = 1200 * 1024,
    [Emulation144MFloppy] = 1440 * 1024,
    [Emulation288MFloppy] = 2880 * 1024,
};

static BOOL is_floppy(EmulationType emulation)
{
    return emulation == Emulation12MFloppy || emulation == Emulation144MFloppy
            || emulation == Emulation288MFloppy;
}

struct boot_options
{
    IBootOptions IBootOptions_iface;
    LONG refcount;

    CRITICAL_SECTION cs;
    IStream *image;                 /* a reference, or NULL */
    ULONGLONG image_size;           /* at AssignBootImage */
    WCHAR *manufacturer;            /* NULL: empty */
    PlatformId platform;
    EmulationType emulation;
};

static const IBootOptionsVtbl boot_options_vtbl;

static inline struct boot_options *impl_from_IBootOptions(IBootOptions *iface)
{
    return CONTAINING_RECORD(iface, struct boot_options, IBootOptions_iface);
}

static struct boot_options *unsafe_impl_from_IBootOptions(IBootOptions *iface)
{
    if (!iface || iface->lpVtbl != &boot_options_vtbl) return NULL;
    return impl_from_IBootOptions(iface);
}

static HRESULT stream_get_size(IStream *stream, ULONGLONG *size)
{
    STATSTG stat;
    HRESULT hr;

    memset(&stat, 0, sizeof(stat));
    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
    {
        WARN("Failed to get the size of stream %p, hr %#lx.\n", stream, hr);
        return hr;
    }
    *size = stat.cbSize.QuadPart;
    return S_OK;
}

static HRESULT WINAPI boot_options_QueryInterface(IBootOptions *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IBootOptions))
    {
        *out = iface;
        IBootOptions_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI boot_options_AddRef(IBootOptions *iface)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    ULONG refcount = InterlockedIncrement(&options->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI boot_options_Release(IBootOptions *iface)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    ULONG refcount = InterlockedDecrement(&options->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        if (options->image) IStream_Release(options->image);
        free(options->manufacturer);
        options->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&options->cs);
        free(options);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI boot_options_GetTypeInfoCount(IBootOptions *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI boot_options_GetTypeInfo(IBootOptions *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IBootOptions_tid, index, typeinfo);
}

static HRESULT WINAPI boot_options_GetIDsOfNames(IBootOptions *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IBootOptions_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI boot_options_Invoke(IBootOptions *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IBootOptions_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

/* NULL (and S_OK) before AssignBootImage. */
static HRESULT WINAPI boot_options_get_BootImage(IBootOptions *iface, IStream **value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&options->cs);
    if ((*value = options->image)) IStream_AddRef(*value);
    LeaveCriticalSection(&options->cs);
    return S_OK;
}

static HRESULT WINAPI boot_options_get_Manufacturer(IBootOptions *iface, BSTR *value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&options->cs);
    if (!(*value = SysAllocString(options->manufacturer ? options->manufacturer : L"")))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&options->cs);
    return hr;
}

/* The ID string is 24 bytes of the validation entry: a longer string, or a
 * character outside ASCII, cannot be stored and is refused. */
static HRESULT WINAPI boot_options_put_Manufacturer(IBootOptions *iface, BSTR value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    WCHAR *copy = NULL;
    const WCHAR *p;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    if (value && *value)
    {
        if (wcslen(value) > MANUFACTURER_MAX)
        {
            WARN("Manufacturer %s is longer than %u characters.\n", debugstr_w(value), MANUFACTURER_MAX);
            return E_INVALIDARG;
        }
        for (p = value; *p; ++p)
        {
            if (*p < 0x20 || *p > 0x7e)
            {
                WARN("Manufacturer %s is not printable ASCII.\n", debugstr_w(value));
                return E_INVALIDARG;
            }
        }
        if (!(copy = strdupW(value))) return E_OUTOFMEMORY;
    }

    EnterCriticalSection(&options->cs);
    free(options->manufacturer);
    options->manufacturer = copy;
    LeaveCriticalSection(&options->cs);
    return S_OK;
}

static HRESULT WINAPI boot_options_get_PlatformId(IBootOptions *iface, PlatformId *value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = options->platform;
    return S_OK;
}

static HRESULT WINAPI boot_options_put_PlatformId(IBootOptions *iface, PlatformId value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);

    TRACE("%p, %#x.\n", iface, value);

    switch (value)
    {
    case PlatformX86:
    case PlatformPowerPC:
    case PlatformMac:
    case PlatformEFI:
        break;
    default:
        WARN("Invalid platform %#x.\n", value);
        return E_INVALIDARG;
    }

    options->platform = value;
    return S_OK;
}

static HRESULT WINAPI boot_options_get_Emulation(IBootOptions *iface, EmulationType *value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&options->cs);
    *value = options->emulation;
    LeaveCriticalSection(&options->cs);
    return S_OK;
}

/* A floppy emulation needs an image of that floppy's size; without an image
 * yet, AssignBootImage settles the emulation from the image's size. */
static HRESULT WINAPI boot_options_put_Emulation(IBootOptions *iface, EmulationType value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %u.\n", iface, value);

    if (value < EmulationNone || value > EmulationHardDisk)
    {
        WARN("Invalid emulation %u.\n", value);
        return E_INVALIDARG;
    }

    EnterCriticalSection(&options->cs);
    if (is_floppy(value) && options->image && options->image_size != floppy_sizes[value])
    {
        WARN("Image size %s does not fit emulation %u.\n", wine_dbgstr_longlong(options->image_size), value);
        hr = IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH;
    }
    else
        options->emulation = value;
    LeaveCriticalSection(&options->cs);
    return hr;
}

static HRESULT WINAPI boot_options_get_ImageSize(IBootOptions *iface, ULONG *value)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    ULONGLONG size = 0;
    HRESULT hr = S_OK;
    IStream *image;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = 0;

    EnterCriticalSection(&options->cs);
    if ((image = options->image)) IStream_AddRef(image);
    LeaveCriticalSection(&options->cs);

    if (image)
    {
        hr = stream_get_size(image, &size);
        IStream_Release(image);
    }
    if (SUCCEEDED(hr)) *value = min(size, ~0u);
    return hr;
}

/* A boot image of a floppy's size switches the emulation to that floppy, as
 * Windows does; any other size leaves a floppy emulation for EmulationNone,
 * which it could no longer be. */
static HRESULT WINAPI boot_options_AssignBootImage(IBootOptions *iface, IStream *stream)
{
    struct boot_options *options = impl_from_IBootOptions(iface);
    EmulationType emulation;
    ULONGLONG size;
    IStream *old;

    TRACE("%p, %p.\n", iface, stream);

    if (!stream) return E_POINTER;
    if (FAILED(stream_get_size(stream, &size)))
        return IMAPI_E_BOOT_IMAGE_DATA;

    EnterCriticalSection(&options->cs);
    old = options->image;
    IStream_AddRef(stream);
    options->image = stream;
    options->image_size = size;
    for (emulation = Emulation12MFloppy; emulation <= Emulation288MFloppy; ++emulation)
    {
        if (size == floppy_sizes[emulation])
        {
            options->emulation = emulation;
            break;
        }
    }
    if (emulation > Emulation288MFloppy && is_floppy(options->emulation))
        options->emulation = EmulationNone;
    TRACE("Image size %s, emulation %u.\n", wine_dbgstr_longlong(size), options->emulation);
    LeaveCriticalSection(&options->cs);

    if (old) IStream_Release(old);
    return S_OK;
}

static const IBootOptionsVtbl boot_options_vtbl =
{
    boot_options_QueryInterface,
    boot_options_AddRef,
    boot_options_Release,
    boot_options_GetTypeInfoCount,
    boot_options_GetTypeInfo,
    boot_options_GetIDsOfNames,
    boot_options_Invoke,
    boot_options_get_BootImage,
    boot_options_get_Manufacturer,
    boot_options_put_Manufacturer,
    boot_options_get_PlatformId,
    boot_options_put_PlatformId,
    boot_options_get_Emulation,
    boot_options_put_Emulation,
    boot_options_get_ImageSize,
    boot_options_AssignBootImage,
};

HRESULT boot_options_create(REFIID riid, void **out)
{
    struct boot_options *options;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;

    if (!(options = calloc(1, sizeof(*options))))
        return E_OUTOFMEMORY;

    options->IBootOptions_iface.lpVtbl = &boot_options_vtbl;
    options->refcount = 1;
    InitializeCriticalSection(&options->cs);
    options->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": boot_options.cs");
    options->platform = PlatformX86;
    options->emulation = EmulationNone;
    lock_module();

    hr = IBootOptions_QueryInterface(&options->IBootOptions_iface, riid, out);
    IBootOptions_Release(&options->IBootOptions_iface);
    return hr;
}

/* The boot image as a struct fsi_source: each read seeks the stream, under
 * a lock, for the layout may read from more than one thread. */
struct boot_image_source
{
    struct fsi_source source;
    LONG refcount;
    IStream *stream;
    CRITICAL_SECTION cs;
};

static inline struct boot_image_source *impl_from_fsi_source(struct fsi_source *source)
{
    return CONTAINING_RECORD(source, struct boot_image_source, source);
}

static int32_t boot_image_source_read(struct fsi_source *iface, uint64_t offset, void *buf, uint32_t len)
{
    struct boot_image_source *source = impl_from_fsi_source(iface);
    LARGE_INTEGER move;
    ULONG done = 0, read;
    HRESULT hr;

    TRACE("%p, %s, %p, %u.\n", iface, wine_dbgstr_longlong(offset), buf, len);

    EnterCriticalSection(&source->cs);
    move.QuadPart = offset;
    if (FAILED(hr = IStream_Seek(source->stream, move, STREAM_SEEK_SET, NULL)))
        WARN("Failed to seek to %s, hr %#lx.\n", wine_dbgstr_longlong(offset), hr);
    while (SUCCEEDED(hr) && done < len)
    {
        read = 0;
        if (FAILED(hr = IStream_Read(source->stream, (BYTE *)buf + done, len - done, &read)))
            WARN("Failed to read, hr %#lx.\n", hr);
        else if (!read)
            break;
        done += read;
    }
    LeaveCriticalSection(&source->cs);

    if (FAILED(hr)) return IMAPI_E_DATA_STREAM_READ_FAILURE;
    if (done < len)
    {
        WARN("Boot image ends at %s, %lu bytes short.\n", wine_dbgstr_longlong(offset + done), (ULONG)(len - done));
        return IMAPI_E_DATA_STREAM_INCONSISTENCY;
    }
    return S_OK;
}

static void boot_image_source_addref(struct fsi_source *iface)
{
    struct boot_image_source *source = impl_from_fsi_source(iface);

    InterlockedIncrement(&source->refcount);
}

static void boot_image_source_release(struct fsi_source *iface)
{
    struct boot_image_source *source = impl_from_fsi_source(iface);

    if (!InterlockedDecrement(&source->refcount))
    {
        IStream_Release(source->stream);
        source->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&source->cs);
        free(source);
    }
}

static HRESULT boot_image_source_create(IStream *stream, struct fsi_source **out)
{
    struct boot_image_source *source;

    if (!(source = calloc(1, sizeof(*source))))
        return E_OUTOFMEMORY;

    source->source.read = boot_image_source_read;
    source->source.addref = boot_image_source_addref;
    source->source.release = boot_image_source_release;
    source->refcount = 1;
    IStream_AddRef(stream);
    source->stream = stream;
    InitializeCriticalSection(&source->cs);
    source->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": boot_image_source.cs");

    *out = &source->source;
    return S_OK;
}

/* Fills boot from options (ours, or anyone's IBootOptions through its
 * methods).  On success boot->image holds a reference the caller releases
 * with boot->image->release(); IMAPI_E_BOOT_IMAGE_DATA without an image. */
HRESULT boot_options_get(IBootOptions *iface, struct fsi_boot *boot)
{
    struct boot_options *options = unsafe_impl_from_IBootOptions(iface);
    EmulationType emulation = EmulationNone;
    PlatformId platform = PlatformX86;
    BSTR manufacturer = NULL;
    IStream *image = NULL;
    ULONGLONG size = 0;
    HRESULT hr = S_OK;
    unsigned int i;

    TRACE("%p, %p.\n", iface, boot);

    if (!iface || !boot) return E_POINTER;
    memset(boot, 0, sizeof(*boot));

    if (options)
    {
        EnterCriticalSection(&options->cs);
        if ((image = options->image)) IStream_AddRef(image);
        if (options->manufacturer && !(manufacturer = SysAllocString(options->manufacturer)))
            hr = E_OUTOFMEMORY;
        platform = options->platform;
        emulation = options->emulation;
        LeaveCriticalSection(&options->cs);
    }
    else
    {
        if (SUCCEEDED(hr = IBootOptions_get_BootImage(iface, &image))
                && SUCCEEDED(hr = IBootOptions_get_PlatformId(iface, &platform))
                && SUCCEEDED(hr = IBootOptions_get_Emulation(iface, &emulation)))
            hr = IBootOptions_get_Manufacturer(iface, &manufacturer);
        if (FAILED(hr)) WARN("Failed to query foreign boot options %p, hr %#lx.\n", iface, hr);
    }

    if (SUCCEEDED(hr) && !image)
    {
        WARN("No boot image.\n");
        hr = IMAPI_E_BOOT_IMAGE_DATA;
    }
    if (SUCCEEDED(hr) && FAILED(stream_get_size(image, &size)))
        hr = IMAPI_E_BOOT_IMAGE_DATA;
    if (SUCCEEDED(hr) && !size)
    {
        WARN("Empty boot image.\n");
        hr = IMAPI_E_BOOT_IMAGE_DATA;
    }
    if (SUCCEEDED(hr) && (emulation < EmulationNone || emulation > EmulationHardDisk))
        hr = E_INVALIDARG;
    if (SUCCEEDED(hr) && is_floppy(emulation) && size != floppy_sizes[emulation])
        hr = IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH;
    if (SUCCEEDED(hr) && platform != PlatformX86 && platform != PlatformPowerPC
            && platform != PlatformMac && platform != PlatformEFI)
        hr = E_INVALIDARG;
    if (SUCCEEDED(hr))
        hr = boot_image_source_create(image, &boot->image);

    if (SUCCEEDED(hr))
    {
        boot->image_size = size;
        boot->platform = platform;
        boot->emulation = emulation;
        boot->load_segment = 0;
        /* Windows loads 4 sectors (2048 bytes) without emulation; an
         * emulated disk loads its boot sector. */
        boot->load_sectors = emulation == EmulationNone ? 4 : 1;
        for (i = 0; manufacturer && manufacturer[i] && i < MANUFACTURER_MAX; ++i)
            boot->manufacturer[i] = manufacturer[i] >= 0x20 && manufacturer[i] <= 0x7e ? manufacturer[i] : '_';
        boot->manufacturer[i] = 0;
    }

    SysFreeString(manufacturer);
    if (image) IStream_Release(image);
    return hr;
}

/*
 * Image Mastering API v2: MsftDiscRecorder2, one optical recorder.
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

/* Implementation details.
 *
 * Unique IDs have the shape of a Windows CD-ROM device interface path, with
 * the drive letter as the instance:
 *   \\?\scsi#cdrom&ven_<vendor>&prod_<product>#wine&drive_<letter>#{53f56308-b6bf-11d0-94f2-00a0c91efb8b}
 * vendor and product come from INQUIRY, lower case, trailing blanks dropped and
 * characters that cannot appear in a device ID replaced by '_'.
 *
 * Identity (INQUIRY) is read once by InitializeDiscRecorder; drive capabilities
 * (the GET CONFIGURATION feature list) are read once on first use; everything
 * that depends on the medium is read on every call.
 *
 * recorder->cs protects the fields only and is never held across SCSI I/O:
 * a call takes a device reference and the executor under it (struct
 * recorder_io), sends its commands without it, and takes it again only to
 * store what it caches.
 *
 * Exclusive access stands in for CDROM.SYS's IOCTL_CDROM_EXCLUSIVE_ACCESS: a
 * named mutex and a named file mapping per drive letter hold the owner's
 * process, its start time (so that a dead owner's lock lapses, as the driver
 * drops the lock of a closed handle) and the client name. */

#include "imapi2_private.h"
#include "transport.h"
#include "winioctl.h"
#include "ntddstor.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* ntddcdrm.h: CDROM_EXCLUSIVE_CALLER_LENGTH, including the terminating NUL. */
#define CLIENT_NAME_MAX 64

static const WCHAR id_prefix[] = L"\\\\?\\scsi#cdrom&ven_";
static const WCHAR id_instance[] = L"#wine&drive_";
static const WCHAR id_suffix[] = L"#{53f56308-b6bf-11d0-94f2-00a0c91efb8b}";

struct exclusive_state
{
    DWORD owner_pid;
    FILETIME owner_start;
    ULONG64 owner_token;
    WCHAR owner_name[CLIENT_NAME_MAX];
};

/* The drive handle: the recorder holds one reference, format objects borrow
 * others (recorder_get_device), so it outlives a recorder that is released or
 * initialised again while a format still uses it. */
struct recorder_device
{
    LONG refcount;
    struct transport *transport;
};

struct recorder
{
    IDiscRecorder2 IDiscRecorder2_iface;
    IDiscRecorder2Ex IDiscRecorder2Ex_iface;
    LONG refcount;

    CRITICAL_SECTION cs;            /* fields only: never held across SCSI I/O */
    struct recorder_device *device;
    struct transport *transport;    /* device->transport, NULL before InitializeDiscRecorder */
    struct mmc_device dev;
    WCHAR letter;
    WCHAR id[RECORDER_ID_LENGTH];
    struct mmc_inquiry inquiry;

    /* drive capabilities, read on first use */
    BYTE *features;             /* GET CONFIGURATION RT=0 reply */
    UINT features_len;

    /* exclusive access */
    ULONG64 token;
    HANDLE lock_mutex;
    HANDLE lock_mapping;
    struct exclusive_state *lock_state;
    LONG exclusive_count;
    LONG mcn_disabled;
};

static LONG64 next_token;

static inline struct recorder *impl_from_IDiscRecorder2(IDiscRecorder2 *iface)
{
    return CONTAINING_RECORD(iface, struct recorder, IDiscRecorder2_iface);
}

static inline struct recorder *impl_from_IDiscRecorder2Ex(IDiscRecorder2Ex *iface)
{
    return CONTAINING_RECORD(iface, struct recorder, IDiscRecorder2Ex_iface);
}

/* ---- unique IDs ---- */

static void append_id_field(WCHAR *id, size_t size, const char *field)
{
    size_t len = wcslen(id), n = strlen(field);

    while (n && field[n - 1] == ' ') --n;
    for (; n && len + 1 < size; ++field, --n)
    {
        char c = *field;

        if (c <= ' ' || c > '~' || c == ',' || c == '#' || c == '&' || c == '\\' || c == '/')
            c = '_';
        else if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        id[len++] = c;
    }
    id[len] = 0;
}

static void build_id(WCHAR letter, const struct mmc_inquiry *inquiry, WCHAR *id)
{
    size_t len;

    wcscpy(id, id_prefix);
    append_id_field(id, RECORDER_ID_LENGTH, inquiry->vendor);
    wcscat(id, L"&prod_");
    append_id_field(id, RECORDER_ID_LENGTH, inquiry->product);
    wcscat(id, id_instance);
    len = wcslen(id);
    id[len++] = towlower(letter);
    id[len] = 0;
    wcscat(id, id_suffix);
}

/* The drive letter of a well-formed ID. */
static BOOL letter_from_id(const WCHAR *id, WCHAR *letter)
{
    size_t len, prefix = wcslen(id_prefix), suffix = wcslen(id_suffix), instance = wcslen(id_instance);
    const WCHAR *p;

    if (!id || (len = wcslen(id)) >= RECORDER_ID_LENGTH) return FALSE;
    if (len < prefix + instance + 1 + suffix) return FALSE;
    if (wcsnicmp(id, id_prefix, prefix)) return FALSE;
    if (wcsicmp(id + len - suffix, id_suffix)) return FALSE;
    p = id + len - suffix - 1;
    if (!iswalpha(*p) || *p > 'z') return FALSE;
    if (wcsnicmp(p - instance, id_instance, instance)) return FALSE;
    *letter = towupper(*p);
    return TRUE;
}

static BOOL is_mmc_device(const struct mmc_inquiry *inquiry)
{
    return !inquiry->peripheral_qualifier && inquiry->device_type == MMC_PERIPHERAL_TYPE_MMC;
}

/* The drive's identity. A reply that is cut short, garbled or not an MMC
 * device's is asked for once more: a transfer can be damaged on the way, and
 * dropping a recorder from the list for one bad reply loses it until the next
 * rescan. Two replies that say the same other device type: S_FALSE; two that
 * disagree or do not parse: E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE. */
static HRESULT identify(const struct mmc_device *dev, struct mmc_inquiry *inquiry)
{
    struct mmc_inquiry first;
    HRESULT hr;

    hr = mmc_drive_inquiry(dev, inquiry);
    if (SUCCEEDED(hr) && is_mmc_device(inquiry))
        return S_OK;
    if (FAILED(hr) && hr != E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE)
        return hr;
    WARN("Unexpected INQUIRY reply (hr %#lx, type %#x, qualifier %#x), asking again.\n", hr, inquiry->device_type,
            inquiry->peripheral_qualifier);
    first = *inquiry;
    if (FAILED(hr = mmc_drive_inquiry(dev, inquiry)))
        return hr;
    if (is_mmc_device(inquiry))
        return S_OK;
    if (first.device_type != inquiry->device_type || first.peripheral_qualifier != inquiry->peripheral_qualifier)
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    return S_FALSE;
}

/* S_OK: an MMC device, left open; S_FALSE: the drive answered INQUIRY as
 * another device type; a failure: the drive could not be asked. */
static HRESULT open_drive(WCHAR letter, struct transport **transport, struct mmc_device *dev,
        struct mmc_inquiry *inquiry)
{
    WCHAR path[] = L"\\\\.\\A:", root[] = L"A:\\";
    HRESULT hr;

    root[0] = path[4] = letter;
    if (GetDriveTypeW(root) != DRIVE_CDROM)
        return HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST);
    if (FAILED(hr = transport_open(path, transport)))
    {
        WARN("Cannot open %s, hr %#lx.\n", debugstr_w(path), hr);
        return HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST);
    }
    transport_device(*transport, dev);
    if ((hr = identify(dev, inquiry)) != S_OK)
    {
        /* Wine 8's ntdll (CDROM_Open) keeps pass-through state for at most 5
         * CD-ROM devices per process and fails the IOCTL for the others. */
        if (hr == HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION))
            WARN("%s refuses SCSI pass-through; under Wine at most 5 CD-ROM drives answer per process.\n",
                    debugstr_w(path));
        TRACE("%s does not answer INQUIRY as an MMC device, hr %#lx.\n", debugstr_w(path), hr);
        transport_close(*transport);
        *transport = NULL;
    }
    return hr;
}

HRESULT recorder_probe(WCHAR letter, WCHAR *id)
{
    struct mmc_inquiry inquiry;
    struct transport *transport;
    struct mmc_device dev;
    HRESULT hr;

    if ((hr = open_drive(letter, &transport, &dev, &inquiry)) != S_OK)
        return hr;
    transport_close(transport);
    build_id(letter, &inquiry, id);
    return S_OK;
}

/* ---- exclusive access ---- */

static BOOL get_process_start(HANDLE process, FILETIME *start)
{
    FILETIME exit_time, kernel, user;
    return GetProcessTimes(process, start, &exit_time, &kernel, &user);
}

static BOOL owner_alive(const struct exclusive_state *state)
{
    FILETIME start;
    HANDLE process;
    DWORD code;
    BOOL alive;

    if (!state->owner_pid) return FALSE;
    if (state->owner_pid == GetCurrentProcessId()) return TRUE;
    if (!(process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, state->owner_pid)))
        return GetLastError() == ERROR_ACCESS_DENIED;
    alive = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE
            && get_process_start(process, &start) && !CompareFileTime(&start, &state->owner_start);
    CloseHandle(process);
    return alive;
}

static void close_lock(struct recorder *recorder)
{
    if (recorder->lock_state) UnmapViewOfFile(recorder->lock_state);
    if (recorder->lock_mapping) CloseHandle(recorder->lock_mapping);
    if (recorder->lock_mutex) CloseHandle(recorder->lock_mutex);
    recorder->lock_state = NULL;
    recorder->lock_mapping = NULL;
    recorder->lock_mutex = NULL;
}

static HRESULT open_lock(struct recorder *recorder, WCHAR letter)
{
    WCHAR name[64];
    DWORD error;

    swprintf(name, ARRAY_SIZE(name), L"imapi2-recorder-%c-mutex", letter);
    if (!(recorder->lock_mutex = CreateMutexW(NULL, FALSE, name)))
        goto failed;
    swprintf(name, ARRAY_SIZE(name), L"imapi2-recorder-%c-owner", letter);
    if (!(recorder->lock_mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
            sizeof(struct exclusive_state), name)))
        goto failed;
    if (!(recorder->lock_state = MapViewOfFile(recorder->lock_mapping, FILE_MAP_WRITE, 0, 0,
            sizeof(struct exclusive_state))))
        goto failed;
    return S_OK;

failed:
    error = GetLastError();
    ERR("Cannot create the exclusive access objects, error %lu.\n", error);
    close_lock(recorder);
    return error ? HRESULT_FROM_WIN32(error) : E_FAIL;
}

static void lock_enter(struct recorder *recorder)
{
    /* A holder that died leaves the mutex abandoned: we get it all the same. */
    WaitForSingleObject(recorder->lock_mutex, INFINITE);
}

static void lock_leave(struct recorder *recorder)
{
    ReleaseMutex(recorder->lock_mutex);
}

static BOOL owned_by_us(const struct recorder *recorder)
{
    const struct exclusive_state *state = recorder->lock_state;
    return state->owner_pid == GetCurrentProcessId() && state->owner_token == recorder->token;
}

/* E_IMAPI_RECORDER_LOCKED while another client holds exclusive access. */
static HRESULT check_lock(struct recorder *recorder)
{
    HRESULT hr = S_OK;

    if (!recorder->lock_state) return S_OK;
    lock_enter(recorder);
    if (owner_alive(recorder->lock_state) && !owned_by_us(recorder))
    {
        TRACE("Locked by %s.\n", debugstr_w(recorder->lock_state->owner_name));
        hr = E_IMAPI_RECORDER_LOCKED;
    }
    lock_leave(recorder);
    return hr;
}

/* Gives exclusive access up, however many times it was acquired. */
static void drop_exclusive(struct recorder *recorder)
{
    if (recorder->lock_state)
    {
        lock_enter(recorder);
        if (owned_by_us(recorder))
            memset(recorder->lock_state, 0, sizeof(*recorder->lock_state));
        lock_leave(recorder);
    }
    recorder->exclusive_count = 0;
}

/* ---- device helpers ---- */

static HRESULT recorder_ready(struct recorder *recorder)
{
    if (!recorder->transport)
    {
        WARN("Recorder %p is not initialized.\n", recorder);
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    return check_lock(recorder);
}

/* What the I/O of one call needs, taken under recorder->cs, which is then
 * released: the lock protects the fields only and is never held across SCSI
 * I/O, so a slow drive (a long BLANK, a disc spinning up) does not block the
 * getters of other threads.  The device reference keeps the handle open when
 * InitializeDiscRecorder replaces the device or the recorder is released
 * while the command runs. */
struct recorder_io
{
    struct recorder_device *device;
    struct mmc_device dev;          /* the executor on device's transport */
};

/* Checks that the recorder is initialised and not locked by another client;
 * the caller ends with recorder_io_end() whatever the result. */
static HRESULT recorder_io_begin(struct recorder *recorder, struct recorder_io *io)
{
    HRESULT hr;

    io->device = NULL;
    EnterCriticalSection(&recorder->cs);
    if (SUCCEEDED(hr = recorder_ready(recorder)))
    {
        io->device = recorder_device_addref(recorder->device);
        io->dev = recorder->dev;
    }
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static void recorder_io_end(struct recorder_io *io)
{
    if (io->device) recorder_device_release(io->device);
    io->device = NULL;
}

static HRESULT run_command(const struct recorder_io *io, const BYTE *cdb, UINT cdb_len,
        enum mmc_direction direction, void *data, UINT length)
{
    struct mmc_command cmd;

    mmc_command_init(&cmd, cdb, cdb_len, direction, data, length);
    return mmc_execute(&io->dev, &cmd, NULL);
}

/* GET CONFIGURATION with a first request that a drive's whole feature list
 * usually fits in, so that one command suffices. */
#define CONFIG_FIRST_ALLOC 0x1000

static HRESULT get_configuration(const struct recorder_io *io, BYTE rt, WORD start, BYTE **data, UINT *len)
{
    return mmc_drive_get_configuration_alloc(&io->dev, rt, start, CONFIG_FIRST_ALLOC, data, len);
}

static BYTE *copy_buffer(const BYTE *data, UINT len)
{
    BYTE *copy;

    if ((copy = malloc(max(len, 1)))) memcpy(copy, data, len);
    return copy;
}

/* The drive's whole feature list (GET CONFIGURATION RT=0): read on first use,
 * then kept for the device it was read from.  *data is the caller's to free.
 * Threads that find no list read it each; the first to come back stores it. */
static HRESULT get_all_features(struct recorder *recorder, const struct recorder_io *io, BYTE **data, UINT *len)
{
    HRESULT hr = S_FALSE;
    BYTE *copy;

    EnterCriticalSection(&recorder->cs);
    if (recorder->features && recorder->device == io->device)
    {
        if ((*data = copy_buffer(recorder->features, recorder->features_len)))
        {
            *len = recorder->features_len;
            hr = S_OK;
        }
        else
            hr = E_OUTOFMEMORY;
    }
    LeaveCriticalSection(&recorder->cs);
    if (hr != S_FALSE) return hr;

    if (FAILED(hr = get_configuration(io, MMC_CONFIG_RT_ALL, 0, data, len)))
        return hr;

    /* A failed copy only means that the list is read again next time. */
    EnterCriticalSection(&recorder->cs);
    if (!recorder->features && recorder->device == io->device && (copy = copy_buffer(*data, *len)))
    {
        recorder->features = copy;
        recorder->features_len = *len;
    }
    LeaveCriticalSection(&recorder->cs);
    return S_OK;
}

static HRESULT get_features(struct recorder *recorder, const struct recorder_io *io, BOOL current,
        BYTE **data, UINT *len)
{
    if (current)
        return get_configuration(io, MMC_CONFIG_RT_CURRENT, 0, data, len);
    return get_all_features(recorder, io, data, len);
}

/* Feature codes of a GET CONFIGURATION reply; current only if asked. */
static HRESULT list_features(const BYTE *data, UINT len, BOOL current, LONG **codes, ULONG *count)
{
    struct mmc_feature feature;
    UINT offset = 0;
    ULONG n = 0;

    if (!(*codes = malloc((len / 4 + 1) * sizeof(**codes)))) return E_OUTOFMEMORY;
    while (!mmc_next_feature(data, len, &offset, &feature))
    {
        if (current && !feature.current) continue;
        (*codes)[n++] = feature.code;
    }
    *count = n;
    return S_OK;
}

static HRESULT list_profiles(struct recorder *recorder, const struct recorder_io *io, BOOL current,
        LONG **codes, ULONG *count)
{
    struct mmc_profile_descriptor profiles[64];
    struct mmc_feature feature;
    unsigned int total, i;
    BYTE *data;
    UINT len;
    HRESULT hr;
    ULONG n = 0;

    /* The profile list is persistent: RT=2 for feature 0 alone gives the current bits. */
    if (current)
        hr = get_configuration(io, MMC_CONFIG_RT_ONE, MMC_FEATURE_PROFILE_LIST, &data, &len);
    else
        hr = get_all_features(recorder, io, &data, &len);
    if (FAILED(hr)) return hr;

    if (mmc_find_feature(data, len, MMC_FEATURE_PROFILE_LIST, &feature)
            || mmc_parse_profile_list(&feature, profiles, ARRAY_SIZE(profiles), &total))
        total = 0;
    total = min(total, ARRAY_SIZE(profiles));
    if (!(*codes = malloc((total + 1) * sizeof(**codes))))
        hr = E_OUTOFMEMORY;
    else
    {
        for (i = 0; i < total; ++i)
        {
            if (current && !profiles[i].current) continue;
            (*codes)[n++] = profiles[i].profile;
        }
        *count = n;
    }
    free(data);
    return hr;
}

/* Page codes present in MODE SENSE page 3Fh. */
static HRESULT list_mode_pages(const struct recorder_io *io, BYTE page_control, LONG **codes, ULONG *count)
{
    struct mmc_mode_page page;
    BOOL seen[64] = {0};
    UINT len, offset = 0;
    BYTE *data;
    HRESULT hr;
    ULONG n = 0;
    int ret;

    if (FAILED(hr = mmc_drive_mode_sense_data(&io->dev, MMC_MODE_PAGE_ALL, page_control, &data, &len)))
        return hr;
    if (!(*codes = malloc(ARRAY_SIZE(seen) * sizeof(**codes))))
    {
        free(data);
        return E_OUTOFMEMORY;
    }
    while (!(ret = mmc_next_mode_page(data, len, &offset, &page)))
    {
        if (seen[page.code]) continue;
        seen[page.code] = TRUE;
        (*codes)[n++] = page.code;
    }
    free(data);
    if (ret != MMC_ERR_NOT_FOUND)
    {
        free(*codes);
        *codes = NULL;
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    }
    *count = n;
    return S_OK;
}

static HRESULT codes_to_safearray(const LONG *codes, ULONG count, SAFEARRAY **out)
{
    SAFEARRAY *array;
    VARIANT *items;
    ULONG i;
    HRESULT hr;

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&items)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < count; ++i)
    {
        V_VT(&items[i]) = VT_I4;
        V_I4(&items[i]) = codes[i];
    }
    SafeArrayUnaccessData(array);
    *out = array;
    return S_OK;
}

static HRESULT codes_to_buffer(const LONG *codes, ULONG count, void **out)
{
    if (!(*out = CoTaskMemAlloc(max(count, 1) * sizeof(*codes))))
        return E_OUTOFMEMORY;
    memcpy(*out, codes, count * sizeof(*codes));
    return S_OK;
}

static HRESULT copy_to_task_mem(const void *data, ULONG size, BYTE **out, ULONG *out_size)
{
    if (!(*out = CoTaskMemAlloc(max(size, 1))))
        return E_OUTOFMEMORY;
    memcpy(*out, data, size);
    *out_size = size;
    return S_OK;
}

/* Feature 0003h of the cached feature list; drives without it (MMC-1) report
 * the same field in the capabilities mode page. */
static HRESULT get_loading_mechanism(struct recorder *recorder, const struct recorder_io *io, BYTE *mechanism)
{
    struct mmc_removable_medium_feature removable;
    struct mmc_capabilities_page caps;
    struct mmc_feature feature;
    struct mmc_mode_page page;
    BYTE *data;
    UINT len;
    BOOL found;
    HRESULT hr;

    if (SUCCEEDED(hr = get_all_features(recorder, io, &data, &len)))
    {
        found = !mmc_find_feature(data, len, MMC_FEATURE_REMOVABLE_MEDIUM, &feature)
                && !mmc_parse_removable_medium_feature(&feature, &removable);
        free(data);
        if (found)
        {
            *mechanism = removable.loading_mechanism;
            return S_OK;
        }
    }
    else if (hr != E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED)
        return hr;
    WARN("No removable medium feature, reading the capabilities page.\n");

    if (FAILED(hr = mmc_drive_mode_sense_data(&io->dev, MMC_MODE_PAGE_CAPABILITIES, MMC_PC_CURRENT,
            &data, &len)))
        return hr;
    if (mmc_find_mode_page(data, len, MMC_MODE_PAGE_CAPABILITIES, &page) || mmc_parse_capabilities_page(&page, &caps))
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    else
        *mechanism = caps.loading_mechanism;
    free(data);
    return hr;
}

static void recorder_reset(struct recorder *recorder)
{
    if (recorder->exclusive_count) drop_exclusive(recorder);
    close_lock(recorder);
    if (recorder->device) recorder_device_release(recorder->device);
    recorder->device = NULL;
    recorder->transport = NULL;
    memset(&recorder->dev, 0, sizeof(recorder->dev));
    free(recorder->features);
    recorder->features = NULL;
    recorder->features_len = 0;
    recorder->letter = 0;
    recorder->id[0] = 0;
    recorder->mcn_disabled = 0;
}

static HRESULT return_inquiry_string(const char *field, BSTR *value)
{
    WCHAR str[32];
    size_t n = strlen(field), i;

    while (n && field[n - 1] == ' ') --n;
    for (i = 0; i < n && i < ARRAY_SIZE(str) - 1; ++i)
        str[i] = (unsigned char)field[i];
    str[i] = 0;
    if (!(*value = SysAllocString(str))) return E_OUTOFMEMORY;
    return S_OK;
}

/* ---- IDiscRecorder2 ---- */

static HRESULT WINAPI recorder_QueryInterface(IDiscRecorder2 *iface, REFIID riid, void **out)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscRecorder2))
    {
        *out = &recorder->IDiscRecorder2_iface;
    }
    else if (IsEqualGUID(riid, &IID_IDiscRecorder2Ex))
    {
        *out = &recorder->IDiscRecorder2Ex_iface;
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

static ULONG WINAPI recorder_AddRef(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    ULONG refcount = InterlockedIncrement(&recorder->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI recorder_Release(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    ULONG refcount = InterlockedDecrement(&recorder->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        recorder_reset(recorder);
        DeleteCriticalSection(&recorder->cs);
        free(recorder);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI recorder_GetTypeInfoCount(IDiscRecorder2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI recorder_GetTypeInfo(IDiscRecorder2 *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, info);
    return dispatch_get_type_info(IDiscRecorder2_tid, index, info);
}

static HRESULT WINAPI recorder_GetIDsOfNames(IDiscRecorder2 *iface, REFIID riid, LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IDiscRecorder2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI recorder_Invoke(IDiscRecorder2 *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);
    return dispatch_invoke(IDiscRecorder2_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT start_stop(struct recorder *recorder, BYTE action)
{
    struct recorder_io io;
    HRESULT hr;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = mmc_drive_start_stop(&io.dev, FALSE, action);
    recorder_io_end(&io);
    return hr;
}

static HRESULT WINAPI recorder_EjectMedia(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);

    TRACE("%p.\n", iface);

    return start_stop(recorder, MMC_START_STOP_EJECT);
}

static HRESULT WINAPI recorder_CloseTray(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);

    TRACE("%p.\n", iface);

    return start_stop(recorder, MMC_START_STOP_LOAD);
}

static HRESULT WINAPI recorder_AcquireExclusiveAccess(IDiscRecorder2 *iface, VARIANT_BOOL force, BSTR name)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    struct exclusive_state *state;
    HANDLE process;
    HRESULT hr = S_OK;

    TRACE("%p, %#x, %s.\n", iface, force, debugstr_w(name));

    if (!name || !*name) return E_INVALIDARG;
    if (!format_base_valid_client_name(name)) return E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID;
    /* There is no file system to dismount under Wine, so force changes nothing. */

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
    {
        LeaveCriticalSection(&recorder->cs);
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    state = recorder->lock_state;
    lock_enter(recorder);
    if (owner_alive(state) && !owned_by_us(recorder))
    {
        TRACE("Already held by %s.\n", debugstr_w(state->owner_name));
        hr = E_IMAPI_RECORDER_LOCKED;
    }
    else if (!recorder->exclusive_count || !owned_by_us(recorder))
    {
        memset(state, 0, sizeof(*state));
        state->owner_pid = GetCurrentProcessId();
        process = GetCurrentProcess();
        get_process_start(process, &state->owner_start);
        state->owner_token = recorder->token;
        lstrcpynW(state->owner_name, name, ARRAY_SIZE(state->owner_name));
        recorder->exclusive_count = 1;
    }
    else
    {
        recorder->exclusive_count++;
    }
    lock_leave(recorder);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static HRESULT WINAPI recorder_ReleaseExclusiveAccess(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    HRESULT hr = S_OK;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    else if (!recorder->exclusive_count)
        WARN("Exclusive access is not held.\n");
    else if (!--recorder->exclusive_count)
        drop_exclusive(recorder);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

/* Media change notification only feeds Windows' AutoPlay, which Wine does not
 * have: keep the documented reference count and nothing else. */
static HRESULT WINAPI recorder_DisableMcn(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    HRESULT hr;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&recorder->cs);
    if (SUCCEEDED(hr = recorder_ready(recorder)))
        recorder->mcn_disabled++;
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static HRESULT WINAPI recorder_EnableMcn(IDiscRecorder2 *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    HRESULT hr;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&recorder->cs);
    if (SUCCEEDED(hr = recorder_ready(recorder)) && recorder->mcn_disabled)
        recorder->mcn_disabled--;
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static HRESULT WINAPI recorder_InitializeDiscRecorder(IDiscRecorder2 *iface, BSTR id)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    WCHAR letter, actual[RECORDER_ID_LENGTH];
    struct recorder_device *device;
    struct mmc_inquiry inquiry;
    struct transport *transport;
    struct mmc_device dev;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(id));

    if (!id || !letter_from_id(id, &letter))
    {
        WARN("Not a recorder ID: %s.\n", debugstr_w(id));
        return E_INVALIDARG;
    }

    if ((hr = open_drive(letter, &transport, &dev, &inquiry)) == S_FALSE)
        hr = HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST);
    if (FAILED(hr))
        return hr;
    build_id(letter, &inquiry, actual);
    if (wcsicmp(actual, id))
    {
        WARN("%c: now holds %s.\n", letter, debugstr_w(actual));
        transport_close(transport);
        return HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST);
    }

    if (!(device = calloc(1, sizeof(*device))))
    {
        transport_close(transport);
        return E_OUTOFMEMORY;
    }
    device->refcount = 1;
    device->transport = transport;

    EnterCriticalSection(&recorder->cs);
    recorder_reset(recorder);
    if (SUCCEEDED(hr = open_lock(recorder, letter)))
    {
        recorder->device = device;
        recorder->transport = transport;
        recorder->dev = dev;
        recorder->letter = letter;
        recorder->inquiry = inquiry;
        wcscpy(recorder->id, actual);
    }
    else
        recorder_device_release(device);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static HRESULT WINAPI recorder_get_ActiveDiscRecorder(IDiscRecorder2 *iface, BSTR *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    else if (!(*value = SysAllocString(recorder->id)))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

/* field: one of recorder->inquiry's strings, read under the lock. */
static HRESULT get_identity(struct recorder *recorder, const char *field, BSTR *value)
{
    HRESULT hr;

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    else
        hr = return_inquiry_string(field, value);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static HRESULT WINAPI recorder_get_VendorId(IDiscRecorder2 *iface, BSTR *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);

    TRACE("%p, %p.\n", iface, value);
    return get_identity(recorder, recorder->inquiry.vendor, value);
}

static HRESULT WINAPI recorder_get_ProductId(IDiscRecorder2 *iface, BSTR *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);

    TRACE("%p, %p.\n", iface, value);
    return get_identity(recorder, recorder->inquiry.product, value);
}

static HRESULT WINAPI recorder_get_ProductRevision(IDiscRecorder2 *iface, BSTR *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);

    TRACE("%p, %p.\n", iface, value);
    return get_identity(recorder, recorder->inquiry.revision, value);
}

static HRESULT WINAPI recorder_get_VolumeName(IDiscRecorder2 *iface, BSTR *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    WCHAR root[] = L"A:\\", name[MAX_PATH];
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    else
        root[0] = recorder->letter;
    LeaveCriticalSection(&recorder->cs);
    if (FAILED(hr)) return hr;

    /* The mount manager knows no volume for a drive defined only by its
     * dosdevices link; the root path then names the volume. */
    if (!GetVolumeNameForVolumeMountPointW(root, name, ARRAY_SIZE(name)))
    {
        WARN("No volume name for %s, error %lu.\n", debugstr_w(root), GetLastError());
        wcscpy(name, root);
    }
    if (!(*value = SysAllocString(name)))
        hr = E_OUTOFMEMORY;
    return hr;
}

static HRESULT WINAPI recorder_get_VolumePathNames(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    WCHAR root[] = L"A:\\";
    SAFEARRAY *array;
    VARIANT *items;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
    {
        LeaveCriticalSection(&recorder->cs);
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    root[0] = recorder->letter;
    LeaveCriticalSection(&recorder->cs);

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, 1)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&items)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    V_VT(&items[0]) = VT_BSTR;
    V_BSTR(&items[0]) = SysAllocString(root);
    SafeArrayUnaccessData(array);
    if (!V_BSTR(&items[0]))
    {
        SafeArrayDestroy(array);
        return E_OUTOFMEMORY;
    }
    *value = array;
    return S_OK;
}

/* Windows loads media with START STOP UNIT where the drive has a tray or is a
 * changer; caddy and pop-up drives cannot close themselves. */
static HRESULT WINAPI recorder_get_DeviceCanLoadMedia(IDiscRecorder2 *iface, VARIANT_BOOL *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    struct recorder_io io;
    BYTE mechanism;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = get_loading_mechanism(recorder, &io, &mechanism);
    recorder_io_end(&io);
    if (SUCCEEDED(hr))
    {
        *value = (mechanism == MMC_LOADING_TRAY || mechanism == MMC_LOADING_CHANGER_INDIVIDUAL
                || mechanism == MMC_LOADING_CHANGER_MAGAZINE) ? VARIANT_TRUE : VARIANT_FALSE;
    }
    return hr;
}

/* The N of \\.\CdRomN: the drive's rank among the CD-ROM drive letters. */
static HRESULT WINAPI recorder_get_LegacyDeviceNumber(IDiscRecorder2 *iface, LONG *number)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    WCHAR root[] = L"A:\\", letter;
    DWORD mask;
    LONG n = 0;
    WCHAR c;

    TRACE("%p, %p.\n", iface, number);

    if (!number) return E_POINTER;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
    {
        LeaveCriticalSection(&recorder->cs);
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    letter = recorder->letter;
    LeaveCriticalSection(&recorder->cs);

    mask = GetLogicalDrives();
    for (c = 'A'; c < letter; ++c)
    {
        root[0] = c;
        if ((mask & (1u << (c - 'A'))) && GetDriveTypeW(root) == DRIVE_CDROM) ++n;
    }
    *number = n;
    return S_OK;
}

static HRESULT feature_pages(struct recorder *recorder, const struct recorder_io *io, BOOL current,
        LONG **codes, ULONG *count)
{
    BYTE *data;
    UINT len;
    HRESULT hr;

    if (FAILED(hr = get_features(recorder, io, current, &data, &len)))
        return hr;
    hr = list_features(data, len, current, codes, count);
    free(data);
    return hr;
}

enum code_list
{
    SUPPORTED_FEATURES,
    CURRENT_FEATURES,
    SUPPORTED_PROFILES,
    CURRENT_PROFILES,
    MODE_PAGES,
};

static HRESULT get_code_list(struct recorder *recorder, enum code_list which, BYTE page_control,
        LONG **codes, ULONG *count)
{
    struct recorder_io io;
    HRESULT hr;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
    {
        switch (which)
        {
        case SUPPORTED_FEATURES: hr = feature_pages(recorder, &io, FALSE, codes, count); break;
        case CURRENT_FEATURES:   hr = feature_pages(recorder, &io, TRUE, codes, count); break;
        case SUPPORTED_PROFILES: hr = list_profiles(recorder, &io, FALSE, codes, count); break;
        case CURRENT_PROFILES:   hr = list_profiles(recorder, &io, TRUE, codes, count); break;
        case MODE_PAGES:         hr = list_mode_pages(&io, page_control, codes, count); break;
        }
    }
    recorder_io_end(&io);
    return hr;
}

static HRESULT get_code_array(struct recorder *recorder, enum code_list which, SAFEARRAY **value)
{
    LONG *codes;
    ULONG count;
    HRESULT hr;

    if (!value) return E_POINTER;
    *value = NULL;

    if (FAILED(hr = get_code_list(recorder, which, MMC_PC_CURRENT, &codes, &count)))
        return hr;
    hr = codes_to_safearray(codes, count, value);
    free(codes);
    return hr;
}

static HRESULT WINAPI recorder_get_SupportedFeaturePages(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_code_array(impl_from_IDiscRecorder2(iface), SUPPORTED_FEATURES, value);
}

static HRESULT WINAPI recorder_get_CurrentFeaturePages(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_code_array(impl_from_IDiscRecorder2(iface), CURRENT_FEATURES, value);
}

static HRESULT WINAPI recorder_get_SupportedProfiles(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_code_array(impl_from_IDiscRecorder2(iface), SUPPORTED_PROFILES, value);
}

static HRESULT WINAPI recorder_get_CurrentProfiles(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_code_array(impl_from_IDiscRecorder2(iface), CURRENT_PROFILES, value);
}

static HRESULT WINAPI recorder_get_SupportedModePages(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);
    return get_code_array(impl_from_IDiscRecorder2(iface), MODE_PAGES, value);
}

static HRESULT WINAPI recorder_get_ExclusiveAccessOwner(IDiscRecorder2 *iface, BSTR *value)
{
    struct recorder *recorder = impl_from_IDiscRecorder2(iface);
    WCHAR name[CLIENT_NAME_MAX] = {0};

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
    {
        LeaveCriticalSection(&recorder->cs);
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    lock_enter(recorder);
    if (owner_alive(recorder->lock_state))
        memcpy(name, recorder->lock_state->owner_name, sizeof(name) - sizeof(WCHAR));
    lock_leave(recorder);
    LeaveCriticalSection(&recorder->cs);

    if (!(*value = SysAllocString(name))) return E_OUTOFMEMORY;
    return S_OK;
}

static const IDiscRecorder2Vtbl recorder_vtbl =
{
    recorder_QueryInterface,
    recorder_AddRef,
    recorder_Release,
    recorder_GetTypeInfoCount,
    recorder_GetTypeInfo,
    recorder_GetIDsOfNames,
    recorder_Invoke,
    recorder_EjectMedia,
    recorder_CloseTray,
    recorder_AcquireExclusiveAccess,
    recorder_ReleaseExclusiveAccess,
    recorder_DisableMcn,
    recorder_EnableMcn,
    recorder_InitializeDiscRecorder,
    recorder_get_ActiveDiscRecorder,
    recorder_get_VendorId,
    recorder_get_ProductId,
    recorder_get_ProductRevision,
    recorder_get_VolumeName,
    recorder_get_VolumePathNames,
    recorder_get_DeviceCanLoadMedia,
    recorder_get_LegacyDeviceNumber,
    recorder_get_SupportedFeaturePages,
    recorder_get_CurrentFeaturePages,
    recorder_get_SupportedProfiles,
    recorder_get_CurrentProfiles,
    recorder_get_SupportedModePages,
    recorder_get_ExclusiveAccessOwner,
};

/* ---- IDiscRecorder2Ex ---- */

static HRESULT WINAPI recorder_ex_QueryInterface(IDiscRecorder2Ex *iface, REFIID riid, void **out)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    return IDiscRecorder2_QueryInterface(&recorder->IDiscRecorder2_iface, riid, out);
}

static ULONG WINAPI recorder_ex_AddRef(IDiscRecorder2Ex *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    return IDiscRecorder2_AddRef(&recorder->IDiscRecorder2_iface);
}

static ULONG WINAPI recorder_ex_Release(IDiscRecorder2Ex *iface)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    return IDiscRecorder2_Release(&recorder->IDiscRecorder2_iface);
}

/* Microsoft: the CDB size must match the opcode's group; a few early
 * vendor-unique opcodes are only checked against 6..16. */
static BOOL valid_cdb(const BYTE *cdb, ULONG size)
{
    static const BYTE any_size[] =
    {
        0x02, 0x05, 0x06, 0x09, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x13, 0x14, 0x19,
        0x20, 0x21, 0x22, 0x23, 0x24, 0x26, 0x27, 0x29, 0x2c, 0x2d,
    };
    unsigned int i;

    if (size < 6 || size > 16) return FALSE;
    for (i = 0; i < ARRAY_SIZE(any_size); ++i)
        if (cdb[0] == any_size[i]) return TRUE;
    switch (cdb[0] >> 5)
    {
    case 0: return size == 6;
    case 1:
    case 2: return size == 10;
    case 4: return size == 16;
    case 5: return size == 12;
    default: return TRUE;
    }
}

static HRESULT send_command(struct recorder *recorder, const BYTE *cdb, ULONG cdb_size, BYTE *sense,
        ULONG timeout, enum mmc_direction direction, BYTE *buffer, ULONG size, ULONG *fetched)
{
    struct recorder_io io;
    struct mmc_command cmd;
    HRESULT hr;

    if (!cdb || !sense) return E_POINTER;
    if (!valid_cdb(cdb, cdb_size)) return E_INVALIDARG;
    if (direction != MMC_DIR_NONE)
    {
        if (!buffer) return E_POINTER;
        if (!size) return E_INVALIDARG;
    }
    if (fetched) *fetched = 0;
    memset(sense, 0, 18);

    memset(&cmd, 0, sizeof(cmd));
    memcpy(cmd.cdb, cdb, cdb_size);
    cmd.cdb_len = cdb_size;
    cmd.direction = direction;
    cmd.data = buffer;
    cmd.length = size;
    cmd.timeout = timeout ? timeout : MMC_TIMEOUT_DEFAULT;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = io.dev.execute(io.dev.ctx, &cmd);
    recorder_io_end(&io);
    if (FAILED(hr)) return hr;

    if (cmd.transferred > size) cmd.transferred = size;
    /* Nothing else tells the caller that a command was lost (see mmc_command_lost). */
    if (mmc_command_lost(&cmd))
    {
        WARN("Command %#x lost: %u of %lu bytes moved with status GOOD.\n", cmd.cdb[0], cmd.transferred, size);
        return E_IMAPI_RECORDER_COMMAND_TIMEOUT;
    }
    if (fetched) *fetched = cmd.transferred;
    /* The caller interprets the sense data itself. */
    if (cmd.status == MMC_STATUS_CHECK_CONDITION)
    {
        memcpy(sense, cmd.sense, min(cmd.sense_length, 18));
        return S_IMAPI_COMMAND_HAS_SENSE_DATA;
    }
    return mmc_status_to_hresult(cmd.status);
}

static HRESULT WINAPI recorder_ex_SendCommandNoData(IDiscRecorder2Ex *iface, BYTE *cdb, ULONG cdb_size,
        BYTE sense[18], ULONG timeout)
{
    TRACE("%p, %p, %lu, %p, %lu.\n", iface, cdb, cdb_size, sense, timeout);
    return send_command(impl_from_IDiscRecorder2Ex(iface), cdb, cdb_size, sense, timeout,
            MMC_DIR_NONE, NULL, 0, NULL);
}

static HRESULT WINAPI recorder_ex_SendCommandSendDataToDevice(IDiscRecorder2Ex *iface, BYTE *cdb,
        ULONG cdb_size, BYTE sense[18], ULONG timeout, BYTE *buffer, ULONG size)
{
    TRACE("%p, %p, %lu, %p, %lu, %p, %lu.\n", iface, cdb, cdb_size, sense, timeout, buffer, size);
    return send_command(impl_from_IDiscRecorder2Ex(iface), cdb, cdb_size, sense, timeout,
            MMC_DIR_TO_DEVICE, buffer, size, NULL);
}

static HRESULT WINAPI recorder_ex_SendCommandGetDataFromDevice(IDiscRecorder2Ex *iface, BYTE *cdb,
        ULONG cdb_size, BYTE sense[18], ULONG timeout, BYTE *buffer, ULONG size, ULONG *fetched)
{
    TRACE("%p, %p, %lu, %p, %lu, %p, %lu, %p.\n", iface, cdb, cdb_size, sense, timeout, buffer, size, fetched);

    if (!fetched) return E_POINTER;
    return send_command(impl_from_IDiscRecorder2Ex(iface), cdb, cdb_size, sense, timeout,
            MMC_DIR_FROM_DEVICE, buffer, size, fetched);
}

/* READ DISC STRUCTURE for DVD media; the 4-byte header is removed, as
 * Microsoft documents. */
static HRESULT WINAPI recorder_ex_ReadDvdStructure(IDiscRecorder2Ex *iface, ULONG format, ULONG address,
        ULONG layer, ULONG agid, BYTE **data, ULONG *count)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    BYTE *buf = NULL;
    UINT len = 0;
    HRESULT hr;

    TRACE("%p, %#lx, %#lx, %#lx, %#lx, %p, %p.\n", iface, format, address, layer, agid, data, count);

    if (!data || !count) return E_POINTER;
    *data = NULL;
    *count = 0;
    if (format > 0xff || layer > 0xff || agid > 3) return E_INVALIDARG;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = mmc_drive_disc_structure_data(&io.dev, MMC_DISC_STRUCTURE_MEDIA_DVD, address, layer, format,
                agid, &buf, &len);
    recorder_io_end(&io);

    if (SUCCEEDED(hr))
        hr = copy_to_task_mem(buf + MMC_DISC_STRUCTURE_HEADER_LENGTH, len - MMC_DISC_STRUCTURE_HEADER_LENGTH,
                data, count);
    free(buf);
    return hr;
}

static HRESULT WINAPI recorder_ex_SendDvdStructure(IDiscRecorder2Ex *iface, ULONG format, BYTE *data, ULONG count)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    UINT cdb_len, list_len;
    BYTE cdb[16], *list;
    HRESULT hr;

    TRACE("%p, %#lx, %p, %lu.\n", iface, format, data, count);

    if (!data && count) return E_POINTER;
    if (format > 0xff || count > 0xffff - MMC_DISC_STRUCTURE_HEADER_LENGTH) return E_INVALIDARG;

    if (!(list = malloc(count + MMC_DISC_STRUCTURE_HEADER_LENGTH))) return E_OUTOFMEMORY;
    list_len = mmc_build_send_disc_structure_list(list, count + MMC_DISC_STRUCTURE_HEADER_LENGTH, data, count);
    cdb_len = mmc_build_send_disc_structure(cdb, MMC_DISC_STRUCTURE_MEDIA_DVD, format, list_len, 0);

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = run_command(&io, cdb, cdb_len, MMC_DIR_TO_DEVICE, list, list_len);
    recorder_io_end(&io);
    free(list);
    return hr;
}

/* Wine 8: cdrom_DeviceIoControl() in dlls/ntdll/unix/cdrom.c has no case for
 * IOCTL_STORAGE_QUERY_PROPERTY and fails it on a CD-ROM drive with
 * STATUS_NOT_SUPPORTED (doc/wine-bugs/cdrom-storage-query-property.md), so the
 * two descriptors are built from what we know instead: the limits the
 * transport got from IOCTL_SCSI_GET_CAPABILITIES, and INQUIRY.  Remove these
 * two helpers and the fallback in their callers when Wine answers the ioctl. */
static HRESULT wine8_adapter_descriptor(const struct transport_limits *limits, BYTE **data, ULONG *size)
{
    STORAGE_ADAPTER_DESCRIPTOR desc;

    memset(&desc, 0, sizeof(desc));
    desc.Version = sizeof(desc);
    desc.Size = sizeof(desc);
    desc.MaximumTransferLength = limits->max_transfer;
    desc.MaximumPhysicalPages = limits->max_physical_pages;
    desc.AlignmentMask = limits->alignment_mask;
    desc.AdapterUsesPio = FALSE;
    desc.AdapterScansDown = FALSE;
    desc.CommandQueueing = FALSE;
    desc.AcceleratedTransfer = FALSE;
    desc.BusType = BusTypeScsi;
    desc.BusMajorVersion = 0;
    desc.BusMinorVersion = 0;
    return copy_to_task_mem(&desc, sizeof(desc), data, size);
}

static HRESULT wine8_device_descriptor(const struct mmc_inquiry *inquiry, BYTE **data, ULONG *size)
{
    STORAGE_DEVICE_DESCRIPTOR *desc;
    ULONG offset, total;
    char *strings;

    /* The identity strings follow the structure, NUL terminated, unpadded as
     * INQUIRY sends them (vendor 8, product 16, revision 4 characters). */
    offset = FIELD_OFFSET(STORAGE_DEVICE_DESCRIPTOR, RawDeviceProperties);
    total = offset + sizeof(inquiry->vendor) + sizeof(inquiry->product) + sizeof(inquiry->revision);
    if (!(desc = CoTaskMemAlloc(total))) return E_OUTOFMEMORY;
    memset(desc, 0, total);
    desc->Version = sizeof(*desc);
    desc->Size = total;
    desc->DeviceType = inquiry->device_type;
    desc->RemovableMedia = inquiry->removable;
    desc->BusType = BusTypeScsi;
    strings = (char *)desc + offset;
    desc->VendorIdOffset = offset;
    memcpy(strings, inquiry->vendor, sizeof(inquiry->vendor));
    desc->ProductIdOffset = offset + sizeof(inquiry->vendor);
    memcpy(strings + sizeof(inquiry->vendor), inquiry->product, sizeof(inquiry->product));
    desc->ProductRevisionOffset = desc->ProductIdOffset + sizeof(inquiry->product);
    memcpy(strings + sizeof(inquiry->vendor) + sizeof(inquiry->product), inquiry->revision,
            sizeof(inquiry->revision));
    desc->SerialNumberOffset = 0;
    *data = (BYTE *)desc;
    *size = total;
    return S_OK;
}

/* What Windows returns: the descriptor IOCTL_STORAGE_QUERY_PROPERTY gives for
 * property.  S_FALSE when the ioctl failed (under Wine 8, always). */
static HRESULT query_storage_property(const struct recorder_io *io, STORAGE_PROPERTY_ID property,
        BYTE **data, ULONG *size)
{
    ULONG length;
    BYTE *buffer;
    HRESULT hr;

    if (FAILED(hr = transport_query_property(io->device->transport, property, &buffer, &length)))
    {
        TRACE("IOCTL_STORAGE_QUERY_PROPERTY %d failed, hr %#lx.\n", property, hr);
        return S_FALSE;
    }
    hr = copy_to_task_mem(buffer, length, data, size);
    free(buffer);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetAdapterDescriptor(IDiscRecorder2Ex *iface, BYTE **data, ULONG *size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct transport_limits limits;
    struct recorder_io io;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, data, size);

    if (!data || !size) return E_POINTER;
    *data = NULL;
    *size = 0;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io))
            && (hr = query_storage_property(&io, StorageAdapterProperty, data, size)) == S_FALSE)
    {
        transport_get_limits(io.device->transport, &limits);
        hr = wine8_adapter_descriptor(&limits, data, size);
    }
    recorder_io_end(&io);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetDeviceDescriptor(IDiscRecorder2Ex *iface, BYTE **data, ULONG *size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct mmc_inquiry inquiry;
    struct recorder_io io;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, data, size);

    if (!data || !size) return E_POINTER;
    *data = NULL;
    *size = 0;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io))
            && (hr = query_storage_property(&io, StorageDeviceProperty, data, size)) == S_FALSE)
    {
        EnterCriticalSection(&recorder->cs);
        inquiry = recorder->inquiry;
        LeaveCriticalSection(&recorder->cs);
        hr = wine8_device_descriptor(&inquiry, data, size);
    }
    recorder_io_end(&io);
    return hr;
}

static HRESULT return_task_mem(HRESULT hr, BYTE *buf, UINT len, BYTE **data, ULONG *size)
{
    if (SUCCEEDED(hr))
        hr = copy_to_task_mem(buf, len, data, size);
    free(buf);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetDiscInformation(IDiscRecorder2Ex *iface, BYTE **data, ULONG *size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    BYTE *buf = NULL;
    UINT len = 0;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, data, size);

    if (!data || !size) return E_POINTER;
    *data = NULL;
    *size = 0;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = mmc_drive_disc_info_data(&io.dev, &buf, &len);
    recorder_io_end(&io);
    return return_task_mem(hr, buf, len, data, size);
}

static HRESULT WINAPI recorder_ex_GetTrackInformation(IDiscRecorder2Ex *iface, ULONG address,
        IMAPI_READ_TRACK_ADDRESS_TYPE type, BYTE **data, ULONG *size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    BYTE *buf = NULL;
    UINT len = 0;
    HRESULT hr;

    TRACE("%p, %#lx, %d, %p, %p.\n", iface, address, type, data, size);

    if (!data || !size) return E_POINTER;
    *data = NULL;
    *size = 0;
    if ((unsigned int)type > IMAPI_READ_TRACK_ADDRESS_TYPE_SESSION) return E_INVALIDARG;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = mmc_drive_track_info_data(&io.dev, (enum mmc_track_address)type, address, &buf, &len);
    recorder_io_end(&io);
    return return_task_mem(hr, buf, len, data, size);
}

static HRESULT WINAPI recorder_ex_GetFeaturePage(IDiscRecorder2Ex *iface, IMAPI_FEATURE_PAGE_TYPE requested,
        BOOLEAN current_only, BYTE **data, ULONG *size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    struct mmc_feature feature;
    UINT len, offset = 0;
    BYTE *buf = NULL;
    HRESULT hr;

    TRACE("%p, %#x, %u, %p, %p.\n", iface, requested, current_only, data, size);

    if (!data || !size) return E_POINTER;
    *data = NULL;
    *size = 0;
    if ((unsigned int)requested > 0xffff) return E_INVALIDARG;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = get_configuration(&io, MMC_CONFIG_RT_ONE, requested, &buf, &len);
    recorder_io_end(&io);
    if (FAILED(hr)) return hr;

    if (mmc_next_feature(buf, len, &offset, &feature) || feature.code != requested)
        hr = E_IMAPI_RECORDER_NO_SUCH_FEATURE;
    else if (current_only && !feature.current)
        hr = E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT;
    else
        hr = copy_to_task_mem(buf + feature.offset, 4 + feature.additional_length, data, size);
    free(buf);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetModePage(IDiscRecorder2Ex *iface, IMAPI_MODE_PAGE_TYPE page,
        IMAPI_MODE_PAGE_REQUEST_TYPE type, BYTE **data, ULONG *size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    BYTE *buf = NULL;
    UINT len = 0;
    HRESULT hr;

    TRACE("%p, %#x, %d, %p, %p.\n", iface, page, type, data, size);

    if (!data || !size) return E_POINTER;
    *data = NULL;
    *size = 0;
    if ((unsigned int)page >= MMC_MODE_PAGE_ALL || (unsigned int)type > IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES)
        return E_INVALIDARG;

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = mmc_drive_mode_page(&io.dev, page, type, &buf, &len);
    recorder_io_end(&io);
    return return_task_mem(hr, buf, len, data, size);
}

static HRESULT WINAPI recorder_ex_SetModePage(IDiscRecorder2Ex *iface, IMAPI_MODE_PAGE_REQUEST_TYPE type,
        BYTE *data, ULONG size)
{
    struct recorder *recorder = impl_from_IDiscRecorder2Ex(iface);
    struct recorder_io io;
    BYTE cdb[16], *list;
    unsigned int n;
    UINT length;
    HRESULT hr;

    TRACE("%p, %d, %p, %lu.\n", iface, type, data, size);

    if (!data) return E_POINTER;
    /* Only current and saved values can be set (SPC-4 MODE SELECT: SP). */
    if (type != IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES && type != IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES)
        return E_INVALIDARG;
    if (size < 2 || size > 0x101) return E_INVALIDARG;

    if (!(list = malloc(MMC_MODE_HEADER_LENGTH + size))) return E_OUTOFMEMORY;
    length = mmc_build_mode_select_list(list, data, size);
    n = mmc_build_mode_select(cdb, type == IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES, length);

    if (SUCCEEDED(hr = recorder_io_begin(recorder, &io)))
        hr = run_command(&io, cdb, n, MMC_DIR_TO_DEVICE, list, length);
    recorder_io_end(&io);
    free(list);
    return hr;
}

static HRESULT return_code_buffer(struct recorder *recorder, enum code_list which, BYTE page_control,
        void **data, ULONG *count)
{
    LONG *codes;
    ULONG n;
    HRESULT hr;

    if (FAILED(hr = get_code_list(recorder, which, page_control, &codes, &n)))
        return hr;
    if (SUCCEEDED(hr = codes_to_buffer(codes, n, data)))
        *count = n;
    free(codes);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetSupportedFeaturePages(IDiscRecorder2Ex *iface, BOOLEAN current_only,
        IMAPI_FEATURE_PAGE_TYPE **data, ULONG *count)
{
    TRACE("%p, %u, %p, %p.\n", iface, current_only, data, count);

    if (!data || !count) return E_POINTER;
    *data = NULL;
    *count = 0;
    return return_code_buffer(impl_from_IDiscRecorder2Ex(iface), current_only ? CURRENT_FEATURES
            : SUPPORTED_FEATURES, 0, (void **)data, count);
}

static HRESULT WINAPI recorder_ex_GetSupportedProfiles(IDiscRecorder2Ex *iface, BOOLEAN current_only,
        IMAPI_PROFILE_TYPE **data, ULONG *count)
{
    TRACE("%p, %u, %p, %p.\n", iface, current_only, data, count);

    if (!data || !count) return E_POINTER;
    *data = NULL;
    *count = 0;
    return return_code_buffer(impl_from_IDiscRecorder2Ex(iface), current_only ? CURRENT_PROFILES
            : SUPPORTED_PROFILES, 0, (void **)data, count);
}

static HRESULT WINAPI recorder_ex_GetSupportedModePages(IDiscRecorder2Ex *iface,
        IMAPI_MODE_PAGE_REQUEST_TYPE type, IMAPI_MODE_PAGE_TYPE **data, ULONG *count)
{
    TRACE("%p, %d, %p, %p.\n", iface, type, data, count);

    if (!data || !count) return E_POINTER;
    *data = NULL;
    *count = 0;
    if ((unsigned int)type > IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES) return E_INVALIDARG;
    return return_code_buffer(impl_from_IDiscRecorder2Ex(iface), MODE_PAGES, type, (void **)data, count);
}

static HRESULT get_limits(struct recorder *recorder, struct transport_limits *limits)
{
    HRESULT hr = S_OK;

    EnterCriticalSection(&recorder->cs);
    if (!recorder->transport)
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    else
        transport_get_limits(recorder->transport, limits);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetByteAlignmentMask(IDiscRecorder2Ex *iface, ULONG *value)
{
    struct transport_limits limits;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (SUCCEEDED(hr = get_limits(impl_from_IDiscRecorder2Ex(iface), &limits)))
        *value = limits.alignment_mask;
    return hr;
}

/* A buffer that does not start on a page boundary spans one page more than
 * its size suggests, so it gets one physical page less. */
static ULONG transfer_size(const struct transport_limits *limits, BOOL page_aligned)
{
    ULONG pages = limits->max_physical_pages, size = limits->max_transfer;

    if (!page_aligned && pages) --pages;
    if (pages && pages < size / limits->page_size)
        size = pages * limits->page_size;
    return size;
}

static HRESULT WINAPI recorder_ex_GetMaximumNonPageAlignedTransferSize(IDiscRecorder2Ex *iface, ULONG *value)
{
    struct transport_limits limits;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (SUCCEEDED(hr = get_limits(impl_from_IDiscRecorder2Ex(iface), &limits)))
        *value = transfer_size(&limits, FALSE);
    return hr;
}

static HRESULT WINAPI recorder_ex_GetMaximumPageAlignedTransferSize(IDiscRecorder2Ex *iface, ULONG *value)
{
    struct transport_limits limits;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (SUCCEEDED(hr = get_limits(impl_from_IDiscRecorder2Ex(iface), &limits)))
        *value = transfer_size(&limits, TRUE);
    return hr;
}

static const IDiscRecorder2ExVtbl recorder_ex_vtbl =
{
    recorder_ex_QueryInterface,
    recorder_ex_AddRef,
    recorder_ex_Release,
    recorder_ex_SendCommandNoData,
    recorder_ex_SendCommandSendDataToDevice,
    recorder_ex_SendCommandGetDataFromDevice,
    recorder_ex_ReadDvdStructure,
    recorder_ex_SendDvdStructure,
    recorder_ex_GetAdapterDescriptor,
    recorder_ex_GetDeviceDescriptor,
    recorder_ex_GetDiscInformation,
    recorder_ex_GetTrackInformation,
    recorder_ex_GetFeaturePage,
    recorder_ex_GetModePage,
    recorder_ex_SetModePage,
    recorder_ex_GetSupportedFeaturePages,
    recorder_ex_GetSupportedProfiles,
    recorder_ex_GetSupportedModePages,
    recorder_ex_GetByteAlignmentMask,
    recorder_ex_GetMaximumNonPageAlignedTransferSize,
    recorder_ex_GetMaximumPageAlignedTransferSize,
};

/* ---- the device, for the other objects of this DLL ---- */

HRESULT recorder_device_open(const WCHAR *path, struct recorder_device **out)
{
    struct recorder_device *device;
    HRESULT hr;

    *out = NULL;
    if (!(device = calloc(1, sizeof(*device))))
        return E_OUTOFMEMORY;
    if (FAILED(hr = transport_open(path, &device->transport)))
    {
        free(device);
        return hr;
    }
    device->refcount = 1;
    *out = device;
    return S_OK;
}

struct recorder_device *recorder_device_addref(struct recorder_device *device)
{
    InterlockedIncrement(&device->refcount);
    return device;
}

void recorder_device_release(struct recorder_device *device)
{
    if (!InterlockedDecrement(&device->refcount))
    {
        transport_close(device->transport);
        free(device);
    }
}

struct transport *recorder_device_transport(struct recorder_device *device)
{
    return device->transport;
}

/* Ours only: a foreign IDiscRecorder2 has another vtable. */
static struct recorder *unsafe_impl_from_IDiscRecorder2(IDiscRecorder2 *iface)
{
    if (!iface || iface->lpVtbl != &recorder_vtbl)
        return NULL;
    return impl_from_IDiscRecorder2(iface);
}

HRESULT recorder_get_device(IDiscRecorder2 *iface, struct recorder_device **device)
{
    struct recorder *recorder = unsafe_impl_from_IDiscRecorder2(iface);
    HRESULT hr = S_OK;

    *device = NULL;
    if (!recorder)
        return S_FALSE;
    EnterCriticalSection(&recorder->cs);
    if (recorder->device)
        *device = recorder_device_addref(recorder->device);
    else
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

HRESULT recorder_check_exclusive(IDiscRecorder2 *iface)
{
    struct recorder *recorder = unsafe_impl_from_IDiscRecorder2(iface);
    HRESULT hr = S_OK;

    if (!recorder)
        return S_OK;
    EnterCriticalSection(&recorder->cs);
    if (recorder->transport)
        hr = check_lock(recorder);
    LeaveCriticalSection(&recorder->cs);
    return hr;
}

HRESULT recorder_create(REFIID riid, void **out)
{
    struct recorder *recorder;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(recorder = calloc(1, sizeof(*recorder))))
        return E_OUTOFMEMORY;

    recorder->IDiscRecorder2_iface.lpVtbl = &recorder_vtbl;
    recorder->IDiscRecorder2Ex_iface.lpVtbl = &recorder_ex_vtbl;
    recorder->refcount = 1;
    lock_module();
    recorder->token = InterlockedIncrement64(&next_token);
    InitializeCriticalSection(&recorder->cs);

    hr = IDiscRecorder2_QueryInterface(&recorder->IDiscRecorder2_iface, riid, out);
    IDiscRecorder2_Release(&recorder->IDiscRecorder2_iface);
    return hr;
}

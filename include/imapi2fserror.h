/*
 * IMAPI2FS (file system image) error codes
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

#ifndef __WINE_IMAPI2FSERROR_H
#define __WINE_IMAPI2FSERROR_H

/*
 * The codes are meant for Win32 code, where winerror.h provides
 * _HRESULT_TYPEDEF_ and HRESULT.  The MMC layer also includes this header
 * in native (non-Win32) builds, for its unit tests and fuzzers: there it
 * has no HRESULT type, so the codes are plain int32_t values with the same
 * bit patterns.
 */
#ifndef _HRESULT_TYPEDEF_
# ifdef _WIN32
#  include <winerror.h>
# else
#  include <stdint.h>
#  define _HRESULT_TYPEDEF_(x) ((int32_t)(x))
# endif
#endif

#ifndef FACILITY_IMAPI2
#define FACILITY_IMAPI2 0xaa
#endif

/* File system image */
#define IMAPI_E_FSI_INTERNAL_ERROR                             _HRESULT_TYPEDEF_(0xC0AAB100L)
#define IMAPI_E_INVALID_PARAM                                  _HRESULT_TYPEDEF_(0xC0AAB101L)
#define IMAPI_E_READONLY                                       _HRESULT_TYPEDEF_(0xC0AAB102L)
#define IMAPI_E_NO_OUTPUT                                      _HRESULT_TYPEDEF_(0xC0AAB103L)
#define IMAPI_E_INVALID_VOLUME_NAME                            _HRESULT_TYPEDEF_(0xC0AAB104L)
#define IMAPI_E_INVALID_DATE                                   _HRESULT_TYPEDEF_(0xC0AAB105L)
#define IMAPI_E_FILE_SYSTEM_NOT_EMPTY                          _HRESULT_TYPEDEF_(0xC0AAB106L)
#define IMAPI_E_NOT_FILE                                       _HRESULT_TYPEDEF_(0xC0AAB108L)
#define IMAPI_E_NOT_DIR                                        _HRESULT_TYPEDEF_(0xC0AAB109L)
#define IMAPI_E_DIR_NOT_EMPTY                                  _HRESULT_TYPEDEF_(0xC0AAB10AL)
#define IMAPI_E_NOT_IN_FILE_SYSTEM                             _HRESULT_TYPEDEF_(0xC0AAB10BL)
#define IMAPI_E_INVALID_PATH                                   _HRESULT_TYPEDEF_(0xC0AAB110L)
#define IMAPI_E_RESTRICTED_NAME_VIOLATION                      _HRESULT_TYPEDEF_(0xC0AAB111L)
#define IMAPI_E_DUP_NAME                                       _HRESULT_TYPEDEF_(0xC0AAB112L)
#define IMAPI_E_NO_UNIQUE_NAME                                 _HRESULT_TYPEDEF_(0xC0AAB113L)
#define IMAPI_E_ITEM_NOT_FOUND                                 _HRESULT_TYPEDEF_(0xC0AAB118L)
#define IMAPI_E_FILE_NOT_FOUND                                 _HRESULT_TYPEDEF_(0xC0AAB119L)
#define IMAPI_E_DIR_NOT_FOUND                                  _HRESULT_TYPEDEF_(0xC0AAB11AL)
#define IMAPI_E_IMAGE_SIZE_LIMIT                               _HRESULT_TYPEDEF_(0xC0AAB120L)
#define IMAPI_E_IMAGE_TOO_BIG                                  _HRESULT_TYPEDEF_(0xC0AAB121L)
#define IMAPI_E_DATA_STREAM_INCONSISTENCY                      _HRESULT_TYPEDEF_(0xC0AAB128L)
#define IMAPI_E_DATA_STREAM_READ_FAILURE                       _HRESULT_TYPEDEF_(0xC0AAB129L)
#define IMAPI_E_DATA_STREAM_CREATE_FAILURE                     _HRESULT_TYPEDEF_(0xC0AAB12AL)
#define IMAPI_E_DIRECTORY_READ_FAILURE                         _HRESULT_TYPEDEF_(0xC0AAB12BL)
#define IMAPI_E_TOO_MANY_DIRS                                  _HRESULT_TYPEDEF_(0xC0AAB130L)
#define IMAPI_E_ISO9660_LEVELS                                 _HRESULT_TYPEDEF_(0xC0AAB131L)
#define IMAPI_E_DATA_TOO_BIG                                   _HRESULT_TYPEDEF_(0xC0AAB132L)
#define IMAPI_E_INCOMPATIBLE_PREVIOUS_SESSION                  _HRESULT_TYPEDEF_(0xC0AAB133L)
#define IMAPI_E_STASHFILE_OPEN_FAILURE                         _HRESULT_TYPEDEF_(0xC0AAB138L)
#define IMAPI_E_STASHFILE_SEEK_FAILURE                         _HRESULT_TYPEDEF_(0xC0AAB139L)
#define IMAPI_E_STASHFILE_WRITE_FAILURE                        _HRESULT_TYPEDEF_(0xC0AAB13AL)
#define IMAPI_E_STASHFILE_READ_FAILURE                         _HRESULT_TYPEDEF_(0xC0AAB13BL)
#define IMAPI_E_INVALID_WORKING_DIRECTORY                      _HRESULT_TYPEDEF_(0xC0AAB140L)
#define IMAPI_E_WORKING_DIRECTORY_SPACE                        _HRESULT_TYPEDEF_(0xC0AAB141L)
#define IMAPI_E_STASHFILE_MOVE                                 _HRESULT_TYPEDEF_(0xC0AAB142L)
#define IMAPI_E_BOOT_IMAGE_DATA                                _HRESULT_TYPEDEF_(0xC0AAB148L)
#define IMAPI_E_BOOT_OBJECT_CONFLICT                           _HRESULT_TYPEDEF_(0xC0AAB149L)
#define IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH             _HRESULT_TYPEDEF_(0xC0AAB14AL)

/* Import and multisession */
#define IMAPI_E_EMPTY_DISC                                     _HRESULT_TYPEDEF_(0xC0AAB150L)
#define IMAPI_E_NO_SUPPORTED_FILE_SYSTEM                       _HRESULT_TYPEDEF_(0xC0AAB151L)
#define IMAPI_E_FILE_SYSTEM_NOT_FOUND                          _HRESULT_TYPEDEF_(0xC0AAB152L)
#define IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR             _HRESULT_TYPEDEF_(0xC0AAB153L)
#define IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED              _HRESULT_TYPEDEF_(0xC0AAB154L)
#define IMAPI_E_IMPORT_TYPE_COLLISION_FILE_EXISTS_AS_DIRECTORY _HRESULT_TYPEDEF_(0xC0AAB155L)
#define IMAPI_E_IMPORT_SEEK_FAILURE                            _HRESULT_TYPEDEF_(0xC0AAB156L)
#define IMAPI_E_IMPORT_READ_FAILURE                            _HRESULT_TYPEDEF_(0xC0AAB157L)
#define IMAPI_E_DISC_MISMATCH                                  _HRESULT_TYPEDEF_(0xC0AAB158L)
#define IMAPI_E_IMPORT_MEDIA_NOT_ALLOWED                       _HRESULT_TYPEDEF_(0xC0AAB159L)
#define IMAPI_E_UDF_NOT_WRITE_COMPATIBLE                       _HRESULT_TYPEDEF_(0xC0AAB15AL)
#define IMAPI_E_INCOMPATIBLE_MULTISESSION_TYPE                 _HRESULT_TYPEDEF_(0xC0AAB15BL)
#define IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE                _HRESULT_TYPEDEF_(0xC0AAB15CL)
#define IMAPI_E_MULTISESSION_NOT_SET                           _HRESULT_TYPEDEF_(0xC0AAB15DL)
#define IMAPI_E_IMPORT_TYPE_COLLISION_DIRECTORY_EXISTS_AS_FILE _HRESULT_TYPEDEF_(0xC0AAB15EL)
#define IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED                    _HRESULT_TYPEDEF_(0x00AAB15FL)
#define IMAPI_E_PROPERTY_NOT_ACCESSIBLE                        _HRESULT_TYPEDEF_(0xC0AAB160L)
#define IMAPI_E_UDF_REVISION_CHANGE_NOT_ALLOWED                _HRESULT_TYPEDEF_(0xC0AAB161L)
#define IMAPI_E_BAD_MULTISESSION_PARAMETER                     _HRESULT_TYPEDEF_(0xC0AAB162L)
#define IMAPI_E_FILE_SYSTEM_CHANGE_NOT_ALLOWED                 _HRESULT_TYPEDEF_(0xC0AAB163L)

/* ISO image manager */
#define IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED                 _HRESULT_TYPEDEF_(0xC0AAB200L)
#define IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND                 _HRESULT_TYPEDEF_(0xC0AAB201L)
#define IMAPI_E_IMAGEMANAGER_NO_IMAGE                          _HRESULT_TYPEDEF_(0xC0AAB202L)
#define IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG                     _HRESULT_TYPEDEF_(0xC0AAB203L)

#endif /* __WINE_IMAPI2FSERROR_H */

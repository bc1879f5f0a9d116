/*
 * IMAPI2 error codes
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

#ifndef __WINE_IMAPI2ERROR_H
#define __WINE_IMAPI2ERROR_H

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

/* General */
#define E_IMAPI_REQUEST_CANCELLED                                   _HRESULT_TYPEDEF_(0xC0AA0002L)
#define E_IMAPI_RECORDER_REQUIRED                                   _HRESULT_TYPEDEF_(0xC0AA0003L)
#define S_IMAPI_SPEEDADJUSTED                                       _HRESULT_TYPEDEF_(0x00AA0004L)
#define S_IMAPI_ROTATIONADJUSTED                                    _HRESULT_TYPEDEF_(0x00AA0005L)
#define S_IMAPI_BOTHADJUSTED                                        _HRESULT_TYPEDEF_(0x00AA0006L)
#define E_IMAPI_BURN_VERIFICATION_FAILED                            _HRESULT_TYPEDEF_(0xC0AA0007L)

/* Recorder and device */
#define S_IMAPI_COMMAND_HAS_SENSE_DATA                              _HRESULT_TYPEDEF_(0x00AA0200L)
#define E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE                          _HRESULT_TYPEDEF_(0xC0AA0201L)
#define E_IMAPI_RECORDER_MEDIA_NO_MEDIA                             _HRESULT_TYPEDEF_(0xC0AA0202L)
#define E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE                         _HRESULT_TYPEDEF_(0xC0AA0203L)
#define E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN                          _HRESULT_TYPEDEF_(0xC0AA0204L)
#define E_IMAPI_RECORDER_MEDIA_BECOMING_READY                       _HRESULT_TYPEDEF_(0xC0AA0205L)
#define E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS                   _HRESULT_TYPEDEF_(0xC0AA0206L)
#define E_IMAPI_RECORDER_MEDIA_BUSY                                 _HRESULT_TYPEDEF_(0xC0AA0207L)
#define E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS                    _HRESULT_TYPEDEF_(0xC0AA0208L)
#define E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED                      _HRESULT_TYPEDEF_(0xC0AA0209L)
#define E_IMAPI_RECORDER_NO_SUCH_FEATURE                            _HRESULT_TYPEDEF_(0xC0AA020AL)
#define E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT                     _HRESULT_TYPEDEF_(0xC0AA020BL)
#define E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED            _HRESULT_TYPEDEF_(0xC0AA020CL)
#define E_IMAPI_RECORDER_COMMAND_TIMEOUT                            _HRESULT_TYPEDEF_(0xC0AA020DL)
#define E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT                  _HRESULT_TYPEDEF_(0xC0AA020EL)
#define E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH                       _HRESULT_TYPEDEF_(0xC0AA020FL)
#define E_IMAPI_RECORDER_LOCKED                                     _HRESULT_TYPEDEF_(0xC0AA0210L)
#define E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID                   _HRESULT_TYPEDEF_(0xC0AA0211L)
#define E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED                        _HRESULT_TYPEDEF_(0xC0AA0212L)
#define E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE               _HRESULT_TYPEDEF_(0xC0AA02FFL)

/* Write engine */
#define E_IMAPI_LOSS_OF_STREAMING                                   _HRESULT_TYPEDEF_(0xC0AA0300L)
#define E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE                     _HRESULT_TYPEDEF_(0xC0AA0301L)
#define S_IMAPI_WRITE_NOT_IN_PROGRESS                               _HRESULT_TYPEDEF_(0x00AA0302L)

/* IDiscFormat2Data */
#define E_IMAPI_DF2DATA_WRITE_IN_PROGRESS                           _HRESULT_TYPEDEF_(0xC0AA0400L)
#define E_IMAPI_DF2DATA_WRITE_NOT_IN_PROGRESS                       _HRESULT_TYPEDEF_(0xC0AA0401L)
#define E_IMAPI_DF2DATA_INVALID_MEDIA_STATE                         _HRESULT_TYPEDEF_(0xC0AA0402L)
#define E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED                        _HRESULT_TYPEDEF_(0xC0AA0403L)
#define E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA          _HRESULT_TYPEDEF_(0xC0AA0404L)
#define E_IMAPI_DF2DATA_MEDIA_NOT_BLANK                             _HRESULT_TYPEDEF_(0xC0AA0405L)
#define E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED                      _HRESULT_TYPEDEF_(0xC0AA0406L)
#define E_IMAPI_DF2DATA_RECORDER_NOT_SUPPORTED                      _HRESULT_TYPEDEF_(0xC0AA0407L)
#define E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID                    _HRESULT_TYPEDEF_(0xC0AA0408L)

/* IDiscFormat2TrackAtOnce */
#define E_IMAPI_DF2TAO_WRITE_IN_PROGRESS                            _HRESULT_TYPEDEF_(0xC0AA0500L)
#define E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS                        _HRESULT_TYPEDEF_(0xC0AA0501L)
#define E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED                        _HRESULT_TYPEDEF_(0xC0AA0502L)
#define E_IMAPI_DF2TAO_MEDIA_IS_PREPARED                            _HRESULT_TYPEDEF_(0xC0AA0503L)
#define E_IMAPI_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY                _HRESULT_TYPEDEF_(0xC0AA0504L)
#define E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC                 _HRESULT_TYPEDEF_(0xC0AA0505L)
#define E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK                           _HRESULT_TYPEDEF_(0xC0AA0506L)
#define E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED                       _HRESULT_TYPEDEF_(0xC0AA0507L)
#define E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED                          _HRESULT_TYPEDEF_(0xC0AA0508L)
#define E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE                             _HRESULT_TYPEDEF_(0xC0AA0509L)
#define E_IMAPI_DF2TAO_NO_RECORDER_SPECIFIED                        _HRESULT_TYPEDEF_(0xC0AA050AL)
#define E_IMAPI_DF2TAO_INVALID_ISRC                                 _HRESULT_TYPEDEF_(0xC0AA050BL)
#define E_IMAPI_DF2TAO_INVALID_MCN                                  _HRESULT_TYPEDEF_(0xC0AA050CL)
#define E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED                         _HRESULT_TYPEDEF_(0xC0AA050DL)
#define E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED                       _HRESULT_TYPEDEF_(0xC0AA050EL)
#define E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID                     _HRESULT_TYPEDEF_(0xC0AA050FL)

/* IDiscFormat2RawCD */
#define E_IMAPI_DF2RAW_WRITE_IN_PROGRESS                            _HRESULT_TYPEDEF_(0xC0AA0600L)
#define E_IMAPI_DF2RAW_WRITE_NOT_IN_PROGRESS                        _HRESULT_TYPEDEF_(0xC0AA0601L)
#define E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED                        _HRESULT_TYPEDEF_(0xC0AA0602L)
#define E_IMAPI_DF2RAW_MEDIA_IS_PREPARED                            _HRESULT_TYPEDEF_(0xC0AA0603L)
#define E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID                     _HRESULT_TYPEDEF_(0xC0AA0604L)
#define E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK                           _HRESULT_TYPEDEF_(0xC0AA0606L)
#define E_IMAPI_DF2RAW_MEDIA_IS_NOT_SUPPORTED                       _HRESULT_TYPEDEF_(0xC0AA0607L)
#define E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE                             _HRESULT_TYPEDEF_(0xC0AA0609L)
#define E_IMAPI_DF2RAW_NO_RECORDER_SPECIFIED                        _HRESULT_TYPEDEF_(0xC0AA060AL)
#define E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED                         _HRESULT_TYPEDEF_(0xC0AA060DL)
#define E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED                _HRESULT_TYPEDEF_(0xC0AA060EL)
#define E_IMAPI_DF2RAW_STREAM_LEADIN_TOO_SHORT                      _HRESULT_TYPEDEF_(0xC0AA060FL)
#define E_IMAPI_DF2RAW_RECORDER_NOT_SUPPORTED                       _HRESULT_TYPEDEF_(0xC0AA0610L)

/* IDiscFormat2Erase */
#define E_IMAPI_ERASE_RECORDER_IN_USE                               _HRESULT_TYPEDEF_(0x80AA0900L)
#define E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED                   _HRESULT_TYPEDEF_(0x80AA0901L)
#define E_IMAPI_ERASE_DISC_INFORMATION_TOO_SMALL                    _HRESULT_TYPEDEF_(0x80AA0902L)
#define E_IMAPI_ERASE_MODE_PAGE_2A_TOO_SMALL                        _HRESULT_TYPEDEF_(0x80AA0903L)
#define E_IMAPI_ERASE_MEDIA_IS_NOT_ERASABLE                         _HRESULT_TYPEDEF_(0x80AA0904L)
#define E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND                    _HRESULT_TYPEDEF_(0x80AA0905L)
#define E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR                     _HRESULT_TYPEDEF_(0x80AA0906L)
#define E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE        _HRESULT_TYPEDEF_(0x80AA0907L)
#define E_IMAPI_ERASE_DRIVE_FAILED_SPINUP_COMMAND                   _HRESULT_TYPEDEF_(0x80AA0908L)
#define E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED                        _HRESULT_TYPEDEF_(0xC0AA0909L)
#define E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED                        _HRESULT_TYPEDEF_(0xC0AA090AL)
#define E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID                      _HRESULT_TYPEDEF_(0xC0AA090BL)

/* IRawCDImageCreator */
#define E_IMAPI_RAW_IMAGE_IS_READ_ONLY                              _HRESULT_TYPEDEF_(0x80AA0A00L)
#define E_IMAPI_RAW_IMAGE_TOO_MANY_TRACKS                           _HRESULT_TYPEDEF_(0x80AA0A01L)
#define E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED                 _HRESULT_TYPEDEF_(0x80AA0A02L)
#define E_IMAPI_RAW_IMAGE_NO_TRACKS                                 _HRESULT_TYPEDEF_(0x80AA0A03L)
#define E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED                      _HRESULT_TYPEDEF_(0x80AA0A04L)
#define E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE                        _HRESULT_TYPEDEF_(0x80AA0A05L)
#define E_IMAPI_RAW_IMAGE_TOO_MANY_TRACK_INDEXES                    _HRESULT_TYPEDEF_(0x80AA0A06L)
#define E_IMAPI_RAW_IMAGE_TRACK_INDEX_NOT_FOUND                     _HRESULT_TYPEDEF_(0x80AA0A07L)
#define S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS                _HRESULT_TYPEDEF_(0x00AA0A08L)
#define E_IMAPI_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED _HRESULT_TYPEDEF_(0x80AA0A09L)
#define E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX      _HRESULT_TYPEDEF_(0x80AA0A0AL)

#endif /* __WINE_IMAPI2ERROR_H */

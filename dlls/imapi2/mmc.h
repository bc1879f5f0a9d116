/*
 * MMC/SPC command layer: CDB builders, reply parsers, sense mapping.
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

/* Plain C11 with fixed-width types: no COM, no windows.h, no I/O of its own.
 * It builds natively (unit tests, fuzzers) and inside the PE DLL.
 *
 * mmc_build_*   fill a CDB (or a parameter list) and return its length.
 * mmc_parse_*   pure parsers over (buf, len): they never read outside the buffer,
 *               never trust a length field and return an enum mmc_result.
 * mmc_find_*, mmc_next_*, mmc_get_*   pure lookups in a reply buffer.
 * mmc_drive_*   multi-step exchanges through a struct mmc_device executor; they
 *               return an HRESULT (as int32_t): S_OK (0) or an E_IMAPI_* code. */

#ifndef __WINE_IMAPI2_MMC_H
#define __WINE_IMAPI2_MMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Operation codes (SPC-4, MMC-6). */
#define MMC_TEST_UNIT_READY                 0x00
#define MMC_REQUEST_SENSE                   0x03
#define MMC_FORMAT_UNIT                     0x04
#define MMC_INQUIRY                         0x12
#define MMC_START_STOP_UNIT                 0x1b
#define MMC_PREVENT_ALLOW_MEDIUM_REMOVAL    0x1e
#define MMC_READ_FORMAT_CAPACITIES          0x23
#define MMC_READ_CAPACITY                   0x25
#define MMC_READ_10                         0x28
#define MMC_WRITE_10                        0x2a
#define MMC_SEEK_10                         0x2b
#define MMC_WRITE_AND_VERIFY_10             0x2e
#define MMC_VERIFY_10                       0x2f
#define MMC_SYNCHRONIZE_CACHE               0x35
#define MMC_WRITE_BUFFER                    0x3b
#define MMC_READ_BUFFER                     0x3c
#define MMC_READ_SUBCHANNEL                 0x42
#define MMC_READ_TOC_PMA_ATIP               0x43
#define MMC_GET_CONFIGURATION               0x46
#define MMC_PLAY_AUDIO_MSF                  0x47
#define MMC_GET_EVENT_STATUS_NOTIFICATION   0x4a
#define MMC_PAUSE_RESUME                    0x4b
#define MMC_STOP_PLAY_SCAN                  0x4e
#define MMC_READ_DISC_INFORMATION           0x51
#define MMC_READ_TRACK_INFORMATION          0x52
#define MMC_RESERVE_TRACK                   0x53
#define MMC_SEND_OPC_INFORMATION            0x54
#define MMC_MODE_SELECT_10                  0x55
#define MMC_REPAIR_TRACK                    0x58
#define MMC_MODE_SENSE_10                   0x5a
#define MMC_CLOSE_TRACK_SESSION             0x5b
#define MMC_READ_BUFFER_CAPACITY            0x5c
#define MMC_SEND_CUE_SHEET                  0x5d
#define MMC_REPORT_LUNS                     0xa0
#define MMC_BLANK                           0xa1
#define MMC_SECURITY_PROTOCOL_IN            0xa2
#define MMC_SEND_KEY                        0xa3
#define MMC_REPORT_KEY                      0xa4
#define MMC_LOAD_UNLOAD_MEDIUM              0xa6
#define MMC_SET_READ_AHEAD                  0xa7
#define MMC_READ_12                         0xa8
#define MMC_WRITE_12                        0xaa
#define MMC_READ_MEDIA_SERIAL_NUMBER        0xab
#define MMC_GET_PERFORMANCE                 0xac
#define MMC_READ_DISC_STRUCTURE             0xad
#define MMC_SECURITY_PROTOCOL_OUT           0xb5
#define MMC_SET_STREAMING                   0xb6
#define MMC_READ_CD_MSF                     0xb9
#define MMC_SCAN                            0xba
#define MMC_SET_CD_SPEED                    0xbb
#define MMC_MECHANISM_STATUS                0xbd
#define MMC_READ_CD                         0xbe
#define MMC_SEND_DISC_STRUCTURE             0xbf

/* The DVD-era name of READ DISC STRUCTURE. */
#define MMC_READ_DVD_STRUCTURE              MMC_READ_DISC_STRUCTURE

/* SCSI status bytes (SAM-4). */
#define MMC_STATUS_GOOD                     0x00
#define MMC_STATUS_CHECK_CONDITION          0x02
#define MMC_STATUS_CONDITION_MET            0x04
#define MMC_STATUS_BUSY                     0x08
#define MMC_STATUS_RESERVATION_CONFLICT     0x18
#define MMC_STATUS_TASK_SET_FULL            0x28
#define MMC_STATUS_ACA_ACTIVE               0x30
#define MMC_STATUS_TASK_ABORTED             0x40

/* Sense keys (SPC-4 4.5.6). */
#define SENSE_KEY_NO_SENSE                  0x0
#define SENSE_KEY_RECOVERED_ERROR           0x1
#define SENSE_KEY_NOT_READY                 0x2
#define SENSE_KEY_MEDIUM_ERROR              0x3
#define SENSE_KEY_HARDWARE_ERROR            0x4
#define SENSE_KEY_ILLEGAL_REQUEST           0x5
#define SENSE_KEY_UNIT_ATTENTION            0x6
#define SENSE_KEY_DATA_PROTECT              0x7
#define SENSE_KEY_BLANK_CHECK               0x8
#define SENSE_KEY_VENDOR_SPECIFIC           0x9
#define SENSE_KEY_COPY_ABORTED              0xa
#define SENSE_KEY_ABORTED_COMMAND           0xb
#define SENSE_KEY_VOLUME_OVERFLOW           0xd
#define SENSE_KEY_MISCOMPARE                0xe

/* Additional sense codes (SPC-4 table D.1, MMC-6 annex F). */
#define SENSE_ASC_NO_ADDITIONAL_SENSE       0x00
#define SENSE_ASC_NO_SEEK_COMPLETE          0x02
#define SENSE_ASC_NOT_READY                 0x04
#define SENSE_ASC_COMMUNICATION_FAILURE     0x08
#define SENSE_ASC_TRACKING_ERROR            0x09
#define SENSE_ASC_WRITE_ERROR               0x0c
#define SENSE_ASC_UNRECOVERED_READ_ERROR    0x11
#define SENSE_ASC_PARAMETER_LIST_LENGTH_ERROR 0x1a
#define SENSE_ASC_INVALID_COMMAND_OPCODE    0x20
#define SENSE_ASC_LBA_OUT_OF_RANGE          0x21
#define SENSE_ASC_INVALID_FIELD_IN_CDB      0x24
#define SENSE_ASC_LUN_NOT_SUPPORTED         0x25
#define SENSE_ASC_INVALID_FIELD_IN_PARAMETER_LIST 0x26
#define SENSE_ASC_WRITE_PROTECTED           0x27
#define SENSE_ASC_MEDIUM_MAY_HAVE_CHANGED   0x28
#define SENSE_ASC_POWER_ON_RESET            0x29
#define SENSE_ASC_PARAMETERS_CHANGED        0x2a
#define SENSE_ASC_COMMAND_SEQUENCE_ERROR    0x2c
#define SENSE_ASC_INCOMPATIBLE_MEDIUM       0x30
#define SENSE_ASC_MEDIUM_FORMAT_CORRUPTED   0x31
#define SENSE_ASC_SAVING_PARAMETERS_NOT_SUPPORTED 0x39
#define SENSE_ASC_MEDIUM_NOT_PRESENT        0x3a
#define SENSE_ASC_NOT_SELF_CONFIGURED       0x3e
#define SENSE_ASC_OPERATOR_REQUEST          0x5a
#define SENSE_ASC_END_OF_USER_AREA          0x63
#define SENSE_ASC_ILLEGAL_MODE_FOR_TRACK    0x64
#define SENSE_ASC_SESSION_FIXATION_ERROR    0x71
#define SENSE_ASC_CD_CONTROL_ERROR          0x73

/* Additional sense code qualifiers, named by the ASC they qualify. */
#define SENSE_ASCQ_NOT_READY_CAUSE_NOT_REPORTABLE   0x00
#define SENSE_ASCQ_NOT_READY_BECOMING_READY         0x01
#define SENSE_ASCQ_NOT_READY_INIT_REQUIRED          0x02
#define SENSE_ASCQ_NOT_READY_MANUAL_INTERVENTION    0x03
#define SENSE_ASCQ_NOT_READY_FORMAT_IN_PROGRESS     0x04
#define SENSE_ASCQ_NOT_READY_OPERATION_IN_PROGRESS  0x07
#define SENSE_ASCQ_NOT_READY_LONG_WRITE_IN_PROGRESS 0x08
#define SENSE_ASCQ_WRITE_ERROR_LOSS_OF_STREAMING    0x09
#define SENSE_ASCQ_WRITE_ERROR_PADDING_BLOCKS_ADDED 0x0a
#define SENSE_ASCQ_INVALID_ADDRESS_FOR_WRITE        0x02
#define SENSE_ASCQ_PARAMETER_NOT_SUPPORTED          0x01
#define SENSE_ASCQ_PARAMETER_VALUE_INVALID          0x02
#define SENSE_ASCQ_MEDIUM_NOT_FORMATTED             0x10
#define SENSE_ASCQ_CANNOT_WRITE_UNKNOWN_FORMAT      0x04
#define SENSE_ASCQ_POWER_CALIBRATION_ALMOST_FULL    0x01
#define SENSE_ASCQ_POWER_CALIBRATION_FULL           0x02

/* MMC-6 5.3: profiles; IMAPI_PROFILE_TYPE uses the same numbers. */
#define MMC_PROFILE_NONE                    0x0000
#define MMC_PROFILE_NON_REMOVABLE_DISK      0x0001
#define MMC_PROFILE_REMOVABLE_DISK          0x0002
#define MMC_PROFILE_MO_ERASABLE             0x0003
#define MMC_PROFILE_MO_WRITE_ONCE           0x0004
#define MMC_PROFILE_AS_MO                   0x0005
#define MMC_PROFILE_CD_ROM                  0x0008
#define MMC_PROFILE_CD_R                    0x0009
#define MMC_PROFILE_CD_RW                   0x000a
#define MMC_PROFILE_DVD_ROM                 0x0010
#define MMC_PROFILE_DVD_R_SEQUENTIAL        0x0011
#define MMC_PROFILE_DVD_RAM                 0x0012
#define MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE 0x0013
#define MMC_PROFILE_DVD_RW_SEQUENTIAL       0x0014
#define MMC_PROFILE_DVD_R_DL_SEQUENTIAL     0x0015
#define MMC_PROFILE_DVD_R_DL_LAYER_JUMP     0x0016
#define MMC_PROFILE_DVD_RW_DL               0x0017
#define MMC_PROFILE_DVD_DOWNLOAD_DISC       0x0018
#define MMC_PROFILE_DVD_PLUS_RW             0x001a
#define MMC_PROFILE_DVD_PLUS_R              0x001b
#define MMC_PROFILE_DDCD_ROM                0x0020
#define MMC_PROFILE_DDCD_R                  0x0021
#define MMC_PROFILE_DDCD_RW                 0x0022
#define MMC_PROFILE_DVD_PLUS_RW_DL          0x002a
#define MMC_PROFILE_DVD_PLUS_R_DL           0x002b
#define MMC_PROFILE_BD_ROM                  0x0040
#define MMC_PROFILE_BD_R_SRM                0x0041
#define MMC_PROFILE_BD_R_RRM                0x0042
#define MMC_PROFILE_BD_RE                   0x0043
#define MMC_PROFILE_HD_DVD_ROM              0x0050
#define MMC_PROFILE_HD_DVD_R                0x0051
#define MMC_PROFILE_HD_DVD_RAM              0x0052
#define MMC_PROFILE_HD_DVD_RW               0x0053
#define MMC_PROFILE_HD_DVD_R_DL             0x0058
#define MMC_PROFILE_HD_DVD_RW_DL            0x005a
#define MMC_PROFILE_NON_STANDARD            0xffff

/* MMC-6 5.3: feature codes. */
#define MMC_FEATURE_PROFILE_LIST            0x0000
#define MMC_FEATURE_CORE                    0x0001
#define MMC_FEATURE_MORPHING                0x0002
#define MMC_FEATURE_REMOVABLE_MEDIUM        0x0003
#define MMC_FEATURE_WRITE_PROTECT           0x0004
#define MMC_FEATURE_RANDOM_READABLE         0x0010
#define MMC_FEATURE_MULTI_READ              0x001d
#define MMC_FEATURE_CD_READ                 0x001e
#define MMC_FEATURE_DVD_READ                0x001f
#define MMC_FEATURE_RANDOM_WRITABLE         0x0020
#define MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE 0x0021
#define MMC_FEATURE_SECTOR_ERASABLE         0x0022
#define MMC_FEATURE_FORMATTABLE             0x0023
#define MMC_FEATURE_HARDWARE_DEFECT_MANAGEMENT 0x0024
#define MMC_FEATURE_WRITE_ONCE              0x0025
#define MMC_FEATURE_RESTRICTED_OVERWRITE    0x0026
#define MMC_FEATURE_CD_RW_CAV_WRITE         0x0027
#define MMC_FEATURE_MRW                     0x0028
#define MMC_FEATURE_ENHANCED_DEFECT_REPORTING 0x0029
#define MMC_FEATURE_DVD_PLUS_RW             0x002a
#define MMC_FEATURE_DVD_PLUS_R              0x002b
#define MMC_FEATURE_RIGID_RESTRICTED_OVERWRITE 0x002c
#define MMC_FEATURE_CD_TRACK_AT_ONCE        0x002d
#define MMC_FEATURE_CD_MASTERING            0x002e
#define MMC_FEATURE_DVD_MINUS_R_RW_WRITE    0x002f
#define MMC_FEATURE_LAYER_JUMP_RECORDING    0x0033
#define MMC_FEATURE_LJ_RIGID_RESTRICTED_OVERWRITE 0x0034
#define MMC_FEATURE_STOP_LONG_OPERATION     0x0035
#define MMC_FEATURE_CD_RW_MEDIA_WRITE_SUPPORT 0x0037
#define MMC_FEATURE_BD_R_PSEUDO_OVERWRITE   0x0038
#define MMC_FEATURE_DVD_PLUS_RW_DL          0x003a
#define MMC_FEATURE_DVD_PLUS_R_DL           0x003b
#define MMC_FEATURE_BD_READ                 0x0040
#define MMC_FEATURE_BD_WRITE                0x0041
#define MMC_FEATURE_TSR                     0x0042
#define MMC_FEATURE_HD_DVD_READ             0x0050
#define MMC_FEATURE_HD_DVD_WRITE            0x0051
#define MMC_FEATURE_HYBRID_DISC             0x0080
#define MMC_FEATURE_POWER_MANAGEMENT        0x0100
#define MMC_FEATURE_SMART                   0x0101
#define MMC_FEATURE_EMBEDDED_CHANGER        0x0102
#define MMC_FEATURE_CD_AUDIO_EXTERNAL_PLAY  0x0103
#define MMC_FEATURE_MICROCODE_UPGRADE       0x0104
#define MMC_FEATURE_TIMEOUT                 0x0105
#define MMC_FEATURE_DVD_CSS                 0x0106
#define MMC_FEATURE_REAL_TIME_STREAMING     0x0107
#define MMC_FEATURE_DRIVE_SERIAL_NUMBER     0x0108
#define MMC_FEATURE_MEDIA_SERIAL_NUMBER     0x0109
#define MMC_FEATURE_DISC_CONTROL_BLOCKS     0x010a
#define MMC_FEATURE_DVD_CPRM                0x010b
#define MMC_FEATURE_FIRMWARE_INFORMATION    0x010c
#define MMC_FEATURE_AACS                    0x010d
#define MMC_FEATURE_VCPS                    0x0110
/* MMC-6 5.2.2: feature codes from FF00h up are vendor specific; their additional
 * length need not be a multiple of 4. */
#define MMC_FEATURE_VENDOR_FIRST            0xff00

/* GET CONFIGURATION request types (MMC-6 6.6.2.2). */
#define MMC_CONFIG_RT_ALL                   0x0
#define MMC_CONFIG_RT_CURRENT               0x1
#define MMC_CONFIG_RT_ONE                   0x2
/* MMC-6 6.6.2.4; Microsoft's cdrom driver caps it at the last multiple of 4. */
#define MMC_CONFIG_MAX_LENGTH               0xfffc

/* Mode pages (MMC-6 7). */
#define MMC_MODE_PAGE_ERROR_RECOVERY        0x01
#define MMC_MODE_PAGE_WRITE_PARAMETERS      0x05
#define MMC_MODE_PAGE_CACHING               0x08
#define MMC_MODE_PAGE_POWER_CONDITION       0x1a
#define MMC_MODE_PAGE_INFORMATIONAL_EXCEPTIONS 0x1c
#define MMC_MODE_PAGE_TIMEOUT_PROTECT       0x1d
#define MMC_MODE_PAGE_CAPABILITIES          0x2a
#define MMC_MODE_PAGE_ALL                   0x3f

/* MODE SENSE page control (SPC-4 6.11.1). */
#define MMC_PC_CURRENT                      0x0
#define MMC_PC_CHANGEABLE                   0x1
#define MMC_PC_DEFAULT                      0x2
#define MMC_PC_SAVED                        0x3

#define MMC_MODE_HEADER_LENGTH              8
#define MMC_MODE_PAGE_PS                    0x80    /* byte 0 of a mode page: parameters savable */
#define MMC_WRITE_PARAMETERS_PAGE_LENGTH    0x32
/* Mode parameter header plus a complete page 05h, as sent by MODE SELECT. */
#define MMC_WRITE_PARAMETERS_LIST_LENGTH    (MMC_MODE_HEADER_LENGTH + 2 + MMC_WRITE_PARAMETERS_PAGE_LENGTH)

/* Page 05h write types (MMC-6 7.5.4.4). */
#define MMC_WRITE_TYPE_PACKET               0x0
#define MMC_WRITE_TYPE_TAO                  0x1
#define MMC_WRITE_TYPE_SAO                  0x2
#define MMC_WRITE_TYPE_RAW                  0x3
#define MMC_WRITE_TYPE_LAYER_JUMP           0x4

/* Page 05h multi-session field. */
#define MMC_MULTI_SESSION_NONE              0x0 /* no B0 pointer, no next session */
#define MMC_MULTI_SESSION_FINAL             0x1 /* B0 = FF:FF:FF, no next session */
#define MMC_MULTI_SESSION_OPEN              0x3 /* B0 = next program area, appendable */

/* Page 05h data block types. */
#define MMC_DATA_BLOCK_RAW_2352             0x0
#define MMC_DATA_BLOCK_MODE1_2048           0x8
#define MMC_DATA_BLOCK_MODE2_2336           0x9
#define MMC_DATA_BLOCK_MODE2_FORM1_2048     0xa
#define MMC_DATA_BLOCK_MODE2_FORM1_2056     0xb
#define MMC_DATA_BLOCK_MODE2_FORM2_2324     0xc
#define MMC_DATA_BLOCK_MODE2_MIXED_2332     0xd

/* Track modes (the CD control nibble). */
#define MMC_TRACK_MODE_AUDIO                0x0 /* two channels, no pre-emphasis */
#define MMC_TRACK_MODE_DATA                 0x4
#define MMC_TRACK_MODE_DATA_INCREMENTAL     0x5
/* Bit 2 of the control nibble (READ TOC) and of the Track Mode (READ TRACK
 * INFORMATION): the track holds data, not audio. */
#define MMC_CONTROL_DATA_TRACK              0x4

/* Session formats (page 05h byte 8; READ DISC INFORMATION disc type). */
#define MMC_SESSION_FORMAT_CDDA_CDROM       0x00
#define MMC_SESSION_FORMAT_CDI              0x10
#define MMC_SESSION_FORMAT_CDROM_XA         0x20

/* READ TOC/PMA/ATIP formats. */
#define MMC_TOC_FORMAT_TOC                  0x0
#define MMC_TOC_FORMAT_SESSION_INFO         0x1
#define MMC_TOC_FORMAT_FULL_TOC             0x2
#define MMC_TOC_FORMAT_PMA                  0x3
#define MMC_TOC_FORMAT_ATIP                 0x4
#define MMC_TOC_FORMAT_CD_TEXT              0x5

/* Format 0 track number of the lead-out; format 2 POINT values. */
#define MMC_TOC_LEAD_OUT_TRACK              0xaa
#define MMC_TOC_POINT_FIRST_TRACK           0xa0
#define MMC_TOC_POINT_LAST_TRACK            0xa1
#define MMC_TOC_POINT_LEAD_OUT              0xa2
#define MMC_TOC_POINT_NEXT_PROGRAM_AREA     0xb0
#define MMC_TOC_POINT_SKIP_INTERVALS        0xb1
#define MMC_TOC_POINT_FIRST_LEAD_IN         0xc0

/* READ DISC INFORMATION fields. */
#define MMC_DISC_STATUS_EMPTY               0x0
#define MMC_DISC_STATUS_INCOMPLETE          0x1
#define MMC_DISC_STATUS_COMPLETE            0x2
#define MMC_DISC_STATUS_OTHER               0x3
#define MMC_SESSION_STATE_EMPTY             0x0
#define MMC_SESSION_STATE_INCOMPLETE        0x1
#define MMC_SESSION_STATE_DAMAGED           0x2
#define MMC_SESSION_STATE_COMPLETE          0x3
#define MMC_BG_FORMAT_NONE                  0x0
#define MMC_BG_FORMAT_SUSPENDED             0x1
#define MMC_BG_FORMAT_IN_PROGRESS           0x2
#define MMC_BG_FORMAT_COMPLETE              0x3
#define MMC_DISC_INFO_DATA_STANDARD         0x0
#define MMC_DISC_INFO_DATA_TRACK_RESOURCES  0x1
#define MMC_DISC_INFO_DATA_POW_RESOURCES    0x2

/* The invisible/incomplete track; MMC-6 6.27: only CD and DVD+R (DL) accept it. */
#define MMC_INVISIBLE_TRACK                 0xff

/* CLOSE TRACK SESSION close functions (MMC-6 6.3.2.2). */
#define MMC_CLOSE_STOP_BACKGROUND_FORMAT    0x0
#define MMC_CLOSE_TRACK                     0x1
#define MMC_CLOSE_SESSION                   0x2
#define MMC_CLOSE_INTERMEDIATE_BORDER       0x3
#define MMC_CLOSE_SESSION_EXTENDED_LEAD_OUT 0x4
#define MMC_CLOSE_FINALIZE_MIN_RADIUS       0x5
#define MMC_CLOSE_FINALIZE                  0x6

/* BLANK types (MMC-6 6.2.2). */
#define MMC_BLANK_DISC                      0x0
#define MMC_BLANK_MINIMAL                   0x1
#define MMC_BLANK_TRACK                     0x2
#define MMC_BLANK_UNRESERVE_TRACK           0x3
#define MMC_BLANK_TRACK_TAIL                0x4
#define MMC_BLANK_UNCLOSE_LAST_SESSION      0x5
#define MMC_BLANK_SESSION                   0x6

/* FORMAT UNIT (MMC-6 6.5). */
#define MMC_FORMAT_CODE                     0x1
#define MMC_FORMAT_PARAMETER_LIST_LENGTH    12
#define MMC_FORMAT_TYPE_FULL                0x00
#define MMC_FORMAT_TYPE_SPARE_EXPANSION     0x01
#define MMC_FORMAT_TYPE_ZONE_REFORMAT       0x04
#define MMC_FORMAT_TYPE_ZONE_FORMAT         0x05
#define MMC_FORMAT_TYPE_CD_DVD_RW_FULL      0x10
#define MMC_FORMAT_TYPE_CD_DVD_RW_GROW_SESSION 0x11
#define MMC_FORMAT_TYPE_CD_DVD_RW_ADD_SESSION 0x12
#define MMC_FORMAT_TYPE_DVD_RW_QUICK_GROW   0x13
#define MMC_FORMAT_TYPE_DVD_RW_QUICK_ADD    0x14
#define MMC_FORMAT_TYPE_DVD_RW_QUICK        0x15
#define MMC_FORMAT_TYPE_MRW_FULL            0x24
#define MMC_FORMAT_TYPE_DVD_PLUS_RW_FULL    0x26
#define MMC_FORMAT_TYPE_BD_RE_WITH_SPARES   0x30
#define MMC_FORMAT_TYPE_BD_RE_NO_SPARES     0x31
#define MMC_FORMAT_TYPE_BD_R_WITH_SPARES    0x32

/* READ FORMAT CAPACITIES current/maximum descriptor types. */
#define MMC_CAPACITY_UNFORMATTED            0x1
#define MMC_CAPACITY_FORMATTED              0x2
#define MMC_CAPACITY_NO_MEDIA               0x3

/* GET EVENT STATUS NOTIFICATION (MMC-6 6.7). */
#define MMC_EVENT_CLASS_OPERATIONAL_CHANGE  0x1
#define MMC_EVENT_CLASS_POWER_MANAGEMENT    0x2
#define MMC_EVENT_CLASS_EXTERNAL_REQUEST    0x3
#define MMC_EVENT_CLASS_MEDIA               0x4
#define MMC_EVENT_CLASS_MULTI_HOST          0x5
#define MMC_EVENT_CLASS_DEVICE_BUSY         0x6
#define MMC_MEDIA_EVENT_NO_CHANGE           0x0
#define MMC_MEDIA_EVENT_EJECT_REQUEST       0x1
#define MMC_MEDIA_EVENT_NEW_MEDIA           0x2
#define MMC_MEDIA_EVENT_MEDIA_REMOVAL       0x3
#define MMC_MEDIA_EVENT_MEDIA_CHANGED       0x4
#define MMC_MEDIA_EVENT_BG_FORMAT_COMPLETED 0x5
#define MMC_MEDIA_EVENT_BG_FORMAT_RESTARTED 0x6

/* GET PERFORMANCE types (MMC-6 6.8). */
#define MMC_PERFORMANCE_TYPE_PERFORMANCE    0x00
#define MMC_PERFORMANCE_TYPE_UNUSABLE_AREA  0x01
#define MMC_PERFORMANCE_TYPE_DEFECT_STATUS  0x02
#define MMC_PERFORMANCE_TYPE_WRITE_SPEED    0x03
#define MMC_PERFORMANCE_TYPE_DBI            0x04
#define MMC_PERFORMANCE_TYPE_DBI_CACHE_ZONE 0x05

/* START STOP UNIT LoEj/Start combinations. */
#define MMC_START_STOP_STOP                 0x0
#define MMC_START_STOP_START                0x1
#define MMC_START_STOP_EJECT                0x2
#define MMC_START_STOP_LOAD                 0x3

/* Loading mechanism types (feature 0003h, page 2Ah). */
#define MMC_LOADING_CADDY                   0x0
#define MMC_LOADING_TRAY                    0x1
#define MMC_LOADING_POP_UP                  0x2
#define MMC_LOADING_CHANGER_INDIVIDUAL      0x4
#define MMC_LOADING_CHANGER_MAGAZINE        0x5

/* INQUIRY. */
#define MMC_INQUIRY_STANDARD_LENGTH         36
#define MMC_VPD_SUPPORTED_PAGES             0x00
#define MMC_VPD_UNIT_SERIAL_NUMBER          0x80
#define MMC_VPD_DEVICE_IDENTIFICATION       0x83
#define MMC_PERIPHERAL_TYPE_MMC             0x05

/* Timeouts in seconds, by command class (libburn's values: MMC gives none). */
#define MMC_TIMEOUT_DEFAULT                 30
#define MMC_TIMEOUT_LONG                    200
#define MMC_TIMEOUT_LOAD                    300

/* Sense data sizes. */
#define MMC_SENSE_LENGTH                    18  /* what we request */
#define MMC_SENSE_MAX                       32  /* what struct mmc_command keeps */

#define MMC_BLOCK_SIZE                      2048

/* READ/SEND DISC STRUCTURE: data length (2 bytes) and 2 reserved bytes. */
#define MMC_DISC_STRUCTURE_HEADER_LENGTH    4
#define MMC_DISC_STRUCTURE_MEDIA_DVD        0x0
#define MMC_DISC_STRUCTURE_MEDIA_BD         0x1
/* READ DISC STRUCTURE format C0h: Write Protection Status (DVD and BD). */
#define MMC_DISC_STRUCTURE_WRITE_PROTECTION 0xc0

/* Parser results. */
enum mmc_result
{
    MMC_OK = 0,
    MMC_ERR_SHORT = -1,         /* the reply ends before a field we need */
    MMC_ERR_INVALID = -2,       /* a length or code in the reply is inconsistent */
    MMC_ERR_NOT_FOUND = -3,     /* the feature, page or descriptor is not there */
    MMC_ERR_PARAMETER = -4,     /* bad argument from the caller */
};

/* Common CDB argument enums. */
enum mmc_track_address
{
    MMC_TRACK_ADDRESS_LBA = 0,
    MMC_TRACK_ADDRESS_TRACK = 1,
    MMC_TRACK_ADDRESS_SESSION = 2,
};

enum mmc_direction
{
    MMC_DIR_NONE = 0,
    MMC_DIR_TO_DEVICE = 1,
    MMC_DIR_FROM_DEVICE = 2,
};

enum mmc_disposition
{
    MMC_DISPOSITION_OK = 0,     /* recovered or no error: go on */
    MMC_DISPOSITION_RETRY = 1,  /* transient: repeat the command (maybe after a pause) */
    MMC_DISPOSITION_FAIL = 2,
};

/* ---- byte helpers ---- */

static inline uint16_t mmc_get_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t mmc_get_be24(const uint8_t *p)
{
    return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}

static inline uint32_t mmc_get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline void mmc_put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

static inline void mmc_put_be24(uint8_t *p, uint32_t v)
{
    p[0] = (v >> 16) & 0xff;
    p[1] = (v >> 8) & 0xff;
    p[2] = v & 0xff;
}

static inline void mmc_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = (v >> 16) & 0xff;
    p[2] = (v >> 8) & 0xff;
    p[3] = v & 0xff;
}

/* ---- MSF <-> LBA ---- */

struct mmc_msf
{
    uint8_t minute;
    uint8_t second;
    uint8_t frame;
};

/* MMC-6 table 570: M < 90 is the program area (LBA = frames - 150); 90..99 is the
 * lead-in region, which maps to negative LBAs (frames - 450150). */
int32_t mmc_msf_to_lba(uint8_t minute, uint8_t second, uint8_t frame);
/* Inverse; false if lba is outside -45150 (90:00:00) .. 404849 (89:59:74). */
bool mmc_lba_to_msf(int32_t lba, struct mmc_msf *msf);

/* ---- CDB builders: each fills cdb[0..n-1] (rest of the 16 bytes zeroed) and returns n ---- */

unsigned int mmc_build_test_unit_ready(uint8_t cdb[16]);
unsigned int mmc_build_request_sense(uint8_t cdb[16], bool descriptor_format, uint8_t alloc);
unsigned int mmc_build_inquiry(uint8_t cdb[16], uint16_t alloc);
unsigned int mmc_build_inquiry_vpd(uint8_t cdb[16], uint8_t page, uint16_t alloc);
unsigned int mmc_build_get_configuration(uint8_t cdb[16], uint8_t rt, uint16_t start_feature, uint16_t alloc);
unsigned int mmc_build_mode_sense(uint8_t cdb[16], uint8_t page, uint8_t page_control, bool dbd, uint16_t alloc);
unsigned int mmc_build_mode_select(uint8_t cdb[16], bool save_pages, uint16_t parameter_length);
/* MODE SELECT(10) parameter list: a zeroed 8-byte header, then the page with
 * PS cleared; list must hold MMC_MODE_HEADER_LENGTH + page_length bytes.
 * Returns the list length. */
uint32_t mmc_build_mode_select_list(uint8_t *list, const uint8_t *page, uint32_t page_length);
/* class_mask: bit n set asks for event class n (1 << MMC_EVENT_CLASS_MEDIA). */
unsigned int mmc_build_get_event_status(uint8_t cdb[16], bool polled, uint8_t class_mask, uint16_t alloc);
unsigned int mmc_build_read_disc_info(uint8_t cdb[16], uint8_t data_type, uint16_t alloc);
unsigned int mmc_build_read_track_info(uint8_t cdb[16], enum mmc_track_address type, uint32_t number, uint16_t alloc);
unsigned int mmc_build_read_track_info_open(uint8_t cdb[16], enum mmc_track_address type, bool open,
        uint32_t number, uint16_t alloc);
unsigned int mmc_build_read_toc(uint8_t cdb[16], uint8_t format, bool msf, uint8_t track_session, uint16_t alloc);
unsigned int mmc_build_read_capacity(uint8_t cdb[16]);
unsigned int mmc_build_read_format_capacities(uint8_t cdb[16], uint16_t alloc);
/* action: MMC_START_STOP_*. */
unsigned int mmc_build_start_stop_unit(uint8_t cdb[16], bool immediate, uint8_t action);
unsigned int mmc_build_prevent_allow(uint8_t cdb[16], bool prevent, bool persistent);
unsigned int mmc_build_get_performance(uint8_t cdb[16], uint8_t type, uint8_t data_type, uint32_t start_lba,
        uint16_t max_descriptors);
unsigned int mmc_build_set_streaming(uint8_t cdb[16], uint8_t type, uint16_t parameter_length);
unsigned int mmc_build_set_cd_speed(uint8_t cdb[16], uint8_t rotation_control, uint16_t read_speed,
        uint16_t write_speed);
unsigned int mmc_build_read_disc_structure(uint8_t cdb[16], uint8_t media_type, uint32_t address, uint8_t layer,
        uint8_t format, uint16_t alloc, uint8_t agid);
/* SEND DISC STRUCTURE (MMC-6 6.43) and its parameter list: the 4-byte header,
 * then count bytes of data; the list builder returns count + 4, or 0 when size
 * is too small or the total exceeds 0xffff. */
unsigned int mmc_build_send_disc_structure(uint8_t cdb[16], uint8_t media_type, uint8_t format,
        uint16_t parameter_length, uint8_t agid);
unsigned int mmc_build_send_disc_structure_list(uint8_t *list, uint32_t size, const uint8_t *data, uint16_t count);
unsigned int mmc_build_read_10(uint8_t cdb[16], uint32_t lba, uint16_t blocks);
unsigned int mmc_build_read_12(uint8_t cdb[16], uint32_t lba, uint32_t blocks, bool streaming);
unsigned int mmc_build_write_10(uint8_t cdb[16], uint32_t lba, uint16_t blocks, bool fua);
unsigned int mmc_build_write_12(uint8_t cdb[16], uint32_t lba, uint32_t blocks, bool fua, bool streaming);
unsigned int mmc_build_synchronize_cache(uint8_t cdb[16], bool immediate);
unsigned int mmc_build_close_track_session(uint8_t cdb[16], bool immediate, uint8_t function, uint16_t track);
unsigned int mmc_build_reserve_track(uint8_t cdb[16], uint32_t blocks);
unsigned int mmc_build_blank(uint8_t cdb[16], bool immediate, uint8_t type, uint32_t address);
/* FORMAT UNIT with FmtData=1, format code 001b; the list is MMC_FORMAT_PARAMETER_LIST_LENGTH bytes. */
unsigned int mmc_build_format_unit(uint8_t cdb[16]);
unsigned int mmc_build_format_unit_parameters(uint8_t list[MMC_FORMAT_PARAMETER_LIST_LENGTH], bool immediate,
        uint32_t blocks, uint8_t format_type, uint8_t format_subtype, uint32_t type_parameter);
unsigned int mmc_build_send_opc_information(uint8_t cdb[16], bool do_opc, uint16_t parameter_length);
unsigned int mmc_build_read_buffer_capacity(uint8_t cdb[16], bool block, uint16_t alloc);

/* SET STREAMING type 00h performance descriptor (MMC-6 6.39.2.1), 28 bytes. */
#define MMC_STREAMING_DESCRIPTOR_LENGTH 28
struct mmc_streaming_descriptor
{
    uint8_t write_rotation_control;
    bool restore_defaults;
    bool exact;
    bool random_access;
    uint32_t start_lba;
    uint32_t end_lba;
    uint32_t read_size;     /* kilobytes */
    uint32_t read_time;     /* milliseconds */
    uint32_t write_size;
    uint32_t write_time;
};
unsigned int mmc_build_streaming_descriptor(uint8_t desc[MMC_STREAMING_DESCRIPTOR_LENGTH],
        const struct mmc_streaming_descriptor *d);

/* Write parameters mode page 05h (MMC-6 7.5). */
struct mmc_write_params
{
    bool buffer_underrun_free;
    bool link_size_valid;
    bool test_write;
    uint8_t write_type;             /* MMC_WRITE_TYPE_* */
    uint8_t multi_session;          /* MMC_MULTI_SESSION_* */
    bool fixed_packet;
    bool copy;
    uint8_t track_mode;             /* MMC_TRACK_MODE_* */
    uint8_t data_block_type;        /* MMC_DATA_BLOCK_* */
    uint8_t link_size;
    uint8_t host_application_code;
    uint8_t session_format;         /* MMC_SESSION_FORMAT_* */
    uint32_t packet_size;
    uint16_t audio_pause_length;
};
/* Fills a whole MODE SELECT(10) parameter list (header + page 05h) and returns
 * MMC_WRITE_PARAMETERS_LIST_LENGTH; 0 if size is too small. */
unsigned int mmc_build_write_params_page(uint8_t *list, uint32_t size, const struct mmc_write_params *params);

/* ---- sense ---- */

struct mmc_sense
{
    bool valid;                 /* a known response code and at least the key present */
    uint8_t response_code;      /* 70h/71h fixed, 72h/73h descriptor */
    bool deferred;              /* 71h/73h */
    uint8_t key;
    uint8_t asc;
    uint8_t ascq;
    bool filemark;
    bool end_of_medium;
    bool incorrect_length;
    bool information_valid;
    uint64_t information;
    bool command_specific_valid;
    uint64_t command_specific;
    bool sense_key_specific_valid; /* SKSV */
    uint8_t sense_key_specific[3];
    /* SPC-4 4.5.2.4.4: progress of a NOT READY operation, in 1/65536 */
    bool progress_valid;
    uint16_t progress;
    /* Set by mmc_execute(): the drive answered a power-on or reset unit
     * attention (06/29/xx) first and the command was sent again.  Whatever
     * the drive was doing in the background has stopped. */
    bool reset;
};

int mmc_parse_sense(const uint8_t *buf, uint32_t len, struct mmc_sense *sense);

/* The IMAPI2 HRESULT for a CHECK CONDITION; 0 (S_OK) for no sense / recovered error. */
int32_t mmc_sense_to_hresult(const struct mmc_sense *sense);
/* Same, with the opcode refining it (MODE SENSE 5/24 -> NO_SUCH_MODE_PAGE, ...). */
int32_t mmc_command_sense_to_hresult(uint8_t opcode, const struct mmc_sense *sense);
enum mmc_disposition mmc_sense_disposition(const struct mmc_sense *sense);

/* ---- text helpers for tracing (static strings, never NULL) ---- */

const char *mmc_opcode_name(uint8_t opcode);
const char *mmc_sense_key_name(uint8_t key);
const char *mmc_sense_text(uint8_t key, uint8_t asc, uint8_t ascq);
const char *mmc_profile_name(uint16_t profile);
const char *mmc_feature_name(uint16_t feature);
/* Writes a short decoding of the key CDB fields ("lba 16 blocks 32") into text. */
void mmc_describe_cdb(const uint8_t *cdb, unsigned int cdb_len, char *text, size_t size);

/* ---- INQUIRY ---- */

struct mmc_inquiry
{
    uint8_t peripheral_qualifier;
    uint8_t device_type;            /* MMC_PERIPHERAL_TYPE_MMC for optical drives */
    bool removable;
    uint8_t version;
    uint8_t response_data_format;
    uint8_t additional_length;
    char vendor[9];                 /* as sent (space padded), NUL terminated */
    char product[17];
    char revision[5];
};
int mmc_parse_inquiry(const uint8_t *buf, uint32_t len, struct mmc_inquiry *inquiry);

/* VPD page 80h; serial is NUL terminated, at most size - 1 characters. */
int mmc_parse_unit_serial_number(const uint8_t *buf, uint32_t len, char *serial, size_t size);

/* ---- GET CONFIGURATION ---- */

struct mmc_config_header
{
    uint32_t data_length;           /* as reported: bytes after the length field */
    uint16_t current_profile;
    uint32_t valid_length;          /* min(len, data_length + 4): where walking stops */
};
int mmc_parse_config_header(const uint8_t *buf, uint32_t len, struct mmc_config_header *header);

struct mmc_feature
{
    uint16_t code;
    uint8_t version;
    bool persistent;
    bool current;
    uint8_t additional_length;
    const uint8_t *data;            /* the additional_length bytes after the 4-byte header */
    uint32_t offset;                /* offset of the descriptor in the reply */
};

/* Iterates the descriptors of a GET CONFIGURATION reply: start with *offset = 0.
 * MMC_OK with a feature, MMC_ERR_NOT_FOUND at the end, MMC_ERR_INVALID when a
 * non-vendor feature has an additional length that is not a multiple of 4, or the
 * header is short. A descriptor running past the valid length ends the walk
 * (MMC_ERR_NOT_FOUND), as if it was never transferred. */
int mmc_next_feature(const uint8_t *buf, uint32_t len, uint32_t *offset, struct mmc_feature *feature);
int mmc_find_feature(const uint8_t *buf, uint32_t len, uint16_t code, struct mmc_feature *feature);

/* Feature 0000h. */
struct mmc_profile_descriptor
{
    uint16_t profile;
    bool current;
};
/* Fills up to max entries; *count gets the number in the feature (may exceed max). */
int mmc_parse_profile_list(const struct mmc_feature *feature, struct mmc_profile_descriptor *profiles,
        unsigned int max, unsigned int *count);

/* Feature 0001h. */
struct mmc_core_feature
{
    uint32_t physical_interface;
    bool device_busy_event;
    bool inquiry2;
};
int mmc_parse_core_feature(const struct mmc_feature *feature, struct mmc_core_feature *core);

/* Feature 0003h. */
struct mmc_removable_medium_feature
{
    uint8_t loading_mechanism;      /* MMC_LOADING_* */
    bool load;
    bool eject;
    bool prevent_jumper;
    bool lock;
};
int mmc_parse_removable_medium_feature(const struct mmc_feature *feature,
        struct mmc_removable_medium_feature *removable);

/* Features 0010h and 0020h. */
struct mmc_random_feature
{
    uint32_t last_lba;              /* 0020h only */
    uint32_t logical_block_size;
    uint16_t blocking;
    bool page_present;
};
int mmc_parse_random_readable_feature(const struct mmc_feature *feature, struct mmc_random_feature *random);
int mmc_parse_random_writable_feature(const struct mmc_feature *feature, struct mmc_random_feature *random);

/* Feature 0021h. */
struct mmc_incremental_streaming_feature
{
    uint16_t data_block_types;      /* bit n set: data block type n supported */
    bool buffer_underrun_free;
    bool address_mode_reservation;
    bool track_resources_info;
    uint8_t link_size_count;
    uint8_t link_sizes[255];
};
int mmc_parse_incremental_streaming_feature(const struct mmc_feature *feature,
        struct mmc_incremental_streaming_feature *incremental);

/* Features 002Dh (CD TAO), 002Eh (CD Mastering), 002Fh (DVD-R/-RW write): the flag byte. */
struct mmc_write_feature
{
    bool buffer_underrun_free;      /* BUF */
    bool test_write;
    bool rewritable;                /* CD-RW / DVD-RW bit */
    bool sao;                       /* 002Eh only */
    bool raw;                       /* 002Eh only */
    bool dual_layer;                /* 002Fh RDL */
    uint32_t max_cue_sheet_length;  /* 002Eh only */
    uint16_t data_type_supported;   /* 002Dh only */
};
int mmc_parse_write_feature(const struct mmc_feature *feature, struct mmc_write_feature *write);

/* Features 002Ah, 002Bh, 003Ah, 003Bh: byte 4 bit 0 "Write". */
int mmc_parse_feature_write_bit(const struct mmc_feature *feature, bool *write);

/* ---- READ DISC INFORMATION (MMC-6 6.22) ---- */

#define MMC_DISC_INFO_MIN_LENGTH 34

struct mmc_disc_info
{
    uint16_t length;                /* Disc Information Length, as reported */
    uint8_t data_type;
    bool erasable;
    uint8_t last_session_state;     /* MMC_SESSION_STATE_* */
    uint8_t disc_status;            /* MMC_DISC_STATUS_* */
    uint8_t first_track;
    uint16_t sessions;
    uint16_t first_track_last_session;
    uint16_t last_track_last_session;
    bool disc_id_valid;
    bool disc_bar_code_valid;
    bool unrestricted_use;
    bool disc_application_code_valid;
    bool dirty;                     /* legacy Dbit */
    uint8_t bg_format_status;       /* MMC_BG_FORMAT_* */
    uint8_t disc_type;              /* MMC_SESSION_FORMAT_*, FFh undefined */
    uint32_t disc_id;
    /* CD: MSF in the low three bytes, converted; others: the LBA. */
    int32_t last_session_lead_in;
    int32_t last_possible_lead_out;
    uint8_t disc_bar_code[8];
    uint8_t disc_application_code;
    uint8_t opc_table_count;        /* as reported */
    uint8_t opc_tables_present;     /* complete 8-byte entries actually delivered */
};
/* msf_addresses: true for CD media, where bytes 16-23 hold MSF. */
int mmc_parse_disc_info(const uint8_t *buf, uint32_t len, bool msf_addresses, struct mmc_disc_info *info);

/* ---- READ TRACK INFORMATION (MMC-6 6.27) ---- */

struct mmc_track_info
{
    uint16_t length;                /* Data Length, as reported */
    uint16_t track;
    uint16_t session;
    uint8_t layer_jump_recording_status;
    bool damage;
    bool copy;
    uint8_t track_mode;
    bool reserved_track;            /* RT */
    bool blank;
    bool packet;
    bool fixed_packet;
    uint8_t data_mode;
    bool lra_valid;
    bool nwa_valid;
    int32_t start_address;
    int32_t next_writable_address;  /* meaningful only if nwa_valid */
    uint32_t free_blocks;
    uint32_t fixed_packet_size;
    uint32_t track_size;
    /* Fields past byte 27 exist only in longer replies (MMC-6 6.27.3). */
    bool has_last_recorded_address;
    int32_t last_recorded_address;  /* meaningful only if also lra_valid */
    bool has_read_compatibility_lba;
    int32_t read_compatibility_lba;
    bool has_layer_jump;
    int32_t next_layer_jump_address;
    int32_t last_layer_jump_address;
};
#define MMC_TRACK_INFO_MIN_LENGTH 28
int mmc_parse_track_info(const uint8_t *buf, uint32_t len, struct mmc_track_info *info);
/* The allocation length that holds a whole READ TRACK INFORMATION reply. */
#define MMC_TRACK_INFO_ALLOC 64

/* ---- plausibility of what the drive reports ----
 * Replies that parse can still be nonsense (a confused drive, a corrupted
 * transfer): no address or count from the drive is used before it passed these. */

/* No disc holds more: a quad-layer BD-XL has about 62.5 million blocks. */
#define MMC_MAX_DISC_BLOCKS     0x04000000
/* A CD's addresses end before 99:59:74 (MMC-6 4.2.3.6). */
#define MMC_MAX_CD_BLOCKS       449850

/* The first block no address on the disc can reach: the last possible lead-out
 * start READ DISC INFORMATION reports (MMC-6 6.22.3.1.14), when it gives one,
 * else the largest disc of the kind. */
int32_t mmc_disc_address_limit(const struct mmc_disc_info *disc, bool cd);
/* Sequential media: track and session numbers that can exist (MMC-6 6.22.3):
 * at least one session, first track <= first track of the last session <= last
 * track, at most one session per track, CD tracks 1-99. */
bool mmc_disc_info_plausible(const struct mmc_disc_info *disc, bool cd);
/* A READ TRACK INFORMATION reply on sequential media: its track and session
 * exist on the disc, and its start, next writable address (if valid), last
 * recorded address (if valid), size and free blocks lie below limit (CD start
 * and next writable addresses may be -150, the pre-gap some drives report on
 * blank media). */
bool mmc_track_info_plausible(const struct mmc_track_info *track, const struct mmc_disc_info *disc, bool cd,
        int32_t limit);

/* ---- READ TOC/PMA/ATIP (MMC-6 6.26) ---- */

/* The 4-byte header common to every format. */
struct mmc_toc_header
{
    uint16_t length;                /* as reported */
    uint8_t first;                  /* track (format 0) or session (formats 1, 2) */
    uint8_t last;
    uint32_t valid_length;          /* min(len, length + 2) */
};
int mmc_parse_toc_header(const uint8_t *buf, uint32_t len, struct mmc_toc_header *header);

/* Format 0: one 8-byte descriptor per track and the lead-out (track AAh). */
struct mmc_toc_track
{
    uint8_t adr;
    uint8_t control;
    uint8_t track;
    int32_t address;                /* LBA; converted when the reply is in MSF */
    struct mmc_msf msf;             /* only when msf */
};
/* Number of complete descriptors; -errors as usual. */
int mmc_toc_track_count(const uint8_t *buf, uint32_t len);
int mmc_get_toc_track(const uint8_t *buf, uint32_t len, bool msf, unsigned int index, struct mmc_toc_track *track);

/* Format 1. */
struct mmc_session_info
{
    uint8_t first_session;          /* first complete session */
    uint8_t last_session;           /* last complete session */
    uint8_t adr;
    uint8_t control;
    uint8_t first_track_last_session;
    int32_t start_address;          /* of that track */
};
int mmc_parse_session_info(const uint8_t *buf, uint32_t len, bool msf, struct mmc_session_info *info);

/* Format 2: 11-byte descriptors. */
struct mmc_full_toc_entry
{
    uint8_t session;
    uint8_t adr;
    uint8_t control;
    uint8_t tno;
    uint8_t point;                  /* track 01h-63h or MMC_TOC_POINT_* */
    uint8_t minute, second, frame;
    uint8_t zero;                   /* HOUR/PHOUR on DDCD */
    uint8_t pminute, psecond, pframe;
};
int mmc_full_toc_entry_count(const uint8_t *buf, uint32_t len);
int mmc_get_full_toc_entry(const uint8_t *buf, uint32_t len, unsigned int index, struct mmc_full_toc_entry *entry);
/* PMIN:PSEC:PFRAME as an LBA (track start, A2h lead-out start, B0h maximum lead-out). */
int32_t mmc_full_toc_entry_lba(const struct mmc_full_toc_entry *entry);
/* B0h: MIN:SEC:FRAME, the start of the next possible program area; false for FF:FF:FF. */
bool mmc_full_toc_next_program_area(const struct mmc_full_toc_entry *entry, int32_t *lba);

/* Format 4 (ATIP, MMC-6 6.26.3.6). */
struct mmc_atip
{
    uint8_t indicative_target_writing_power;
    uint8_t reference_speed;
    bool unrestricted_use;
    bool rewritable;                /* Disc Type: 0 CD-R, 1 CD-RW */
    uint8_t disc_subtype;
    bool a1_valid, a2_valid, a3_valid;
    struct mmc_msf lead_in_msf;
    struct mmc_msf last_lead_out_msf;
    int32_t lead_in_start;
    int32_t last_possible_lead_out;
};
int mmc_parse_atip(const uint8_t *buf, uint32_t len, struct mmc_atip *atip);

/* ---- capacities ---- */

struct mmc_capacity
{
    uint32_t last_lba;
    uint32_t block_length;
};
int mmc_parse_read_capacity(const uint8_t *buf, uint32_t len, struct mmc_capacity *capacity);

struct mmc_format_descriptor
{
    uint32_t blocks;
    uint8_t type;                   /* current/maximum: MMC_CAPACITY_*; others: format type */
    uint8_t subtype;                /* formattable descriptors: bits 1-0 of byte 4 */
    uint32_t parameter;             /* block length, or the type dependent parameter */
};
#define MMC_MAX_FORMAT_DESCRIPTORS 31 /* (255 - 8) / 8 */
struct mmc_format_capacities
{
    uint8_t list_length;            /* as reported */
    struct mmc_format_descriptor current;
    unsigned int count;             /* formattable descriptors delivered */
    struct mmc_format_descriptor formattable[MMC_MAX_FORMAT_DESCRIPTORS];
};
int mmc_parse_format_capacities(const uint8_t *buf, uint32_t len, struct mmc_format_capacities *caps);

/* ---- MODE SENSE(10) ---- */

struct mmc_mode_header
{
    uint16_t mode_data_length;      /* as reported */
    uint8_t medium_type;
    uint8_t device_specific;
    bool write_protected;           /* device-specific bit 7 */
    uint16_t block_descriptor_length;
    uint32_t valid_length;          /* min(len, mode_data_length + 2) */
};
int mmc_parse_mode_header(const uint8_t *buf, uint32_t len, struct mmc_mode_header *header);

/* READ DISC STRUCTURE format C0h, header included: byte 4 of the reply. */
struct mmc_write_protection
{
    bool until_power_down;          /* SWPP: software write protection until power down */
    bool persistent;                /* PWP: persistent write protection */
    bool disc;                      /* WDP: write inhibited by the disc or its cartridge */
    bool media_specific;            /* MSWI: media specific write inhibition */
};
int mmc_parse_write_protection(const uint8_t *buf, uint32_t len, struct mmc_write_protection *wp);

struct mmc_mode_page
{
    uint8_t code;
    bool parameters_savable;
    bool subpage_format;            /* SPF: sub_page format, a 4-byte page header */
    uint8_t subpage;                /* 0 unless subpage_format */
    uint16_t page_length;           /* as reported: bytes after the 2- (or 4-) byte page header */
    const uint8_t *data;            /* page byte 0 */
    uint32_t size;                  /* bytes of the page present: min(header + page_length, rest) */
    uint32_t offset;                /* of the page in the reply */
};
/* Iterates the pages of a MODE SENSE(10) reply: start with *offset = 0.
 * MMC_OK with a page (its size may be cut short by the mode data length),
 * MMC_ERR_NOT_FOUND at the end, or the header's error. The block descriptor
 * length must be 0 or 8 (Microsoft's cdrom driver rule). */
int mmc_next_mode_page(const uint8_t *buf, uint32_t len, uint32_t *offset, struct mmc_mode_page *page);
/* The page_0 format page of that code (subpages are skipped). */
int mmc_find_mode_page(const uint8_t *buf, uint32_t len, uint8_t code, struct mmc_mode_page *page);

struct mmc_write_speed_entry
{
    uint8_t rotation_control;
    uint16_t write_speed;           /* kB/s */
};
#define MMC_MAX_CAPABILITIES_SPEEDS 64
struct mmc_capabilities_page
{
    bool read_cd_r, read_cd_rw, method2, read_dvd_rom, read_dvd_r, read_dvd_ram;
    bool write_cd_r, write_cd_rw, test_write, write_dvd_r, write_dvd_ram;
    bool audio_play, composite, digital_port1, digital_port2, mode2_form1, mode2_form2, multi_session, buf;
    bool cdda_supported, cdda_accurate, rw_supported, rw_deinterleaved, c2_pointers, isrc, upc, read_bar_code;
    bool lock, lock_state, prevent_jumper, eject;
    uint8_t loading_mechanism;
    bool separate_volume, separate_channel_mute, disc_present_supported, sw_slot_selection, side_change,
            rw_in_lead_in;
    uint16_t max_read_speed;        /* obsolete fields, kB/s */
    uint16_t volume_levels;
    uint16_t buffer_size;           /* KiB */
    uint16_t current_read_speed;
    uint16_t max_write_speed;
    uint16_t current_write_speed;
    bool has_copy_management_revision;
    uint16_t copy_management_revision;
    bool has_write_speed_selected;
    uint8_t rotation_control_selected;
    uint16_t current_write_speed_selected;
    uint16_t speed_count;           /* as reported */
    unsigned int speeds_present;    /* descriptors delivered (at most MMC_MAX_CAPABILITIES_SPEEDS) */
    struct mmc_write_speed_entry speeds[MMC_MAX_CAPABILITIES_SPEEDS];
};
int mmc_parse_capabilities_page(const struct mmc_mode_page *page, struct mmc_capabilities_page *caps);
int mmc_parse_write_params_page(const struct mmc_mode_page *page, struct mmc_write_params *params);

/* ---- GET EVENT STATUS NOTIFICATION ---- */

struct mmc_media_event
{
    uint16_t descriptor_length;
    bool no_event_available;        /* NEA */
    uint8_t notification_class;
    uint8_t supported_classes;
    uint8_t event_code;             /* MMC_MEDIA_EVENT_* */
    bool media_present;
    bool tray_open;
    uint8_t start_slot;
    uint8_t end_slot;
};
/* MMC_ERR_NOT_FOUND when NEA is set or the event is not a media event (the
 * header fields are still filled). */
int mmc_parse_media_event(const uint8_t *buf, uint32_t len, struct mmc_media_event *event);

/* ---- GET PERFORMANCE type 03h ---- */

struct mmc_write_speed_descriptor
{
    uint8_t write_rotation_control;
    bool restore_defaults;
    bool exact;
    bool mixed_read_write;
    uint32_t end_lba;
    uint32_t read_speed;            /* kB/s */
    uint32_t write_speed;
};
/* Number of complete 16-byte descriptors within min(len, data length + 4). */
int mmc_write_speed_count(const uint8_t *buf, uint32_t len);
int mmc_get_write_speed(const uint8_t *buf, uint32_t len, unsigned int index,
        struct mmc_write_speed_descriptor *desc);

/* ---- READ BUFFER CAPACITY ---- */

struct mmc_buffer_capacity
{
    uint16_t data_length;
    bool block;                     /* reply in blocks (Block bit set in the CDB) */
    uint32_t buffer_length;         /* bytes; 0 when block */
    uint32_t available;             /* blank bytes, or available blocks when block */
};
int mmc_parse_buffer_capacity(const uint8_t *buf, uint32_t len, bool block, struct mmc_buffer_capacity *cap);

/* ---- the executor and drive functions ---- */

struct mmc_command
{
    /* in */
    uint8_t cdb[16];
    unsigned int cdb_len;
    enum mmc_direction direction;
    void *data;
    uint32_t length;
    unsigned int timeout;           /* seconds */
    /* out */
    uint8_t status;                 /* SCSI status */
    uint32_t transferred;           /* bytes actually moved (clamped to length) */
    uint8_t sense[MMC_SENSE_MAX];
    uint32_t sense_length;
};

struct mmc_device
{
    /* Returns 0 if the command reached the device (status, transferred and sense
     * are then valid, even for CHECK CONDITION), or a failure HRESULT for a
     * transport error (HRESULT_FROM_WIN32, E_IMAPI_RECORDER_COMMAND_TIMEOUT). */
    int32_t (*execute)(void *ctx, struct mmc_command *cmd);
    void *ctx;
    /* Bytes one command can move (0: unknown, no limit). The mmc_drive_*
     * functions clamp their allocation lengths to it. */
    uint32_t max_transfer;
};

/* The default timeout for an opcode: MMC_TIMEOUT_LONG for WRITE, RESERVE, CLOSE,
 * BLANK, FORMAT, OPC and SYNCHRONIZE CACHE, else MMC_TIMEOUT_DEFAULT. */
unsigned int mmc_command_timeout(uint8_t opcode);

/* Fills cmd from a built CDB; timeout from mmc_command_timeout(). */
void mmc_command_init(struct mmc_command *cmd, const uint8_t *cdb, unsigned int cdb_len,
        enum mmc_direction direction, void *data, uint32_t length);

/* The HRESULT for a SCSI status: 0 for GOOD and CONDITION MET,
 * E_IMAPI_RECORDER_MEDIA_BUSY for BUSY and TASK SET FULL, E_IMAPI_RECORDER_LOCKED
 * for RESERVATION CONFLICT, otherwise E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE
 * (CHECK CONDITION too: its meaning is in the sense data). */
int32_t mmc_status_to_hresult(uint8_t status);

/* A command that ends GOOD without having moved its data was lost on the way:
 * Wine 8's pass-through does not pass the host adapter status on (ntdll's
 * CDROM_ScsiPassThroughDirect copies only the SCSI status, the residual count and
 * the sense), so a command the host timed out or aborted looks like GOOD with
 * nothing transferred. Lost are: a data-out command that moved less than its
 * length; a data-in command that moved nothing; a READ(10/12) or READ CD that
 * moved less than the blocks it asked for. A command without data cannot be
 * told from a lost one. */
bool mmc_command_lost(const struct mmc_command *cmd);
/* The drive cannot take the command now but will later: BUSY status, or
 * NOT READY with "becoming ready" (02/04/01) or "long write in progress"
 * (02/04/08, its buffer is full). "Operation in progress" (02/04/07) is not
 * included: it answers the polling after an Immed command, which has its own
 * much longer wait. */
bool mmc_command_drive_busy(const struct mmc_command *cmd);
/* False for the commands a drive answers whatever the state of its medium
 * (INQUIRY, REQUEST SENSE, GET CONFIGURATION, GET EVENT STATUS NOTIFICATION,
 * MODE SENSE/SELECT, MECHANISM STATUS): their success says nothing about
 * whether the drive is still busy. */
bool mmc_opcode_needs_ready(uint8_t opcode);
/* How often mmc_execute() repeats a lost command before it gives up with
 * E_IMAPI_RECORDER_COMMAND_TIMEOUT. Once: a lost command normally means a
 * timeout, and each further attempt costs the command's whole timeout again;
 * repeating a WRITE at the same address is safe on every medium (sequential
 * media refuse it if the first one did land, which is reported). */
#define MMC_LOST_COMMAND_RETRIES 1

/* Runs one command: clamps transferred and sense_length, repeats a lost command
 * (see above) MMC_LOST_COMMAND_RETRIES times and then fails it with
 * E_IMAPI_RECORDER_COMMAND_TIMEOUT, repeats up to twice on a
 * UNIT ATTENTION (medium changed, reset), and turns status + sense into an HRESULT:
 * 0 for GOOD (or recovered error), the sense mapping for CHECK CONDITION,
 * E_IMAPI_RECORDER_MEDIA_BUSY for BUSY, E_IMAPI_RECORDER_LOCKED for RESERVATION
 * CONFLICT, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE otherwise. If sense is not
 * NULL it receives the decoded sense (valid == false when there was none). */
int32_t mmc_execute(const struct mmc_device *dev, struct mmc_command *cmd, struct mmc_sense *sense);

/* One built CDB through mmc_execute(), without the sense. mmc_run_in zero-fills
 * data first and sets *transferred (0 on failure); mmc_run_out sends length
 * bytes of data, or has no data phase when data is NULL. */
int32_t mmc_run_in(const struct mmc_device *dev, const uint8_t *cdb, unsigned int cdb_len, void *data,
        uint32_t length, uint32_t *transferred);
int32_t mmc_run_out(const struct mmc_device *dev, const uint8_t *cdb, unsigned int cdb_len, void *data,
        uint32_t length);

/* Convenience: build-and-run for commands without data. */
int32_t mmc_drive_test_unit_ready(const struct mmc_device *dev, struct mmc_sense *sense);
int32_t mmc_drive_start_stop(const struct mmc_device *dev, bool immediate, uint8_t action);
int32_t mmc_drive_prevent_allow(const struct mmc_device *dev, bool prevent);

int32_t mmc_drive_inquiry(const struct mmc_device *dev, struct mmc_inquiry *inquiry);

/* GET CONFIGURATION in two passes: the 8-byte header, then the announced length
 * (retried up to 4 times if it keeps growing, capped at MMC_CONFIG_MAX_LENGTH).
 * *data is malloc()ed (free() it); *len = bytes valid (never past the header's
 * length). A drive answering 5/20/00 gives E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED. */
int32_t mmc_drive_get_configuration(const struct mmc_device *dev, uint8_t rt, uint16_t start_feature,
        uint8_t **data, uint32_t *len);
/* Same, with a first request of first_alloc bytes (at least 8): a reply that
 * fits needs one command. */
int32_t mmc_drive_get_configuration_alloc(const struct mmc_device *dev, uint8_t rt, uint16_t start_feature,
        uint32_t first_alloc, uint8_t **data, uint32_t *len);
/* RT=01b header only: the current profile. */
int32_t mmc_drive_current_profile(const struct mmc_device *dev, uint16_t *profile);

/* Raw replies (two passes: length field, then the full reply), malloc()ed. */
int32_t mmc_drive_disc_info_data(const struct mmc_device *dev, uint8_t **data, uint32_t *len);
int32_t mmc_drive_track_info_data(const struct mmc_device *dev, enum mmc_track_address type, uint32_t number,
        uint8_t **data, uint32_t *len);
int32_t mmc_drive_mode_sense_data(const struct mmc_device *dev, uint8_t page, uint8_t page_control,
        uint8_t **data, uint32_t *len);
int32_t mmc_drive_toc_data(const struct mmc_device *dev, uint8_t format, bool msf, uint8_t track_session,
        uint8_t **data, uint32_t *len);
/* READ DISC STRUCTURE, header included; a reply shorter than the 4-byte header
 * gives E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE. */
int32_t mmc_drive_disc_structure_data(const struct mmc_device *dev, uint8_t media_type, uint32_t address,
        uint8_t layer, uint8_t format, uint8_t agid, uint8_t **data, uint32_t *len);

/* Parsed forms. A reply that does not parse gives E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE. */
int32_t mmc_drive_read_disc_info(const struct mmc_device *dev, bool msf_addresses, struct mmc_disc_info *info);
int32_t mmc_drive_read_track_info(const struct mmc_device *dev, enum mmc_track_address type, uint32_t number,
        struct mmc_track_info *info);
/* READ TOC/PMA/ATIP format 1 (LBA) in one command: the reply has a fixed
 * 12-byte size. The first track of the last complete session and its start. */
int32_t mmc_drive_read_session_info(const struct mmc_device *dev, struct mmc_session_info *info);
/* The invisible (next writable) track: FFh on CD and DVD+R (DL), otherwise the
 * disc's last track in the last session (MMC-6 6.27.3.2). */
int32_t mmc_drive_read_invisible_track(const struct mmc_device *dev, uint16_t profile,
        const struct mmc_disc_info *disc, struct mmc_track_info *info);
/* A copy of one mode page (its page header at *data), malloc()ed. A page code
 * mismatch or a bad header gives E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
 * 5/24/00 gives E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE. */
int32_t mmc_drive_mode_page(const struct mmc_device *dev, uint8_t page, uint8_t page_control,
        uint8_t **data, uint32_t *len);
int32_t mmc_drive_read_capacity(const struct mmc_device *dev, struct mmc_capacity *capacity);

/* Profile helpers. */
bool mmc_profile_is_cd(uint16_t profile);
bool mmc_profile_is_dvd(uint16_t profile);
bool mmc_profile_is_bd(uint16_t profile);
/* READ TRACK INFORMATION accepts FFh (MMC_INVISIBLE_TRACK) for these. */
bool mmc_profile_accepts_invisible_track(uint16_t profile);

#endif /* __WINE_IMAPI2_MMC_H */

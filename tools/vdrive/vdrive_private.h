/*
 * Virtual MMC recorder: private declarations shared by the emulator core.
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

#ifndef VDRIVE_PRIVATE_H
#define VDRIVE_PRIVATE_H

#include <pthread.h>
#include <sys/types.h>
#include <stdint.h>
#include <time.h>
#include "vdrive.h"

#define VD_STATE_FILE "state"
#define VD_LOCK_FILE  "lock"
#define VD_LOG_FILE   "log"
/* Audio sectors (2352 bytes of main channel each) live beside the 2048-byte
 * user data of disc.img, at LBA * 2352 in a sparse file of their own. */
#define VD_AUDIO_FILE "audio.img"

#define VD_BLOCK_SIZE 2048
#define VD_AUDIO_BLOCK_SIZE 2352
#define VD_SCRATCH_SIZE 65536

/* SCSI status */
#define SCSI_STATUS_GOOD            0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define SCSI_HOST_TIME_OUT          0x03

/* Opcodes (SPC/MMC) */
#define MMC_TEST_UNIT_READY          0x00
#define MMC_REZERO_UNIT              0x01
#define MMC_REQUEST_SENSE            0x03
#define MMC_FORMAT_UNIT              0x04
#define MMC_INQUIRY                  0x12
#define MMC_MODE_SELECT_6            0x15
#define MMC_MODE_SENSE_6             0x1a
#define MMC_START_STOP_UNIT          0x1b
#define MMC_PREVENT_ALLOW            0x1e
#define MMC_READ_FORMAT_CAPACITIES   0x23
#define MMC_READ_CAPACITY            0x25
#define MMC_READ_10                  0x28
#define MMC_WRITE_10                 0x2a
#define MMC_SEEK_10                  0x2b
#define MMC_WRITE_VERIFY_10          0x2e
#define MMC_VERIFY_10                0x2f
#define MMC_SYNCHRONIZE_CACHE        0x35
#define MMC_WRITE_BUFFER             0x3b
#define MMC_READ_BUFFER              0x3c
#define MMC_READ_SUBCHANNEL          0x42
#define MMC_READ_TOC_PMA_ATIP        0x43
#define MMC_READ_HEADER              0x44
#define MMC_PLAY_AUDIO_10            0x45
#define MMC_GET_CONFIGURATION        0x46
#define MMC_GET_EVENT_STATUS         0x4a
#define MMC_READ_DISC_INFORMATION    0x51
#define MMC_READ_TRACK_INFORMATION   0x52
#define MMC_RESERVE_TRACK            0x53
#define MMC_SEND_OPC_INFORMATION     0x54
#define MMC_MODE_SELECT_10           0x55
#define MMC_REPAIR_TRACK             0x58
#define MMC_MODE_SENSE_10            0x5a
#define MMC_CLOSE_TRACK_SESSION      0x5b
#define MMC_READ_BUFFER_CAPACITY     0x5c
#define MMC_SEND_CUE_SHEET           0x5d
#define MMC_BLANK                    0xa1
#define MMC_SEND_KEY                 0xa3
#define MMC_REPORT_KEY               0xa4
#define MMC_LOAD_UNLOAD              0xa6
#define MMC_SET_READ_AHEAD           0xa7
#define MMC_READ_12                  0xa8
#define MMC_WRITE_12                 0xaa
#define MMC_READ_MEDIA_SERIAL        0xab
#define MMC_GET_PERFORMANCE          0xac
#define MMC_READ_DVD_STRUCTURE       0xad
#define MMC_SET_STREAMING            0xb6
#define MMC_READ_CD_MSF              0xb9
#define MMC_SET_CD_SPEED             0xbb
#define MMC_MECHANISM_STATUS         0xbd
#define MMC_READ_CD                  0xbe
#define MMC_SEND_DVD_STRUCTURE       0xbf
/* Vendor specific (SPC: C0h-FFh): the recorder's own control command, so that a
 * test running under Wine can inject faults through the same pass-through path.
 * CDB: byte 0 FFh, bytes 1-6 "VDRIVE", bytes 7-8 parameter list length; the
 * parameter list is a fault SPEC (see vdrive.h). Any other CDB with this opcode
 * is an invalid opcode, as on a drive without it. */
#define VD_OP_CONTROL                0xff
#define VD_CONTROL_SIGNATURE         "VDRIVE"

/* Sense: key, additional sense code and qualifier packed in one value;
 * VD_GOOD (0) is success. */
#define VD_SENSE(key, asc, ascq) (((uint32_t)(key) << 16) | ((uint32_t)(asc) << 8) | (uint32_t)(ascq))
#define VD_GOOD 0
#define VD_SENSE_KEY(s)  (((s) >> 16) & 0xff)
#define VD_SENSE_ASC(s)  (((s) >> 8) & 0xff)
#define VD_SENSE_ASCQ(s) ((s) & 0xff)

#define SK_NO_SENSE        0x0
#define SK_RECOVERED_ERROR 0x1
#define SK_NOT_READY       0x2
#define SK_MEDIUM_ERROR    0x3
#define SK_HARDWARE_ERROR  0x4
#define SK_ILLEGAL_REQUEST 0x5
#define SK_UNIT_ATTENTION  0x6
#define SK_DATA_PROTECT    0x7

#define SENSE_BECOMING_READY        VD_SENSE(SK_NOT_READY, 0x04, 0x01)
#define SENSE_FORMAT_IN_PROGRESS    VD_SENSE(SK_NOT_READY, 0x04, 0x04)
#define SENSE_OPERATION_IN_PROGRESS VD_SENSE(SK_NOT_READY, 0x04, 0x07)
#define SENSE_LONG_WRITE            VD_SENSE(SK_NOT_READY, 0x04, 0x08)
#define SENSE_OPERATION_IN_PROGRESS VD_SENSE(SK_NOT_READY, 0x04, 0x07)
#define SENSE_NO_MEDIUM             VD_SENSE(SK_NOT_READY, 0x3a, 0x00)
#define SENSE_NO_MEDIUM_TRAY_CLOSED VD_SENSE(SK_NOT_READY, 0x3a, 0x01)
#define SENSE_NO_MEDIUM_TRAY_OPEN   VD_SENSE(SK_NOT_READY, 0x3a, 0x02)
#define SENSE_WRITE_ERROR           VD_SENSE(SK_MEDIUM_ERROR, 0x0c, 0x00)
#define SENSE_UNRECOVERED_READ      VD_SENSE(SK_MEDIUM_ERROR, 0x11, 0x00)
#define SENSE_INTERNAL_FAILURE      VD_SENSE(SK_HARDWARE_ERROR, 0x44, 0x00)
#define SENSE_PARAMETER_LIST_LENGTH VD_SENSE(SK_ILLEGAL_REQUEST, 0x1a, 0x00)
#define SENSE_INVALID_OPCODE        VD_SENSE(SK_ILLEGAL_REQUEST, 0x20, 0x00)
#define SENSE_LBA_OUT_OF_RANGE      VD_SENSE(SK_ILLEGAL_REQUEST, 0x21, 0x00)
#define SENSE_INVALID_WRITE_ADDRESS VD_SENSE(SK_ILLEGAL_REQUEST, 0x21, 0x02)
#define SENSE_INVALID_FIELD_CDB     VD_SENSE(SK_ILLEGAL_REQUEST, 0x24, 0x00)
#define SENSE_INVALID_FIELD_PARAM   VD_SENSE(SK_ILLEGAL_REQUEST, 0x26, 0x00)
#define SENSE_SAVING_NOT_SUPPORTED  VD_SENSE(SK_ILLEGAL_REQUEST, 0x39, 0x00)
#define SENSE_SEQUENCE_ERROR        VD_SENSE(SK_ILLEGAL_REQUEST, 0x2c, 0x00)
#define SENSE_INCOMPATIBLE_MEDIUM   VD_SENSE(SK_ILLEGAL_REQUEST, 0x30, 0x00)
#define SENSE_CANNOT_READ_FORMAT    VD_SENSE(SK_ILLEGAL_REQUEST, 0x30, 0x02)
#define SENSE_CANNOT_WRITE_FORMAT   VD_SENSE(SK_ILLEGAL_REQUEST, 0x30, 0x05)
#define SENSE_CANNOT_FORMAT         VD_SENSE(SK_ILLEGAL_REQUEST, 0x30, 0x06)
#define SENSE_NOT_FORMATTED         VD_SENSE(SK_ILLEGAL_REQUEST, 0x30, 0x10)
#define SENSE_REMOVAL_PREVENTED     VD_SENSE(SK_ILLEGAL_REQUEST, 0x53, 0x02)
#define SENSE_ILLEGAL_TRACK_MODE    VD_SENSE(SK_ILLEGAL_REQUEST, 0x64, 0x00)
#define SENSE_INVALID_TRACK         VD_SENSE(SK_ILLEGAL_REQUEST, 0x63, 0x00)
#define SENSE_MEDIUM_CHANGED        VD_SENSE(SK_UNIT_ATTENTION, 0x28, 0x00)
#define SENSE_POWER_ON_RESET        VD_SENSE(SK_UNIT_ATTENTION, 0x29, 0x00)
#define SENSE_ERASE_FAILURE         VD_SENSE(SK_MEDIUM_ERROR, 0x51, 0x00)
#define SENSE_WRITE_PROTECTED       VD_SENSE(SK_DATA_PROTECT, 0x27, 0x00)

/* vd_state.unit_attention: what the next media command reports first */
#define VD_UA_NONE           0
#define VD_UA_MEDIUM_CHANGED 1
#define VD_UA_POWER_ON       2

/* MMC profiles */
#define PROFILE_NONE        0x0000
#define PROFILE_CD_ROM      0x0008
#define PROFILE_CD_R        0x0009
#define PROFILE_CD_RW       0x000a
#define PROFILE_DVD_ROM     0x0010
#define PROFILE_DVD_R       0x0011
#define PROFILE_DVD_RW_RO   0x0013
#define PROFILE_DVD_RW_SEQ  0x0014
#define PROFILE_DVD_PLUS_RW 0x001a
#define PROFILE_DVD_PLUS_R  0x001b
#define PROFILE_DVD_PLUS_R_DL 0x002b
#define PROFILE_BD_ROM      0x0040
#define PROFILE_BD_R_SRM    0x0041
#define PROFILE_BD_RE       0x0043

enum vd_media
{
    VD_MEDIA_NONE = 0,
    VD_MEDIA_CD_ROM,
    VD_MEDIA_CD_R,
    VD_MEDIA_CD_RW,
    VD_MEDIA_DVD_ROM,
    VD_MEDIA_DVD_R,
    VD_MEDIA_DVD_RW,
    VD_MEDIA_DVD_RW_RO,
    VD_MEDIA_DVD_PLUS_R,
    VD_MEDIA_DVD_PLUS_R_DL,
    VD_MEDIA_DVD_PLUS_RW,
    VD_MEDIA_BD_R,
    VD_MEDIA_BD_RE,
    VD_MEDIA_COUNT
};

enum vd_family { VD_FAMILY_NONE, VD_FAMILY_CD, VD_FAMILY_DVD, VD_FAMILY_BD };
enum vd_kind { VD_KIND_NONE, VD_KIND_ROM, VD_KIND_SEQUENTIAL, VD_KIND_RANDOM };

struct vd_media_info
{
    const char *name;
    uint16_t profile;
    enum vd_family family;
    enum vd_kind kind;
    int erasable;
    int32_t capacity;      /* blocks; CD: last possible lead-out start + 1 is not used, see below */
    int32_t write_unit;    /* blocks per ECC unit: CD 1, DVD 16, BD 32 */
};

extern const struct vd_media_info vd_media_table[VD_MEDIA_COUNT];

/* CD geometry (MMC, Red Book): see doc/multisession.md section 0. */
#define CD_PREGAP               150
#define CD_RUNOUT               2
#define CD_FIRST_LEADOUT        6750
#define CD_LATER_LEADOUT        2250
#define CD_LEADIN               4500
#define CD_FRAMES_PER_SECOND    75
#define CD_MSF_OFFSET           150
/* 80-minute CD-R: last possible lead-out start 79:59:74 = LBA 359849, and
 * ATIP lead-in start 97:15:35 = LBA -12490. */
#define CD_LAST_LEADOUT_LBA     359849
#define CD_ATIP_LEADIN_LBA      (-12490)
#define CD_MAX_TRACKS           99

/* DVD/BD capacities (blocks) */
#define DVD_SL_CAPACITY         2295104
#define DVD_DL_CAPACITY         4173824
#define DVD_DL_LAYER0_CAPACITY  2086912
#define BD_SL_CAPACITY          12219392
#define BD_RE_DEFAULT_FORMAT    11826176
#define ROM_DEFAULT_BLOCKS      300

/* Gaps the drive leaves between sessions on DVD/BD (drive-defined in real
 * life; these are this recorder's choices, documented in vdrive.h). */
#define DVD_PLUS_R_SESSION_GAP  18768
#define DVD_MINUS_FIRST_BORDER  16384
#define DVD_MINUS_LATER_BORDER  3072
#define BD_R_SESSION_GAP        0

#define VD_MAX_TRACKS    256
#define VD_MAX_SESSIONS  256
#define VD_MAX_FAULT_LBAS 8
/* fault_corrupt_lba for corrupt-write: the first block of any WRITE */
#define VD_CORRUPT_ANY   (-1)
/* poke:OPCODE:OFFSET:VALUE[:N] faults active at once */
#define VD_MAX_POKES     4

/* A requested speed above every supported one: the drive picks its fastest
 * (SET CD SPEED FFFFh, and the state after a media change). */
#define VD_SPEED_MAX     0xffffffffu

/* Track flags */
#define VD_TRACK_RESERVED 0x01   /* created by RESERVE TRACK: fixed size */
#define VD_TRACK_CLOSED   0x02
#define VD_TRACK_DAMAGED  0x04
#define VD_TRACK_PREGAP   0x08   /* SAO: the host wrote the pre-gap before it */

struct vd_track
{
    int32_t start;
    int32_t size;        /* closed or reserved: the track size */
    int32_t written;     /* recorded blocks from start */
    uint16_t session;
    uint8_t flags;
    uint8_t mode;        /* track mode (CTL nibble) */
};

struct vd_session
{
    int32_t leadout_start;   /* A2 (CD), end of the session elsewhere */
    int32_t next_start;      /* first user block of the next session */
    uint16_t first_track;
    uint16_t last_track;
};

/* Write parameters page 05h, as the host last set them. */
struct vd_page05
{
    uint8_t bytes[52];
};

/* The persistent state (DIR/state).  Fixed size; the checksum covers
 * everything after the header up to and including the used tracks. */
#define VD_STATE_MAGIC   0x56445256u   /* "VDRV" */
#define VD_STATE_VERSION 6

#define CUE_TRACK_MODE_VALID 0x80
/* Sub-channel data form of a cue sheet entry (DATA FORM bits 7-6): 96 bytes per block follow
 * the 2352 of the main channel. */
#define CUE_FORM_SUBCHANNEL  0xc0

/* One track of the last cue sheet (CD SAO). */
struct vd_cue_track
{
    int32_t start;          /* index 1 */
    int32_t pregap_start;   /* index 0; start when the track has none */
    uint8_t number;
    uint8_t ctl;
    uint8_t pad[6];
};

/* One poke fault: the next count replies to opcode get byte offset set to value. */
struct vd_poke
{
    uint32_t count;     /* replies still to change; 0: the slot is free */
    uint16_t offset;
    uint8_t opcode;
    uint8_t value;
};

struct vd_state
{
    uint32_t magic;
    uint32_t version;
    uint32_t size;          /* sizeof(struct vd_state) */
    uint32_t checksum;
    uint64_t generation;

    /* drive */
    uint32_t media;          /* enum vd_media, VD_MEDIA_NONE: no disc */
    uint8_t tray_open;
    uint8_t prevent;
    uint8_t unit_attention;  /* VD_UA_*: what the next media command reports first */
    uint8_t media_event;     /* GESN media event pending: 0 none, 2 new media, 3 removal */
    uint8_t log_enabled;
    uint8_t pad0[3];
    uint32_t speed_bytes;    /* pacing in bytes of user data per second; 0 unpaced */
    uint32_t read_speed;     /* requested by SET CD SPEED / SET STREAMING (kB/s) */
    uint32_t write_speed;    /* requested write speed (kB/s); VD_SPEED_MAX: the fastest */
    uint8_t rotation_control; /* SET CD SPEED: 0 CLV, 1 CAV */
    uint8_t pad1[3];
    struct vd_page05 page05;
    uint8_t page01[12];
    uint8_t page1a[12];
    uint32_t serial;

    /* faults */
    uint32_t fault_not_ready;
    uint32_t fault_long_write;
    int64_t fault_remove_after;   /* -1 off; else sectors still allowed */
    int16_t fault_timeout_op;     /* -1 off */
    int16_t fault_truncate_op;
    uint32_t fault_truncate_len;
    int16_t fault_garbage_op;
    uint16_t fault_lba_count;
    int32_t fault_lba[VD_MAX_FAULT_LBAS];
    uint32_t fault_timeout_count; /* commands with fault_timeout_op still to time out */
    uint32_t fault_garbage_count; /* replies to fault_garbage_op still to garble */
    int32_t fault_corrupt_lba;    /* corrupt:LBA; VD_CORRUPT_ANY for corrupt-write */
    uint32_t fault_corrupt_count; /* WRITE commands still to store corrupted */
    struct vd_poke fault_poke[VD_MAX_POKES];

    /* disc */
    uint8_t write_protected;
    uint8_t finalized;
    uint8_t no_b0;              /* closed with multi-session 00b: no B0 pointer */
    uint8_t formatted;          /* random media, BD-R: formatted */
    uint8_t bg_format;          /* DVD+RW background format status (RDI byte 7) */
    uint8_t incremental_ok;     /* DVD-RW sequential: 0 after a minimal blank */
    uint8_t dao_pending;        /* DVD-R DAO reservation outstanding */
    uint8_t cue_track_mode;     /* CD SAO: CUE_TRACK_MODE_VALID | CTL of track 1 from the cue sheet */
    int32_t capacity;           /* blocks (CD: last possible lead-out start) */
    int32_t formatted_blocks;   /* random media */
    int32_t last_recorded;      /* random media: highest written LBA, -1 none */
    int32_t rom_blocks;         /* ROM media: readable blocks */
    int32_t inv_start;          /* start of the invisible/incomplete track */
    int32_t inv_written;        /* blocks recorded in it */
    uint8_t inv_damaged;
    uint8_t immed_busy;         /* media commands still to answer 02/04/07 after an IMMED close/sync */
    uint8_t fault_erase_failure; /* erase-failure: the next BLANK or FORMAT UNIT fails */
    uint8_t erase_error;        /* a background BLANK or FORMAT UNIT failed: reported deferred when it ends */
    uint32_t session_count;     /* closed sessions */
    uint32_t track_count;       /* stored (closed or reserved) tracks */
    struct vd_session sessions[VD_MAX_SESSIONS];
    struct vd_track tracks[VD_MAX_TRACKS];

    /* A BLANK sent with Immed on a paced drive runs in the background: media
     * commands answer 02/04/07 with a progress indication until busy_end_ms
     * (CLOCK_REALTIME milliseconds, so every process sees the same). */
    int64_t busy_start_ms;      /* 0: nothing running */
    int64_t busy_end_ms;
    uint32_t fault_blank_ms;    /* blank-time: the next BLANK's or FORMAT UNIT's duration */
    uint32_t busy_format;       /* the background operation is a FORMAT UNIT: 02/04/04 */

    /* CD SAO: the tracks of the last SEND CUE SHEET, which SYNCHRONIZE CACHE records */
    uint8_t cue_count;
    uint8_t cue_form;           /* DATA FORM of track 1's first entry: the WRITE block size */
    uint8_t pad4[6];
    struct vd_cue_track cue_tracks[CD_MAX_TRACKS];
};

struct vdrive
{
    pthread_mutex_t mutex;
    char *dir;
    int state_fd;
    int lock_fd;
    int image_fd;
    int audio_fd;               /* VD_AUDIO_FILE */
    int log_fd;
    struct vd_state *state;     /* MAP_SHARED view of DIR/state */
    size_t map_size;
    uint64_t seen_generation;
    int seen_valid;
    int dirty;
    pid_t pid;
    uint32_t last_sense;        /* for REQUEST SENSE, per initiator */
    uint32_t last_info;
    /* pacing */
    struct timespec pace_deadline;
    int pace_active;
    uint8_t scratch[VD_SCRATCH_SIZE];
};

/* state.c */
uint32_t vd_checksum(const struct vd_state *state);
struct vdrive *vd_open_internal(const char *dir, int create, char *err, size_t errsize);
int vd_lock(struct vdrive *drive, char *err, size_t errsize);
void vd_unlock(struct vdrive *drive);
void vd_mark_dirty(struct vdrive *drive);
void vd_init_drive_defaults(struct vd_state *state);
void vd_reset_speed(struct vd_state *state);
void vd_default_page05(struct vd_state *state);
int vd_media_from_name(const char *name);
void vd_load_media(struct vdrive *drive, int media);
int vd_punch(struct vdrive *drive, int64_t first, int64_t blocks);

/* media.c */
enum vd_disc_status { VD_DISC_BLANK = 0, VD_DISC_APPENDABLE = 1, VD_DISC_COMPLETE = 2, VD_DISC_OTHER = 3 };
enum vd_session_state { VD_SESSION_EMPTY = 0, VD_SESSION_INCOMPLETE = 1, VD_SESSION_DAMAGED = 2, VD_SESSION_COMPLETE = 3 };

struct vd_track_view
{
    int number;
    int session;
    int32_t start;
    int32_t size;
    int32_t nwa;
    int32_t free_blocks;
    int32_t lra;
    int nwa_valid;
    int lra_valid;
    int blank;
    int damaged;
    int reserved;
    int packet;
    int fixed_packet;
    int32_t packet_size;
    int mode;
    int data_mode;
    int invisible;
};

const struct vd_media_info *vd_media(const struct vd_state *s);
int vd_disc_status(const struct vd_state *s);
int vd_last_session_state(const struct vd_state *s);
int vd_session_total(const struct vd_state *s);
int vd_last_track_number(const struct vd_state *s);
int vd_first_track_last_session(const struct vd_state *s);
int vd_track_view(const struct vd_state *s, int number, struct vd_track_view *view);
int vd_track_of_lba(const struct vd_state *s, int32_t lba);
int32_t vd_readable_end(const struct vd_state *s);
int32_t vd_readable_extent(const struct vd_state *s, int32_t lba);
int32_t vd_recorded_end(const struct vd_state *s);
int vd_has_appendable_track(const struct vd_state *s);
int32_t vd_invisible_free(const struct vd_state *s);
int vd_write_type(const struct vd_state *s);
int vd_multisession_field(const struct vd_state *s);
uint32_t vd_check_write(struct vdrive *drive, int32_t lba, uint32_t blocks, int *track_index);
void vd_commit_write(struct vdrive *drive, int track_index, int32_t lba, uint32_t blocks);
uint32_t vd_close(struct vdrive *drive, int function, int number);
uint32_t vd_sync_cache(struct vdrive *drive);
uint32_t vd_reserve(struct vdrive *drive, int32_t blocks);
uint32_t vd_blank(struct vdrive *drive, int type, int32_t number);
uint32_t vd_format(struct vdrive *drive, int format_type, int32_t blocks, int subtype, int restart);
void vd_interrupt_write(struct vd_state *s);
int vd_mode_is_audio(int mode);
uint32_t vd_write_block_size(const struct vd_state *s);
int vd_write_is_audio(const struct vd_state *s);
/* READ CD: what a sector of a CD holds. */
struct vd_cd_sector
{
    int audio;          /* CD-DA */
    int recorded;       /* user data was written; else the pre-gap or run-out the drive filled with zeros */
    int track;          /* the track it belongs to (a pre-gap to the track after it) */
    int32_t start;      /* that track's start (index 1) */
};
/* Whether lba holds a sector, described in *sector. */
int vd_cd_sector(const struct vd_state *s, int32_t lba, struct vd_cd_sector *sector);

/* control.c */
void vd_log_command(struct vdrive *drive, const uint8_t *cdb, unsigned int cdb_len,
                    uint32_t data_len, const struct vdrive_result *result);
void vd_pace(struct vdrive *drive, uint64_t bytes, uint32_t bytes_per_second);
const char *vd_opcode_name(uint8_t opcode);
/* Applies a comma-separated fault SPEC to the state, all or nothing; the
 * caller holds the lock. -1 with err set for an empty or malformed SPEC. */
int vd_apply_faults(struct vd_state *state, const char *spec, char *err, size_t errsize);

/* helpers */
static inline void put_be16(uint8_t *p, uint32_t v) { p[0] = v >> 8; p[1] = v; }
static inline void put_be24(uint8_t *p, uint32_t v) { p[0] = v >> 16; p[1] = v >> 8; p[2] = v; }
static inline void put_be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static inline uint32_t get_be16(const uint8_t *p) { return (p[0] << 8) | p[1]; }
static inline uint32_t get_be24(const uint8_t *p) { return (p[0] << 16) | (p[1] << 8) | p[2]; }
static inline uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

#endif /* VDRIVE_PRIVATE_H */

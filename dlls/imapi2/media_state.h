/*
 * Image Mastering API v2: the state of the medium in a drive (media_state.c).
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

#ifndef __IMAPI2_MEDIA_STATE_H
#define __IMAPI2_MEDIA_STATE_H

#include "mmc.h"

#define CD_POSTGAP          150     /* blocks Microsoft adds after a CD data session */
#define CD_RUNOUT           2       /* run-out blocks after a track written at once */

/* Profiles IDiscFormat2Data writes: in sessions or in place. */
BOOL media_data_writable(WORD profile);
/* CD and DVD-R/-RW: the NWA depends on the write type of page 05h. */
BOOL media_needs_write_parameters(WORD profile);
/* Page 05h as Write uses it: TAO on CD, fixed packets on DVD-R/-RW. */
HRESULT media_select_write_parameters(const struct mmc_device *dev, WORD profile, BYTE multi_session,
        BOOL buffer_underrun_free);
/* The format Write gives unformatted overwritable media. */
const struct mmc_format_descriptor *media_full_format(const struct mmc_format_capacities *caps);

/* Reading the media state must not change the drive's write parameters. */
#define SNAPSHOT_NO_MODE_SELECT 0x1

/* Reads the whole media state (at most six commands); s->hr says whether it
 * could be read. */
HRESULT media_snapshot_read(const struct mmc_device *dev, struct media_snapshot *s, unsigned int flags);
/* Whether a snapshot still describes the medium: no media event and the same
 * disc information (two commands). */
BOOL media_snapshot_current(const struct mmc_device *dev, const struct media_snapshot *s);
/* A counter every write, format or close of this process moves: a snapshot
 * taken at another generation is old without asking the drive. */
LONG media_generation(void);
void media_written(void);

#endif /* __IMAPI2_MEDIA_STATE_H */

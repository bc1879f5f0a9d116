/*
 * Unit tests of the MMC layer: multi-step exchanges over a scripted executor
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
#include <string.h>

#include "mmc.h"
#include "imapi2error.h"
#include "wine/test.h"

/* One expected command and the drive's answer to it. */
struct step
{
    uint8_t opcode;
    int32_t transport_hr;       /* non-zero: the transport fails */
    uint8_t status;
    const uint8_t *reply;
    uint32_t reply_len;
    int64_t transferred;        /* -1: min(reply_len, allocation) */
    const uint8_t *sense;
    uint32_t sense_len;
    uint32_t expect_alloc;      /* 0: not checked */
};

struct script
{
    const struct step *steps;
    unsigned int count;
    unsigned int next;
    uint8_t last_cdb[16];
    enum mmc_direction last_direction;
    uint32_t last_length;
};

static unsigned int allocation_length(const uint8_t *cdb)
{
    switch (cdb[0])
    {
    case MMC_INQUIRY: return mmc_get_be16(cdb + 3);
    case MMC_READ_CAPACITY: return 8;
    case MMC_READ_DISC_STRUCTURE: return mmc_get_be16(cdb + 8);
    default: return mmc_get_be16(cdb + 7);
    }
}

static int32_t scripted_execute(void *ctx, struct mmc_command *cmd)
{
    struct script *script = ctx;
    const struct step *step;
    uint32_t copy;

    if (script->next >= script->count)
    {
        ok(0, "Unexpected command %#x.\n", cmd->cdb[0]);
        return (int32_t)0x80004005;
    }
    step = &script->steps[script->next++];
    memcpy(script->last_cdb, cmd->cdb, 16);
    script->last_direction = cmd->direction;
    script->last_length = cmd->length;
    ok(cmd->cdb[0] == step->opcode, "Step %u: got opcode %#x, expected %#x.\n", script->next - 1, cmd->cdb[0],
            step->opcode);
    ok(cmd->timeout == mmc_command_timeout(cmd->cdb[0]), "Step %u: timeout %u.\n", script->next - 1, cmd->timeout);
    if (step->expect_alloc)
    {
        ok(allocation_length(cmd->cdb) == step->expect_alloc, "Step %u: allocation %u, expected %u.\n",
                script->next - 1, allocation_length(cmd->cdb), step->expect_alloc);
        ok(cmd->length == step->expect_alloc, "Step %u: buffer %u.\n", script->next - 1, cmd->length);
    }
    if (step->transport_hr)
        return step->transport_hr;

    cmd->status = step->status;
    copy = step->reply_len < cmd->length ? step->reply_len : cmd->length;
    if (copy)
        memcpy(cmd->data, step->reply, copy);
    cmd->transferred = step->transferred < 0 ? copy : (uint32_t)step->transferred;
    if (step->sense_len)
    {
        memcpy(cmd->sense, step->sense, step->sense_len < sizeof(cmd->sense) ? step->sense_len : sizeof(cmd->sense));
        cmd->sense_length = step->sense_len;
    }
    return 0;
}

static void init_device(struct mmc_device *dev, struct script *script, const struct step *steps, unsigned int count)
{
    memset(script, 0, sizeof(*script));
    script->steps = steps;
    script->count = count;
    dev->execute = scripted_execute;
    dev->ctx = script;
    dev->max_transfer = 0;
}

/* A reply of len bytes (copied up to the allocation length). */
#define REPLY(op, data, len, alloc) \
    {.opcode = (op), .status = MMC_STATUS_GOOD, .reply = (data), .reply_len = (len), .transferred = -1, \
     .expect_alloc = (alloc)}
/* A reply whose transfer count is given separately (a lie or a short transfer). */
#define REPLY_COUNT(op, data, len, count, alloc) \
    {.opcode = (op), .status = MMC_STATUS_GOOD, .reply = (data), .reply_len = (len), .transferred = (count), \
     .expect_alloc = (alloc)}
#define GOOD(op) {.opcode = (op), .status = MMC_STATUS_GOOD}
/* A data-out command that took count bytes. */
#define TOOK(op, count) {.opcode = (op), .status = MMC_STATUS_GOOD, .transferred = (count)}
#define CHECK(op, s) {.opcode = (op), .status = MMC_STATUS_CHECK_CONDITION, .sense = (s), .sense_len = sizeof(s)}
#define FAIL(op, hr) {.opcode = (op), .transport_hr = (hr)}

#define check_all_used(s) ok((s)->next == (s)->count, "%u of %u commands sent.\n", (s)->next, (s)->count)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t sense_no_media[18] =
    {0x70, 0, SENSE_KEY_NOT_READY, 0, 0, 0, 0, 10, 0, 0, 0, 0, SENSE_ASC_MEDIUM_NOT_PRESENT, 0x01, 0, 0, 0, 0};
static const uint8_t sense_medium_changed[18] =
    {0x70, 0, SENSE_KEY_UNIT_ATTENTION, 0, 0, 0, 0, 10, 0, 0, 0, 0, SENSE_ASC_MEDIUM_MAY_HAVE_CHANGED, 0, 0, 0, 0, 0};
static const uint8_t sense_power_on[18] =
    {0x70, 0, SENSE_KEY_UNIT_ATTENTION, 0, 0, 0, 0, 10, 0, 0, 0, 0, SENSE_ASC_POWER_ON_RESET, 0};
static const uint8_t sense_invalid_opcode[18] =
    {0x70, 0, SENSE_KEY_ILLEGAL_REQUEST, 0, 0, 0, 0, 10, 0, 0, 0, 0, SENSE_ASC_INVALID_COMMAND_OPCODE, 0, 0, 0, 0, 0};
static const uint8_t sense_invalid_field[18] =
    {0x70, 0, SENSE_KEY_ILLEGAL_REQUEST, 0, 0, 0, 0, 10, 0, 0, 0, 0, SENSE_ASC_INVALID_FIELD_IN_CDB, 0, 0, 0, 0, 0};

static const uint8_t inquiry_reply[36] =
{
    0x05, 0x80, 0x05, 0x32, 0x1f, 0x00, 0x00, 0x00,
    'V', 'D', 'R', 'I', 'V', 'E', ' ', ' ',
    'V', 'I', 'R', 'T', 'U', 'A', 'L', ' ', 'R', 'E', 'C', 'O', 'R', 'D', 'E', 'R',
    '1', '.', '0', '0',
};

static void test_inquiry(void)
{
    const struct step ok_steps[] = {REPLY(MMC_INQUIRY, inquiry_reply, 36, 96)};
    const struct step short_steps[] = {REPLY_COUNT(MMC_INQUIRY, inquiry_reply, 36, 20, 96)};
    const struct step fail_steps[] = {FAIL(MMC_INQUIRY, (int32_t)0x8007001f)};
    const struct step check_steps[] = {CHECK(MMC_INQUIRY, sense_no_media)};
    struct mmc_inquiry inq;
    struct mmc_device dev;
    struct script script;
    int32_t hr;

    init_device(&dev, &script, ok_steps, COUNT(ok_steps));
    hr = mmc_drive_inquiry(&dev, &inq);
    ok(hr == 0, "Got hr %#x.\n", (unsigned int)hr);
    ok(!strcmp(inq.vendor, "VDRIVE  ") && !strcmp(inq.product, "VIRTUAL RECORDER") && !strcmp(inq.revision, "1.00"),
            "Got \"%s\" \"%s\" \"%s\".\n", inq.vendor, inq.product, inq.revision);
    ok(script.last_cdb[1] == 0 && script.last_cdb[2] == 0, "EVPD set.\n");
    check_all_used(&script);

    /* The drive says 36 bytes moved... only 20 did. */
    init_device(&dev, &script, short_steps, COUNT(short_steps));
    hr = mmc_drive_inquiry(&dev, &inq);
    ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "Got hr %#x.\n", (unsigned int)hr);

    init_device(&dev, &script, fail_steps, COUNT(fail_steps));
    hr = mmc_drive_inquiry(&dev, &inq);
    ok(hr == (int32_t)0x8007001f, "Transport error not passed on: %#x.\n", (unsigned int)hr);

    init_device(&dev, &script, check_steps, COUNT(check_steps));
    hr = mmc_drive_inquiry(&dev, &inq);
    ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "Got hr %#x.\n", (unsigned int)hr);

    hr = mmc_drive_inquiry(NULL, &inq);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Got hr %#x.\n", (unsigned int)hr);
}

static uint8_t *make_config(uint32_t total)
{
    uint8_t *buf = calloc(1, total);
    uint32_t pos;

    /* header, then Profile List descriptors of 4 + 4 bytes (CD-R, current) */
    mmc_put_be32(buf, total - 4);
    mmc_put_be16(buf + 6, MMC_PROFILE_CD_R);
    for (pos = 8; pos + 8 <= total; pos += 8)
    {
        buf[pos + 3] = 4;
        buf[pos + 5] = MMC_PROFILE_CD_R;
        buf[pos + 6] = 1;
    }
    return buf;
}

static void test_get_configuration(void)
{
    uint8_t *config = make_config(72), *grown = make_config(136), *big = make_config(0xfffc);
    uint8_t grown_first[72];
    struct mmc_device dev;
    struct script script;
    uint8_t *data;
    uint16_t profile;
    uint32_t len;
    int32_t hr;

    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, config, 72, 8),
            REPLY(MMC_GET_CONFIGURATION, config, 72, 72),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == 0 && len == 72 && !memcmp(data, config, 72), "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        ok(script.last_cdb[1] == MMC_CONFIG_RT_ALL, "Got RT %u.\n", script.last_cdb[1]);
        check_all_used(&script);
        free(data);
    }

    /* The list grows between the two passes (a disc was inserted). */
    memcpy(grown_first, config, 72);
    mmc_put_be32(grown_first, 132);
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, config, 72, 8),
            REPLY(MMC_GET_CONFIGURATION, grown_first, 72, 72),
            REPLY(MMC_GET_CONFIGURATION, grown, 136, 136),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_CURRENT, 0x0010, &data, &len);
        ok(hr == 0 && len == 136, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        ok(script.last_cdb[1] == MMC_CONFIG_RT_CURRENT && script.last_cdb[3] == 0x10, "CDB wrong.\n");
        check_all_used(&script);
        free(data);
    }

    /* A header announcing 4 GiB: the second pass asks for the cap. */
    mmc_put_be32(big, 0xfffffff0);
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, big, 0xfffc, 8),
            REPLY(MMC_GET_CONFIGURATION, big, 0xfffc, MMC_CONFIG_MAX_LENGTH),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == 0 && len == MMC_CONFIG_MAX_LENGTH, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }

    /* The second pass delivers less than announced, and then claims too much. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, config, 72, 8),
            REPLY(MMC_GET_CONFIGURATION, config, 40, 72),
        };
        const struct step lying[] =
        {
            REPLY_COUNT(MMC_GET_CONFIGURATION, config, 72, 4096, 8),
            REPLY_COUNT(MMC_GET_CONFIGURATION, config, 72, 4096, 72),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == 0 && len == 40, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        free(data);
        init_device(&dev, &script, lying, COUNT(lying));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == 0 && len == 72, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }

    /* Garbage: a header of 3 bytes, a data length below 4. */
    {
        const uint8_t bad[8] = {0, 0, 0, 2, 0, 0, 0, 9};
        const struct step tiny[] = {REPLY(MMC_GET_CONFIGURATION, config, 3, 8)};
        /* The announced 6 bytes fit in the first reply: no second command. */
        const struct step steps[] = {REPLY(MMC_GET_CONFIGURATION, bad, 8, 8)};

        init_device(&dev, &script, tiny, COUNT(tiny));
        data = (uint8_t *)0xdeadbeef;
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE && !data && !len, "Got hr %#x.\n", (unsigned int)hr);
        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE && !data, "Got hr %#x.\n", (unsigned int)hr);
        check_all_used(&script);
    }

    /* An MMC-1 drive. */
    {
        const struct step steps[] =
            {CHECK(MMC_GET_CONFIGURATION, sense_invalid_opcode)};

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED && !data, "Got hr %#x.\n", (unsigned int)hr);
    }

    {
        const struct step steps[] = {REPLY(MMC_GET_CONFIGURATION, config, 72, 8)};

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_current_profile(&dev, &profile);
        ok(hr == 0 && profile == MMC_PROFILE_CD_R, "Got hr %#x, profile %#x.\n", (unsigned int)hr, profile);
        ok(script.last_cdb[1] == MMC_CONFIG_RT_CURRENT, "Got RT %u.\n", script.last_cdb[1]);
    }

    free(config);
    free(grown);
    free(big);
}

static void test_get_configuration_alloc(void)
{
    uint8_t *config = make_config(72), *big = make_config(0x2000);
    struct mmc_device dev;
    struct script script;
    uint8_t *data;
    uint32_t len;
    int32_t hr;

    /* The reply fits the first request: one command. */
    {
        const struct step steps[] = {REPLY(MMC_GET_CONFIGURATION, config, 72, 0x1000)};

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration_alloc(&dev, MMC_CONFIG_RT_ONE, MMC_FEATURE_PROFILE_LIST, 0x1000, &data, &len);
        ok(hr == 0 && len == 72 && !memcmp(data, config, 72), "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        ok(script.last_cdb[1] == MMC_CONFIG_RT_ONE, "Got RT %u.\n", script.last_cdb[1]);
        check_all_used(&script);
        free(data);
    }

    /* It does not: once more with the announced length. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, big, 0x2000, 0x1000),
            REPLY(MMC_GET_CONFIGURATION, big, 0x2000, 0x2000),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration_alloc(&dev, MMC_CONFIG_RT_ALL, 0, 0x1000, &data, &len);
        ok(hr == 0 && len == 0x2000 && !memcmp(data, big, 0x2000), "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }

    /* The header is always asked for. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, config, 72, 8),
            REPLY(MMC_GET_CONFIGURATION, config, 72, 72),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_get_configuration_alloc(&dev, MMC_CONFIG_RT_ALL, 0, 2, &data, &len);
        ok(hr == 0 && len == 72, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }

    /* The transport moves at most 0x800 bytes per command: the first request
     * and the reply are clamped to it, not refused. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, big, 0x2000, 0x800),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        dev.max_transfer = 0x800;
        hr = mmc_drive_get_configuration_alloc(&dev, MMC_CONFIG_RT_ALL, 0, 0x1000, &data, &len);
        ok(hr == 0 && len == 0x800 && !memcmp(data, big, 0x800), "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, big, 0x2000, 8),
            REPLY(MMC_GET_CONFIGURATION, big, 0x2000, 0x800),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        dev.max_transfer = 0x800;
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len);
        ok(hr == 0 && len == 0x800, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }

    /* A drive announcing 4 GiB behind a small transport limit. */
    mmc_put_be32(big, 0xfffffff0);
    {
        const struct step steps[] =
        {
            REPLY(MMC_GET_CONFIGURATION, big, 0x2000, 0x800),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        dev.max_transfer = 0x800;
        hr = mmc_drive_get_configuration_alloc(&dev, MMC_CONFIG_RT_ALL, 0, 0x1000, &data, &len);
        ok(hr == 0 && len == 0x800, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }

    free(config);
    free(big);
}

static void test_disc_structure(void)
{
    /* MMC-6 6.22.3.2.1 format 00h: 4-byte header (length 0802h), then 2048 bytes
     * of physical format information; here the first bytes of a DVD-R. */
    static uint8_t physical[4 + 2048] = {0x08, 0x02, 0x00, 0x00, 0x25, 0x0f, 0x10, 0x00};
    static const uint8_t tiny[4] = {0x00, 0x00, 0x00, 0x00};
    static const uint8_t sense_incompatible[18] =
        {0x70, 0, SENSE_KEY_ILLEGAL_REQUEST, 0, 0, 0, 0, 10, 0, 0, 0, 0, SENSE_ASC_INCOMPATIBLE_MEDIUM, 0, 0, 0, 0, 0};
    struct mmc_device dev;
    struct script script;
    uint8_t *data;
    uint32_t len;
    int32_t hr;

    {
        const struct step steps[] =
        {
            REPLY(MMC_READ_DISC_STRUCTURE, physical, sizeof(physical), 4),
            REPLY(MMC_READ_DISC_STRUCTURE, physical, sizeof(physical), sizeof(physical)),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_disc_structure_data(&dev, MMC_DISC_STRUCTURE_MEDIA_DVD, 0x30000, 1, 0x00, 2, &data, &len);
        ok(hr == 0 && len == sizeof(physical) && !memcmp(data, physical, len), "Got hr %#x, len %u.\n",
                (unsigned int)hr, len);
        ok(!memcmp(script.last_cdb, (const uint8_t[]){0xad, 0x00, 0x00, 0x03, 0x00, 0x00, 0x01, 0x00, 0x08, 0x04,
                0x80, 0x00}, 12), "CDB wrong.\n");
        check_all_used(&script);
        free(data);
    }

    /* A reply below the 4-byte header. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_READ_DISC_STRUCTURE, tiny, 4, 4),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        data = (uint8_t *)0xdeadbeef;
        hr = mmc_drive_disc_structure_data(&dev, MMC_DISC_STRUCTURE_MEDIA_DVD, 0, 0, 0x04, 0, &data, &len);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE && !data && !len, "Got hr %#x.\n", (unsigned int)hr);
        check_all_used(&script);
    }

    /* Not a DVD. */
    {
        const struct step steps[] = {CHECK(MMC_READ_DISC_STRUCTURE, sense_incompatible)};

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_disc_structure_data(&dev, MMC_DISC_STRUCTURE_MEDIA_DVD, 0, 0, 0x00, 0, &data, &len);
        ok(hr == E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT && !data, "Got hr %#x.\n", (unsigned int)hr);
    }

    /* A transport limit below the structure: cut to it. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_READ_DISC_STRUCTURE, physical, sizeof(physical), 4),
            REPLY(MMC_READ_DISC_STRUCTURE, physical, sizeof(physical), 2048),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        dev.max_transfer = 2048;
        hr = mmc_drive_disc_structure_data(&dev, MMC_DISC_STRUCTURE_MEDIA_DVD, 0, 0, 0x00, 0, &data, &len);
        ok(hr == 0 && len == 2048, "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        check_all_used(&script);
        free(data);
    }
}

static void test_unit_attention(void)
{
    const struct step once[] =
    {
        CHECK(MMC_TEST_UNIT_READY, sense_medium_changed),
        GOOD(MMC_TEST_UNIT_READY),
    };
    const struct step always[] =
    {
        CHECK(MMC_TEST_UNIT_READY, sense_medium_changed),
        CHECK(MMC_TEST_UNIT_READY, sense_medium_changed),
        CHECK(MMC_TEST_UNIT_READY, sense_medium_changed),
    };
    const struct step no_media[] =
        {CHECK(MMC_TEST_UNIT_READY, sense_no_media)};
    const struct step power_on[] =
    {
        CHECK(MMC_TEST_UNIT_READY, sense_power_on),
        GOOD(MMC_TEST_UNIT_READY),
    };
    struct mmc_device dev;
    struct script script;
    struct mmc_sense sense;
    int32_t hr;

    init_device(&dev, &script, once, COUNT(once));
    hr = mmc_drive_test_unit_ready(&dev, &sense);
    ok(hr == 0 && !sense.valid && !sense.reset, "Got hr %#x, reset %d.\n", (unsigned int)hr, sense.reset);
    check_all_used(&script);

    /* a power-on reset answered first is reported: what the drive did in the background stopped */
    init_device(&dev, &script, power_on, COUNT(power_on));
    hr = mmc_drive_test_unit_ready(&dev, &sense);
    ok(hr == 0 && !sense.valid && sense.reset, "Got hr %#x, reset %d.\n", (unsigned int)hr, sense.reset);
    check_all_used(&script);

    init_device(&dev, &script, always, COUNT(always));
    hr = mmc_drive_test_unit_ready(&dev, &sense);
    ok(hr == E_IMAPI_RECORDER_MEDIA_BECOMING_READY, "Got hr %#x.\n", (unsigned int)hr);
    ok(sense.valid && sense.key == SENSE_KEY_UNIT_ATTENTION, "Sense not returned.\n");
    check_all_used(&script);

    init_device(&dev, &script, no_media, COUNT(no_media));
    hr = mmc_drive_test_unit_ready(&dev, &sense);
    ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "Got hr %#x.\n", (unsigned int)hr);
    ok(sense.valid && sense.key == SENSE_KEY_NOT_READY && sense.asc == SENSE_ASC_MEDIUM_NOT_PRESENT
            && sense.ascq == 1, "Got sense %x/%x/%x.\n", sense.key, sense.asc, sense.ascq);
    check_all_used(&script);
}

static void test_garbage_status(void)
{
    static const uint8_t long_sense[40] =
        {0x70, 0, SENSE_KEY_DATA_PROTECT, 0, 0, 0, 0, 32, 0, 0, 0, 0, SENSE_ASC_WRITE_PROTECTED, 0};
    static const struct
    {
        uint8_t status;
        const uint8_t *sense;
        uint32_t sense_len;
        int32_t hr;
    }
    tests[] =
    {
        {MMC_STATUS_CHECK_CONDITION, NULL, 0, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {MMC_STATUS_CHECK_CONDITION, sense_no_media, 2, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {MMC_STATUS_CHECK_CONDITION, long_sense, 200, E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED},
        {MMC_STATUS_BUSY, NULL, 0, E_IMAPI_RECORDER_MEDIA_BUSY},
        {MMC_STATUS_RESERVATION_CONFLICT, NULL, 0, E_IMAPI_RECORDER_LOCKED},
        {0x22, NULL, 0, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {MMC_STATUS_GOOD, sense_no_media, 18, 0},
    };
    struct mmc_command cmd;
    struct mmc_device dev;
    struct script script;
    struct step step;
    uint8_t cdb[16];
    unsigned int i, n;
    int32_t hr;

    for (i = 0; i < COUNT(tests); i++)
    {
        memset(&step, 0, sizeof(step));
        step.opcode = MMC_SYNCHRONIZE_CACHE;
        step.status = tests[i].status;
        step.sense = tests[i].sense;
        step.sense_len = tests[i].sense_len;
        init_device(&dev, &script, &step, 1);
        n = mmc_build_synchronize_cache(cdb, false);
        mmc_command_init(&cmd, cdb, n, MMC_DIR_NONE, NULL, 0);
        ok(cmd.timeout == MMC_TIMEOUT_LONG, "Got timeout %u.\n", cmd.timeout);
        hr = mmc_execute(&dev, &cmd, NULL);
        ok(hr == tests[i].hr, "Test %u: got hr %#x.\n", i, (unsigned int)hr);
        ok(cmd.sense_length <= MMC_SENSE_MAX, "Test %u: sense length %u.\n", i, cmd.sense_length);
    }
}

static void test_disc_and_track_info(void)
{
    static const uint8_t disc[34] =
    {
        0x00, 0x20, 0x0e, 0x01, 0x03, 0x04, 0x04, 0x20, 0x00, 0x00, 0x00, 0x00,
    };
    static const uint8_t track[36] =
    {
        0x00, 0x22, 0x04, 0x03, 0x00, 0x05, 0x41, 0x01,
        0x00, 0x02, 0x1d, 0xe0, 0x00, 0x02, 0x1d, 0xe0, 0x00, 0x20, 0x00, 0x00,
    };
    struct mmc_track_info track_info;
    struct mmc_disc_info info;
    struct mmc_device dev;
    struct script script;
    uint8_t *data;
    uint32_t len;
    int32_t hr;

    {
        const struct step steps[] =
        {
            REPLY(MMC_READ_DISC_INFORMATION, disc, 34, 2),
            REPLY(MMC_READ_DISC_INFORMATION, disc, 34, 34),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_read_disc_info(&dev, false, &info);
        ok(hr == 0, "Got hr %#x.\n", (unsigned int)hr);
        ok(info.disc_status == MMC_DISC_STATUS_COMPLETE && info.last_session_state == MMC_SESSION_STATE_COMPLETE
                && info.sessions == 3 && info.first_track_last_session == 4 && info.last_track_last_session == 4,
                "Disc info wrong.\n");
        check_all_used(&script);
    }

    /* A drive that returns only 20 bytes whatever it is asked. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_READ_DISC_INFORMATION, disc, 34, 2),
            REPLY(MMC_READ_DISC_INFORMATION, disc, 20, 34),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_read_disc_info(&dev, false, &info);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "Got hr %#x.\n", (unsigned int)hr);
    }

    {
        const struct step steps[] =
        {
            REPLY(MMC_READ_DISC_INFORMATION, disc, 1, 2),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_disc_info_data(&dev, &data, &len);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE && !data, "Got hr %#x.\n", (unsigned int)hr);
    }

    /* The invisible track is FFh on CD and DVD+R, the last track elsewhere. */
    {
        static const uint16_t profiles[] =
        {
            MMC_PROFILE_CD_R, MMC_PROFILE_DVD_PLUS_R, MMC_PROFILE_DVD_R_SEQUENTIAL, MMC_PROFILE_BD_R_SRM,
        };
        static const uint32_t numbers[] = {0xff, 0xff, 4, 4};
        struct mmc_disc_info last = {0};
        /* One command: the reply has a fixed size. */
        const struct step steps[] = {REPLY(MMC_READ_TRACK_INFORMATION, track, 36, MMC_TRACK_INFO_ALLOC)};
        unsigned int i;

        for (i = 0; i < COUNT(profiles); i++)
        {
            init_device(&dev, &script, steps, COUNT(steps));
            last.last_track_last_session = 4;
            hr = mmc_drive_read_invisible_track(&dev, profiles[i], &last, &track_info);
            ok(hr == 0, "Profile %#x: got hr %#x.\n", profiles[i], (unsigned int)hr);
            ok(script.last_cdb[1] == MMC_TRACK_ADDRESS_TRACK && mmc_get_be32(script.last_cdb + 2) == numbers[i],
                    "Profile %#x: asked for %u.\n", profiles[i], mmc_get_be32(script.last_cdb + 2));
            ok(track_info.nwa_valid && track_info.next_writable_address == 0x21de0 && track_info.free_blocks == 0x200000
                    && track_info.blank, "Profile %#x: track info wrong.\n", profiles[i]);
            check_all_used(&script);
        }
    }
}

static void test_mode_page(void)
{
    static const uint8_t reply[8 + 24] =
    {
        0x00, 0x1e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x2a, 0x16, 0x3f, 0x37, 0xc1, 0x03, 0x29, 0x04, 0x1b, 0x90, 0x01, 0x00,
        0x08, 0x00, 0x0b, 0x06, 0x00, 0x00, 0x1b, 0x91, 0x0b, 0x07, 0x00, 0x00,
    };
    struct mmc_device dev;
    struct script script;
    uint8_t *data;
    uint32_t len;
    int32_t hr;

    {
        const struct step steps[] =
        {
            REPLY(MMC_MODE_SENSE_10, reply, 32, 8),
            REPLY(MMC_MODE_SENSE_10, reply, 32, 32),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_mode_page(&dev, MMC_MODE_PAGE_CAPABILITIES, MMC_PC_CURRENT, &data, &len);
        ok(hr == 0 && len == 24 && !memcmp(data, reply + 8, 24), "Got hr %#x, len %u.\n", (unsigned int)hr, len);
        ok(script.last_cdb[2] == 0x2a && script.last_cdb[1] == 0x08, "CDB wrong.\n");
        check_all_used(&script);
        free(data);
    }

    /* Asked for 05h, got 2Ah. */
    {
        const struct step steps[] =
        {
            REPLY(MMC_MODE_SENSE_10, reply, 32, 8),
            REPLY(MMC_MODE_SENSE_10, reply, 32, 32),
        };

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_mode_page(&dev, MMC_MODE_PAGE_WRITE_PARAMETERS, MMC_PC_CURRENT, &data, &len);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE && !data, "Got hr %#x.\n", (unsigned int)hr);
    }

    {
        const struct step steps[] =
            {CHECK(MMC_MODE_SENSE_10, sense_invalid_field)};

        init_device(&dev, &script, steps, COUNT(steps));
        hr = mmc_drive_mode_page(&dev, MMC_MODE_PAGE_POWER_CONDITION, MMC_PC_CURRENT, &data, &len);
        ok(hr == E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE && !data, "Got hr %#x.\n", (unsigned int)hr);
    }
}

static void test_capacity_and_simple(void)
{
    static const uint8_t capacity[8] = {0x00, 0x00, 0x4e, 0xd7, 0x00, 0x00, 0x08, 0x00};
    const struct step steps[] = {REPLY(MMC_READ_CAPACITY, capacity, 8, 8)};
    const struct step short_steps[] = {REPLY(MMC_READ_CAPACITY, capacity, 4, 8)};
    const struct step eject[] = {GOOD(MMC_START_STOP_UNIT)};
    const struct step lock[] = {GOOD(MMC_PREVENT_ALLOW_MEDIUM_REMOVAL)};
    const struct step timeout[] = {FAIL(MMC_START_STOP_UNIT, E_IMAPI_RECORDER_COMMAND_TIMEOUT)};
    struct mmc_capacity cap;
    struct mmc_device dev;
    struct script script;
    int32_t hr;

    init_device(&dev, &script, steps, COUNT(steps));
    hr = mmc_drive_read_capacity(&dev, &cap);
    ok(hr == 0 && cap.last_lba == 20183 && cap.block_length == 2048, "Got hr %#x, %u.\n", (unsigned int)hr,
            cap.last_lba);
    init_device(&dev, &script, short_steps, COUNT(short_steps));
    hr = mmc_drive_read_capacity(&dev, &cap);
    ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "Got hr %#x.\n", (unsigned int)hr);

    init_device(&dev, &script, eject, COUNT(eject));
    hr = mmc_drive_start_stop(&dev, false, MMC_START_STOP_EJECT);
    ok(hr == 0 && script.last_cdb[4] == 0x02, "Got hr %#x, byte 4 %#x.\n", (unsigned int)hr, script.last_cdb[4]);
    init_device(&dev, &script, lock, COUNT(lock));
    hr = mmc_drive_prevent_allow(&dev, true);
    ok(hr == 0 && script.last_cdb[4] == 0x01, "Got hr %#x, byte 4 %#x.\n", (unsigned int)hr, script.last_cdb[4]);
    init_device(&dev, &script, timeout, COUNT(timeout));
    hr = mmc_drive_start_stop(&dev, false, MMC_START_STOP_LOAD);
    ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT, "Got hr %#x.\n", (unsigned int)hr);
}

/* READ TOC/PMA/ATIP format 1 (MMC-6 6.26.2, 6.26.3.3): one 12-byte command. */
static void test_session_info(void)
{
    static const uint8_t reply[12] =
    {
        0x00, 0x0a, 0x01, 0x02, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x2e, 0xea,
    };
    static const uint8_t expect_cdb[10] = {0x43, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00};
    static const uint8_t invalid_field[18] = {0x70, 0, SENSE_KEY_ILLEGAL_REQUEST, 0, 0, 0, 0, 10, 0, 0, 0, 0,
            SENSE_ASC_INVALID_FIELD_IN_CDB, 0x00};
    const struct step steps[] = {REPLY(MMC_READ_TOC_PMA_ATIP, reply, 12, 12)};
    const struct step short_steps[] = {REPLY(MMC_READ_TOC_PMA_ATIP, reply, 10, 12)};
    const struct step check_steps[] = {CHECK(MMC_READ_TOC_PMA_ATIP, invalid_field)};
    struct mmc_session_info info;
    struct mmc_device dev;
    struct script script;
    int32_t hr;

    init_device(&dev, &script, steps, COUNT(steps));
    hr = mmc_drive_read_session_info(&dev, &info);
    ok(hr == 0, "Got hr %#x.\n", (unsigned int)hr);
    ok(!memcmp(script.last_cdb, expect_cdb, sizeof(expect_cdb)), "Unexpected CDB.\n");
    ok(script.last_direction == MMC_DIR_FROM_DEVICE, "Direction %d.\n", script.last_direction);
    ok(info.first_session == 1 && info.last_session == 2, "Sessions %u-%u.\n", info.first_session,
            info.last_session);
    ok(info.adr == 1 && info.control == 4 && (info.control & MMC_CONTROL_DATA_TRACK), "ADR %u, control %u.\n",
            info.adr, info.control);
    ok(info.first_track_last_session == 2 && info.start_address == 12010, "Track %u at %d.\n",
            info.first_track_last_session, info.start_address);
    check_all_used(&script);

    /* Shorter than the fixed 12 bytes: not believed. */
    init_device(&dev, &script, short_steps, COUNT(short_steps));
    hr = mmc_drive_read_session_info(&dev, &info);
    ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "Got hr %#x.\n", (unsigned int)hr);

    /* No complete session yet (or a DVD drive that will not fake one): 5/24/00. */
    init_device(&dev, &script, check_steps, COUNT(check_steps));
    hr = mmc_drive_read_session_info(&dev, &info);
    ok(hr < 0 && hr != E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "Got hr %#x.\n", (unsigned int)hr);
    check_all_used(&script);
}

/* mmc_run_in zero-fills what the drive does not send; mmc_run_out has a data
 * phase only with data. */
static void test_run(void)
{
    static const uint8_t capacity[4] = {0x00, 0x00, 0x4e, 0xd7};
    static const uint8_t tur_cdb[6] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t not_ready[18] = {0x70, 0, SENSE_KEY_NOT_READY, 0, 0, 0, 0, 10, 0, 0, 0, 0,
            SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_OPERATION_IN_PROGRESS};
    const struct step in_steps[] = {REPLY(MMC_READ_CAPACITY, capacity, 4, 8)};
    const struct step out_steps[] = {TOOK(MMC_MODE_SELECT_10, 16), GOOD(MMC_TEST_UNIT_READY)};
    const struct step busy_steps[] = {CHECK(MMC_TEST_UNIT_READY, not_ready)};
    uint8_t cdb[16], buf[8], list[16];
    struct mmc_device dev;
    struct script script;
    unsigned int n;
    uint32_t got;
    int32_t hr;

    init_device(&dev, &script, in_steps, COUNT(in_steps));
    memset(buf, 0xcc, sizeof(buf));
    n = mmc_build_read_capacity(cdb);
    hr = mmc_run_in(&dev, cdb, n, buf, sizeof(buf), &got);
    ok(hr == 0 && got == 4, "Got hr %#x, %u bytes.\n", (unsigned int)hr, got);
    ok(script.last_direction == MMC_DIR_FROM_DEVICE && script.last_length == sizeof(buf), "Direction %d, length %u.\n",
            script.last_direction, script.last_length);
    ok(!memcmp(buf, capacity, 4) && !buf[4] && !buf[7], "Buffer not zero-filled.\n");
    check_all_used(&script);

    init_device(&dev, &script, out_steps, COUNT(out_steps));
    memset(list, 0, sizeof(list));
    n = mmc_build_mode_select(cdb, false, sizeof(list));
    hr = mmc_run_out(&dev, cdb, n, list, sizeof(list));
    ok(hr == 0, "Got hr %#x.\n", (unsigned int)hr);
    ok(script.last_direction == MMC_DIR_TO_DEVICE && script.last_length == sizeof(list), "Direction %d, length %u.\n",
            script.last_direction, script.last_length);
    n = mmc_build_test_unit_ready(cdb);
    hr = mmc_run_out(&dev, cdb, n, NULL, 0);
    ok(hr == 0, "Got hr %#x.\n", (unsigned int)hr);
    ok(script.last_direction == MMC_DIR_NONE && !script.last_length, "Direction %d, length %u.\n",
            script.last_direction, script.last_length);
    ok(!memcmp(script.last_cdb, tur_cdb, sizeof(tur_cdb)), "Unexpected CDB.\n");
    check_all_used(&script);

    /* 2/04/07: what the close path polls for after an IMMED command. */
    init_device(&dev, &script, busy_steps, COUNT(busy_steps));
    n = mmc_build_test_unit_ready(cdb);
    hr = mmc_run_out(&dev, cdb, n, NULL, 0);
    ok(hr == E_IMAPI_RECORDER_MEDIA_BUSY, "Got hr %#x.\n", (unsigned int)hr);
    check_all_used(&script);
}

/* Wine drops the host status: a timed-out command arrives as GOOD, nothing moved. */
static void test_lost_commands(void)
{
    static uint8_t track[48] = {0x00, 0x2e, 1, 1};
    /* One pass: the reply has a fixed size. */
    const struct step lost_once[] =
    {
        REPLY_COUNT(MMC_READ_TRACK_INFORMATION, track, sizeof(track), 0, MMC_TRACK_INFO_ALLOC),
        REPLY(MMC_READ_TRACK_INFORMATION, track, sizeof(track), MMC_TRACK_INFO_ALLOC),
    };
    const struct step lost_twice[] =
    {
        REPLY_COUNT(MMC_READ_TRACK_INFORMATION, track, sizeof(track), 0, 0),
        REPLY_COUNT(MMC_READ_TRACK_INFORMATION, track, sizeof(track), 0, 0),
    };
    const struct step write_short[] = {TOOK(MMC_WRITE_10, 16384), TOOK(MMC_WRITE_10, 0)};
    const struct step write_retried[] = {TOOK(MMC_WRITE_10, 0), TOOK(MMC_WRITE_10, 32768)};
    const struct step read_short[] =
    {
        REPLY_COUNT(MMC_READ_10, track, sizeof(track), 2048, 0),
        REPLY_COUNT(MMC_READ_10, track, sizeof(track), 4094, 0),
    };
    const struct step short_reply[] =
    {
        REPLY(MMC_READ_TRACK_INFORMATION, track, 36, MMC_TRACK_INFO_ALLOC),
    };
    const struct step transport_timeout[] = {FAIL(MMC_WRITE_10, E_IMAPI_RECORDER_COMMAND_TIMEOUT)};
    struct mmc_track_info info;
    struct mmc_command cmd;
    struct mmc_device dev;
    struct script script;
    uint8_t cdb[16], *data;
    unsigned int n;
    uint32_t got;
    int32_t hr;

    data = calloc(1, 32768);

    init_device(&dev, &script, lost_once, COUNT(lost_once));
    hr = mmc_drive_read_track_info(&dev, MMC_TRACK_ADDRESS_TRACK, 1, &info);
    ok(hr == 0, "A lost command repeated once: got hr %#x.\n", (unsigned int)hr);
    ok(info.track == 1, "Track %u.\n", info.track);
    check_all_used(&script);

    init_device(&dev, &script, lost_twice, COUNT(lost_twice));
    hr = mmc_drive_read_track_info(&dev, MMC_TRACK_ADDRESS_TRACK, 1, &info);
    ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT, "Lost twice: got hr %#x.\n", (unsigned int)hr);
    check_all_used(&script);

    /* A reply shorter than the allocation length is normal for data in. */
    init_device(&dev, &script, short_reply, COUNT(short_reply));
    hr = mmc_drive_read_track_info(&dev, MMC_TRACK_ADDRESS_TRACK, 1, &info);
    ok(hr == 0, "A 36-byte reply: got hr %#x.\n", (unsigned int)hr);
    check_all_used(&script);

    /* Data out must be taken whole: a short WRITE is lost, never half counted. */
    init_device(&dev, &script, write_short, COUNT(write_short));
    n = mmc_build_write_10(cdb, 100, 16, false);
    hr = mmc_run_out(&dev, cdb, n, data, 32768);
    ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT, "Short WRITE: got hr %#x.\n", (unsigned int)hr);
    check_all_used(&script);

    init_device(&dev, &script, write_retried, COUNT(write_retried));
    hr = mmc_run_out(&dev, cdb, n, data, 32768);
    ok(hr == 0, "WRITE repeated once: got hr %#x.\n", (unsigned int)hr);
    ok(mmc_get_be32(script.last_cdb + 2) == 100 && mmc_get_be16(script.last_cdb + 7) == 16,
            "The repeated WRITE went elsewhere.\n");
    check_all_used(&script);

    /* READ(10) asks for whole blocks: less is lost, even when not empty. */
    init_device(&dev, &script, read_short, COUNT(read_short));
    n = mmc_build_read_10(cdb, 0, 2);
    hr = mmc_run_in(&dev, cdb, n, data, 4096, &got);
    ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT && !got, "Short READ: got hr %#x, %u bytes.\n", (unsigned int)hr, got);
    check_all_used(&script);

    init_device(&dev, &script, transport_timeout, COUNT(transport_timeout));
    n = mmc_build_write_10(cdb, 100, 16, false);
    hr = mmc_run_out(&dev, cdb, n, data, 32768);
    ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT, "Transport timeout: got hr %#x.\n", (unsigned int)hr);
    check_all_used(&script);

    /* What can and cannot be told lost. */
    mmc_command_init(&cmd, cdb, n, MMC_DIR_TO_DEVICE, data, 32768);
    cmd.status = MMC_STATUS_GOOD;
    cmd.transferred = 32768;
    ok(!mmc_command_lost(&cmd), "A whole WRITE is lost.\n");
    cmd.transferred = 32767;
    ok(mmc_command_lost(&cmd), "A WRITE one byte short is not lost.\n");
    cmd.status = MMC_STATUS_CHECK_CONDITION;
    ok(!mmc_command_lost(&cmd), "A CHECK CONDITION is lost.\n");
    n = mmc_build_test_unit_ready(cdb);
    mmc_command_init(&cmd, cdb, n, MMC_DIR_NONE, NULL, 0);
    ok(!mmc_command_lost(&cmd), "A command without data is lost.\n");
    n = mmc_build_inquiry(cdb, 96);
    mmc_command_init(&cmd, cdb, n, MMC_DIR_FROM_DEVICE, data, 96);
    cmd.transferred = 5;
    ok(!mmc_command_lost(&cmd), "A 5-byte INQUIRY reply is lost.\n");
    cmd.transferred = 0;
    ok(mmc_command_lost(&cmd), "An empty INQUIRY reply is not lost.\n");

    free(data);
}

static void test_drive_busy(void)
{
    static const uint8_t becoming_ready[18] = {0x70, 0, SENSE_KEY_NOT_READY, 0, 0, 0, 0, 10, 0, 0, 0, 0,
            SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_BECOMING_READY};
    static const uint8_t long_write[18] = {0x70, 0, SENSE_KEY_NOT_READY, 0, 0, 0, 0, 10, 0, 0, 0, 0,
            SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_LONG_WRITE_IN_PROGRESS};
    static const uint8_t in_progress[18] = {0x70, 0, SENSE_KEY_NOT_READY, 0, 0, 0, 0, 10, 0, 0, 0, 0,
            SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_OPERATION_IN_PROGRESS};
    struct mmc_command cmd;
    uint8_t cdb[16];
    unsigned int n;

    n = mmc_build_test_unit_ready(cdb);
    mmc_command_init(&cmd, cdb, n, MMC_DIR_NONE, NULL, 0);
    cmd.status = MMC_STATUS_GOOD;
    ok(!mmc_command_drive_busy(&cmd), "GOOD is busy.\n");
    cmd.status = MMC_STATUS_BUSY;
    ok(mmc_command_drive_busy(&cmd), "BUSY is not busy.\n");
    cmd.status = MMC_STATUS_CHECK_CONDITION;
    memcpy(cmd.sense, becoming_ready, sizeof(becoming_ready));
    cmd.sense_length = sizeof(becoming_ready);
    ok(mmc_command_drive_busy(&cmd), "02/04/01 is not busy.\n");
    memcpy(cmd.sense, long_write, sizeof(long_write));
    ok(mmc_command_drive_busy(&cmd), "02/04/08 is not busy.\n");
    memcpy(cmd.sense, in_progress, sizeof(in_progress));
    ok(!mmc_command_drive_busy(&cmd), "02/04/07 is busy.\n");
    memcpy(cmd.sense, sense_no_media, sizeof(sense_no_media));
    ok(!mmc_command_drive_busy(&cmd), "02/3A/01 is busy.\n");
    cmd.sense_length = 2;
    memcpy(cmd.sense, long_write, sizeof(long_write));
    ok(!mmc_command_drive_busy(&cmd), "A cut-off sense is busy.\n");
}

START_TEST(mmc_drive)
{
    test_inquiry();
    test_get_configuration();
    test_get_configuration_alloc();
    test_disc_structure();
    test_unit_attention();
    test_garbage_status();
    test_disc_and_track_info();
    test_mode_page();
    test_capacity_and_simple();
    test_session_info();
    test_run();
    test_lost_commands();
    test_drive_busy();
}

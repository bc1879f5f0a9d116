/*
 * Unit tests of the MMC layer: sense data and its HRESULTs
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

static uint8_t *copy_exact(const uint8_t *buf, uint32_t len)
{
    uint8_t *ret = malloc(len ? len : 1);

    memcpy(ret, buf, len);
    return ret;
}

static void test_fixed_sense(void)
{
    /* SPC-4 4.5.3: VALID, ILI + ILLEGAL REQUEST, information, additional length
     * 0Ah, command specific, 24h/00h, FRU, SKSV with field pointer 0102h. */
    static const uint8_t sense[18] =
    {
        0xf0, 0x00, 0x25, 0x00, 0x01, 0x02, 0x03, 0x0a,
        0x04, 0x05, 0x06, 0x07, 0x24, 0x00, 0x09, 0x80,
        0x01, 0x02,
    };
    /* NOT READY, format in progress, 50 % done. */
    static const uint8_t progress[18] =
    {
        0x70, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
        0x00, 0x00, 0x00, 0x00, 0x04, 0x04, 0x00, 0x80,
        0x80, 0x00,
    };
    struct mmc_sense s;
    uint8_t buf[18];
    uint32_t len;
    int ret;

    ret = mmc_parse_sense(sense, sizeof(sense), &s);
    ok(ret == MMC_OK && s.valid, "Got %d.\n", ret);
    ok(s.response_code == 0x70 && !s.deferred, "Got response code %#x.\n", s.response_code);
    ok(s.key == SENSE_KEY_ILLEGAL_REQUEST, "Got key %#x.\n", s.key);
    ok(s.asc == SENSE_ASC_INVALID_FIELD_IN_CDB && s.ascq == 0, "Got %#x/%#x.\n", s.asc, s.ascq);
    ok(s.incorrect_length && !s.filemark && !s.end_of_medium, "Byte 2 flags wrong.\n");
    ok(s.information_valid && s.information == 0x00010203, "Got information %#x.\n", (unsigned int)s.information);
    ok(s.command_specific_valid && s.command_specific == 0x04050607, "Got command specific %#x.\n",
            (unsigned int)s.command_specific);
    ok(s.sense_key_specific_valid && s.sense_key_specific[0] == 0x80 && s.sense_key_specific[1] == 0x01
            && s.sense_key_specific[2] == 0x02, "Sense key specific wrong.\n");
    ok(!s.progress_valid, "Progress reported for ILLEGAL REQUEST.\n");

    ret = mmc_parse_sense(progress, sizeof(progress), &s);
    ok(ret == MMC_OK && s.key == SENSE_KEY_NOT_READY && s.asc == SENSE_ASC_NOT_READY
            && s.ascq == SENSE_ASCQ_NOT_READY_FORMAT_IN_PROGRESS, "Got %d %x/%x/%x.\n", ret, s.key, s.asc, s.ascq);
    ok(!s.information_valid, "Information valid without the VALID bit.\n");
    ok(s.progress_valid && s.progress == 0x8000, "Got progress %#x.\n", s.progress);

    /* Every truncation: each field appears exactly when its bytes do. */
    for (len = 0; len <= sizeof(sense); len++)
    {
        uint8_t *p = copy_exact(sense, len);

        ret = mmc_parse_sense(p, len, &s);
        ok(ret == (len < 3 ? MMC_ERR_SHORT : MMC_OK), "Length %u: got %d.\n", len, ret);
        ok(s.valid == (len >= 3), "Length %u: valid %d.\n", len, s.valid);
        ok(s.key == (len >= 3 ? SENSE_KEY_ILLEGAL_REQUEST : 0), "Length %u: key %u.\n", len, s.key);
        ok(s.information_valid == (len >= 7), "Length %u: information valid %d.\n", len, s.information_valid);
        ok(s.command_specific_valid == (len >= 12), "Length %u: command specific %d.\n", len,
                s.command_specific_valid);
        ok(s.asc == (len >= 13 ? 0x24 : 0), "Length %u: asc %#x.\n", len, s.asc);
        ok(s.sense_key_specific_valid == (len >= 18), "Length %u: SKSV %d.\n", len, s.sense_key_specific_valid);
        free(p);
    }

    /* The additional sense length limits what is read, even in a longer buffer. */
    memcpy(buf, progress, sizeof(buf));
    buf[7] = 5;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_OK && s.asc == SENSE_ASC_NOT_READY && s.ascq == 0 && !s.progress_valid, "Got %x/%x.\n",
            s.asc, s.ascq);
    buf[7] = 0;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_OK && s.key == SENSE_KEY_NOT_READY && !s.asc && !s.command_specific_valid, "Got %x.\n", s.asc);

    /* Deferred error. */
    memcpy(buf, progress, sizeof(buf));
    buf[0] = 0x71;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_OK && s.deferred && s.response_code == 0x71, "Got %d %d.\n", ret, s.deferred);

    /* Filemark and EOM bits. */
    buf[2] = 0xc0 | SENSE_KEY_MEDIUM_ERROR;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(s.filemark && s.end_of_medium && !s.incorrect_length && s.key == SENSE_KEY_MEDIUM_ERROR, "Flags wrong.\n");

    /* Unknown response codes are not sense. */
    buf[0] = 0x00;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_ERR_INVALID && !s.valid, "Got %d.\n", ret);
    buf[0] = 0x7f;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_ERR_INVALID && !s.valid, "Got %d.\n", ret);
    ret = mmc_parse_sense(NULL, 18, &s);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
}

static void test_descriptor_sense(void)
{
    /* SPC-4 4.5.2: 72h, key 5, 26h/02h, additional length 20: a sense key
     * specific descriptor (02h, 6 bytes) and an information descriptor (00h, 10 bytes). */
    static const uint8_t sense[28] =
    {
        0x72, 0x05, 0x26, 0x02, 0x00, 0x00, 0x00, 0x14,
        0x02, 0x06, 0x00, 0x00, 0xc0, 0x00, 0x0c, 0x00,
        0x00, 0x0a, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23, 0x45,
    };
    /* 73h deferred, NOT READY 04/07 with a progress of 1/4 and a command specific descriptor. */
    static const uint8_t deferred[28] =
    {
        0x73, 0x02, 0x04, 0x07, 0x00, 0x00, 0x00, 0x14,
        0x01, 0x0a, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
        0x02, 0x06, 0x00, 0x00, 0x80, 0x40, 0x00, 0x00,
    };
    struct mmc_sense s;
    uint8_t buf[28];
    uint32_t len;
    int ret;

    ret = mmc_parse_sense(sense, sizeof(sense), &s);
    ok(ret == MMC_OK && s.valid && s.response_code == 0x72 && !s.deferred, "Got %d.\n", ret);
    ok(s.key == SENSE_KEY_ILLEGAL_REQUEST && s.asc == SENSE_ASC_INVALID_FIELD_IN_PARAMETER_LIST
            && s.ascq == SENSE_ASCQ_PARAMETER_VALUE_INVALID, "Got %x/%x/%x.\n", s.key, s.asc, s.ascq);
    ok(s.sense_key_specific_valid && s.sense_key_specific[0] == 0xc0 && s.sense_key_specific[2] == 0x0c,
            "Sense key specific wrong.\n");
    ok(s.information_valid && s.information == 0x12345, "Information wrong.\n");
    ok(!s.command_specific_valid, "Command specific without a descriptor.\n");

    ret = mmc_parse_sense(deferred, sizeof(deferred), &s);
    ok(ret == MMC_OK && s.deferred && s.key == SENSE_KEY_NOT_READY && s.ascq == 7, "Got %d.\n", ret);
    ok(s.command_specific_valid && s.command_specific == 0x1122334455667788ull, "Command specific wrong.\n");
    ok(s.progress_valid && s.progress == 0x4000, "Got progress %#x.\n", s.progress);

    for (len = 0; len <= sizeof(sense); len++)
    {
        uint8_t *p = copy_exact(sense, len);

        ret = mmc_parse_sense(p, len, &s);
        ok(ret == (len < 2 ? MMC_ERR_SHORT : MMC_OK), "Length %u: got %d.\n", len, ret);
        ok(s.key == (len >= 2 ? SENSE_KEY_ILLEGAL_REQUEST : 0), "Length %u: key %u.\n", len, s.key);
        ok(s.asc == (len >= 3 ? 0x26 : 0) && s.ascq == (len >= 4 ? 2 : 0), "Length %u: %x/%x.\n", len, s.asc,
                s.ascq);
        ok(s.sense_key_specific_valid == (len >= 16), "Length %u: SKSV %d.\n", len, s.sense_key_specific_valid);
        ok(s.information_valid == (len >= 28), "Length %u: information %d.\n", len, s.information_valid);
        free(p);
    }

    /* A descriptor claiming more than the additional length covers is ignored. */
    memcpy(buf, sense, sizeof(buf));
    buf[9] = 0x30;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_OK && !s.sense_key_specific_valid && !s.information_valid, "Got %d.\n", ret);
    /* ... and so is what lies past the additional length. */
    memcpy(buf, sense, sizeof(buf));
    buf[7] = 8;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_OK && s.sense_key_specific_valid && !s.information_valid, "Got %d.\n", ret);
    /* A 255-byte additional length on 28 bytes. */
    buf[7] = 0xff;
    ret = mmc_parse_sense(buf, sizeof(buf), &s);
    ok(ret == MMC_OK && s.information_valid, "Got %d.\n", ret);
}

static struct mmc_sense make_sense(uint8_t key, uint8_t asc, uint8_t ascq)
{
    struct mmc_sense s;

    memset(&s, 0, sizeof(s));
    s.valid = true;
    s.response_code = 0x70;
    s.key = key;
    s.asc = asc;
    s.ascq = ascq;
    return s;
}

static void test_sense_mapping(void)
{
    /* The table of doc/multisession.md section 7 and IMAPI2's documented meanings. */
    static const struct
    {
        uint8_t key, asc, ascq;
        int32_t hr;
        enum mmc_disposition disposition;
    }
    tests[] =
    {
        {0x2, 0x3a, 0x00, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL},
        {0x2, 0x3a, 0x01, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL},
        {0x2, 0x3a, 0x02, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL},
        {0x2, 0x04, 0x01, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY},
        {0x2, 0x04, 0x04, E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, MMC_DISPOSITION_RETRY},
        {0x2, 0x04, 0x07, E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY},
        {0x2, 0x04, 0x08, E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY},
        {0x2, 0x30, 0x00, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL},
        {0x5, 0x30, 0x05, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL},
        {0x5, 0x30, 0x10, E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED, MMC_DISPOSITION_FAIL},
        {0x5, 0x26, 0x00, E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, MMC_DISPOSITION_FAIL},
        {0x7, 0x27, 0x00, E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, MMC_DISPOSITION_FAIL},
        {0x3, 0x0c, 0x09, E_IMAPI_LOSS_OF_STREAMING, MMC_DISPOSITION_FAIL},
        {0x3, 0x0c, 0x00, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL},
        {0x4, 0x08, 0x03, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL},
        {0x5, 0x21, 0x02, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL},
        {0x6, 0x28, 0x00, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY},
        {0x6, 0x29, 0x00, E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY},
        {0x6, 0x3a, 0x00, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL},
        {0xb, 0x00, 0x00, E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY},
        {0x1, 0x73, 0x01, 0, MMC_DISPOSITION_OK},
        {0x1, 0x17, 0x00, 0, MMC_DISPOSITION_OK},
        {0x0, 0x00, 0x00, 0, MMC_DISPOSITION_OK},
        {0xe, 0x1d, 0x00, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL},
    };
    struct mmc_sense s;
    unsigned int i;
    int32_t hr;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        winetest_push_context("%x/%02x/%02x", tests[i].key, tests[i].asc, tests[i].ascq);
        s = make_sense(tests[i].key, tests[i].asc, tests[i].ascq);
        hr = mmc_sense_to_hresult(&s);
        ok(hr == tests[i].hr, "Got hr %#x, expected %#x.\n", (unsigned int)hr, (unsigned int)tests[i].hr);
        ok(mmc_sense_disposition(&s) == tests[i].disposition, "Got disposition %d.\n", mmc_sense_disposition(&s));
        winetest_pop_context();
    }

    /* The command decides what an ILLEGAL REQUEST means. */
    s = make_sense(SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INVALID_FIELD_IN_CDB, 0);
    hr = mmc_command_sense_to_hresult(MMC_MODE_SENSE_10, &s);
    ok(hr == E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, "Got %#x.\n", (unsigned int)hr);
    hr = mmc_command_sense_to_hresult(MMC_MODE_SELECT_10, &s);
    ok(hr == E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, "Got %#x.\n", (unsigned int)hr);
    hr = mmc_command_sense_to_hresult(MMC_READ_DISC_STRUCTURE, &s);
    ok(hr == E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, "Got %#x.\n", (unsigned int)hr);
    hr = mmc_command_sense_to_hresult(MMC_READ_10, &s);
    ok(hr == E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, "Got %#x.\n", (unsigned int)hr);
    s = make_sense(SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INVALID_COMMAND_OPCODE, 0);
    hr = mmc_command_sense_to_hresult(MMC_GET_CONFIGURATION, &s);
    ok(hr == E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED, "Got %#x.\n", (unsigned int)hr);
    hr = mmc_command_sense_to_hresult(MMC_MODE_SENSE_10, &s);
    ok(hr == E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, "Got %#x.\n", (unsigned int)hr);
    /* ... but not what a NOT READY means. */
    s = make_sense(SENSE_KEY_NOT_READY, SENSE_ASC_MEDIUM_NOT_PRESENT, 0);
    hr = mmc_command_sense_to_hresult(MMC_MODE_SENSE_10, &s);
    ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "Got %#x.\n", (unsigned int)hr);

    /* No sense at all is not success. */
    memset(&s, 0, sizeof(s));
    hr = mmc_sense_to_hresult(&s);
    ok(hr == E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, "Got %#x.\n", (unsigned int)hr);
    ok(mmc_sense_disposition(&s) == MMC_DISPOSITION_FAIL, "Got %d.\n", mmc_sense_disposition(&s));
    hr = mmc_sense_to_hresult(NULL);
    ok(hr == E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, "Got %#x.\n", (unsigned int)hr);
}

static void test_status_mapping(void)
{
    /* SAM-4 status codes. */
    static const struct
    {
        uint8_t status;
        int32_t hr;
    }
    tests[] =
    {
        {0x00, 0},
        {0x02, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {0x04, 0},
        {0x08, E_IMAPI_RECORDER_MEDIA_BUSY},
        {0x10, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {0x18, E_IMAPI_RECORDER_LOCKED},
        {0x28, E_IMAPI_RECORDER_MEDIA_BUSY},
        {0x30, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {0x40, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
        {0xff, E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE},
    };
    unsigned int i;
    int32_t hr;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        hr = mmc_status_to_hresult(tests[i].status);
        ok(hr == tests[i].hr, "Status %#x: got hr %#x.\n", tests[i].status, (unsigned int)hr);
    }
}

static void test_sense_text(void)
{
    ok(!strcmp(mmc_sense_text(2, 0x3a, 0), "medium not present"), "Got %s.\n", mmc_sense_text(2, 0x3a, 0));
    ok(!strcmp(mmc_sense_text(2, 0x04, 0x01), "logical unit is in process of becoming ready"), "Got %s.\n",
            mmc_sense_text(2, 4, 1));
    ok(!strcmp(mmc_sense_text(3, 0x0c, 0x09), "write error, loss of streaming"), "Got %s.\n",
            mmc_sense_text(3, 0x0c, 9));
    ok(!strcmp(mmc_sense_text(1, 0x73, 0x01), "power calibration area almost full"), "Got %s.\n",
            mmc_sense_text(1, 0x73, 1));
    ok(!strcmp(mmc_sense_text(0, 0, 0), "no additional sense information"), "Got %s.\n", mmc_sense_text(0, 0, 0));
    ok(!strcmp(mmc_sense_text(0xe, 0x1d, 0), "MISCOMPARE"), "Got %s.\n", mmc_sense_text(0xe, 0x1d, 0));
    ok(!strcmp(mmc_sense_key_name(SENSE_KEY_UNIT_ATTENTION), "UNIT ATTENTION"), "Got %s.\n",
            mmc_sense_key_name(SENSE_KEY_UNIT_ATTENTION));
    ok(!strcmp(mmc_sense_key_name(0xff), "COMPLETED"), "Got %s.\n", mmc_sense_key_name(0xff));
}

START_TEST(mmc_sense)
{
    test_fixed_sense();
    test_descriptor_sense();
    test_sense_mapping();
    test_status_mapping();
    test_sense_text();
}

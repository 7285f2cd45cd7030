/* SPDX-License-Identifier: Apache-2.0 */
/* What the codec tests share; see codec_cases.h. */
#include <stdio.h>
#include <string.h>

#include "codec_cases.h"
#include "testlib.h"

#ifndef CREDSSP_TEST_DATA
#define CREDSSP_TEST_DATA "tests/data"
#endif

void test_run_rejects(const char *type, const reject_case *cases, size_t n,
                      codec_result (*decode)(const uint8_t *, size_t, codec_error *))
{
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[256];
        size_t len = test_hex(cases[i].hex, buf, sizeof buf);
        codec_error err = { 0 };
        codec_result r = decode(buf, len, &err);
        CHECK(r == cases[i].result, "%s [%s]: result %d, want %d (%s)", type, cases[i].hex, r, cases[i].result,
              err.reason ? err.reason : "accepted");
        if (r == CODEC_OK)
            continue;
        CHECK(err.reason != NULL && strstr(err.reason, cases[i].reason) != NULL, "%s [%s]: reason '%s'", type,
              cases[i].hex, err.reason ? err.reason : "(none)");
        if (cases[i].reason[0] != '\0')
            CHECK(err.offset == cases[i].offset, "%s [%s]: offset %zu, want %zu", type, cases[i].hex, err.offset,
                  cases[i].offset);
    }
}

uint8_t *test_load_data(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CREDSSP_TEST_DATA, name);
    return test_read_file(path, len);
}

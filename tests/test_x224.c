/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The X.224 negotiation parser and writer (cli/x224.c): the Connection
 * Requests xfreerdp 2.11, nmap and impacket really send, our own, and the
 * ways a first PDU can be wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "x224.h"

static void test_captured(const char *name, uint32_t protocols, size_t cookie_len)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/x224-cr-%s.bin", CREDSSP_TEST_DATA, name);
    uint8_t *buf = test_read_file(path, &len);
    x224_request r;
    x224_result res = x224_parse_request(buf, len, &r);
    CHECK(res == X224_OK && r.has_neg && r.protocols == protocols && r.cookie_len == cookie_len,
          "%s's Connection Request: %s, protocols 0x%x, cookie %zu bytes", name, x224_result_text(res), r.protocols,
          r.cookie_len);
    for (size_t cut = 0; cut < len; cut++)
        CHECK(x224_parse_request(buf, cut, &r) != X224_OK, "%s cut at %zu is refused", name, cut);
    free(buf);
}

static void test_round_trip(void)
{
    uint8_t pdu[X224_MAX_PDU];
    x224_request r;
    x224_confirm cc;
    size_t n = x224_write_request(pdu, sizeof pdu, "alice", RDP_PROTOCOL_SSL | RDP_PROTOCOL_HYBRID | RDP_PROTOCOL_HYBRID_EX);
    CHECK(n == 43 && x224_parse_request(pdu, n, &r) == X224_OK && r.protocols == 0xB && r.cookie_len == 24,
          "our request with a cookie parses back (%zu bytes)", n);
    n = x224_write_request(pdu, sizeof pdu, "a\r\nb", 2);
    CHECK(n == 0, "a user name with CRLF makes no cookie");
    n = x224_write_request(pdu, sizeof pdu, NULL, RDP_PROTOCOL_HYBRID);
    CHECK(n == 19 && x224_parse_request(pdu, n, &r) == X224_OK && r.cookie_len == 0, "our request without a cookie");
    n = x224_write_confirm(pdu, sizeof pdu, false, RDP_PROTOCOL_HYBRID);
    CHECK(x224_parse_confirm(pdu, n, &cc) == X224_OK && !cc.failure && cc.value == RDP_PROTOCOL_HYBRID,
          "our confirm selecting HYBRID parses back");
    n = x224_write_confirm(pdu, sizeof pdu, true, RDP_HYBRID_REQUIRED_BY_SERVER);
    CHECK(x224_parse_confirm(pdu, n, &cc) == X224_OK && cc.failure && cc.value == RDP_HYBRID_REQUIRED_BY_SERVER,
          "our RDP_NEG_FAILURE parses back");
    CHECK(x224_parse_request(pdu, n, &r) == X224_BAD_TPDU, "a confirm is not a request");
    CHECK(x224_write_request(pdu, 10, "alice", 2) == 0, "the writer refuses a buffer too small");
}

static void test_refusals(void)
{
    static const struct {
        const char *hex;
        x224_result want;
        const char *what;
    } cases[] = {
        { "04000013", X224_BAD_TPKT, "TPKT version 4" },
        { "03000004", X224_BAD_TPKT, "a TPKT shorter than a TPDU" },
        { "0300ffff", X224_BAD_TPKT, "a TPKT of 65535 bytes" },
        { "030000130fe00000000000010008000200000000", X224_BAD_TPKT, "more bytes than the TPKT says" },
        { "030000130de000000000000100080002000000", X224_BAD_TPDU, "a length indicator that disagrees" },
        { "030000130ef000000000000100080002000000", X224_BAD_TPDU, "not a Connection Request TPDU" },
        { "030000130ee000000000010100080002000000", X224_BAD_TPDU, "class 1" },
        { "030000130ee000000000000100090002000000", X224_BAD_NEG, "RDP_NEG_REQ of length 9" },
        { "030000130ee000000000000200080002000000", X224_BAD_TPDU, "RDP_NEG_RSP in a request (no CRLF: not a cookie)" },
        { "030000130ee00000000000410d0a0100080002", X224_BAD_NEG, "a cookie then a short RDP_NEG_REQ" },
        { "030000140fe0000000000041424344454647480d", X224_BAD_TPDU, "a cookie without its CRLF" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[64];
        size_t n = test_hex(cases[i].hex, buf, sizeof buf);
        x224_request r;
        x224_result got = x224_parse_request(buf, n, &r);
        CHECK(got == cases[i].want, "%s: %s (want %s)", cases[i].what, x224_result_text(got),
              x224_result_text(cases[i].want));
        /* x224.h: a refused request leaves nothing behind (a cookie read
         * before the refusal included). */
        CHECK(!r.has_neg && r.protocols == 0 && r.cookie_len == 0, "%s leaves the request empty", cases[i].what);
    }
}

int main(void)
{
    test_captured("xfreerdp", RDP_PROTOCOL_SSL | RDP_PROTOCOL_HYBRID, 24);
    test_captured("nmap", RDP_PROTOCOL_SSL | RDP_PROTOCOL_HYBRID | RDP_PROTOCOL_HYBRID_EX, 23);
    test_captured("impacket", RDP_PROTOCOL_SSL | RDP_PROTOCOL_HYBRID, 0);
    test_round_trip();
    test_refusals();
    return test_summary();
}

/*
 * Fuzz target: the inner-authentication server (raw NTLM or SPNEGO framing)
 * fed a hostile first and second token.  Input: a 2-byte little-endian length
 * n, n bytes of first token, then the second token.  No input can know the
 * server's challenge, so an acceptance would be a forgery.
 */
#include <stdlib.h>
#include <unistd.h>

#include "nego.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ntlm_crypto *crypto;
static ntlm_user_db *db;

static void fuzz_setup(void)
{
    const char *why;
    size_t line;
    char path[] = "/tmp/credssp-fuzz-sam-XXXXXX";
    static const char sam[] = "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, sam, sizeof sam - 1u) != (ssize_t)(sizeof sam - 1u))
        abort();
    close(fd);
    crypto = ntlm_crypto_new(&why);
    if (crypto == NULL || ntlm_user_db_load(path, &db, &line, &why) != NTLM_ST_OK)
        abort();
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (crypto == NULL)
        fuzz_setup();
    if (size < 2)
        return 0;
    size_t n = (size_t)data[0] | (size_t)data[1] << 8;
    if (n > size - 2u)
        n = size - 2u;
    nego_server *sv;
    const uint8_t *out;
    size_t out_len;
    bool done = false;
    if (nego_server_new(crypto, db, (data[0] & 1) ? SPNEGO_MIC_CONSUMES_SEQ : SPNEGO_MIC_KEEPS_SEQ, &sv) != NTLM_ST_OK)
        abort();
    if (nego_server_step(sv, data + 2, n, &out, &out_len, &done) == NTLM_ST_OK) {
        if (done)
            abort();
        if (nego_server_step(sv, data + 2 + n, size - 2u - n, &out, &out_len, &done) == NTLM_ST_OK)
            abort();
    }
    nego_server_free(sv);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ntlm_users.h"
#include "fixture.h"

ntlm_crypto *fixture_crypto(void)
{
    cs_failure why;
    failure_clear(&why);
    ntlm_crypto *c = ntlm_crypto_new(&why);
    if (c == NULL) {
        fprintf(stderr, "no NTLM crypto: %s\n", why.text);
        exit(2);
    }
    return c;
}

ntlm_user_db *fixture_user_db(const char *text)
{
    char path[] = "/tmp/credssp-test-sam-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        perror("fixture_user_db");
        exit(2);
    }
    close(fd);
    ntlm_user_db *db = NULL;
    size_t line;
    cs_failure why;
    failure_clear(&why);
    ntlm_status st = ntlm_user_db_load(path, &db, &line, &why);
    unlink(path);
    return st == NTLM_ST_OK ? db : NULL;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded whole-file reads; see files.h. */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/crypto.h>

#include "files.h"

files_result files_read_bounded(const char *path, size_t max, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return FILES_CANNOT_OPEN;
    /* One byte more than allowed tells a file of max bytes from a larger one. */
    char *text = malloc(max + 1u);
    if (text == NULL) {
        fclose(f);
        return FILES_NO_MEMORY;
    }
    size_t n = fread(text, 1, max + 1u, f);
    files_result r = ferror(f) != 0 ? FILES_CANNOT_READ : n > max ? FILES_TOO_LARGE : FILES_OK;
    fclose(f);
    if (r != FILES_OK) {
        files_free_wiped(text, max + 1u);
        return r;
    }
    *out = text;
    *len = n;
    return FILES_OK;
}

void files_free_wiped(char *buf, size_t cap)
{
    if (buf != NULL)
        OPENSSL_cleanse(buf, cap);
    free(buf);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading a caller's file whole, bounded (files.c): the user file and the
 * like are parsed from memory, so no parser opens a file and the fuzz
 * harnesses reach the parsers without one.
 */
#ifndef CREDSSP_FILES_H
#define CREDSSP_FILES_H

#include <stddef.h>

typedef enum files_result {
    FILES_OK = 0,
    FILES_CANNOT_OPEN,
    FILES_CANNOT_READ,
    FILES_TOO_LARGE, /* more than max bytes */
    FILES_NO_MEMORY,
} files_result;

/* The whole file in a new buffer of *len bytes (at most max), to be freed
 * with files_free_wiped: it may hold secrets. */
files_result files_read_bounded(const char *path, size_t max, char **out, size_t *len)
    __attribute__((warn_unused_result));
void files_free_wiped(char *buf, size_t cap);

#endif

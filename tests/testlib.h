/* SPDX-License-Identifier: Apache-2.0 */
/* A minimal test harness: CHECK records, the run ends with "N passed, N failed". */
#ifndef CREDSSP_TESTLIB_H
#define CREDSSP_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern unsigned test_passed, test_failed;

#define CHECK(cond, ...) test_check((cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

void test_check(bool ok, const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Parses "30 05 a0 03 ..." (spaces optional) into buf; returns the length. */
size_t test_hex(const char *hex, uint8_t *buf, size_t cap);
/* Reads a whole file into a fresh buffer; aborts the test run if it cannot. */
uint8_t *test_read_file(const char *path, size_t *len);
/* Prints the closing line and returns the exit status. */
int test_summary(void);

#endif

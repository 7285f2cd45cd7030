/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Typed results are used: a function returning a result the caller must
 * act on is declared CS_MUST_USE, so a dropped result does not compile under
 * -Werror (s2n's S2N_RESULT_MUST_USE).  A result that is deliberately
 * dropped says so where it is dropped (CS_IGNORE, with the reason).
 */
#ifndef CREDSSP_MUST_USE_H
#define CREDSSP_MUST_USE_H

#define CS_MUST_USE __attribute__((warn_unused_result))

/* gcc does not let a (void) cast silence warn_unused_result; this does. */
#define CS_IGNORE(expr)                                                                                           \
    do {                                                                                                          \
        if (expr) {                                                                                               \
        }                                                                                                         \
    } while (0)

#endif

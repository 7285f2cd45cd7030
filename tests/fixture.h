/* SPDX-License-Identifier: Apache-2.0 */
/* What the NTLM tests share: a crypto context and a user file made on the spot. */
#ifndef CREDSSP_TEST_FIXTURE_H
#define CREDSSP_TEST_FIXTURE_H

#include "ntlm.h"
#include "ntlm_users.h"

/* alice with password Passw0rd!, as `winpr-hash -u alice -p Passw0rd! -f sam` writes it. */
#define FIXTURE_SAM_ALICE "alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n"

/* The crypto context; exits the test run with a message if it cannot be had. */
ntlm_crypto *fixture_crypto(void);
/* Loads a user file holding text (via a temporary file); NULL if it is refused. */
ntlm_user_db *fixture_user_db(const char *text);

#endif

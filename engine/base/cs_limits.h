/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every bound of the package in one place, with the reason it is that
 * number.  A bound keeps an attacker from sizing an allocation or a loop;
 * each layer uses these names (their old names below are aliases kept where
 * ACSL contracts and harnesses read them).  Named cs_limits.h, not limits.h:
 * the folder is on the include path and <limits.h> must stay the system's.
 */
#ifndef CREDSSP_CS_LIMITS_H
#define CREDSSP_CS_LIMITS_H

/* ---- messages ---- */

/* The largest TSRequest or TSCredentials we read or write, and the
 * plaintext we hold while one is incomplete: 64 KiB.  Real ones are under
 * 8 KiB (an NTLM AUTHENTICATE with long names, or a Kerberos AP-REQ with a
 * PAC, fits many times); [MS-CSSP] sets no maximum. */
#define CS_LIMIT_MESSAGE 65536u

/* The most plaintext one TLS record carries: 2^14 bytes (RFC 8446 5.1,
 * RFC 5246 6.2.1).  EncryptMessage seals at most this much per call. */
#define CS_LIMIT_TLS_PLAINTEXT 16384u
/* A TLS 1.2 ciphertext record may exceed the plaintext by 2048 bytes
 * (RFC 5246 6.2.3); TLS 1.3 by 256 (RFC 8446 5.2).  The framing check
 * takes the larger. */
#define CS_LIMIT_TLS_FRAGMENT (CS_LIMIT_TLS_PLAINTEXT + 2048u)

/* Nesting of constructed DER values: TSRequest > negoTokens > SEQUENCE OF >
 * NegoDataItem > OCTET STRING is 5; SPNEGO inside adds 4.  Ten leaves room
 * and bounds the recursion of the generated decoder. */
#define CS_LIMIT_DER_DEPTH 10u

/* negoTokens: [MS-CSSP] 3.1.5 sends one; a few are parsed so that a peer
 * sending more gets a precise refusal rather than a schema error. */
#define CS_LIMIT_NEGO_TOKENS 4u
/* SPNEGO mechTypes we read: Windows offers 4 at most (Negoex, Kerberos,
 * MS-Kerberos, NTLM). */
#define CS_LIMIT_SPNEGO_MECHS 8u
/* Remote Guard supplemental package credentials: Windows sends one or two. */
#define CS_LIMIT_SUPPLEMENTAL 8u

/* ---- NTLM ---- */

/* An NTLM message: every payload length is 16 bits ([MS-NLMP] 2.2.1). */
#define CS_LIMIT_NTLM_MESSAGE 65535u
/* AV pairs in one list: ids 0-10 are defined ([MS-NLMP] 2.2.2.1). */
#define CS_LIMIT_NTLM_AV_PAIRS 32u
/* A user, domain or SPN as UTF-16LE: 256 characters, the longest a
 * Windows account or host name takes. */
#define CS_LIMIT_NTLM_NAME 512u
/* One string delegated in TSCredentials, as UTF-16LE with its terminator. */
#define CS_LIMIT_DELEGATED_STRING 4096u

/* The server's user file: 1 MiB, lines of 1 KiB, 65536 users. */
#define CS_LIMIT_USER_FILE (1024u * 1024u)
#define CS_LIMIT_USER_LINE 1024u
#define CS_LIMIT_USERS 65536u

/* ---- versions ([MS-CSSP] 2.2.1) ---- */

/* The lowest TSRequest version there is, and the highest we speak. */
#define CS_VERSION_LOWEST 2
#define CS_VERSION_HIGHEST 6
/* A client refuses servers below 5 by default (CVE-2018-0886: versions 2-4
 * have no nonce in pubKeyAuth); a server takes 2 and up, as Windows does. */
#define CS_CLIENT_DEFAULT_MIN_VERSION 5
#define CS_SERVER_DEFAULT_MIN_VERSION 2

/* ---- the machine and the API ---- */

/* Rows one call may take: an input event and its follow-ups (TLS done,
 * keys ready, pubKeyAuth verified, delegation allowed) are at most 5. */
#define CS_LIMIT_HOPS 6u
/* Live handles: more than any process needs; the registry stops growing. */
#define CS_LIMIT_HANDLES 65536u
/* Calls of the driver's loop that consume a message; an exchange takes 4. */
#define CS_LIMIT_DRIVER_CALLS 64
/* What the driver holds of the peer's bytes before a message is whole. */
#define CS_LIMIT_DRIVER_PENDING CS_LIMIT_MESSAGE

#endif

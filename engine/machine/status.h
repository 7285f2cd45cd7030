/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Status translations, in one place: NTLM results to SSPI statuses, SSPI
 * statuses to the NTSTATUS a server sends as errorCode, a received errorCode
 * back to an SSPI status ([MS-CSSP] 2.2.1, [MS-ERREF] 2.3), and names.
 */
#ifndef CREDSSP_STATUS_H
#define CREDSSP_STATUS_H

#include <stdint.h>

#include "ntlm.h"

#define STATUS_LOGON_FAILURE 0xC000006Du
#define STATUS_INVALID_PARAMETER 0xC000000Du
#define STATUS_INTERNAL_ERROR 0xC00000E5u
#define STATUS_NO_MEMORY 0xC0000017u
#define STATUS_DOWNGRADE_DETECTED 0xC0000388u
#define STATUS_NOT_SUPPORTED 0xC00000BBu

int32_t status_from_ntlm(ntlm_status st);
uint32_t status_to_ntstatus(int32_t sspi);
int32_t status_from_ntstatus(uint32_t nt);
const char *status_ntstatus_name(uint32_t nt);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Status translations; see status.h. */
#include <stddef.h>

#include <credssp/credssp.h>

#include "status.h"

int32_t status_from_ntlm(ntlm_status st)
{
    switch (st) {
    case NTLM_ST_OK:
        return SEC_E_OK;
    case NTLM_ST_INVALID_TOKEN:
        return SEC_E_INVALID_TOKEN;
    case NTLM_ST_LOGON_DENIED:
        return SEC_E_LOGON_DENIED;
    case NTLM_ST_BAD_CREDENTIALS:
        return SEC_E_NO_CREDENTIALS;
    case NTLM_ST_NO_MEMORY:
        return SEC_E_INSUFFICIENT_MEMORY;
    case NTLM_ST_INTERNAL:
        break;
    }
    return SEC_E_INTERNAL_ERROR;
}

/* What a server tells the client; FreeRDP and mstsc recognise these. */
uint32_t status_to_ntstatus(int32_t sspi)
{
    switch (sspi) {
    case SEC_E_LOGON_DENIED:
        return STATUS_LOGON_FAILURE;
    case SEC_E_INVALID_TOKEN:
        return STATUS_INVALID_PARAMETER;
    case SEC_E_DOWNGRADE_DETECTED:
        return STATUS_DOWNGRADE_DETECTED;
    case SEC_E_INSUFFICIENT_MEMORY:
        return STATUS_NO_MEMORY;
    case SEC_E_UNSUPPORTED_FUNCTION:
        return STATUS_NOT_SUPPORTED;
    default:
        return STATUS_INTERNAL_ERROR;
    }
}

static const struct {
    uint32_t nt;
    int32_t sspi;
    const char *name;
} ntstatus_map[] = {
    { STATUS_LOGON_FAILURE, SEC_E_LOGON_DENIED, "STATUS_LOGON_FAILURE" },
    { 0xC000006Au, SEC_E_LOGON_DENIED, "STATUS_WRONG_PASSWORD" },
    { 0xC0000064u, SEC_E_LOGON_DENIED, "STATUS_NO_SUCH_USER" },
    { 0xC000006Eu, SEC_E_LOGON_DENIED, "STATUS_ACCOUNT_RESTRICTION" },
    { 0xC000006Fu, SEC_E_LOGON_DENIED, "STATUS_INVALID_LOGON_HOURS" },
    { 0xC0000070u, SEC_E_LOGON_DENIED, "STATUS_INVALID_WORKSTATION" },
    { 0xC0000071u, SEC_E_LOGON_DENIED, "STATUS_PASSWORD_EXPIRED" },
    { 0xC0000072u, SEC_E_LOGON_DENIED, "STATUS_ACCOUNT_DISABLED" },
    { 0xC0000193u, SEC_E_LOGON_DENIED, "STATUS_ACCOUNT_EXPIRED" },
    { 0xC0000224u, SEC_E_LOGON_DENIED, "STATUS_PASSWORD_MUST_CHANGE" },
    { 0xC0000234u, SEC_E_LOGON_DENIED, "STATUS_ACCOUNT_LOCKED_OUT" },
    { 0xC000005Eu, SEC_E_NO_AUTHENTICATING_AUTHORITY, "STATUS_NO_LOGON_SERVERS" },
    { 0xC0000133u, SEC_E_TIME_SKEW, "STATUS_TIME_DIFFERENCE_AT_DC" },
    { STATUS_INVALID_PARAMETER, SEC_E_INVALID_TOKEN, "STATUS_INVALID_PARAMETER" },
    { STATUS_NOT_SUPPORTED, SEC_E_UNSUPPORTED_FUNCTION, "STATUS_NOT_SUPPORTED" },
    { STATUS_NO_MEMORY, SEC_E_INSUFFICIENT_MEMORY, "STATUS_NO_MEMORY" },
    { STATUS_DOWNGRADE_DETECTED, SEC_E_DOWNGRADE_DETECTED, "STATUS_DOWNGRADE_DETECTED" },
    { STATUS_INTERNAL_ERROR, SEC_E_INTERNAL_ERROR, "STATUS_INTERNAL_ERROR" },
};

int32_t status_from_ntstatus(uint32_t nt)
{
    for (size_t i = 0; i < sizeof ntstatus_map / sizeof ntstatus_map[0]; i++)
        if (ntstatus_map[i].nt == nt)
            return ntstatus_map[i].sspi;
    /* Some peers send an SSPI HRESULT (facility 9) instead of an NTSTATUS. */
    if ((nt & 0xFFFF0000u) == 0x80090000u)
        return (int32_t)nt;
    return SEC_E_INTERNAL_ERROR;
}

const char *status_ntstatus_name(uint32_t nt)
{
    for (size_t i = 0; i < sizeof ntstatus_map / sizeof ntstatus_map[0]; i++)
        if (ntstatus_map[i].nt == nt)
            return ntstatus_map[i].name;
    return "NTSTATUS";
}

static const struct {
    int32_t st;
    const char *name;
} sspi_names[] = {
#define N(x) { x, #x }
    N(SEC_E_OK), N(SEC_I_CONTINUE_NEEDED), N(SEC_I_COMPLETE_NEEDED), N(SEC_I_COMPLETE_AND_CONTINUE),
    N(SEC_I_CONTEXT_EXPIRED), N(SEC_I_INCOMPLETE_CREDENTIALS), N(SEC_I_RENEGOTIATE),
    N(SEC_E_INSUFFICIENT_MEMORY), N(SEC_E_INVALID_HANDLE), N(SEC_E_UNSUPPORTED_FUNCTION),
    N(SEC_E_TARGET_UNKNOWN), N(SEC_E_INTERNAL_ERROR), N(SEC_E_SECPKG_NOT_FOUND), N(SEC_E_NOT_OWNER),
    N(SEC_E_INVALID_TOKEN), N(SEC_E_QOP_NOT_SUPPORTED), N(SEC_E_LOGON_DENIED), N(SEC_E_UNKNOWN_CREDENTIALS),
    N(SEC_E_NO_CREDENTIALS), N(SEC_E_MESSAGE_ALTERED), N(SEC_E_OUT_OF_SEQUENCE),
    N(SEC_E_NO_AUTHENTICATING_AUTHORITY), N(SEC_E_CONTEXT_EXPIRED), N(SEC_E_INCOMPLETE_MESSAGE),
    N(SEC_E_INCOMPLETE_CREDENTIALS), N(SEC_E_BUFFER_TOO_SMALL), N(SEC_E_WRONG_PRINCIPAL), N(SEC_E_TIME_SKEW),
    N(SEC_E_ILLEGAL_MESSAGE), N(SEC_E_DECRYPT_FAILURE), N(SEC_E_DOWNGRADE_DETECTED), N(SEC_E_INVALID_PARAMETER),
    N(SEC_E_DELEGATION_POLICY), N(SEC_E_POLICY_NLTM_ONLY), N(SEC_E_MUTUAL_AUTH_FAILED),
#undef N
};

const char *credssp_status_name(SECURITY_STATUS st)
{
    for (size_t i = 0; i < sizeof sspi_names / sizeof sspi_names[0]; i++)
        if (sspi_names[i].st == st)
            return sspi_names[i].name;
    return "unknown status";
}

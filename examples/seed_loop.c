/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seed's calling loop, by hand, against libcredssp: InitializeSecurityContext
 * until SEC_E_OK, sending each output token and feeding each reply.  CredSSP
 * straight over TCP (as `credssp serve --raw` speaks it).
 *   seed_loop HOST PORT USER PASSWORD
 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <credssp/sspi_names.h>

static int dial(const char *host, const char *port)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *a;
    if (getaddrinfo(host, port, &hints, &a) != 0)
        return -1;
    int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(a);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    int fd = dial(argv[1], argv[2]);
    CREDSSP_LINUX_CRED id = { .Type = CredsspLinuxCreds, .User = argv[3], .Password = argv[4] };
    CredHandle cred;
    CtxtHandle ctx;
    if (fd < 0 || AcquireCredentialsHandle(NULL, CREDSSP_NAME, SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred,
                                           NULL) != SEC_E_OK)
        return 1;
    /* --- the loop --- */
    static unsigned char in[65536];
    size_t have = 0;
    SECURITY_STATUS st;
    int first = 1;
    do {
        SecBuffer ib[2] = { { (uint32_t)have, SECBUFFER_TOKEN, in }, { 0, SECBUFFER_EMPTY, NULL } };
        SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
        SecBufferDesc idesc = { SECBUFFER_VERSION, 2, ib }, odesc = { SECBUFFER_VERSION, 1, &ob };
        uint32_t attrs;
        st = InitializeSecurityContext(&cred, first ? NULL : &ctx, "TERMSRV/server", ISC_REQ_DELEGATE |
                                       ISC_REQ_MUTUAL_AUTH | ISC_REQ_ALLOCATE_MEMORY, 0, SECURITY_NATIVE_DREP,
                                       first ? NULL : &idesc, 0, &ctx, &odesc, &attrs, NULL);
        first = 0;
        if (ob.cbBuffer > 0 && send(fd, ob.pvBuffer, ob.cbBuffer, 0) != (ssize_t)ob.cbBuffer)
            st = SEC_E_INTERNAL_ERROR;
        FreeContextBuffer(ob.pvBuffer);
        if (st == SEC_I_CONTINUE_NEEDED || st == SEC_E_INCOMPLETE_MESSAGE) {
            /* Keep what the package did not consume (SECBUFFER_EXTRA), then read more. */
            size_t extra = st == SEC_I_CONTINUE_NEEDED && ib[1].BufferType == SECBUFFER_EXTRA ? ib[1].cbBuffer : 0;
            if (st == SEC_I_CONTINUE_NEEDED) {
                memmove(in, in + have - extra, extra);
                have = extra;
            }
            ssize_t n = recv(fd, in + have, sizeof in - have, 0);
            if (n <= 0)
                st = SEC_E_INTERNAL_ERROR;
            else
                have += (size_t)n;
        }
    } while (st == SEC_I_CONTINUE_NEEDED || st == SEC_E_INCOMPLETE_MESSAGE);
    /* --- */
    printf("%s\n", credssp_status_name(st));
    DeleteSecurityContext(&ctx);
    FreeCredentialsHandle(&cred);
    close(fd);
    return st == SEC_E_OK ? 0 : 1;
}

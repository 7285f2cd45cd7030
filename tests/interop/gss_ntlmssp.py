#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Interoperability of our NTLM client and server with gss-ntlmssp, an
independent NTLM implementation over MIT GSSAPI (Debian: gss-ntlmssp,
python3-gssapi).  usage: gss_ntlmssp.py PATH/TO/ntlm_peer"""
import os
import subprocess
import sys
import tempfile

import gssapi
import gssapi.raw

NTLM = gssapi.OID.from_int_seq('1.3.6.1.4.1.311.2.2.10')
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL:', what, file=sys.stderr)


class Peer:
    def __init__(self, argv, env=None):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def send(self, line):
        self.p.stdin.write(line + '\n')
        self.p.stdin.flush()

    def recv(self):
        return self.p.stdout.readline().strip()

    def token(self):
        line = self.recv()
        tag, _, value = line.partition(' ')
        return tag, bytes.fromhex(value) if tag in ('TOKEN', 'SEALED') else value

    def close(self):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        return self.p.wait(timeout=10)


def our_client_to_gss_acceptor(peer_bin, password, want_ok):
    with tempfile.NamedTemporaryFile('w', delete=False) as f:
        f.write('EXAMPLE:alice:Passw0rd!\n')  # gss-ntlmssp's NTLM_USER_FILE format
        users = f.name
    os.environ['NTLM_USER_FILE'] = users
    try:
        creds = gssapi.Credentials(usage='accept', mechs=[NTLM])
        acceptor = gssapi.SecurityContext(creds=creds, usage='accept')
        peer = Peer([peer_bin, 'client', 'alice', 'EXAMPLE', password, 'HOST/localhost'])
        _, negotiate = peer.token()
        challenge = acceptor.step(negotiate)
        peer.send(challenge.hex())
        tag, authenticate = peer.token()
        check(tag == 'TOKEN', 'our client answers the gss-ntlmssp CHALLENGE')
        try:
            acceptor.step(authenticate)
            accepted = acceptor.complete
        except gssapi.exceptions.GSSError:
            accepted = False
        check(accepted == want_ok, 'gss-ntlmssp acceptor verdict on our client (password %r)' % password)
        if not accepted:
            peer.close()
            return
        peer.send('ACCEPTED')
        _, sealed = peer.token()
        plain = acceptor.unwrap(sealed).message
        check(plain == b'ping from libcredssp', 'gss-ntlmssp unwraps what our client sealed')
        reply = acceptor.wrap(b'pong from gss-ntlmssp', True).message
        peer.send(reply.hex())
        tag, text = peer.token()
        check(tag == 'UNSEALED' and text == 'pong from gss-ntlmssp', 'our client unseals what gss-ntlmssp wrapped')
        check(peer.close() == 0, 'our client exits 0')
    finally:
        os.unlink(users)


def gss_initiator_to_our_server(peer_bin, password, want_ok):
    with tempfile.NamedTemporaryFile('w', delete=False) as f:
        # winpr-hash -u alice -p Passw0rd! -f sam
        f.write('alice::aad3b435b51404eeaad3b435b51404ee:fc525c9683e8fe067095ba2ddc971889:::\n')
        sam = f.name
    try:
        user = gssapi.Name('EXAMPLE\\alice', gssapi.NameType.user)
        creds = gssapi.raw.acquire_cred_with_password(user, password.encode(), usage='initiate', mechs=[NTLM]).creds
        target = gssapi.Name('HOST@localhost', gssapi.NameType.hostbased_service)
        initiator = gssapi.SecurityContext(name=target, creds=creds, usage='initiate', mech=NTLM)
        peer = Peer([peer_bin, 'server', sam])
        peer.send(initiator.step().hex())
        _, challenge = peer.token()
        peer.send(initiator.step(challenge).hex())
        verdict = peer.recv()
        check((verdict == 'ACCEPTED') == want_ok, 'our server verdict on gss-ntlmssp (password %r): %s' %
              (password, verdict))
        if verdict != 'ACCEPTED':
            peer.close()
            return
        _, sealed = peer.token()
        check(initiator.unwrap(sealed).message == b'pong from libcredssp', 'gss-ntlmssp unwraps what our server sealed')
        peer.send(initiator.wrap(b'ping from gss-ntlmssp', True).message.hex())
        tag, text = peer.token()
        check(tag == 'UNSEALED' and text == 'ping from gss-ntlmssp', 'our server unseals what gss-ntlmssp wrapped')
        check(peer.close() == 0, 'our server exits 0')
    finally:
        os.unlink(sam)


def main():
    peer_bin = sys.argv[1]
    our_client_to_gss_acceptor(peer_bin, 'Passw0rd!', True)
    our_client_to_gss_acceptor(peer_bin, 'wrong', False)
    gss_initiator_to_our_server(peer_bin, 'Passw0rd!', True)
    gss_initiator_to_our_server(peer_bin, 'wrong', False)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the constructed seeds of corpus/ and the regression inputs of
tests/regressions/.  The captured peer messages are copied from tests/data.
Run from the top of the tree: python3 fuzz/make-seeds.py"""
import glob
import os
import shutil


def tlv(tag, content):
    n = len(content)
    if n < 128:
        length = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
        length = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + length + content


def seq(*parts):
    return tlv(0x30, b''.join(parts))


def ctx(n, content):
    return tlv(0xA0 + n, content)


def octets(b):
    return tlv(0x04, b)


def integer(v):
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(0x02, v.to_bytes(n, 'big', signed=True))


def utf16(s):
    return s.encode('utf-16-le')


def oid(content):
    return tlv(0x06, content)


OID_SPNEGO = bytes.fromhex('2b0601050502')
OID_NTLM = bytes.fromhex('2b0601040182370202 0a'.replace(' ', ''))
NTLM_NEGOTIATE = bytes.fromhex('4e544c4d5353500001000000b78208e2000000000000000000000000000000000601b11d0000000f')


def der_header(b, i):
    """(header size, contents length) of the TLV at b[i]; b is valid DER."""
    n = b[i + 1]
    if n < 0x80:
        return 2, n
    k = n & 0x7F
    return 2 + k, int.from_bytes(b[i + 2:i + 2 + k], 'big')


def der_contents(b):
    h, n = der_header(b, 0)
    return b[h:h + n]


def der_children(b):
    """The TLVs inside the contents of the constructed TLV b."""
    contents, i, out = der_contents(b), 0, []
    while i < len(contents):
        h, n = der_header(contents, i)
        out.append(contents[i:i + h + n])
        i += h + n
    return out


def nego_token(tsrequest):
    """The first negoToken of a TSRequest, or None."""
    for child in der_children(tsrequest):
        if child[0] == 0xA1:  # negoTokens [1] NegoData
            item = der_children(der_children(child)[0])[0]  # NegoDataItem
            return der_contents(der_children(der_children(item)[0])[0])  # [0] OCTET STRING
    return None


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def main():
    for f in glob.glob('tests/data/*.der'):
        if 'tscred' not in f:
            shutil.copy(f, 'corpus/tsrequest/' + os.path.basename(f))
    for f in glob.glob('tests/data/*.tscred.der'):
        shutil.copy(f, 'corpus/tscredentials/' + os.path.basename(f))

    # NTLM parsers: the captured messages, one kind per harness; corpus/ntlm
    # keeps them all (the unit tests read it).
    os.makedirs('corpus/ntlm', exist_ok=True)
    kinds = {'01': 'ntlm_negotiate', '02': 'ntlm_challenge', '03': 'ntlm_authenticate'}
    for f in sorted(glob.glob('tests/data/*-ok-0[123]-*.der')):
        tok = nego_token(open(f, 'rb').read())
        name = os.path.basename(f).replace('.der', '.ntlm')
        write('corpus/ntlm/' + name, tok)
        kind = kinds[name.split('-')[2]]
        os.makedirs('corpus/' + kind, exist_ok=True)
        write('corpus/%s/%s' % (kind, name), tok)
        # The AV lists inside: a CHALLENGE's TargetInfo, an AUTHENTICATE's NTLMv2 response.
        at = {'ntlm_challenge': 40, 'ntlm_authenticate': 20}.get(kind)
        if at is not None:
            n, off = int.from_bytes(tok[at:at + 2], 'little'), int.from_bytes(tok[at + 4:at + 8], 'little')
            os.makedirs('corpus/ntlm_av_pairs', exist_ok=True)
            write('corpus/ntlm_av_pairs/%s.%s' % (name, 'targetinfo' if at == 40 else 'ntlmv2'), tok[off:off + n])
    os.makedirs('corpus/ntlm_av_pairs', exist_ok=True)
    write('corpus/ntlm_av_pairs/ms-nlmp-4.2.4-av-list',
          bytes.fromhex('02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000'))

    os.makedirs('corpus/ntlm_acceptor', exist_ok=True)
    for scenario in ('freerdp-ok', 'impacket-ok'):
        neg = nego_token(open('tests/data/%s-01-client-negotiate.der' % scenario, 'rb').read())
        auth = nego_token(open('tests/data/%s-03-client-authenticate+pubkeyauth.der' % scenario, 'rb').read())
        write('corpus/ntlm_acceptor/%s.bin' % scenario, len(neg).to_bytes(2, 'little') + neg + auth)

    # The inner-authentication acceptor: raw NTLM and SPNEGO first tokens.
    os.makedirs('corpus/nego_acceptor', exist_ok=True)
    for f in glob.glob('corpus/ntlm_acceptor/*.bin'):
        shutil.copy(f, 'corpus/nego_acceptor/raw-' + os.path.basename(f))
    spnego_init = tlv(0x60, oid(OID_SPNEGO) + ctx(0, seq(ctx(0, seq(oid(OID_NTLM))), ctx(2, octets(NTLM_NEGOTIATE)))))
    spnego_auth = ctx(1, seq(ctx(2, octets(nego_token(open('tests/data/freerdp-ok-03-client-authenticate+pubkeyauth.der', 'rb').read()))),
                             ctx(3, octets(b'\x01' + b'\x00' * 15))))
    write('corpus/nego_acceptor/spnego.bin', len(spnego_init).to_bytes(2, 'little') + spnego_init + spnego_auth)

    # TSRequest: every optional component, and a version above 6.
    write('corpus/tsrequest/constructed-all-fields.der',
          seq(ctx(0, integer(6)), ctx(1, seq(seq(ctx(0, octets(NTLM_NEGOTIATE))))),
              ctx(2, octets(b'\x01' * 16)), ctx(3, octets(b'\x02' * 16)),
              ctx(4, integer(-0x3FFFFF93)), ctx(5, octets(bytes(range(32))))))
    write('corpus/tsrequest/constructed-nmap-version-96.der',
          seq(ctx(0, integer(96)), ctx(1, seq(seq(ctx(0, octets(NTLM_NEGOTIATE)))))))

    # TSCredentials: smart card and remote guard.
    csp = seq(ctx(0, integer(1)), ctx(1, octets(utf16('Card'))), ctx(2, octets(utf16('Reader'))),
              ctx(3, octets(utf16('Container'))), ctx(4, octets(utf16('Microsoft Base Smart Card Crypto Provider'))))
    smartcard = seq(ctx(0, octets(utf16('1234'))), ctx(1, csp), ctx(2, octets(utf16('alice'))),
                    ctx(3, octets(utf16('EXAMPLE'))))
    write('corpus/tscredentials/constructed-smartcard.der', seq(ctx(0, integer(2)), ctx(1, octets(smartcard))))
    pkg = seq(ctx(0, octets(utf16('Kerberos'))), ctx(1, octets(b'\x00\x01\x02\x03')))
    guard = seq(ctx(0, pkg), ctx(1, seq(pkg, pkg)))
    write('corpus/tscredentials/constructed-remote-guard.der', seq(ctx(0, integer(6)), ctx(1, octets(guard))))
    empty = seq(ctx(0, octets(b'')), ctx(1, octets(b'')), ctx(2, octets(b'')))
    write('corpus/tscredentials/constructed-restricted-admin.der', seq(ctx(0, integer(1)), ctx(1, octets(empty))))

    # SPNEGO: the framed negTokenInit and a negTokenResp with every field.
    init = ctx(0, seq(ctx(0, seq(oid(OID_NTLM))), ctx(2, octets(NTLM_NEGOTIATE))))
    write('corpus/spnego/negtokeninit-ntlm.der', tlv(0x60, oid(OID_SPNEGO) + init))
    flags = tlv(0x03, bytes([0x01, 0x02]))
    init2 = ctx(0, seq(ctx(0, seq(oid(OID_NTLM), oid(bytes.fromhex('2a864886f712010202')))), ctx(1, flags),
                       ctx(2, octets(NTLM_NEGOTIATE)), ctx(3, octets(b'\x01' * 16))))
    write('corpus/spnego/negtokeninit-two-mechs-flags-mic.der', tlv(0x60, oid(OID_SPNEGO) + init2))
    resp = ctx(1, seq(ctx(0, tlv(0x0A, b'\x01')), ctx(1, oid(OID_NTLM)), ctx(2, octets(NTLM_NEGOTIATE)),
                      ctx(3, octets(b'\x01' + b'\x00' * 15))))
    write('corpus/spnego/negtokenresp-incomplete.der', resp)
    write('corpus/spnego/negtokenresp-completed.der', ctx(1, seq(ctx(0, tlv(0x0A, b'\x00')))))

    # X.224: the Connection Requests of xfreerdp, nmap and impacket, and ours.
    os.makedirs('corpus/x224', exist_ok=True)
    for f in glob.glob('tests/data/x224-*.bin'):
        shutil.copy(f, 'corpus/x224/' + os.path.basename(f))
    write('corpus/x224/cc-hybrid', bytes.fromhex('030000130ed000001234000200080002000000'))
    write('corpus/x224/cc-failure', bytes.fromhex('030000130ed000001234000300080005000000'))
    write('corpus/x224/cr-no-neg', bytes.fromhex('0300000b06e00000000000'))
    write('corpus/x224/cr-routing-token',
          bytes.fromhex('0300001a15e00000000000') + b'token\r\n' + bytes.fromhex('0100080002000000'))

    # Kerberos per-message tokens (RFC 4121 4.2.6), constructed: no Kerberos
    # exchange is captured yet.  Windows' sealed Wrap (RRC 28, EC 0) over a
    # 60-byte body, MIT's (RRC 0, EC 12), an initiator's without the seal, a
    # count larger than the data, a MIC of sequence 0, and two refusals.
    os.makedirs('corpus/krb_token', exist_ok=True)
    body = bytes(range(60))
    write('corpus/krb_token/wrap-windows-rrc28',
          bytes.fromhex('050407ff0000001c') + (0x1122334455667788).to_bytes(8, 'big') + body)
    write('corpus/krb_token/wrap-mit-rrc0', bytes.fromhex('050406ff000c0000') + (1).to_bytes(8, 'big') + body)
    write('corpus/krb_token/wrap-initiator-unsealed', bytes.fromhex('050400ff000c0000') + bytes(8) + body[:12])
    write('corpus/krb_token/wrap-rrc-past-data', bytes.fromhex('050402ffffff0100') + bytes(8) + body[:5])
    write('corpus/krb_token/mic-seq0', bytes.fromhex('040401ffffffffff') + bytes(8) + body[:12])
    write('corpus/krb_token/bad-filler', bytes.fromhex('050406fe00000000') + bytes(8))
    write('corpus/krb_token/short', bytes.fromhex('050406ff0000001c1122'))

    # Regressions: the generated runtime's defects (patches/) and fuzz findings.
    regressions = {
        'ub-integer-negative-errorcode': 'a4 06 02 04 c0 07 00 ea',
        'ub-integer-negative-version': '30 05 a0 03 02 01 ff',
        'ub-length-shift-overflow': '30 88 e3 00 00 00 00 00 00 00',
        'ub-memcpy-null-empty-octets': '30 09 a0 03 02 01 06 a2 02 24 00',
        'hang-choice-eoc': 'a1 80 30 00 00 01',
    }
    for name, hexs in regressions.items():
        write('tests/regressions/' + name, bytes.fromhex(hexs.replace(' ', '')))


if __name__ == '__main__':
    main()

# SPDX-License-Identifier: Apache-2.0
# A scratch MIT KDC for the Kerberos tests: its configuration, database,
# stash and keytabs under "$work/kdc", the KDC on a free 127.0.0.1 port,
# started and stopped by PID (tests/lib.sh).  Nothing is read from or written
# to the system's krb5 configuration: KRB5_CONFIG and KRB5_KDC_PROFILE name
# our files only, and the credential caches are ours too.  Source it after
# tests/lib.sh.
#   kdc_start REALM        sets kdc_dir, kdc_pid, kdc_port; exports the variables
#   kdc_addprinc NAME PASSWORD
#   kdc_addservice NAME KEYTAB   a random key, exported to KEYTAB
#   kdc_stop
#   kdc_run [VAR=VALUE...]     (re)starts krb5kdc on the same port and database,
#                              with those variables in its environment

# Where Debian's krb5-kdc keeps the db2 database module: a KDC run from a
# scratch profile does not find it by itself.
kdc_module_dir() {
    local d
    for d in /usr/lib/x86_64-linux-gnu/krb5/plugins/kdb /usr/lib/*/krb5/plugins/kdb /usr/lib/krb5/plugins/kdb; do
        [ -f "$d/db2.so" ] && { echo "$d"; return 0; }
    done
    return 1
}

kdc_write_config() { # REALM PORT
    local realm=$1 port=$2 modules
    modules=$(kdc_module_dir) || { echo "kdc: no db2 module (is krb5-kdc installed?)"; return 1; }
    cat >"$kdc_dir/krb5.conf" <<EOF
[libdefaults]
    default_realm = $realm
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    udp_preference_limit = 1
[realms]
    $realm = {
        kdc = 127.0.0.1:$port
    }
[domain_realm]
    localhost = $realm
EOF
    cat >"$kdc_dir/kdc.conf" <<EOF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$port
    kdc_tcp_listen = 127.0.0.1:$port
[realms]
    $realm = {
        database_name = $kdc_dir/principal
        key_stash_file = $kdc_dir/stash
        acl_file = $kdc_dir/kadm5.acl
        kdc_listen = 127.0.0.1:$port
        kdc_tcp_listen = 127.0.0.1:$port
        max_life = 10h
    }
[dbmodules]
    db_module_dir = $modules
[logging]
    kdc = FILE:$kdc_dir/kdc.log
EOF
    : >"$kdc_dir/kadm5.acl"
}

kdc_start() { # REALM
    kdc_realm=$1
    kdc_dir="$work/kdc"
    mkdir -p "$kdc_dir"
    export KRB5_CONFIG="$kdc_dir/krb5.conf" KRB5_KDC_PROFILE="$kdc_dir/kdc.conf"
    export KRB5CCNAME="FILE:$kdc_dir/ccache" KRB5_KTNAME="FILE:$kdc_dir/default.keytab"
    kdc_port=$(free_port)
    kdc_write_config "$kdc_realm" "$kdc_port" || return 1
    # The master key is the test's own, thrown away with the directory.
    kdb5_util -r "$kdc_realm" create -s -P "scratch-master-$$" >"$kdc_dir/create.log" 2>&1 ||
        { cat "$kdc_dir/create.log"; return 1; }
    kdc_run
}

kdc_run() { # [VAR=VALUE...]
    env "$@" krb5kdc -n -r "$kdc_realm" >"$kdc_dir/krb5kdc.out" 2>&1 &
    kdc_pid=$!
    pids+=("$kdc_pid")
    wait_port_of "$kdc_port" "$kdc_pid" ||
        { echo "kdc: krb5kdc did not listen on $kdc_port"; cat "$kdc_dir/krb5kdc.out" "$kdc_dir/kdc.log" 2>/dev/null; return 1; }
}

kdc_addprinc() { # NAME PASSWORD
    kadmin.local -r "$kdc_realm" -q "addprinc -pw $2 $1" >>"$kdc_dir/kadmin.log" 2>&1
}

kdc_addservice() { # NAME KEYTAB
    kadmin.local -r "$kdc_realm" -q "addprinc -randkey $1" >>"$kdc_dir/kadmin.log" 2>&1 &&
        kadmin.local -r "$kdc_realm" -q "ktadd -k $2 $1" >>"$kdc_dir/kadmin.log" 2>&1
}

kdc_stop() {
    kill_ours "$kdc_pid"
    wait "$kdc_pid" 2>/dev/null
    return 0
}

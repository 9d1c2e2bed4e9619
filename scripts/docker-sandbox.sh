#!/usr/bin/env bash
# docker-sandbox.sh - run a private, throw-away Docker engine for gantry's
# tests, demos and CI.
#
# Each sandbox ("name") is a complete engine of its own: its own dockerd, its
# own containerd, its own data, its own socket and (for non-default names) its
# own network bridge, so several can run side by side without seeing each
# other's images or containers, and without touching a system-wide Docker
# install that may also be present.
#
# Nothing can be pulled from a registry, so every engine gets a base image,
# local/busybox:1, imported from the host's static busybox.
#
# Run with --help for usage.

set -euo pipefail

readonly PROG=${0##*/}
readonly STATE_ROOT_DEFAULT=/tmp/gantry-sandbox
STATE_ROOT=${GANTRY_SANDBOX_DIR:-$STATE_ROOT_DEFAULT}
# dockerd and the DOCKER_HOST URL both need an absolute path.
[[ $STATE_ROOT == /* ]] || STATE_ROOT=$PWD/$STATE_ROOT
STATE_ROOT=${STATE_ROOT%/}
readonly STATE_ROOT
# Debian's 20.10 client: it speaks BuildKit natively. A newer client (e.g.
# /usr/local/bin/docker) insists on the buildx plugin for BuildKit builds.
readonly DOCKER_CLI=/usr/bin/docker
readonly BASE_IMAGE=local/busybox:1
readonly CHECK_IMAGE=local/sandbox-check:1
readonly START_TIMEOUT=${GANTRY_SANDBOX_TIMEOUT:-60}
readonly STOP_TIMEOUT=20

# Client settings from the caller's shell must not redirect our own calls to
# some other engine; every internal call passes -H explicitly.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

usage() {
    cat <<EOF
Usage: $PROG COMMAND [--name NAME]

Runs a private Docker engine (dockerd + containerd) for gantry's tests,
demos and CI. NAME defaults to \$GANTRY_SANDBOX_NAME or "default".

Commands:
  start    Start the engine if it is not answering yet (idempotent), make sure
           the base image $BASE_IMAGE exists, and check that a real BuildKit
           build works. Prints "engine ready: DOCKER_HOST=unix://..." on stdout.
  stop     Stop the engine, its containerd and its private bridge (idempotent).
           Images and build cache are kept for the next start.
  status   Print "running" and exit 0 if the engine answers; else exit 1.
  env      Print shell exports for the engine:
             eval "\$($0 env)"
  host     Print just the DOCKER_HOST value (unix://...).
  registry start|stop|status|env
           A private image registry (Debian's docker-registry, distribution
           2.8) on 127.0.0.1 only, its storage under the state directory.
           Engines push to it and pull from it without TLS (dockerd trusts
           a loopback registry). "registry env" prints GANTRY_REGISTRY.
  help     Show this help (also -h, --help).

Options:
  --name NAME   Which sandbox (letters, digits, '.', '_', '-'; max 32 chars).

Environment:
  GANTRY_SANDBOX_DIR             State directory (default $STATE_ROOT_DEFAULT).
                                 Each sandbox lives in \$GANTRY_SANDBOX_DIR/NAME.
  GANTRY_SANDBOX_NAME            Default for --name.
  GANTRY_SANDBOX_STORAGE_DRIVER  Force a storage driver (e.g. vfs).
  GANTRY_SANDBOX_TIMEOUT         Seconds to wait for dockerd (default 60).
  GANTRY_REGISTRY_PORT           The registry's port on 127.0.0.1 (default 5055).

The "default" sandbox uses dockerd's usual docker0 bridge; other names get a
private bridge "gs-NAME" with a 10.213.X.0/24 subnet. If a bridge cannot be
created the engine runs with --bridge=none; builds then need --network=none
(env prints GANTRY_SANDBOX_NETWORK=none in that case).

Needs root (dockerd does). Missing dockerd/busybox are installed with apt.
EOF
}

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# ---------------------------------------------------------------------------
# Naming and paths
# ---------------------------------------------------------------------------

# Short stable hash, used wherever a name has to fit a kernel limit.
short_hash() { printf '%08x' "$(printf '%s' "$1" | cksum | cut -d' ' -f1)"; }

# Sets every per-sandbox path. Kept in one place so that start, stop, env and
# status can never disagree about where an engine lives.
init_paths() {
    NAME=$1
    [[ $NAME =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$ ]] ||
        die "invalid sandbox name '$NAME' (letters, digits, '.', '_', '-'; max 32)"

    DIR=$STATE_ROOT/$NAME
    DATA_ROOT=$DIR/data
    SOCK=$DIR/docker.sock
    HOST_URL=unix://$SOCK
    DOCKERD_PID=$DIR/dockerd.pid
    DOCKERD_LOG=$DIR/dockerd.log
    CONTAINERD_LOG=$DIR/containerd.log
    DAEMON_JSON=$DIR/daemon.json
    NETWORK_FILE=$DIR/network
    DRIVER_FILE=$DIR/storage-driver
    LOCK_FILE=$DIR/lock

    # The exec-root holds containerd's and libnetwork's unix sockets, whose
    # paths must stay under ~108 bytes, so it lives directly in /tmp instead
    # of under a possibly long GANTRY_SANDBOX_DIR. A custom state directory
    # gets a hash suffix so two state directories with the same NAME do not
    # share an exec-root (or a bridge).
    local h
    h=$(short_hash "$DIR")
    if [[ $STATE_ROOT == "$STATE_ROOT_DEFAULT" && ${#NAME} -le 16 ]]; then
        EXEC_ROOT=/tmp/gs-$NAME-exec
    else
        EXEC_ROOT=/tmp/gs-${NAME:0:8}-$h
    fi
    CONTAINERD_DIR=$EXEC_ROOT/containerd
    CONTAINERD_SOCK=$CONTAINERD_DIR/containerd.sock
    CONTAINERD_TOML=$CONTAINERD_DIR/containerd.toml

    # Interface names are limited to 15 characters.
    if [[ $STATE_ROOT == "$STATE_ROOT_DEFAULT" && ${#NAME} -le 12 ]]; then
        BRIDGE=gs-$NAME
    else
        BRIDGE=gs-${NAME:0:4}-${h:0:7}
    fi

    if ((${#SOCK} > 100)); then
        die "socket path too long for a unix socket (${#SOCK} > 100 chars): $SOCK; use a shorter GANTRY_SANDBOX_DIR"
    fi
}

# All internal client calls go through here: the Debian client, our socket,
# and a private client config so a user's credential helpers or contexts in
# ~/.docker cannot interfere.
dk() {
    DOCKER_CONFIG=$DIR/client-config "$DOCKER_CLI" -H "$HOST_URL" "$@"
}

engine_answers() {
    [[ -S $SOCK ]] || return 1
    timeout 10 "$DOCKER_CLI" -H "$HOST_URL" version >/dev/null 2>&1
}

# PIDs of processes that have ARG as one of their exact command-line
# arguments. Our processes are recognised by their unique socket/config
# paths, never by program name, so other engines on the host are untouched.
pids_with_arg() {
    local p
    for p in /proc/[0-9]*; do
        has_arg "${p#/proc/}" "$1" && printf '%s\n' "${p#/proc/}"
    done
    return 0
}

# True if process PID has ARG as one of its exact command-line arguments.
# Pure bash: this runs once per process on the host, so no forks.
has_arg() {
    local a
    [[ -r /proc/$1/cmdline ]] || return 1
    while IFS= read -r -d '' a; do
        [[ $a == "$2" ]] && return 0
    done <"/proc/$1/cmdline" 2>/dev/null
    return 1
}

dockerd_pids() { pids_with_arg "$HOST_URL"; }
containerd_pids() { pids_with_arg "$CONTAINERD_TOML"; }
# containerd-shim-runc-v2 processes outlive containerd by design.
shim_pids() { pids_with_arg "$CONTAINERD_SOCK"; }

# TERM the given PIDs, wait up to TIMEOUT seconds, then KILL what is left.
terminate() {
    local timeout=$1 what=$2
    shift 2
    (($# > 0)) || return 0
    kill -TERM "$@" 2>/dev/null || true
    local waited=0 p alive
    while :; do
        alive=()
        for p in "$@"; do
            kill -0 "$p" 2>/dev/null && alive+=("$p")
        done
        ((${#alive[@]} == 0)) && return 0
        if ((waited >= timeout * 5)); then
            say "$what did not exit after ${timeout}s; sending KILL to ${alive[*]}"
            kill -KILL "${alive[@]}" 2>/dev/null || true
            sleep 0.5
            return 0
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
}

# Mounts dockerd leaves behind when it is killed (netns bind mounts, overlay
# layers, the exec-root self-bind). Deepest first so parents can go.
unmount_leftovers() {
    local mnt
    mounts_under "$EXEC_ROOT" "$DATA_ROOT" | awk '{ print length($0) "\t" $0 }' |
        sort -rn | cut -f2- | while IFS= read -r mnt; do
        umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
    done
}

# Mount points at or below any of the given directories.
mounts_under() {
    # Via the environment: awk -v would mangle backslashes in paths.
    MOUNT_DIRS=$(printf '%s\n' "$@") awk '
        BEGIN { n = split(ENVIRON["MOUNT_DIRS"], d, "\n") }
        {
            p = $2; gsub(/\\040/, " ", p)
            for (i = 1; i <= n; i++)
                if (p == d[i] || index(p, d[i] "/") == 1) { print p; next }
        }
    ' /proc/mounts
}

# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------

apt_install() {
    local -a install_cmd=(apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@")
    say "installing $* with apt (a concurrent apt run is waited for)"
    # The package lists may be missing or stale on a fresh machine; only
    # refresh them when a plain install fails, as that is slow.
    if ! DEBIAN_FRONTEND=noninteractive "${install_cmd[@]}" >&2; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 ||
            die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive "${install_cmd[@]}" >&2 || die "apt-get install $* failed"
    fi
}

find_busybox() {
    local b
    for b in /bin/busybox /usr/bin/busybox; do
        [[ -x $b ]] && { printf '%s\n' "$b"; return 0; }
    done
    return 1
}

ensure_tools() {
    local -a pkgs=()
    if ! command -v dockerd >/dev/null || ! command -v containerd >/dev/null ||
        ! command -v runc >/dev/null || [[ ! -x $DOCKER_CLI ]]; then
        pkgs+=(docker.io)
    fi
    find_busybox >/dev/null || pkgs+=(busybox-static)
    ((${#pkgs[@]} == 0)) && return 0
    ((EUID == 0)) ||
        die "missing ${pkgs[*]}: run as root, or install them: apt-get install docker.io busybox-static"
    apt_install "${pkgs[@]}"
    if ! command -v dockerd >/dev/null || [[ ! -x $DOCKER_CLI ]]; then
        die "docker.io installed but dockerd or $DOCKER_CLI still missing"
    fi
    find_busybox >/dev/null || die "busybox still missing after install"
}

# ---------------------------------------------------------------------------
# Base image
# ---------------------------------------------------------------------------

# Builds a minimal root filesystem around the host's busybox: enough for RUN
# steps using sh, echo, cat, sleep, mkdir, etc.
make_busybox_rootfs() {
    local root=$1 bb applet lib
    bb=$(find_busybox) || die "busybox not found"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,dev,proc,sys,var/tmp,tmp}
    chmod 1777 "$root/tmp" "$root/var/tmp"
    chmod 700 "$root/root"
    cp "$bb" "$root/bin/busybox"

    # busybox-static needs nothing else. A dynamically linked busybox (the
    # plain "busybox" package) also works if its libraries come along.
    if ldd "$bb" >/dev/null 2>&1; then
        for lib in $(ldd "$bb" | grep -o '/[^ ]*'); do
            [[ -e $lib ]] || continue
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib"
        done
    fi

    # --list-full gives each applet's conventional directory (usr/bin/awk,
    # sbin/ifconfig ...); old builds only know --list, so fall back to /bin.
    # (~400 applets: no forks besides ln in this loop, it dominates a cold
    # start otherwise.)
    if "$bb" --list-full >/dev/null 2>&1; then
        while IFS= read -r applet; do
            [[ $applet == bin/busybox || -z $applet ]] && continue
            [[ $applet != */* || -d $root/${applet%/*} ]] || mkdir -p "$root/${applet%/*}"
            ln -sf /bin/busybox "$root/$applet"
        done < <("$bb" --list-full)
    else
        while IFS= read -r applet; do
            [[ $applet == busybox || -z $applet ]] && continue
            ln -sf /bin/busybox "$root/bin/$applet"
        done < <("$bb" --list)
    fi
    [[ -e $root/bin/sh ]] || ln -s /bin/busybox "$root/bin/sh"

    cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
    cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"$root/etc/hosts"
    : >"$root/etc/resolv.conf"
    printf 'gantry-sandbox\n' >"$root/etc/hostname"
}

ensure_base_image() {
    dk image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
    say "importing $BASE_IMAGE from $(find_busybox)"
    local tmp
    tmp=$(mktemp -d)
    TMP_DIRS+=("$tmp")
    make_busybox_rootfs "$tmp/rootfs"
    # Fixed ownership keeps the image independent of who runs the script.
    tar --numeric-owner --owner=0 --group=0 -C "$tmp/rootfs" -c . |
        dk import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["/bin/sh"]' \
            - "$BASE_IMAGE" >/dev/null ||
        die "docker import of $BASE_IMAGE failed"
}

# A real BuildKit build with a RUN step proves that snapshotting, runc,
# cgroups and the build network all work, not merely that the API answers.
# --no-cache makes the RUN step execute on every start.
verify_build() {
    local tmp net_args=()
    tmp=$(mktemp -d)
    TMP_DIRS+=("$tmp")
    printf 'FROM %s\nRUN echo ok > /ok\n' "$BASE_IMAGE" >"$tmp/Dockerfile"
    [[ $NET_MODE == none ]] && net_args=(--network=none)
    local old new
    old=$(dk image inspect --format '{{.Id}}' "$CHECK_IMAGE" 2>/dev/null || true)
    DOCKER_BUILDKIT=1 dk build --no-cache --progress=plain "${net_args[@]}" \
        -t "$CHECK_IMAGE" "$tmp" >"$DIR/check-build.log" 2>&1 || return 1
    # Each uncached check build yields a new image; drop the previous one so
    # restarts do not pile up dangling images.
    new=$(dk image inspect --format '{{.Id}}' "$CHECK_IMAGE" 2>/dev/null || true)
    if [[ -n $old && $old != "$new" ]]; then
        dk image rm "$old" >/dev/null 2>&1 || true
    fi
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

# Picks a 10.213.X.0/24 subnet derived from the bridge name (stable across
# restarts), stepping past any /24 already configured on another interface.
pick_subnet_octet() {
    local n used
    n=$((16#$(short_hash "$BRIDGE") % 250 + 2))
    used=$(ip -4 -o addr show 2>/dev/null | awk '{print $4}')
    local i
    for ((i = 0; i < 250; i++)); do
        grep -q "^10\.213\.$n\." <<<"$used" || { printf '%s\n' "$n"; return 0; }
        n=$((n % 250 + 2))
    done
    return 1
}

# Decides NET_MODE (docker0 | private | none) and the dockerd flags for it.
setup_network() {
    NET_MODE=docker0 NET_ARGS=()
    BRIDGE_CREATED=0
    rm -f "$NETWORK_FILE"

    if [[ $NAME == default && $STATE_ROOT == "$STATE_ROOT_DEFAULT" ]] &&
        ! system_engine_running; then
        return 0
    fi

    # A bridge left over from an unclean stop is reused as it is; any other
    # interface of that name is not ours to touch.
    if [[ -e /sys/class/net/$BRIDGE && ! -d /sys/class/net/$BRIDGE/bridge ]]; then
        use_no_bridge "interface $BRIDGE exists but is not a bridge"
        return 0
    elif ! ip link show "$BRIDGE" >/dev/null 2>&1; then
        local octet
        if octet=$(pick_subnet_octet) &&
            ip link add "$BRIDGE" type bridge 2>/dev/null; then
            BRIDGE_CREATED=1
            if ! ip addr add "10.213.$octet.1/24" dev "$BRIDGE" 2>/dev/null ||
                ! ip link set "$BRIDGE" up 2>/dev/null; then
                ip link del "$BRIDGE" 2>/dev/null || true
                BRIDGE_CREATED=0
            fi
        fi
        if ((BRIDGE_CREATED == 0)); then
            use_no_bridge "could not create bridge $BRIDGE"
            return 0
        fi
    elif [[ -z $(ip -4 -o addr show dev "$BRIDGE" 2>/dev/null) ]]; then
        local octet
        if ! octet=$(pick_subnet_octet) ||
            ! ip addr add "10.213.$octet.1/24" dev "$BRIDGE" 2>/dev/null; then
            use_no_bridge "could not address bridge $BRIDGE"
            return 0
        fi
        ip link set "$BRIDGE" up 2>/dev/null || true
        BRIDGE_CREATED=1
    else
        BRIDGE_CREATED=1 # ours from an earlier run: remove it on stop
    fi
    NET_MODE=private
    NET_ARGS=(--bridge="$BRIDGE")
    record_network
}

use_no_bridge() {
    say "$1; running with --bridge=none (builds need --network=none)"
    NET_MODE=none NET_ARGS=(--bridge=none)
    record_network
}

record_network() {
    {
        printf 'mode=%s\n' "$NET_MODE"
        printf 'bridge=%s\n' "$BRIDGE"
        printf 'created=%s\n' "$BRIDGE_CREATED"
    } >"$NETWORK_FILE"
}

read_network_field() {
    [[ -f $NETWORK_FILE ]] || return 0
    sed -n "s/^$1=//p" "$NETWORK_FILE" | head -n1
}

# A Docker engine already serving the standard socket most likely owns
# docker0 and allocates from 172.17.0.0/16 too; sharing that bridge would
# hand out duplicate container IPs, so the default sandbox then goes private.
system_engine_running() {
    [[ -S /var/run/docker.sock ]] &&
        timeout 5 "$DOCKER_CLI" -H unix:///var/run/docker.sock version >/dev/null 2>&1
}

# ---------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------

# The daemons outlive this script, so they must not keep any descriptor of its
# caller open: a caller reading this script's output to the end, or one that
# (like Foundation's Process) waits for a descriptor it handed down to close,
# would otherwise wait for as long as the engine runs. Call in the subshell
# that execs the daemon; its own 0-2 are redirected by the exec line.
close_inherited_fds() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        if ((fd > 2)); then eval "exec $fd>&-"; fi
    done
    return 0
}

# dockerd would happily share a system containerd if /run/containerd/
# containerd.sock exists (Debian's containerd package may start one), and two
# engines sharing one containerd also share its "moby" namespace, i.e. each
# other's containers. So every sandbox runs its own containerd, with state
# under the exec-root and content under the data-root.
start_containerd() {
    mkdir -p "$CONTAINERD_DIR" "$DATA_ROOT/containerd"
    cat >"$CONTAINERD_TOML" <<EOF
version = 2
root = "$DATA_ROOT/containerd/daemon"
state = "$CONTAINERD_DIR/daemon"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$CONTAINERD_SOCK"

[ttrpc]
  address = ""

[debug]
  address = "$CONTAINERD_DIR/containerd-debug.sock"

[plugins."io.containerd.runtime.v1.linux"]
  runtime_root = "$DATA_ROOT/runc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$DATA_ROOT/containerd/opt"
EOF
    [[ -f $CONTAINERD_LOG ]] && mv -f "$CONTAINERD_LOG" "$CONTAINERD_LOG.1"
    # setsid: survive the caller's terminal/session; 9>&- : do not inherit
    # the start lock, or the lock would be held for the daemon's lifetime.
    (cd / && close_inherited_fds && exec setsid containerd --config "$CONTAINERD_TOML" \
        >"$CONTAINERD_LOG" 2>&1 </dev/null 9>&-) &
    local pid=$! i
    for ((i = 0; i < 200; i++)); do
        [[ -S $CONTAINERD_SOCK ]] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    say "containerd did not come up; last lines of $CONTAINERD_LOG:"
    tail -n 20 "$CONTAINERD_LOG" >&2 || true
    return 1
}

write_daemon_json() {
    # An explicit config file keeps /etc/docker/daemon.json (which may set
    # hosts or data-root for the system engine) out of the sandbox. The key
    # path gives every sandbox its own engine ID instead of sharing
    # /etc/docker/key.json. features.buildkit makes the 20.10 client use
    # BuildKit even when DOCKER_BUILDKIT is not set; the GC bound keeps
    # long-lived CI sandboxes from filling the disk with build cache.
    cat >"$DAEMON_JSON" <<EOF
{
  "deprecated-key-path": "$DIR/key.json",
  "features": { "buildkit": true },
  "builder": { "gc": { "enabled": true, "defaultKeepStorage": "5GB" } }
}
EOF
}

# Launches containerd + dockerd with the current DRIVER/NET_ARGS and waits
# until the API answers. Returns 1 (engine torn down again) on failure.
launch() {
    local -a args=(
        --config-file "$DAEMON_JSON"
        --data-root "$DATA_ROOT"
        --exec-root "$EXEC_ROOT"
        --pidfile "$DOCKERD_PID"
        --host "$HOST_URL"
        --containerd "$CONTAINERD_SOCK"
        # The sandbox must not rewrite the host's firewall or sysctls; it
        # needs no outbound traffic since nothing can be pulled anyway.
        --iptables=false
        --ip-masq=false
        --ip-forward=false
        "${NET_ARGS[@]}"
    )
    [[ -n $DRIVER ]] && args+=(--storage-driver "$DRIVER")

    # dockerd --bridge=none deletes any interface called docker0 at startup,
    # i.e. the bridge of the default sandbox or of a system engine, cutting
    # off their containers. In its own network namespace it cannot reach it.
    # The unix socket lives in the filesystem, so clients are unaffected.
    local -a wrap=()
    if [[ $NET_MODE == none ]] && unshare --net true 2>/dev/null; then
        wrap=(unshare --net --)
    fi

    start_containerd || return 1

    [[ -f $DOCKERD_LOG ]] && mv -f "$DOCKERD_LOG" "$DOCKERD_LOG.1"
    (cd / && close_inherited_fds && exec setsid "${wrap[@]}" dockerd "${args[@]}" >"$DOCKERD_LOG" 2>&1 </dev/null 9>&-) &
    local pid=$! i
    for ((i = 0; i < START_TIMEOUT * 5; i++)); do
        engine_answers && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "dockerd did not answer within ${START_TIMEOUT}s"
    else
        say "dockerd exited during startup"
    fi
    shutdown_engine quiet
    return 1
}

# Only error lines count: dockerd's info lines mention overlay2 and the
# bridge on every successful start too.
storage_failure_in() {
    grep -Eiq '(level=(error|fatal)|failed to start daemon|ERROR:|error:).*(overlay|graphdriver|storage.driver|failed to mount|mount.*invalid argument)' "$1"
}

network_failure_in() {
    grep -Eiq '(level=(error|fatal)|failed to start daemon).*(bridge|network controller|docker0|netlink)' "$1"
}

cmd_start() {
    ((EUID == 0)) || die "start needs root: dockerd must run as root"
    mkdir -p "$DIR"
    ensure_tools

    # Serialise concurrent starts/stops of the same sandbox (e.g. make -j).
    exec 9>"$LOCK_FILE"
    flock -w 300 9 || die "timed out waiting for another $PROG on $NAME"

    local t0
    t0=$(date +%s%N)

    # A live dockerd that does not answer may just be busy (or still
    # starting after a crash-restart); give it the start timeout before
    # treating it as hung, rather than killing an engine others are using.
    if ! engine_answers && [[ -n $(dockerd_pids) ]]; then
        say "dockerd is running but not answering; waiting up to ${START_TIMEOUT}s"
        local i
        for ((i = 0; i < START_TIMEOUT; i++)); do
            engine_answers && break
            [[ -n $(dockerd_pids) ]] || break
            sleep 1
        done
    fi
    if engine_answers; then
        ensure_base_image
        say "already running"
        report_ready "$t0"
        return 0
    fi

    # Whatever is left of an earlier run (dead dockerd, orphaned containerd,
    # shims, mounts, a hung daemon) is cleared so the launch starts clean.
    shutdown_engine quiet
    write_daemon_json

    DRIVER=${GANTRY_SANDBOX_STORAGE_DRIVER:-}
    [[ -z $DRIVER && -f $DRIVER_FILE ]] && DRIVER=$(<"$DRIVER_FILE")

    # Up to three launches: a failed one can be retried with the vfs storage
    # driver and/or without a bridge. Every failed launch tears the engine
    # down completely (bridge included), so networking is set up each time.
    local _ no_bridge=""
    for _ in 1 2 3; do
        if [[ -n $no_bridge ]]; then
            BRIDGE_CREATED=0 # the failed launch already removed it
            use_no_bridge "$no_bridge"
        else
            setup_network
        fi
        if launch; then
            ensure_base_image
            if verify_build; then
                report_ready "$t0"
                return 0
            fi
            say "check build failed:"
            tail -n 25 "$DIR/check-build.log" >&2
            shutdown_engine quiet
            if [[ $DRIVER != vfs ]] && storage_failure_in "$DIR/check-build.log"; then
                fallback_to_vfs
                continue
            fi
            die "engine started but cannot build; logs: $DOCKERD_LOG, $DIR/check-build.log"
        fi
        # dockerd picks overlay2 when the kernel claims support, but it can
        # still fail on e.g. an overlayfs or otherwise unsuitable data-root.
        if [[ $DRIVER != vfs ]] && storage_failure_in "$DOCKERD_LOG"; then
            fallback_to_vfs
            continue
        fi
        if [[ $NET_MODE != none ]] && network_failure_in "$DOCKERD_LOG"; then
            no_bridge="dockerd could not use the $NET_MODE bridge"
            continue
        fi
        break
    done
    say "dockerd failed to start; last lines of $DOCKERD_LOG:"
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    exit 1
}

fallback_to_vfs() {
    say "storage driver ${DRIVER:-auto} does not work here; falling back to vfs (slower, no overlay)"
    DRIVER=vfs
    # Remembered, because images stored by one driver are invisible to the
    # other; switching back and forth would re-import every time.
    printf 'vfs\n' >"$DRIVER_FILE"
}

report_ready() {
    local t0=$1 t1 driver mode desc
    t1=$(date +%s%N)
    driver=$(dk info --format '{{.Driver}}' 2>/dev/null || echo unknown)
    mode=$(read_network_field mode)
    case ${mode:-docker0} in
        private)
            local br
            br=$(read_network_field bridge)
            desc="bridge $br $(ip -4 -o addr show dev "$br" 2>/dev/null | awk '{print $4}' | head -n1)"
            ;;
        none) desc="none (use docker build --network=none)" ;;
        *) desc="docker0" ;;
    esac
    say "$(printf 'storage driver: %s, network: %s, took %d.%03ds' \
        "$driver" "$desc" $(((t1 - t0) / 1000000000)) $((((t1 - t0) / 1000000) % 1000)))"
    printf 'engine ready: DOCKER_HOST=%s\n' "$HOST_URL"
}

# ---------------------------------------------------------------------------
# Stopping
# ---------------------------------------------------------------------------

remove_our_bridge() {
    if [[ $(read_network_field created) == 1 ]]; then
        local br
        br=$(read_network_field bridge)
        if [[ -n $br ]]; then ip link del "$br" 2>/dev/null || true; fi
    fi
    rm -f "$NETWORK_FILE"
}

# Containers outlive a dockerd that was killed (or crashed): the shim keeps
# them going, and killing the shim orphans the container's processes; an
# interrupted BuildKit RUN step is left running too. runc's own state knows
# every such container and its cgroup, so "runc delete --force" takes them
# down whatever the cgroup version or driver. Must run before the exec-root
# (which holds the state of "docker run" containers) is removed.
kill_orphan_containers() {
    command -v runc >/dev/null || return 0
    local id bundle_prefix=$DATA_ROOT/buildkit/executor/
    if [[ -d $EXEC_ROOT/runtime-runc/moby ]]; then
        while IFS= read -r id; do
            [[ -n $id ]] || continue
            runc --root "$EXEC_ROOT/runtime-runc/moby" delete --force "$id" >/dev/null 2>&1 || true
        done < <(runc --root "$EXEC_ROOT/runtime-runc/moby" list -q 2>/dev/null || true)
    fi
    # BuildKit runs RUN steps with runc's default state root (/run/runc),
    # shared by every engine on the host; ours are told apart by their
    # bundle directory inside this sandbox's data-root.
    while IFS= read -r id; do
        [[ -n $id ]] || continue
        runc delete --force "$id" >/dev/null 2>&1 || true
    done < <(runc list 2>/dev/null | awk -v p="$bundle_prefix" 'NR > 1 && index($0, " " p) { print $1 }' || true)
    return 0
}

# Stops dockerd, then containerd and stray shims, and cleans up what a
# killed dockerd leaves behind. Safe to call when nothing is running.
shutdown_engine() {
    local quiet=${1:-}
    local -a pids
    mapfile -t pids < <(dockerd_pids)
    if [[ -f $DOCKERD_PID ]]; then
        local p
        p=$(<"$DOCKERD_PID")
        # Only trust the pidfile if that PID really is this sandbox's dockerd.
        if [[ $p =~ ^[0-9]+$ ]] && has_arg "$p" "$HOST_URL"; then
            [[ " ${pids[*]} " == *" $p "* ]] || pids+=("$p")
        fi
    fi
    if ((${#pids[@]} > 0)); then
        # Sandbox containers are disposable. Killing them first saves the
        # 10s per container that dockerd would otherwise wait for a SIGTERM
        # a "sleep" or shell as PID 1 never honours.
        local -a running=()
        if engine_answers; then
            mapfile -t running < <(timeout 10 "$DOCKER_CLI" -H "$HOST_URL" ps -q 2>/dev/null || true)
            if ((${#running[@]} > 0)); then
                timeout 20 "$DOCKER_CLI" -H "$HOST_URL" kill "${running[@]}" >/dev/null 2>&1 || true
            fi
        fi
        [[ -n $quiet ]] || say "stopping dockerd (pid ${pids[*]})"
        terminate "$STOP_TIMEOUT" dockerd "${pids[@]}"
    fi

    kill_orphan_containers

    mapfile -t pids < <(containerd_pids)
    if ((${#pids[@]} > 0)); then
        [[ -n $quiet ]] || say "stopping containerd (pid ${pids[*]})"
        terminate 10 containerd "${pids[@]}"
    fi
    mapfile -t pids < <(shim_pids)
    ((${#pids[@]} > 0)) && terminate 5 containerd-shim "${pids[@]}"

    unmount_leftovers
    remove_our_bridge
    rm -f "$DOCKERD_PID" "$SOCK"
    # Everything in the exec-root is runtime state. Only remove it once no
    # mount is left inside, so rm can never reach into a mounted filesystem.
    if [[ -d $EXEC_ROOT && -z $(mounts_under "$EXEC_ROOT") ]]; then
        rm -rf "$EXEC_ROOT"
    fi
}

cmd_stop() {
    if [[ ! -d $DIR ]]; then
        say "$NAME: not running"
        return 0
    fi
    ((EUID == 0)) || die "stop needs root"
    exec 9>"$LOCK_FILE"
    flock -w 300 9 || die "timed out waiting for another $PROG on $NAME"
    shutdown_engine
    say "$NAME: stopped"
}

# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------

cmd_status() {
    if [[ -x $DOCKER_CLI ]] && engine_answers; then
        echo running
        return 0
    fi
    echo stopped
    return 1
}

cmd_env() {
    printf 'export DOCKER_HOST=%q\n' "$HOST_URL"
    printf 'export DOCKER_BUILDKIT=1\n'
    printf 'export GANTRY_DOCKER=%q\n' "$DOCKER_CLI"
    if [[ $(read_network_field mode) == none ]]; then
        printf 'export GANTRY_SANDBOX_NETWORK=none\n'
    fi
}

cmd_host() { printf '%s\n' "$HOST_URL"; }

# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

readonly REGISTRY_BIN=/usr/bin/docker-registry
readonly REGISTRY_PORT=${GANTRY_REGISTRY_PORT:-5055}
readonly REGISTRY_DIR=$STATE_ROOT/registry

# True when the registry API answers 200 on the port.
registry_answers() {
    local reply
    reply=$(
        exec 2>/dev/null
        exec 3<>"/dev/tcp/127.0.0.1/$REGISTRY_PORT" || exit 1
        printf 'GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        timeout 5 head -n 1 <&3
    ) || return 1
    [[ $reply == *" 200 "* ]]
}

registry_pid() {
    local pid
    pid=$(cat "$REGISTRY_DIR/pid" 2>/dev/null) || return 1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

registry_start() {
    if registry_answers; then
        echo "registry ready: GANTRY_REGISTRY=127.0.0.1:$REGISTRY_PORT"
        return 0
    fi
    if [[ ! -x $REGISTRY_BIN ]]; then
        ((EUID == 0)) || die "installing the registry needs root"
        apt_install docker-registry
    fi
    # Debian's package may run its own service on :5000; this one is separate and loopback-only.
    mkdir -p "$REGISTRY_DIR/data"
    printf '%s\n' \
        'version: 0.1' \
        'log:' \
        '  level: warn' \
        'storage:' \
        '  filesystem:' \
        "    rootdirectory: $REGISTRY_DIR/data" \
        '  delete:' \
        '    enabled: true' \
        'http:' \
        "  addr: 127.0.0.1:$REGISTRY_PORT" >"$REGISTRY_DIR/config.yml"
    (
        close_inherited_fds
        exec setsid "$REGISTRY_BIN" serve "$REGISTRY_DIR/config.yml" </dev/null >>"$REGISTRY_DIR/registry.log" 2>&1
    ) &
    echo $! >"$REGISTRY_DIR/pid"
    local waited=0
    until registry_answers; do
        if ! registry_pid >/dev/null; then
            tail -n 20 "$REGISTRY_DIR/registry.log" >&2 || true
            die "the registry exited at start (log: $REGISTRY_DIR/registry.log)"
        fi
        ((waited++ < 100)) || die "the registry did not answer on 127.0.0.1:$REGISTRY_PORT within 10s"
        sleep 0.1
    done
    echo "registry ready: GANTRY_REGISTRY=127.0.0.1:$REGISTRY_PORT"
}

registry_stop() {
    local pid waited=0
    if pid=$(registry_pid); then
        kill "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null && ((waited++ < 50)); do sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        say "registry: stopped"
    else
        say "registry: not running"
    fi
    rm -f "$REGISTRY_DIR/pid"
}

cmd_registry() {
    case ${1:-} in
        start) registry_start ;;
        stop) registry_stop ;;
        status)
            if registry_answers; then echo running; else echo stopped; return 1; fi
            ;;
        env) printf 'export GANTRY_REGISTRY=%q\n' "127.0.0.1:$REGISTRY_PORT" ;;
        *) die "registry needs start, stop, status or env (see --help)" ;;
    esac
}

# ---------------------------------------------------------------------------

TMP_DIRS=()
cleanup() {
    local d
    for d in "${TMP_DIRS[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT

main() {
    local cmd="" sub="" name=${GANTRY_SANDBOX_NAME:-default}
    while (($# > 0)); do
        case $1 in
            -h | --help | help) usage; return 0 ;;
            --name) (($# >= 2)) || die "--name needs a value"; name=$2; shift ;;
            --name=*) name=${1#--name=} ;;
            -*) die "unknown option '$1' (see --help)" ;;
            *)
                if [[ -z $cmd ]]; then
                    cmd=$1
                elif [[ $cmd == registry && -z $sub ]]; then
                    sub=$1
                else
                    die "unexpected argument '$1' (see --help)"
                fi
                ;;
        esac
        shift
    done
    [[ -n $cmd ]] || { usage >&2; exit 2; }
    init_paths "$name"
    case $cmd in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        env) cmd_env ;;
        host) cmd_host ;;
        registry) cmd_registry "$sub" ;;
        *) die "unknown command '$cmd' (see --help)" ;;
    esac
}

main "$@"

#!/bin/sh
# Minimal adduser/addgroup for the alpine:3.22 stand-in (Debian's busybox has
# neither applet). Understands the flags Dockerfiles use with Alpine's busybox:
#   addgroup [-g GID] [-S] GROUP            addgroup USER GROUP  (add member)
#   adduser [-D] [-S] [-H] [-h HOME] [-s SHELL] [-u UID] [-G GROUP] [-g GECOS] USER [GROUP]
set -e
die() { echo "$(basename "$0"): $*" >&2; exit 1; }
next_id() { # next free id >= $2 in file $1 (field 3)
    id=$2; while awk -F: -v i="$id" '$3==i{f=1} END{exit !f}' "$1"; do id=$((id + 1)); done; echo "$id"
}
has() { awk -F: -v n="$2" '$1==n{f=1} END{exit !f}' "$1"; }

if [ "$(basename "$0")" = addgroup ]; then
    gid=; sys=
    while getopts g:S o; do case $o in g) gid=$OPTARG;; S) sys=1;; *) die "bad option";; esac; done
    shift $((OPTIND - 1)); [ $# -ge 1 ] || die "usage: addgroup [-g GID] [-S] GROUP | addgroup USER GROUP"
    if [ $# -eq 2 ]; then # add user $1 to existing group $2
        has /etc/group "$2" || die "unknown group $2"
        awk -F: -v OFS=: -v g="$2" -v u="$1" '$1==g{$4=($4=="" ? u : $4","u)} {print}' /etc/group > /etc/group.new
        mv /etc/group.new /etc/group; exit 0
    fi
    has /etc/group "$1" && die "group '$1' in use"
    start=1000; [ -n "$sys" ] && start=100
    [ -n "$gid" ] || gid=$(next_id /etc/group "$start")
    echo "$1:x:$gid:" >> /etc/group; exit 0
fi

home=; shell=/bin/sh; uid=; group=; gecos=; nohome=; sys=
while getopts h:g:s:G:u:DSHk: o; do
    case $o in
        h) home=$OPTARG;; g) gecos=$OPTARG;; s) shell=$OPTARG;; G) group=$OPTARG;;
        u) uid=$OPTARG;; H) nohome=1;; S) sys=1;; D|k) ;; *) die "bad option";;
    esac
done
shift $((OPTIND - 1)); [ $# -ge 1 ] || die "usage: adduser [-DSH] [-h HOME] [-s SHELL] [-u UID] [-G GROUP] USER"
user=$1; [ $# -ge 2 ] && group=$2
has /etc/passwd "$user" && die "user '$user' in use"
start=1000; [ -n "$sys" ] && start=100
[ -n "$uid" ] || uid=$(next_id /etc/passwd "$start")
[ -n "$sys" ] && [ "$shell" = /bin/sh ] && shell=/sbin/nologin
if [ -z "$group" ]; then # own group named like the user (busybox does this too)
    group=$user; has /etc/group "$group" || echo "$group:x:$uid:" >> /etc/group
fi
has /etc/group "$group" || die "unknown group $group"
gid=$(awk -F: -v n="$group" '$1==n{print $3}' /etc/group)
[ -n "$home" ] || home=/home/$user
echo "$user:x:$uid:$gid:${gecos:-Linux User,,,}:$home:$shell" >> /etc/passwd
[ -f /etc/shadow ] && echo "$user:!:0:0:99999:7:::" >> /etc/shadow
if [ -z "$nohome" ] && [ ! -d "$home" ]; then mkdir -p "$home" && chown "$uid:$gid" "$home"; fi
exit 0

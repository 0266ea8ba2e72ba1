# shellcheck shell=bash
# ./fastshop images: builds the four service images (JVM, fast-jar) with podman, tagged with the commit.
# Sourced by ./fastshop inside a subshell, with scripts/lib.sh and ./fastshop's functions loaded.
#
# No image registry is reachable here, so the base image (Debian bookworm + openjdk-17-jre-headless) is built once
# from Debian's packages (debootstrap from the apt mirror this machine uses) and cached; elsewhere set
# FASTSHOP_BASE_IMAGE to a runtime image you can pull (the Containerfiles' default is Red Hat's UBI OpenJDK 17).

images_usage() {
    cat <<'USAGE'
usage: ./fastshop images [--list | --devservices]
  builds localhost/fastshop/<service>-service:<commit> for catalog, order, worker and gateway
  --list          show the images built so far
  --devservices   build the Redis image that Quarkus Dev Services starts in .ci/devservices-check.sh
                  (localhost/fastshop/devservices-redis:7, Debian's redis-server on the same base)
env: FASTSHOP_BASE_IMAGE=IMAGE   base runtime image (default: the locally built Debian one)
USAGE
}

apt_mirror() {
    local mirror=''
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [[ -z $mirror && -f /etc/apt/sources.list ]]; then
        mirror=$(awk '$1 == "deb" && $3 ~ /bookworm$/ { print $2; exit }' /etc/apt/sources.list)
    fi
    [[ -n $mirror ]] || die "no Debian mirror found in /etc/apt: set FASTSHOP_BASE_IMAGE to a base image you can pull"
    echo "$mirror"
}

# The local base image: named after what goes into it, so a change of the recipe builds a new one.
BASE_PACKAGES="openjdk-17-jre-headless ca-certificates curl"
# Raise when local_base_image changes what it builds.
BASE_RECIPE=1
local_base_image() {
    local tag rootfs mirror
    tag=$(printf '%s recipe %s' "$BASE_PACKAGES" "$BASE_RECIPE" | sha256sum | cut -c1-12)
    local image=localhost/fastshop/base-jre17:$tag
    if podman image exists "$image"; then
        echo "$image"
        return 0
    fi
    is_root || die "building the base image needs root (debootstrap, chroot): or set FASTSHOP_BASE_IMAGE"
    have debootstrap || apt_install debootstrap >&2
    mirror=$(apt_mirror)
    rootfs=$(mktemp -d "${TMPDIR:-/tmp}/fastshop-rootfs.XXXXXX")
    info "building the base image $image from Debian's packages (once; about 2 minutes)" >&2
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$FASTSHOP_HOME/logs/base-image.log" 2>&1 ||
        die "debootstrap failed: see $FASTSHOP_HOME/logs/base-image.log"
    mount -t proc proc "$rootfs/proc"
    # shellcheck disable=SC2086 # the package list is meant to split
    if ! chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -qq && apt-get install -y -qq \
            --no-install-recommends $BASE_PACKAGES && apt-get clean && rm -rf /var/lib/apt/lists/*" \
            >>"$FASTSHOP_HOME/logs/base-image.log" 2>&1; then
        umount "$rootfs/proc"
        die "installing $BASE_PACKAGES into the base image failed: see $FASTSHOP_HOME/logs/base-image.log"
    fi
    umount "$rootfs/proc"
    tar -C "$rootfs" -c . | podman import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
        --change 'ENV LANG=C.UTF-8' - "$image" >>"$FASTSHOP_HOME/logs/base-image.log" 2>&1
    rm -rf "$rootfs"
    echo "$image"
}

build_images() {
    local base commit svc image
    podman_env
    mkdir -p "$FASTSHOP_HOME/logs"
    base=${FASTSHOP_BASE_IMAGE:-$(local_base_image)}
    commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo dev)
    build_if_needed
    for svc in "${SERVICES[@]}"; do
        image=localhost/fastshop/$svc-service:$commit
        info "building $image on $base"
        podman build --pull=never --quiet --build-arg "BASE_IMAGE=$base" \
            --label "org.opencontainers.image.revision=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo dev)" \
            --label "org.opencontainers.image.source=fastshop/$svc-service" \
            -f "$ROOT/$svc-service/src/main/docker/Dockerfile.jvm" -t "$image" "$ROOT/$svc-service" >/dev/null ||
            die "building $image failed"
        podman tag "$image" "localhost/fastshop/$svc-service:latest"
    done
    list_images
}

# Dev Services start their servers from registry images; where none is reachable, the same server from Debian's
# packages does the job: Redis listening on 6379 (all the Redis Dev Service waits for).
DEVSERVICES_REDIS=localhost/fastshop/devservices-redis:7
build_devservices_images() {
    local base
    podman_env
    mkdir -p "$FASTSHOP_HOME/logs"
    base=${FASTSHOP_BASE_IMAGE:-$(local_base_image)}
    info "building $DEVSERVICES_REDIS on $base"
    printf '%s\n' "FROM $base" \
        'RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*' \
        'EXPOSE 6379' \
        'USER redis' \
        'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no"]' |
        podman build --pull=never --network host --quiet -t "$DEVSERVICES_REDIS" -f - "$FASTSHOP_HOME" \
            >>"$FASTSHOP_HOME/logs/devservices-images.log" 2>&1 ||
        die "building $DEVSERVICES_REDIS failed: see $FASTSHOP_HOME/logs/devservices-images.log"
    echo "$DEVSERVICES_REDIS"
}

list_images() {
    podman_env
    podman images --filter 'reference=localhost/fastshop/*' --format '{{.Repository}}:{{.Tag}} {{.Size}} {{.Created}}'
}

case ${1:-} in
"") build_images ;;
--list) list_images ;;
--devservices) build_devservices_images ;;
-h | --help) images_usage ;;
*) images_usage >&2; exit 2 ;;
esac

# shellcheck shell=bash disable=SC2004
# (SC2004: RSS_LOAD is an associative array, declared in scripts/bench/settings.sh; $svc is a key, not arithmetic.)
# ./fastshop bench, section 6: time to ready (a second worker started alone, unless a run measured it already) and
# resident memory idle and under load (the sampler's maximum, $WORK/rss.log).
# Sourced by scripts/cmd-bench.sh, never run; uses scripts/bench/common.sh.
# section_footprint: figures <service>.ready_s, <service>.rss_idle_mb, <service>.rss_load_mb.

section_footprint() {
    step "6. time to ready and resident memory"
    if [[ -z ${READY_S[worker]:-} ]] && pid_of worker >/dev/null; then
        start_extra worker-ready worker && stop_extra worker-ready
    fi
    local svc
    while read -r svc rss; do
        [[ -n $rss ]] && ((rss > ${RSS_LOAD[$svc]:-0})) && RSS_LOAD[$svc]=$rss
    done <"$WORK/rss.log"
    for svc in catalog order worker gateway; do
        fig "$svc.ready_s" "${READY_S[$svc]:-}"
        fig "$svc.rss_idle_mb" "${RSS_IDLE[$svc]:-}"
        fig "$svc.rss_load_mb" "${RSS_LOAD[$svc]:-}"
    done
}

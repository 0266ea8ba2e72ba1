package dev.fastshop.order.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The outbox relay: polling fallback, batch size, confirm timeout, backoff and retention. The broker it publishes to
 * is messaging-commons' {@code BrokerConfig} ({@code fastshop.broker.*}).
 */
@ConfigMapping(prefix = "fastshop.outbox")
public interface OutboxConfig {

    @WithDefault("true")
    boolean enabled();

    /** Fallback poll period; commits wake the relay at once, so this only bounds the lag of other replicas' rows. */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    @WithDefault("200")
    int batchSize();

    /** How long a batch waits for the broker's confirms (and a connection attempt may take). */
    @WithDefault("PT5S")
    Duration confirmTimeout();

    /** First retry delay of a row whose publish failed; doubles per attempt up to {@link #maxBackoff()}. */
    @WithDefault("PT0.2S")
    Duration baseBackoff();

    @WithDefault("PT30S")
    Duration maxBackoff();

    /** Delay between connection attempts while the broker is unreachable. */
    @WithDefault("PT2S")
    Duration reconnectDelay();

    /** How long published rows stay in the outbox (to look into what was sent) before they are deleted. */
    @WithDefault("PT1H")
    Duration retention();

    /** Refresh period of the {@code fastshop.outbox.pending} gauge. */
    @WithDefault("PT5S")
    Duration pendingRefresh();
}

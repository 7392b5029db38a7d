package dev.esfunctions.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code _bulk} requests a call kept in flight: at most {@code concurrency}, halved while the cluster rejected
 * them as busy (429) and grown back as it answered cleanly. {@code lowest} is where it fell to, {@code final} where
 * it ended.
 */
public record Concurrency(int lowest, @JsonProperty("final") int last) {
}

package dev.esfunctions.scan;

import dev.esfunctions.cluster.Distribution;

/**
 * A point-in-time a scan reads through, held for the length of one call's pipeline: its id (Elasticsearch may give
 * a new one with each page), the distribution that serves it, and whether the call hands a cursor back, which keeps
 * it open for the next call.
 */
final class PointInTime {

    private final Distribution distribution;
    private volatile String id;
    private volatile boolean handedBack;

    PointInTime(Distribution distribution, String id) {
        this.distribution = distribution;
        this.id = id;
    }

    Distribution distribution() {
        return distribution;
    }

    String id() {
        return id;
    }

    void renewed(String newId) {
        id = newId;
    }

    void handBack(boolean cursorHandedBack) {
        handedBack = cursorHandedBack;
    }

    boolean handedBack() {
        return handedBack;
    }
}

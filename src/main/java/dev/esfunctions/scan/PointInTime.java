package dev.esfunctions.scan;

import dev.esfunctions.cluster.Server;

/**
 * A point-in-time a scan reads through, held for the length of one call's pipeline: its id (Elasticsearch may give
 * a new one with each page), the server that serves it, and whether the call hands a cursor back, which keeps
 * it open for the next call.
 */
final class PointInTime {

    private final Server server;
    private volatile String id;
    private volatile boolean handedBack;

    PointInTime(Server server, String id) {
        this.server = server;
        this.id = id;
    }

    Server server() {
        return server;
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

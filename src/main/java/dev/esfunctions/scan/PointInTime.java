package dev.esfunctions.scan;

/**
 * A point-in-time a scan reads through, held for the length of one call's pipeline: its id (Elasticsearch may give
 * a new one with each page), and whether the call hands a cursor back, which keeps it open for the next call.
 */
final class PointInTime {

    private volatile String id;
    private volatile boolean handedBack;

    PointInTime(String id) {
        this.id = id;
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

package dev.esfunctions.cluster;

/**
 * The server that answers: its distribution, and its version ({@code major.minor}, 0.0 where it did not say: a
 * {@code GET /} that a restricted user is refused names Elasticsearch in a header, without its version).
 */
public record Server(Distribution distribution, int major, int minor) {

    /** Whether it is {@code major.minor} or later. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** {@code version} as {@code GET /} says it ({@code 2.19.4}, {@code 3.0.0-beta1}); 0.0 where unreadable. */
    static Server of(Distribution distribution, String version) {
        String[] parts = version.split("[.-]");
        try {
            return new Server(distribution, Integer.parseInt(parts[0]),
                    parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException unreadable) {
            return new Server(distribution, 0, 0);
        }
    }
}

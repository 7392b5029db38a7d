package dev.esfunctions.cluster;

/**
 * Which search engine answers: the APIs es-functions uses are the same on both but for the point-in-time, which
 * OpenSearch serves under {@code /_search/point_in_time} with other field names, and its tiebreaker.
 */
public enum Distribution {
    ELASTICSEARCH("Elasticsearch"),
    OPENSEARCH("OpenSearch");

    private final String product;

    Distribution(String product) {
        this.product = product;
    }

    /** The name it goes by, as the errors of its answers say it. */
    public String product() {
        return product;
    }
}

package dev.esfunctions.cluster;

/**
 * Which search engine answers: the APIs es-functions uses are the same on both but for the point-in-time, which
 * OpenSearch serves under {@code /_search/point_in_time} with other field names.
 */
public enum Distribution {
    ELASTICSEARCH,
    OPENSEARCH
}

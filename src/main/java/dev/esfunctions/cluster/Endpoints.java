package dev.esfunctions.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Request paths with an index expression in them, percent-encoded: date math ({@code <logs-{now/d}>}) holds
 * characters a URI path may not, and Elasticsearch decodes each segment before it reads the expression.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** {@code /<index>}, the index itself (to create it, say). */
    public static String of(String index) {
        return "/" + encoded(index);
    }

    /** {@code /<expression>/<api>}, for example {@code /logs-*,-logs-old/_search}. */
    public static String of(String indexExpression, String api) {
        return "/" + encoded(indexExpression) + "/" + api;
    }

    /** {@code /<api>/<expression>}, for an API that takes the expression last ({@code /_resolve/index/logs-*}). */
    public static String ofApi(String api, String indexExpression) {
        return "/" + api + "/" + encoded(indexExpression);
    }

    private static String encoded(String indexExpression) {
        return URLEncoder.encode(indexExpression, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%2C", ",").replace("%3A", ":");
    }
}

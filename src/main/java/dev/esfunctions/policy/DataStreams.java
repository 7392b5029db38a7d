package dev.esfunctions.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data stream's documents live in hidden backing indices named after it, and a hit or a resolution names the
 * backing index, never the stream that an allowlist names. The names: {@code .ds-<stream>-<yyyy.MM.dd>-<generation>}
 * on Elasticsearch 7.11 and later, {@code .ds-<stream>-<generation>} before it and on OpenSearch, and {@code .fs-}
 * for the indices of a failure store. They are recognised by that name alone: an ordinary index that someone with
 * the cluster's rights to create dot-named indices gave such a name would be read as the stream too.
 */
final class DataStreams {

    private static final Pattern BACKING_INDEX = Pattern.compile("\\.(?:ds|fs)-(.+?)(?:-\\d{4}\\.\\d{2}\\.\\d{2})?-\\d{6,}");

    private DataStreams() {
    }

    /** The stream a backing index belongs to ({@code cluster:} kept), or {@code index} itself when it is none. */
    static String streamOf(String index) {
        int colon = index.indexOf(':');
        Matcher backing = BACKING_INDEX.matcher(index).region(colon + 1, index.length());
        return backing.matches() ? index.substring(0, colon + 1) + backing.group(1) : index;
    }
}

package dev.esfunctions.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.esfunctions.errors.FunctionException;

/**
 * An index expression as Elasticsearch reads it: a comma-separated list of names, each perhaps a pattern ({@code *}),
 * an exclusion ({@code -name}, after the first), on a remote cluster ({@code cluster:name}), or date math
 * ({@code <logs-{now/d}>}). Parsing refuses, before any request, what Elasticsearch would refuse: empty names,
 * upper case, the characters no index name may hold, control characters and lone UTF-16 surrogates, names over 255
 * bytes.
 */
record IndexExpression(String text, List<Part> parts) {

    /** Characters no index name holds ({@code *} only in patterns, {@code :} only after a remote cluster). */
    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    /**
     * One name of the list: {@code cluster} is null for the local cluster; {@code name} is the index name, pattern or
     * date math expression, without its cluster or its {@code -}.
     */
    record Part(String cluster, String name, boolean exclusion, boolean dateMath) {

        /**
         * What the allowlist is held against: the name, or for date math the pattern of every name it can resolve
         * to, each {@code {...}} block a {@code *} ({@code <logs-{now/d}>} is {@code logs-*}).
         */
        String pattern() {
            String local = dateMath ? datesAsWildcards(name.substring(1, name.length() - 1)) : name;
            return cluster == null ? local : cluster + ":" + local;
        }

        private static String datesAsWildcards(String expression) {
            StringBuilder pattern = new StringBuilder();
            int depth = 0;
            for (char c : expression.toCharArray()) {
                if (c == '{' && depth++ == 0) {
                    pattern.append('*');
                } else if (c == '}') {
                    depth--;
                } else if (depth == 0) {
                    pattern.append(c);
                }
            }
            return pattern.toString();
        }

        /** The part as written, for messages. */
        String text() {
            return (exclusion ? "-" : "") + (cluster == null ? "" : cluster + ":") + name;
        }
    }

    /** A read expression: a list, patterns, exclusions, remote clusters, date math; {@code _all} is {@code *}. */
    static IndexExpression readable(String field, String text) {
        requirePresent(field, text);
        if (text.equals("_all")) {
            return new IndexExpression(text, List.of(new Part(null, "*", false, false)));
        }
        String[] items = text.split(",", -1);
        List<Part> parts = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            parts.add(part(field, text, items[i], i > 0, true));
        }
        return new IndexExpression(text, List.copyOf(parts));
    }

    /** One concrete index (or alias) to write to: no list, pattern, exclusion or remote cluster; date math allowed. */
    static IndexExpression writable(String field, String text) {
        requirePresent(field, text);
        if (text.contains(",")) {
            throw invalid(field, text, "must name one index, not a list");
        }
        Part part = part(field, text, text, false, false);
        return new IndexExpression(text, List.of(part));
    }

    private static Part part(String field, String whole, String item, boolean mayExclude, boolean mayMatchMany) {
        requireCharacters(field, whole, item);
        boolean exclusion = mayExclude && item.startsWith("-");
        String rest = exclusion ? item.substring(1) : item;
        String cluster = null;
        int colon = rest.startsWith("<") ? -1 : rest.indexOf(':');
        if (colon >= 0) {
            if (!mayMatchMany) {
                throw invalid(field, whole, "names an index on a remote cluster ('" + rest.substring(0, colon)
                        + ":'), and the functions write to the local cluster only");
            }
            cluster = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
            String problem = cluster.isEmpty() ? "has an empty remote cluster name" : clusterProblem(cluster);
            if (problem != null) {
                throw invalid(field, whole, problem);
            }
        }
        if (rest.isEmpty()) {
            throw invalid(field, whole, "has an empty name in its list");
        }
        if (rest.startsWith("<")) {
            String problem = dateMathProblem(rest);
            if (problem != null) {
                throw invalid(field, whole, problem);
            }
            return new Part(cluster, rest, exclusion, true);
        }
        String problem = nameProblem(rest, mayMatchMany ? FORBIDDEN.replace("*", "") : FORBIDDEN);
        if (problem != null) {
            throw invalid(field, whole, rest.equals(whole) ? problem : "holds '" + rest + "', which " + problem);
        }
        return new Part(cluster, rest, exclusion, false);
    }

    /** NUL and other control characters, and lone surrogates, are in no valid name, date math included. */
    private static void requireCharacters(String field, String whole, String item) {
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(field, printable(whole), "holds the control character U+" + String.format("%04X", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < item.length() && Character.isLowSurrogate(item.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(field, printable(whole), "holds a lone UTF-16 surrogate (U+" + String.format("%04X", (int) c)
                        + "), which no UTF-8 name can");
            }
        }
    }

    private static String nameProblem(String name, String forbidden) {
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return "must be lowercase";
        }
        for (char c : name.toCharArray()) {
            if (forbidden.indexOf(c) >= 0) {
                return "must not contain '" + c + "' (index names exclude " + forbidden.replace(" ", "space ") + ")";
            }
        }
        if (name.startsWith("_") || name.startsWith("-") || name.startsWith("+")) {
            return "must not start with '_', '-' or '+'";
        }
        if (name.equals(".") || name.equals("..")) {
            return "must not be '.' or '..'";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "must be at most 255 bytes long";
        }
        return null;
    }

    /** A remote cluster's alias: what Elasticsearch accepts, a pattern allowed. */
    private static String clusterProblem(String cluster) {
        for (char c : cluster.toCharArray()) {
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '*')) {
                return "names the remote cluster '" + cluster + "', and a cluster alias holds only letters, digits, "
                        + "'-', '_' (and '*' in a pattern)";
            }
        }
        return null;
    }

    /**
     * Date math as Elasticsearch reads it: {@code <static{math{format|zone}}static>}. The static text must be a valid
     * name; what the braces hold is the cluster's to read.
     */
    private static String dateMathProblem(String expression) {
        if (!expression.endsWith(">") || expression.length() < 3) {
            return "starts date math with '<' and does not end it with '>'";
        }
        StringBuilder staticText = new StringBuilder();
        int depth = 0;
        for (char c : expression.substring(1, expression.length() - 1).toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (--depth < 0) {
                    return "has an unbalanced '}' in its date math";
                }
            } else if (depth == 0) {
                staticText.append(c);
            }
        }
        if (depth != 0) {
            return "has an unbalanced '{' in its date math";
        }
        String problem = staticText.isEmpty() ? null : nameProblem(staticText.toString(), FORBIDDEN);
        return problem == null ? null : "date math whose name part '" + staticText + "' " + problem;
    }

    private static void requirePresent(String field, String text) {
        if (text == null || text.isBlank()) {
            throw FunctionException.invalidField(field, "is required: the name of the index");
        }
    }

    /** The name as the caller can read it in a message: control characters and lone surrogates escaped. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : c);
        }
        return out.toString();
    }

    private static FunctionException invalid(String field, String name, String problem) {
        return new FunctionException(400, "invalid_index_name",
                "field '" + field + "' is not a valid index name: '" + name + "' " + problem);
    }
}

package dev.esfunctions.policy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.esfunctions.errors.FunctionException;

/** Elasticsearch's index naming rules, checked by {@link IndexPolicy} before a name costs a round trip. */
final class IndexNames {

    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    private IndexNames() {
    }

    /** One concrete index, as written to: no wildcards, lists or exclusions. */
    static String requireConcrete(String field, String name) {
        requirePresent(field, name);
        String problem = problem(name, FORBIDDEN);
        if (problem != null) {
            throw invalid(field, name, problem);
        }
        return name;
    }

    /** What search accepts: a name, a comma-separated list, wildcard patterns, exclusions, remote clusters. */
    static String requireSearchable(String field, String expression) {
        requirePresent(field, expression);
        if (expression.equals("_all")) {
            return expression;
        }
        String[] parts = expression.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = i > 0 && parts[i].startsWith("-") ? parts[i].substring(1) : parts[i];
            String local = part.substring(part.indexOf(':') + 1);
            String problem = part.isEmpty() ? "has an empty name in its list" : problem(local, "\\/?\"<>| ,#:");
            if (problem != null) {
                throw invalid(field, expression, problem);
            }
        }
        return expression;
    }

    private static void requirePresent(String field, String name) {
        if (name == null || name.isBlank()) {
            throw FunctionException.invalidField(field, "is required: the name of the index");
        }
    }

    private static String problem(String name, String forbidden) {
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
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

    private static FunctionException invalid(String field, String name, String problem) {
        return new FunctionException(400, "invalid_index_name",
                "field '" + field + "' is not a valid index name: '" + name + "' " + problem);
    }
}

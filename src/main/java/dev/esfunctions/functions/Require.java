package dev.esfunctions.functions;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.esfunctions.errors.FunctionException;

/** Checks on request fields that fail with a 400 naming the field and what it must be. */
final class Require {

    private Require() {
    }

    static <T> T body(T request, String function, String example) {
        if (request == null) {
            throw FunctionException.invalidRequest("the " + function + " function needs a JSON body, e.g. " + example);
        }
        return request;
    }

    static <T> List<T> nonEmpty(String field, List<T> list, String what) {
        if (list == null || list.isEmpty()) {
            throw FunctionException.invalidField(field, "is required: a non-empty list of " + what);
        }
        return list;
    }

    static long atLeast(String field, Number value, long min, long defaultValue) {
        return value == null ? defaultValue : atLeast(field, value.longValue(), min);
    }

    static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw FunctionException.invalidField(field, "must be at least " + min + ", not " + value);
        }
        return value;
    }

    /** A JSON-valued field, when given, must be of the accepted kind. */
    static void kind(String field, JsonNode value, Predicate<JsonNode> accepted, String expected) {
        if (value != null && !value.isNull() && !accepted.test(value)) {
            throw FunctionException.invalidField(field, "must be " + expected + ", not "
                    + value.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
    }

    /** A number the caller chose must stay within a configured limit; the error names the setting that raises it. */
    static <T extends Number> T notAbove(String field, T value, long max, String setting) {
        if (value != null && value.longValue() > max) {
            throw FunctionException.invalidField(field, "must be at most " + max + " (" + setting + "), not " + value);
        }
        return value;
    }

    static void atMost(String field, int count, int max, String setting) {
        if (count > max) {
            throw FunctionException.tooLarge("too_many_documents", "field '" + field + "' has " + count
                    + " entries; at most " + max + " are accepted per request (" + setting
                    + "): split the request or raise the limit");
        }
    }
}

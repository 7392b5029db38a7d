package dev.esfunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What an answer to a hostile body may be, as README.md documents it: for a 200, the answer of that function, its
 * fields present with their JSON types and its counts adding up; for an error, the error contract with a
 * (status, type) pair of the README's "### Errors" table, read from README.md itself so that the two cannot drift;
 * and, where the body says more ({@link HostileBodies.Body#refusedAt()}, {@link HostileBodies.Body#exactly()}), the
 * refusal or the exact answer the contract promises for it. Anything else is a violation.
 */
public final class HostileAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An Elasticsearch error type: its exception's class name in snake case (the table's "Elasticsearch's type"). */
    private static final Pattern ELASTICSEARCH_TYPE = Pattern.compile("[a-z][a-z0-9_]*_exception");
    /** A reason never names where the cluster is. */
    private static final Pattern ADDRESS = Pattern.compile("\\b(\\d{1,3}\\.){3}\\d{1,3}:\\d+|localhost:\\d+");
    /** A document's own failure, listed in a bulk's {@code errors} (README "POST /upsert" and "The bulk engine"). */
    private static final Map<String, Integer> DOCUMENT_TYPES = Map.of("missing_id", 400, "invalid_metadata", 400,
            "not_attempted", 408, "outcome_unknown", 502);
    private static final Set<String> OPERATIONS = Set.of("search", "upsert", "delete", "scan", "copy");
    private static final Errors DOCUMENTED = Errors.read(Path.of("README.md"));

    private HostileAnswers() {
    }

    /**
     * The documented errors, from the table under "### Errors": each row's statuses with the types in its second
     * column (and a type the third column introduces as {@code `type`:}); a row whose types are "Elasticsearch's
     * type" takes any Elasticsearch type at its statuses.
     */
    record Errors(Map<Integer, Set<String>> types, Set<Integer> elasticsearch) {

        private static final Pattern NAME = Pattern.compile("`([a-z_]+)`");
        private static final Pattern INTRODUCED = Pattern.compile("`([a-z_]+)`:");
        private static final Pattern STATUS = Pattern.compile("\\b[1-5]\\d\\d\\b");

        static Errors read(Path readme) {
            List<String> lines;
            try {
                lines = Files.readAllLines(readme);
            } catch (IOException e) {
                throw new UncheckedIOException("the judge reads the documented errors from " + readme.toAbsolutePath()
                        + " (run from the project directory)", e);
            }
            Map<Integer, Set<String>> types = new HashMap<>();
            Set<Integer> elasticsearch = new HashSet<>();
            int at = lines.indexOf("### Errors");
            while (at >= 0 && ++at < lines.size() && !lines.get(at).startsWith("| status")) {
            }
            for (at += 2; at > 1 && at < lines.size() && lines.get(at).startsWith("|"); at++) {
                String[] cells = lines.get(at).split("\\|");
                Set<String> named = new HashSet<>();
                names(NAME, cells[2], named);
                names(INTRODUCED, cells[3], named);
                Matcher status = STATUS.matcher(cells[1]);
                while (status.find()) {
                    int code = Integer.parseInt(status.group());
                    types.computeIfAbsent(code, any -> new HashSet<>()).addAll(named);
                    if (cells[2].contains("Elasticsearch's type")) {
                        elasticsearch.add(code);
                    }
                }
            }
            if (types.size() < 10 || elasticsearch.isEmpty()) {
                throw new IllegalStateException("README.md's \"### Errors\" table was not read: " + types);
            }
            return new Errors(types, elasticsearch);
        }

        private static void names(Pattern pattern, String cell, Set<String> into) {
            Matcher name = pattern.matcher(cell);
            while (name.find()) {
                into.add(name.group(1));
            }
        }

        boolean documents(int status, String type) {
            return types.getOrDefault(status, Set.of()).contains(type)
                    || elasticsearch.contains(status) && ELASTICSEARCH_TYPE.matcher(type).matches();
        }
    }

    /** Null when the answer to {@code sent} keeps the contract; otherwise what is wrong with it. */
    public static String problem(HostileBodies.Body sent, HttpResponse<String> response) {
        return problem(sent, response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** The same, on a surface without headers (Lambda), where only the error carries how long to wait. */
    public static String problem(HostileBodies.Body sent, int status, String body) {
        return problem(sent, status, body, null);
    }

    /** {@code retryAfter} is the answer's Retry-After header (empty when absent); null where there are no headers. */
    public static String problem(HostileBodies.Body sent, int status, String body, Optional<String> retryAfter) {
        JsonNode answer = json(body);
        if (!answer.isObject()) {
            return "an answer that is not a JSON object";
        }
        String problem;
        if (status == 200) {
            problem = result(sent.function(), json(sent.text()), answer);
        } else if (status >= 400) {
            problem = error(answer.path("error"), status, retryAfter);
        } else {
            problem = "a status the contract does not have";
        }
        return problem != null ? problem : promised(sent, status, answer);
    }

    /** What the generator knows the contract promises for this body: a refusal, or exactly this answer. */
    private static String promised(HostileBodies.Body sent, int status, JsonNode answer) {
        if (sent.refusedAt() != null && status == 200 && !answer.at(sent.refusedAt()).has("error")) {
            return "a result for what the contract refuses (" + (sent.refusedAt().isEmpty() ? "the body"
                    : sent.refusedAt()) + ")";
        }
        HostileBodies.Expected expected = sent.exactly();
        if (expected == null) {
            return null;
        }
        if (expected.status() == 200) {
            if (status != 200) {
                return "not the promised 200 listing a " + expected.type();
            }
            for (JsonNode error : answer.at(expected.at()).path("errors")) {
                if (error.path("type").asText().equals(expected.type())) {
                    return null;
                }
            }
            return "a 200 that does not list the promised " + expected.type();
        }
        JsonNode error = status == 200 ? answer.at(expected.at()).path("error") : answer.path("error");
        if (error.path("status").asInt() != expected.status() || !error.path("type").asText().equals(expected.type())
                || !error.path("reason").asText().contains(expected.reason())) {
            return "not the promised " + expected.status() + " " + expected.type() + " naming " + expected.reason();
        }
        return null;
    }

    /** The error contract, with a documented status and type. */
    private static String error(JsonNode error, int status, Optional<String> retryAfter) {
        if (!error.isObject()) {
            return "an error without the error contract";
        }
        if (!error.path("status").isInt() || error.path("status").asInt() != status) {
            return "the error contract's status is not the answer's";
        }
        String type = error.path("type").asText("");
        if (!error.path("type").isTextual() || !error.path("reason").isTextual() || type.isBlank()
                || error.path("reason").asText().isBlank()) {
            return "an error without a type or a reason";
        }
        if (!DOCUMENTED.documents(status, type)) {
            return "an error type the README does not document at " + status + ": " + type;
        }
        if (ADDRESS.matcher(error.path("reason").asText()).find()) {
            return "a reason that names where the cluster is";
        }
        if (error.has("cursor") && !error.get("cursor").isTextual() || error.has("partial")
                && !error.get("partial").isObject()) {
            return "an error whose cursor is not a string or whose partial answer is not an object";
        }
        if (type.equals("overloaded")) {
            JsonNode seconds = error.path("retryAfterSeconds");
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 1) {
                return "an overloaded answer without retryAfterSeconds";
            }
            if (retryAfter != null && !retryAfter.equals(Optional.of(seconds.asText()))) {
                return "an overloaded answer whose Retry-After is not its retryAfterSeconds: " + retryAfter;
            }
        }
        return null;
    }

    /** The answer of {@code function} to {@code request} (the body sent, as far as it is JSON). */
    private static String result(String function, JsonNode request, JsonNode answer) {
        Shape shape = new Shape(answer).count("took");
        switch (function) {
            case "search" -> {
                shape.hits(request.path("size").asInt(10), request.hasNonNull("sort"));
                if (request.path("trackTotalHits").isBoolean() && !request.path("trackTotalHits").asBoolean()) {
                    shape.absent("total", "with trackTotalHits: false");
                } else if (!request.hasNonNull("trackTotalHits") || answer.has("total")) {
                    shape.part("total").count("value").oneOf("relation", Set.of("eq", "gte"));
                }
                if (!request.hasNonNull("aggs")) {
                    shape.absent("aggregations", "when none were asked for");
                } else if (answer.has("aggregations")) {
                    shape.object("aggregations");
                }
                if (answer.has("shards")) {
                    shape.part("shards").count("total", "successful", "skipped", "failed").array("failures");
                }
                if (answer.has("timedOut") && !answer.get("timedOut").asText().equals("true")) {
                    shape.fail("timedOut present and not true");
                }
            }
            case "scan" -> shape.hits(request.path("size").asInt(1000), true).cursor(true);
            case "upsert" -> shape.count("total", "succeeded", "created", "updated", "noop").bulk()
                    .sum("total", "succeeded", "failed")
                    .sum("succeeded", "created", "updated", "noop").counted(request.path("docs"));
            case "delete" -> {
                shape.count("total", "deleted", "notFound", "conflicts", "failed", "retries", "batches")
                        .errors().sum("total", "deleted", "notFound", "conflicts", "failed").cursor(false);
                if (answer.has("concurrency")) {
                    shape.concurrency();
                }
                if (!request.has("query")) {
                    shape.counted(request.path("ids"));
                }
            }
            case "copy" -> shape.count("read", "written").bulk().sum("read", "written", "failed").cursor(true);
            case "plan" -> shape.count("documents", "shards").slices(answer.path("slices"));
            case "batch" -> {
                JsonNode operations = request.path("operations");
                JsonNode results = answer.path("results");
                if (!results.isArray() || results.size() != operations.size()) {
                    return "results do not answer the operations one for one";
                }
                for (int i = 0; i < results.size() && shape.problem() == null; i++) {
                    shape.item(i, operations.get(i), results.get(i));
                }
            }
            default -> shape.fail("an unknown function");
        }
        return shape.problem();
    }

    /** The first thing wrong with a result, or with a part of it ({@link #part}). */
    private static final class Shape {

        private final Shape whole;
        private final JsonNode node;
        private final String at;
        private String problem;

        Shape(JsonNode answer) {
            this(null, answer, "");
        }

        private Shape(Shape whole, JsonNode node, String at) {
            this.whole = whole;
            this.node = node;
            this.at = at;
        }

        Shape fail(String what) {
            if (whole != null) {
                whole.fail(what);
            } else if (problem == null) {
                problem = what;
            }
            return this;
        }

        /** The object at {@code field}, whose problems are this shape's. */
        Shape part(String field) {
            object(field);
            return new Shape(whole != null ? whole : this, node.path(field), at + field + ".");
        }

        String problem() {
            return problem;
        }

        Shape count(String... fields) {
            for (String field : fields) {
                JsonNode value = node.path(field);
                if (!value.isIntegralNumber() || value.asLong() < 0) {
                    fail(at + field + " is not a count: " + value);
                }
            }
            return this;
        }

        Shape object(String field) {
            return node.path(field).isObject() ? this : fail(at + field + " is not an object");
        }

        Shape array(String field) {
            return node.path(field).isArray() ? this : fail(at + field + " is not a list");
        }

        Shape absent(String field, String when) {
            return node.has(field) ? fail(at + field + " present " + when) : this;
        }

        Shape oneOf(String field, Set<String> values) {
            return values.contains(node.path(field).asText(null)) ? this : fail(at + field + " is not one of " + values);
        }

        /** {@code whole == sum of the parts}, as the contract counts every document once. */
        Shape sum(String whole, String... parts) {
            long sum = 0;
            for (String part : parts) {
                sum += node.path(part).asLong();
            }
            return sum == node.path(whole).asLong() ? this
                    : fail(at + whole + " is not " + String.join(" + ", parts) + ": " + node);
        }

        /** Every document or id sent is counted once. */
        Shape counted(JsonNode sent) {
            return !sent.isArray() || node.path("total").asLong() == sent.size() ? this
                    : fail(at + "total is not the " + sent.size() + " documents sent");
        }

        Shape cursor(boolean required) {
            JsonNode cursor = node.get("cursor");
            if (cursor == null) {
                return required ? fail(at + "cursor is absent") : this;
            }
            return cursor.isTextual() || cursor.isNull() && required ? this : fail(at + "cursor is not a string");
        }

        Shape concurrency() {
            part("concurrency").count("lowest", "final");
            return this;
        }

        /** The fields every bulk write answers besides its own counts (upsert, copy). */
        Shape bulk() {
            return count("failed", "retries", "batches").concurrency().errors();
        }

        /**
         * {@code errors} lists documents' failures, at most {@code failed} of them, and {@code errorsTruncated} says
         * when it lists fewer.
         */
        Shape errors() {
            JsonNode errors = node.path("errors");
            if (!errors.isArray() || !node.path("errorsTruncated").isBoolean()) {
                return fail(at + "errors or errorsTruncated missing");
            }
            long failed = node.path("failed").asLong();
            if (errors.size() > failed || node.get("errorsTruncated").asBoolean() != errors.size() < failed) {
                return fail(at + "errors (" + errors.size() + ") and errorsTruncated disagree with failed (" + failed
                        + ")");
            }
            for (JsonNode error : errors) {
                String type = error.path("type").asText("");
                Integer status = DOCUMENT_TYPES.get(type);
                boolean documented = status != null ? status == error.path("status").asInt()
                        : ELASTICSEARCH_TYPE.matcher(type).matches()
                                || DOCUMENTED.documents(error.path("status").asInt(), type);
                if (!documented || !(error.path("id").isTextual() || error.path("id").isNull())
                        || !error.path("reason").isTextual()) {
                    return fail(at + "a document error outside the contract: " + error);
                }
            }
            return this;
        }

        /** Hits of one page: at most {@code size}, each naming its index and id; sort values only when sorting. */
        Shape hits(int size, boolean sorting) {
            JsonNode hits = node.path("hits");
            if (!hits.isArray()) {
                return fail(at + "hits is not a list");
            }
            if (size >= 0 && hits.size() > size) {
                fail(at + "more hits than the size asked for: " + hits.size());
            }
            for (JsonNode hit : hits) {
                if (!hit.path("index").isTextual() || !hit.path("id").isTextual()
                        || hit.has("score") && !hit.get("score").isNumber()
                        || hit.has("sort") && (!sorting || !hit.get("sort").isArray())) {
                    return fail(at + "a hit outside the contract: " + hit);
                }
            }
            return this;
        }

        /** A plan's slices: one unsliced, or {@code n} of ids 0 to n-1, each with a cursor. */
        Shape slices(JsonNode slices) {
            if (!slices.isArray() || slices.isEmpty()) {
                return fail("slices is not a non-empty list");
            }
            Set<Integer> ids = new HashSet<>();
            for (JsonNode planned : slices) {
                JsonNode slice = planned.path("slice");
                boolean unsliced = slices.size() == 1 && slice.isNull();
                if (!planned.path("cursor").isTextual() || !unsliced && (slice.path("max").asInt() != slices.size()
                        || !slice.path("id").isInt() || !ids.add(slice.path("id").asInt())
                        || slice.path("id").asInt() >= slices.size())) {
                    return fail("slices outside the contract: " + slices);
                }
            }
            return this;
        }

        /** One item of a batch: the result of operation {@code i}'s function, or its own error. */
        void item(int i, JsonNode operation, JsonNode item) {
            Iterator<String> names = item.fieldNames();
            String name = names.hasNext() ? names.next() : "";
            if (names.hasNext()) {
                fail("results[" + i + "] has more than one field: " + item);
            } else if (name.equals("error")) {
                String problem = error(item.get("error"), item.path("error").path("status").asInt(), null);
                if (problem != null) {
                    fail("results[" + i + "]: " + problem);
                }
            } else if (!OPERATIONS.contains(name) || !operation.has(name)) {
                fail("results[" + i + "] is not its operation's result: " + item);
            } else {
                String problem = result(name, operation.get(name), item.get(name));
                if (problem != null) {
                    fail("results[" + i + "]." + name + ": " + problem);
                }
            }
        }
    }

    /** The body as JSON, or a missing node when it is not JSON. */
    public static JsonNode json(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }
}

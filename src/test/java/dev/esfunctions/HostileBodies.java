package dev.esfunctions;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Request bodies as a careless or hostile caller sends them, generated from a fixed seed:
 * a valid body of each function, mutated one to three times (a field set to any JSON, a string field set to a nasty
 * string, an unknown or differently-cased field added, a field removed, a list made too long, a cursor from another
 * scan), sometimes truncated, sometimes not an object at all. Half the bodies then get one more, last, so that no
 * other mutation undoes it: a null wherever the contract has structure (a list item, a map value, a top-level field,
 * inside a batch's operations), or a query that reads another index (a terms lookup, {@code more_like_this}
 * documents, an indexed shape, a percolated or pinned document, a {@code wrapper}). Those carry what the contract
 * promises for them ({@link Body#refusedAt()}, {@link Body#exactly()}). Strings go over the wire with every non-ASCII
 * character escaped, so that NUL and lone surrogates arrive as the caller wrote them.
 */
public final class HostileBodies {

    public static final List<String> FUNCTIONS = List.of("search", "upsert", "delete", "scan", "copy", "plan",
            "batch");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper WIRE = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /**
     * One body to send: the function, the bytes as text, and what was done to the valid body. {@code refusedAt}, when
     * not null, is where the answer must be an error whatever else was done to the body (a JSON pointer into the
     * answer: "" for the whole answer, {@code /results/2} for a batch's third operation), as the contract refuses
     * what the body carries. {@code exactly}, when not null, is the answer the contract promises for the last
     * mutation, given when it was the only one.
     */
    public record Body(String function, String text, String mutations, String refusedAt, Expected exactly) {
    }

    /**
     * An answer the contract promises: at {@code at} (a JSON pointer into a 200, "" for the whole answer), an error
     * of {@code status} and {@code type} whose reason contains {@code reason}; or, with {@code status} 200, a result
     * whose {@code errors} list a document failed with {@code type}.
     */
    public record Expected(String at, int status, String type, String reason) {

        /** The same, of a batch's operation: at {@code pointer} in the answer, naming the field from {@code path}. */
        Expected within(String pointer, String path) {
            return new Expected(pointer + at, status, type,
                    reason.replaceFirst("'", Matcher.quoteReplacement("'" + path)));
        }
    }

    /** What a last mutation did, and what the contract promises for it ({@link Body}). */
    private record Special(String description, String refusedAt, Expected exactly) {
    }

    private final String index;
    private final List<String> cursors;
    private final boolean secretsUnreadable;
    private static final List<String> NASTY_NAMES = List.of("", " ", "\u0000", "hostile-\u0000", "hostile-\ud800",
            "hostile-\udc00-x", "HOSTILE-1", "hostile-..", "..", ".security", "_all", "*", "secret",
            "hostile-x:secret", "*:hostile-1", "<hostile-{now/d}>", "<secret-{now/d}>", "<hostile-{now/d",
            "-hostile-1", "hostile-1,secret", "hostile-1,,hostile-2", "hostile-" + "x".repeat(300), "\uD83D\uDE00",
            "{\"a\":", "\\", "\"", "%2e%2e/_cluster/settings", "../../_cluster", "hostile-1/_doc/1");
    private static final List<JsonNode> NASTY_NUMBERS = List.of(NODES.numberNode(0L), NODES.numberNode(-1L),
            NODES.numberNode(1L), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(Integer.MAX_VALUE + 1L), NODES.numberNode(1e308), NODES.numberNode(-1e308),
            NODES.numberNode(0.5), NODES.numberNode(-0.0), NODES.numberNode(Double.MIN_VALUE),
            NODES.numberNode(BigInteger.TWO.pow(70)), NODES.numberNode(BigInteger.TEN.pow(400).negate()));
    private static final List<Map<String, Object>> QUERIES = List.of(Map.of(), Map.of("match_all", Map.of()),
            Map.of("term", Map.of("n", 1)), Map.of("range", Map.of("n", Map.of("gte", "x"))));

    private final SplittableRandom random;

    /**
     * Bodies about {@code index} (an index the deployment may read and write), with {@code cursors} (real cursors of
     * scans, of this index and others) to pass around, from {@code seed}. {@code secretsUnreadable}: the deployment's
     * read list leaves out {@code secret-*} and {@code shapes}, which queries of the bodies read, so that the contract
     * refuses those queries; where it allows everything they are the cluster's to answer.
     */
    public HostileBodies(long seed, String index, List<String> cursors, boolean secretsUnreadable) {
        this.random = new SplittableRandom(seed);
        this.index = index;
        this.cursors = List.copyOf(cursors);
        this.secretsUnreadable = secretsUnreadable;
    }

    /** {@code count} bodies for each function, in a fixed order. */
    public List<Body> bodies(int count) {
        List<Body> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (String function : FUNCTIONS) {
                bodies.add(body(function));
            }
        }
        return bodies;
    }

    private Body body(String function) {
        ObjectNode valid = valid(function);
        List<String> mutations = new ArrayList<>();
        boolean special = roll(2) == 0;
        int times = special ? roll(3) : 1 + roll(3);
        for (int i = 0; i < times; i++) {
            mutations.add(mutate(function, valid));
        }
        Special last = special ? special(function, valid) : new Special(null, null, null);
        if (special) {
            mutations.add(last.description());
        }
        Expected exactly = times == 0 ? last.exactly() : null;
        String text = write(valid);
        int shape = roll(100);
        // What is left of the body is no request at all: refused whatever it carried, but not as the mutation's own.
        if (shape < 6) {
            text = text.substring(0, roll(text.length()));
            mutations.add("truncated");
            exactly = null;
        } else if (shape < 9) {
            text = write(anyJson());
            mutations.add("not an object");
            exactly = null;
        } else if (shape < 10) {
            text = "[".repeat(3000) + "]".repeat(3000);
            mutations.add("nested 3,000 deep");
            exactly = null;
        }
        return new Body(function, text, String.join("; ", mutations), last.refusedAt(), exactly);
    }

    /** A null where the contract has structure, or a query that reads another index. */
    private Special special(String function, ObjectNode body) {
        return roll(3) == 0 && !function.equals("upsert") ? attack(function, body) : nulls(function, body);
    }

    /** The fields of each function's request (README "The contract" and the records of the model package). */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "search", List.of("index", "query", "size", "from", "sort", "source", "aggs", "searchAfter",
                    "trackTotalHits", "allowPartialResults"),
            "upsert", List.of("index", "docs", "refresh", "mode", "pipeline", "batchSize", "batchBytes",
                    "concurrency", "adaptiveConcurrency", "timeoutMs"),
            "delete", List.of("index", "ids", "query", "allowMatchAll", "refresh", "batchSize", "batchBytes",
                    "concurrency", "adaptiveConcurrency", "timeoutMs", "cursor", "slice"),
            "scan", List.of("index", "query", "size", "sort", "source", "cursor", "slice"),
            "copy", List.of("index", "query", "target", "include", "exclude", "rename", "set", "idFrom", "size",
                    "maxDurationMs", "cursor", "mode", "refresh", "batchSize", "batchBytes", "concurrency",
                    "adaptiveConcurrency", "slice"),
            "plan", List.of("index", "query", "size", "sort", "source", "slices", "maxSlices"),
            "batch", List.of("operations", "timeoutMs"));

    /**
     * A null where the contract has structure. A null in a list or map of the contract is refused naming where it
     * is, but for a document or an id (which fails alone, listed as {@code missing_id}) and a value of {@code set}
     * (a value to set); a null top-level field is an absent one; a null inside the query DSL is the cluster's to
     * judge.
     */
    private Special nulls(String function, ObjectNode body) {
        List<String> lists = switch (function) {
            case "search" -> List.of("sort", "source", "searchAfter");
            case "upsert" -> List.of("docs");
            case "delete" -> List.of("ids");
            case "scan", "plan" -> List.of("sort", "source");
            case "copy" -> List.of("include", "exclude");
            default -> List.of("operations");
        };
        switch (roll(function.equals("batch") ? 4 : 3)) {
            case 0 -> {
                String field = FIELDS.get(function).get(roll(FIELDS.get(function).size()));
                body.putNull(field);
                return new Special(field + " = null", null, null);
            }
            case 1 -> {
                String list = lists.get(roll(lists.size()));
                ArrayNode items = body.putArray(list);
                int at = roll(3);
                for (int i = 0, n = at + roll(3); i < n; i++) {
                    items.add(item(list, i));
                }
                items.insertNull(at);
                String path = list + "[" + at + "]";
                Expected expected = switch (list) {
                    case "docs", "ids" -> new Expected("", 200, "missing_id", "");
                    case "include", "exclude", "operations" -> refusedNull(path);
                    default -> null;
                };
                return new Special(path + " = null", expected != null && expected.status() != 200 ? "" : null,
                        expected);
            }
            case 2 -> {
                return nullValue(function, body);
            }
            default -> {
                String inner = OPERATIONS.get(roll(OPERATIONS.size()));
                ObjectNode operation = valid(inner);
                Special nested = nulls(inner, operation);
                int at = inBatch(body, inner, operation);
                String path = "operations[" + at + "]." + inner + ".";
                // A null the batch's request refuses refuses the whole batch: it is read before any operation runs.
                Expected expected = nested.exactly() == null || nested.exactly().status() == 200 ? null
                        : nested.exactly().within("", path);
                return new Special(path + nested.description(), nested.refusedAt(), expected);
            }
        }
    }

    private static final List<String> OPERATIONS = List.of("search", "upsert", "delete", "scan", "copy");

    /** {@code operation} of {@code inner} as the batch's operations, first or after a valid one; its position. */
    private int inBatch(ObjectNode batch, String inner, ObjectNode operation) {
        int at = roll(2);
        ArrayNode operations = batch.putArray("operations");
        if (at == 1) {
            operations.add(valid("batch").get("operations").get(0));
        }
        operations.addObject().set(inner, operation);
        return at;
    }

    private static Expected refusedNull(String path) {
        return new Expected("", 400, "invalid_field", "field '" + path + "' is null");
    }

    /** A valid item of a list of the contract. */
    private JsonNode item(String list, int i) {
        return switch (list) {
            case "docs" -> NODES.objectNode().put("_id", "n" + i).put("n", i);
            case "ids" -> NODES.textNode("n" + i);
            case "sort" -> NODES.objectNode().put("n", "asc");
            case "searchAfter" -> NODES.numberNode(i);
            case "operations" -> valid("batch").get("operations").get(0);
            default -> NODES.textNode("n");
        };
    }

    /** A null value inside an object of the request: a map of the contract, a document, a slice, the query DSL. */
    private Special nullValue(String function, ObjectNode body) {
        switch (function) {
            case "copy" -> {
                if (roll(2) == 0) {
                    body.putObject("rename").put("n", "m").putNull("a");
                    return new Special("rename.a = null", "", refusedNull("rename.a"));
                }
                body.putObject("set").putNull("x");
                return new Special("set.x = null", null, null);
            }
            case "upsert" -> {
                // A document without a usable _id fails alone; a null _routing is metadata the cluster cannot use.
                String field = roll(2) == 0 ? "_id" : "_routing";
                body.putArray("docs").addObject().put("_id", "1").put("n", 1).putNull(field);
                return new Special("docs[0]." + field + " = null", null,
                        field.equals("_id") ? new Expected("", 200, "missing_id", "") : null);
            }
            case "batch" -> {
                String inner = OPERATIONS.get(roll(OPERATIONS.size()));
                body.putArray("operations").addObject().putNull(inner);
                return new Special("operations[0]." + inner + " = null", null, null);
            }
            default -> {
                if (!function.equals("search") && roll(3) == 0) {
                    body.putObject("slice").putNull("id").put("max", 2);
                    return new Special("slice.id = null", null, null);
                }
                if (function.equals("search") && roll(3) == 0) {
                    body.putObject("aggs").putNull("a");
                    return new Special("aggs.a = null", null, null);
                }
                ObjectNode query = NODES.objectNode();
                switch (roll(3)) {
                    case 0 -> query.putObject("term").putNull("n");
                    case 1 -> query.putObject("bool").putArray("filter").addNull();
                    default -> query.putObject("range").putObject("n").putNull("gte");
                }
                putQuery(function, body, query);
                return new Special("query = " + query, null, null);
            }
        }
    }

    /** The query of a function that reads by query: a delete reads by query only without ids. */
    private static void putQuery(String function, ObjectNode body, JsonNode query) {
        if (function.equals("delete")) {
            body.remove("ids");
        }
        body.set("query", query);
    }

    /**
     * A query (or, in a search, an aggregation) that reads an index besides the target, as in issue 25: every such
     * index is checked like the target, so one outside the read list ({@code secret-*} here) is refused with 403
     * naming where it stands, before anything reaches the cluster (when the deployment's list leaves them out); a
     * {@code wrapper} hides what it reads and is refused with 400 whatever the list. One inside the list
     * ({@code hostile-2}) is read like the target.
     */
    private Special attack(String function, ObjectNode body) {
        if (function.equals("batch")) {
            String inner = List.of("search", "scan", "copy", "delete").get(roll(4));
            ObjectNode operation = valid(inner);
            Special nested = attack(inner, operation);
            int at = inBatch(body, inner, operation);
            // Each operation is checked as it runs: a refused one is its own error, the others still run.
            String pointer = "/results/" + at;
            return new Special("operations[" + at + "]." + inner + ": " + nested.description(),
                    nested.refusedAt() == null ? null : pointer,
                    nested.exactly() == null ? null : nested.exactly().within(pointer, ""));
        }
        boolean secret = roll(3) != 0;
        String other = secret ? "secret-" + roll(3) : "hostile-2";
        String kind = List.of("terms", "more_like_this", "geo_shape", "shape", "percolate", "pinned", "wrapper")
                .get(roll(7));
        ObjectNode query = NODES.objectNode();
        String reads;
        switch (kind) {
            case "terms" -> {
                query.putObject("terms").putObject("tag").put("index", other).put("id", "s1").put("path", "tags");
                reads = "terms.tag.index";
            }
            case "more_like_this" -> {
                ObjectNode like = query.putObject("more_like_this");
                like.putArray("fields").add("n");
                like.putArray("like").addObject().put("_index", other).put("_id", "1");
                reads = "more_like_this.like[0]._index";
            }
            case "geo_shape", "shape" -> {
                ObjectNode indexed = query.putObject(kind).putObject("loc").putObject("indexed_shape");
                indexed.put("id", "1").put("path", "shape");
                // Without an index, the shape is read from the index "shapes", outside the list too.
                if (secret && roll(2) == 0) {
                    other = "shapes";
                } else {
                    indexed.put("index", other);
                }
                reads = kind + ".loc.indexed_shape.index";
            }
            case "percolate" -> {
                query.putObject("percolate").put("field", "q").put("index", other).put("id", "1");
                reads = "percolate.index";
            }
            case "pinned" -> {
                ObjectNode pinned = query.putObject("pinned");
                pinned.putArray("docs").addObject().put("_index", other).put("_id", "1");
                pinned.set("organic", matchAll());
                reads = "pinned.docs[0]._index";
            }
            default -> {
                query.putObject("wrapper").put("query", Base64.getEncoder().encodeToString(
                        "{\"match_all\": {}}".getBytes(StandardCharsets.UTF_8)));
                reads = "wrapper";
            }
        }
        String field = "query";
        switch (function.equals("search") ? roll(3) : roll(2)) {
            case 0 -> putQuery(function, body, query);
            case 1 -> {
                ObjectNode bool = NODES.objectNode();
                bool.putObject("bool").putArray("filter").add(query);
                putQuery(function, body, bool);
                field = "query.bool.filter[0]";
            }
            default -> {
                body.putObject("aggs").putObject("f").set("filter", query);
                field = "aggs.f.filter";
            }
        }
        String path = field + "." + reads;
        if (kind.equals("wrapper")) {
            return new Special(path + " (base64)", "", new Expected("", 400, "invalid_field", "'" + path + "'"));
        }
        if (other.startsWith("hostile-") || !secretsUnreadable) {
            return new Special(path + " = " + other, null, null);
        }
        return new Special(path + " = " + other, "", new Expected("", 403, "index_not_allowed", "'" + path + "'"));
    }

    private String mutate(String function, ObjectNode body) {
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "index" : fields.get(roll(fields.size()));
        switch (roll(9)) {
            case 0, 1 -> {
                body.set(field, anyJson());
                return field + " = any JSON";
            }
            case 2, 3 -> {
                body.put(field, nastyString());
                return field + " = a nasty string";
            }
            case 4 -> {
                String unknown = roll(2) == 0 || field.isEmpty() ? nastyString()
                        : field.substring(0, 1).toUpperCase() + field.substring(1);
                body.set(unknown, anyJson());
                return "added field '" + unknown + "'";
            }
            case 5 -> {
                body.remove(field);
                return "removed " + field;
            }
            case 6 -> {
                String list = switch (function) {
                    case "upsert" -> "docs";
                    case "delete" -> "ids";
                    case "batch" -> "operations";
                    default -> "sort";
                };
                ArrayNode many = body.putArray(list);
                for (int i = 0, n = 1000 + roll(2000); i < n; i++) {
                    many.add(function.equals("upsert") ? NODES.objectNode().put("_id", i) : NODES.numberNode(i));
                }
                return list + " made " + many.size() + " long";
            }
            case 7 -> {
                if (cursors.isEmpty()) {
                    return "no cursor";
                }
                String cursor = cursors.get(roll(cursors.size()));
                if (roll(3) == 0 && cursor.length() > 10) {
                    int at = roll(cursor.length());
                    cursor = cursor.substring(0, at) + (cursor.charAt(at) == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
                }
                body.put("cursor", cursor);
                return "cursor from another call";
            }
            default -> {
                body.put("index", nastyString());
                return "index = a nasty string";
            }
        }
    }

    private ObjectNode valid(String function) {
        ObjectNode body = NODES.objectNode();
        switch (function) {
            case "search" -> body.put("index", index).put("size", 2).set("query", matchAll());
            case "upsert" -> body.put("index", index).putArray("docs").addObject().put("_id", "1").put("n", 1);
            case "delete" -> body.put("index", index).putArray("ids").add("1");
            case "scan" -> body.put("index", index).put("size", 2).set("slice",
                    NODES.objectNode().put("id", 0).put("max", 2));
            case "plan" -> body.put("index", index).put("maxSlices", 2);
            case "copy" -> body.put("index", index).put("target", index + "-copy").put("maxDurationMs", 1000)
                    .put("size", 10);
            default -> body.putArray("operations").addObject().set("search", NODES.objectNode().put("index", index));
        }
        return body;
    }

    private static ObjectNode matchAll() {
        return NODES.objectNode().set("match_all", NODES.objectNode());
    }

    private int roll(int sides) {
        return sides <= 1 ? 0 : random.nextInt(sides);
    }

    private static String write(JsonNode node) {
        try {
            return WIRE.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any characters; control characters; lone or paired surrogates; or a name chosen to get past a check. */
    private String nastyString() {
        return switch (roll(4)) {
            case 0 -> characters(roll(31), Character.MIN_VALUE, Character.MAX_VALUE);
            case 1 -> characters(1 + roll(5), '\u0000', '\u001f');
            case 2 -> characters(1 + roll(3), '\ud800', '\udfff');
            default -> NASTY_NAMES.get(roll(NASTY_NAMES.size()));
        };
    }

    private String characters(int length, char from, char to) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(from, to + 1));
        }
        return text.toString();
    }

    private JsonNode anyJson() {
        return switch (roll(8)) {
            case 0 -> NODES.textNode(nastyString());
            case 1 -> NASTY_NUMBERS.get(roll(NASTY_NUMBERS.size()));
            case 2 -> NODES.booleanNode(roll(2) == 0);
            case 3 -> NODES.nullNode();
            case 4 -> new ObjectMapper().valueToTree(QUERIES.get(roll(QUERIES.size())));
            case 5 -> nested(roll(301));
            default -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0, n = roll(51); i < n; i++) {
                    array.add(i % 2 == 0 ? NODES.textNode("x" + i) : NODES.numberNode(i));
                }
                yield array;
            }
        };
    }

    private static JsonNode nested(int depth) {
        JsonNode node = NODES.objectNode();
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }
}

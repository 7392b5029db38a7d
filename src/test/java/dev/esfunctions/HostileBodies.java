package dev.esfunctions;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
 * scan), sometimes truncated, sometimes not an object at all. Strings go over the wire with every non-ASCII
 * character escaped, so that NUL and lone surrogates arrive as the caller wrote them.
 */
public final class HostileBodies {

    public static final List<String> FUNCTIONS = List.of("search", "upsert", "delete", "scan", "copy", "plan",
            "batch");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper WIRE = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** One body to send: the function, the bytes as text, and what was done to the valid body. */
    public record Body(String function, String text, String mutations) {
    }

    private final String index;
    private final List<String> cursors;
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
     * scans, of this index and others) to pass around, from {@code seed}.
     */
    public HostileBodies(long seed, String index, List<String> cursors) {
        this.random = new SplittableRandom(seed);
        this.index = index;
        this.cursors = List.copyOf(cursors);
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
        StringBuilder mutations = new StringBuilder();
        int times = 1 + roll(3);
        for (int i = 0; i < times; i++) {
            mutations.append(mutate(function, valid)).append("; ");
        }
        String text = write(valid);
        int shape = roll(100);
        if (shape < 6) {
            text = text.substring(0, roll(text.length()));
            mutations.append("truncated");
        } else if (shape < 9) {
            text = write(anyJson());
            mutations.append("not an object");
        } else if (shape < 10) {
            text = "[".repeat(3000) + "]".repeat(3000);
            mutations.append("nested 3,000 deep");
        }
        return new Body(function, text, mutations.toString());
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

package dev.esfunctions.cluster;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Elasticsearch's shard failures ({@code _shards.failures}), said in a line: each index, shard, type and reason. */
public final class ShardFailures {

    /** Failures listed in full; the rest are counted. */
    private static final int LISTED = 5;

    private ShardFailures() {
    }

    public static String describe(JsonNode failures) {
        List<String> described = new ArrayList<>();
        for (JsonNode failure : failures) {
            if (described.size() == LISTED) {
                described.add("and " + (failures.size() - LISTED) + " more");
                break;
            }
            JsonNode reason = failure.path("reason");
            described.add(failure.path("index").asText("?") + "[" + failure.path("shard").asText("?") + "]: "
                    + reason.path("type").asText("unknown") + ": " + reason.path("reason").asText(""));
        }
        return String.join("; ", described);
    }
}

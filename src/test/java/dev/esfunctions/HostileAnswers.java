package dev.esfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** What an answer to a hostile body may be: a result, or the error contract with a 4xx, or the cluster's 503. */
public final class HostileAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileAnswers() {
    }

    /** Null when the answer keeps the contract; otherwise what is wrong with it. */
    public static String problem(int status, String body) {
        JsonNode answer = json(body);
        if (status < 400) {
            return answer.isObject() ? null : "a result that is not a JSON object";
        }
        if (status >= 500 && status != 503) {
            return "a server error";
        }
        JsonNode error = answer.path("error");
        if (error.path("status").asInt() != status) {
            return "the error contract's status is not the answer's";
        }
        if (error.path("type").asText("").isBlank() || error.path("reason").asText("").isBlank()) {
            return "an error without a type or a reason";
        }
        return null;
    }

    public static JsonNode json(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }
}

package dev.esfunctions.scan;

import org.elasticsearch.client.Request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.esfunctions.cluster.Distribution;
import dev.esfunctions.cluster.Endpoints;

/**
 * The point-in-time API as each distribution serves it: Elasticsearch's {@code _pit}, OpenSearch's
 * {@code _search/point_in_time}. Searching through one is the same on both ({@code "pit": {"id": ...}}), and so is
 * slicing it.
 */
final class PointInTimeApi {

    private PointInTimeApi() {
    }

    static Request open(Distribution distribution, String index, String keepAlive) {
        Request request = new Request("POST", Endpoints.of(index, distribution == Distribution.OPENSEARCH
                ? "_search/point_in_time" : "_pit"));
        request.addParameter("keep_alive", keepAlive);
        return request;
    }

    static String openedId(Distribution distribution, JsonNode answer) {
        return answer.path(distribution == Distribution.OPENSEARCH ? "pit_id" : "id").asText();
    }

    static Request close(Distribution distribution, String id) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (distribution == Distribution.OPENSEARCH) {
            Request request = new Request("DELETE", "/_search/point_in_time");
            request.setJsonEntity(json.objectNode().set("pit_id", json.arrayNode().add(id)).toString());
            return request;
        }
        Request request = new Request("DELETE", "/_pit");
        request.setJsonEntity(json.objectNode().put("id", id).toString());
        return request;
    }
}

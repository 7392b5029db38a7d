package dev.esfunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Direct access to the test cluster, to arrange data and to check what the functions did to it. */
@ApplicationScoped
public class TestCluster {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;

    TestCluster(RestClient client) {
        this.client = client;
    }

    /** Deletes the index if it exists and creates it with the given mappings (a JSON object). */
    public void recreateIndex(String index, String mappings) {
        deleteIndex(index);
        perform("PUT", "/" + index, "{\"mappings\": " + mappings + "}");
    }

    /** Deletes the index if it exists and creates it with the given body ({@code {"settings": ..., "mappings": ...}}). */
    public void recreateIndexWith(String index, String body) {
        deleteIndex(index);
        perform("PUT", "/" + index, body);
    }

    public void deleteIndex(String index) {
        try {
            client.performRequest(new Request("DELETE", "/" + index));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void index(String index, String id, String document) {
        perform("PUT", "/" + index + "/_doc/" + id, document);
    }

    /** Indexes {@code count} documents, {@code document(i)} under id {@code i}, with _bulk, and refreshes. */
    public void bulkIndex(String index, int count, IntFunction<String> document) {
        for (int from = 0; from < count; from += 5000) {
            StringBuilder ndjson = new StringBuilder();
            for (int i = from; i < Math.min(count, from + 5000); i++) {
                ndjson.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n").append(document.apply(i)).append('\n');
            }
            Request request = new Request("POST", "/" + index + "/_bulk");
            request.setEntity(new NStringEntity(ndjson.toString(),
                    ContentType.create("application/x-ndjson")));
            try {
                JsonNode answer = JSON.readTree(client.performRequest(request).getEntity().getContent());
                if (answer.path("errors").asBoolean()) {
                    throw new IllegalStateException("bulk indexing failed: " + answer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        refresh(index);
    }

    public void refresh(String index) {
        perform("POST", "/" + index + "/_refresh", null);
    }

    public long count(String index) {
        refresh(index);
        return perform("GET", "/" + index + "/_count", null).path("count").asLong();
    }

    /** The documents of the index as last refreshed; 0 while the index does not answer. */
    public long countWithoutRefresh(String index) {
        try {
            return perform("GET", "/" + index + "/_count", null).path("count").asLong();
        } catch (UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * The point-in-times open on the (single) node: OpenSearch counts them ({@code point_in_time_current});
     * Elasticsearch 9 counts them among its open search contexts ({@code open_contexts}), which the functions use
     * for nothing else.
     */
    public int openPointInTimes() {
        JsonNode search = perform("GET", "/_nodes/stats/indices/search", null).path("nodes").elements().next()
                .path("indices").path("search");
        return search.has("point_in_time_current") ? search.path("point_in_time_current").asInt()
                : search.path("open_contexts").asInt();
    }

    /** How many of {@code ids} the index holds. */
    public long countIds(String index, java.util.Collection<String> ids) {
        refresh(index);
        com.fasterxml.jackson.databind.node.ObjectNode query = JSON.createObjectNode();
        ids.forEach(query.putObject("query").putObject("ids").putArray("values")::add);
        return perform("POST", "/" + index + "/_count", query.toString()).path("count").asLong();
    }

    /** The stored source of a document, or null when it does not exist. */
    public JsonNode source(String index, String id) {
        JsonNode document = get(index, id);
        return document == null ? null : document.get("_source");
    }

    /** The stored source of a document as the cluster holds its bytes, not parsed. */
    public String rawSource(String index, String id) {
        try {
            return EntityUtils.toString(client.performRequest(new Request("GET", "/" + index + "/_source/" + id))
                    .getEntity(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Elasticsearch's GET answer for a document (with _seq_no, _primary_term, _routing), or null when absent. */
    public JsonNode get(String index, String id) {
        try {
            return perform("GET", "/" + index + "/_doc/" + id, null);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Whether a search can still use this point-in-time (Elasticsearch answers 404 once it is closed or expired). */
    public boolean pointInTimeIsOpen(String id) {
        try {
            perform("POST", "/_search", "{\"size\": 0, \"pit\": {\"id\": \"" + id + "\"}}");
            return true;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The name the cluster's distribution goes by, as its {@code GET /} says it. */
    public String product() {
        Request about = new Request("GET", "/");
        about.addParameter("ignore", "405");
        try {
            return "opensearch".equals(JSON.readTree(client.performRequest(about).getEntity().getContent())
                    .path("version").path("distribution").asText()) ? "OpenSearch" : "Elasticsearch";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes a point-in-time with the API of the cluster's distribution. */
    public void closePointInTime(String id) {
        if ("OpenSearch".equals(product())) {
            perform("DELETE", "/_search/point_in_time", "{\"pit_id\": [\"" + id + "\"]}");
        } else {
            perform("DELETE", "/_pit", "{\"id\": \"" + id + "\"}");
        }
    }

    public JsonNode perform(String method, String endpoint, String json) {
        Request request = new Request(method, endpoint);
        if (json != null) {
            request.setJsonEntity(json);
        }
        try {
            Response response = client.performRequest(request);
            return JSON.readTree(response.getEntity().getContent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.esfunctions;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;

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

    public void refresh(String index) {
        perform("POST", "/" + index + "/_refresh", null);
    }

    public long count(String index) {
        refresh(index);
        return perform("GET", "/" + index + "/_count", null).path("count").asLong();
    }

    /** The stored source of a document, or null when it does not exist. */
    public JsonNode source(String index, String id) {
        JsonNode document = get(index, id);
        return document == null ? null : document.get("_source");
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

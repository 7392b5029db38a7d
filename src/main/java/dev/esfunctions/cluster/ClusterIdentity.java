package dev.esfunctions.cluster;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.smallrye.mutiny.Uni;

/**
 * What the cluster says it is, and its version, asked once per process and only when it is first needed (no setting,
 * no cost to a start-up or to the functions that do not need it): where an API differs, and to name the server in
 * the errors of answers that do not name it themselves. Elasticsearch names itself in the {@code X-elastic-product}
 * header of every answer (7.14 on), even to a {@code GET /} that a minimal distribution or a restricted user is
 * refused; OpenSearch says {@code "distribution": "opensearch"} in its {@code GET /}. An answer that says neither is
 * taken for an older Elasticsearch. A failure to ask is not remembered: the next call asks again.
 */
@ApplicationScoped
public class ClusterIdentity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchGateway gateway;
    private final AtomicReference<Server> known = new AtomicReference<>();

    ClusterIdentity(ElasticsearchGateway gateway) {
        this.gateway = gateway;
    }

    /** What the cluster said it is, where it has been asked already; never asks. */
    public Optional<Server> known() {
        return Optional.ofNullable(known.get());
    }

    public Uni<Server> server() {
        Server server = known.get();
        if (server != null) {
            return Uni.createFrom().item(server);
        }
        Request request = new Request("GET", "/");
        // Refusals still name the product: the low-level client hands them over as answers.
        request.addParameter("ignore", "401,403,404,405");
        return gateway.response(request).map(ClusterIdentity::server).invoke(known::set);
    }

    static Server server(Response response) {
        JsonNode version;
        try {
            version = response.getEntity() == null ? MissingNode.getInstance()
                    : JSON.readTree(EntityUtils.toByteArray(response.getEntity())).path("version");
        } catch (IOException unreadable) {
            version = MissingNode.getInstance();
        }
        boolean openSearch = !saysElasticsearch(response)
                && "opensearch".equals(version.path("distribution").asText());
        return Server.of(openSearch ? Distribution.OPENSEARCH : Distribution.ELASTICSEARCH,
                version.path("number").asText());
    }

    /** Whether the answer names Elasticsearch, as every answer of Elasticsearch 7.14 on does; OpenSearch never does. */
    static boolean saysElasticsearch(Response response) {
        return Distribution.ELASTICSEARCH.product().equals(response.getHeader("X-elastic-product"));
    }
}

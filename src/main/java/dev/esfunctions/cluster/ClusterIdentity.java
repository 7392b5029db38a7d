package dev.esfunctions.cluster;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * What the cluster says it is, asked once per process and only when an API that differs is first needed (no setting,
 * no cost to a start-up or to the functions that do not need it). Elasticsearch names itself in the
 * {@code X-elastic-product} header of every answer (7.14 on), even to a {@code GET /} that a minimal distribution
 * or a restricted user is refused; OpenSearch says {@code "distribution": "opensearch"} in its {@code GET /}. An
 * answer that says neither is taken for an older Elasticsearch. A failure to ask is not remembered: the next call
 * asks again.
 */
@ApplicationScoped
public class ClusterIdentity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchGateway gateway;
    private final AtomicReference<Distribution> known = new AtomicReference<>();

    ClusterIdentity(ElasticsearchGateway gateway) {
        this.gateway = gateway;
    }

    public Uni<Distribution> distribution() {
        Distribution distribution = known.get();
        if (distribution != null) {
            return Uni.createFrom().item(distribution);
        }
        Request request = new Request("GET", "/");
        // Refusals still name the product: the low-level client hands them over as answers.
        request.addParameter("ignore", "401,403,404,405");
        return gateway.response(request).map(ClusterIdentity::distribution).invoke(known::set);
    }

    static Distribution distribution(Response response) {
        if ("Elasticsearch".equals(response.getHeader("X-elastic-product"))) {
            return Distribution.ELASTICSEARCH;
        }
        try {
            String said = response.getEntity() == null ? ""
                    : JSON.readTree(EntityUtils.toByteArray(response.getEntity())).path("version").path("distribution")
                            .asText();
            return "opensearch".equals(said) ? Distribution.OPENSEARCH : Distribution.ELASTICSEARCH;
        } catch (IOException unreadable) {
            return Distribution.ELASTICSEARCH;
        }
    }
}

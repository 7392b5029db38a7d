package dev.esfunctions.elasticsearch;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.elasticsearch.client.Cancellable;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import dev.esfunctions.observability.RequestIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * The one way requests reach Elasticsearch: the low-level client's asynchronous call as a {@link Uni}, bounded by
 * {@code es-functions.request-timeout}, cancelled when the subscriber goes away, failing with a {@link FunctionException}.
 */
@ApplicationScoped
public class ElasticsearchGateway {

    private static final Logger LOG = Logger.getLogger(ElasticsearchGateway.class);

    /** The error type of a request that Elasticsearch did not answer in time: it may have been applied. */
    static final String TIMEOUT = "cluster_timeout";

    private final RestClient client;
    private final ObjectMapper mapper;
    private final EsFunctionsConfig config;
    private final MeterRegistry registry;

    ElasticsearchGateway(RestClient client, ObjectMapper mapper, EsFunctionsConfig config, MeterRegistry registry) {
        this.client = client;
        this.mapper = mapper;
        this.config = config;
        this.registry = registry;
    }

    /** Sends the request and parses the JSON answer. */
    public Uni<JsonNode> perform(Request request) {
        Timer.Sample sample = Timer.start(registry);
        return Uni.createFrom().<Response> emitter(emitter -> {
            // The answer arrives on the client's I/O thread, where what follows runs: it keeps the caller's request id.
            String requestId = RequestIds.current();
            Cancellable call = client.performRequestAsync(request, new ResponseListener() {
                @Override
                public void onSuccess(Response response) {
                    RequestIds.with(requestId, () -> emitter.complete(response));
                }

                @Override
                public void onFailure(Exception exception) {
                    RequestIds.with(requestId, () -> emitter.fail(exception));
                }
            });
            emitter.onTermination(call::cancel);
        })
                .ifNoItem().after(config.requestTimeout()).failWith(() -> new FunctionException(503, TIMEOUT,
                        "Elasticsearch did not answer " + request.getMethod() + " " + request.getEndpoint() + " within "
                                + config.requestTimeout().toMillis() + " ms (es-functions.request-timeout)"))
                .map(this::readJson)
                .onFailure().transform(Failures::map)
                .onItemOrFailure().invoke((answer, failure) -> {
                    String status = failure == null ? "200" : failure instanceof FunctionException e
                            ? Integer.toString(e.status()) : "failed";
                    long nanos = sample.stop(Timer.builder("esfunctions.cluster.requests")
                            .description("Requests to the cluster and their latency, by method and status")
                            .tag("method", request.getMethod()).tag("status", status).register(registry));
                    LOG.debugf("%s %s answered %s in %d ms", request.getMethod(), request.getEndpoint(), status,
                            nanos / 1_000_000);
                });
    }

    private JsonNode readJson(Response response) {
        try (InputStream body = response.getEntity().getContent()) {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new FunctionException(502, "bad_cluster_answer", "Elasticsearch's answer could not be read: " + e);
        }
    }
}

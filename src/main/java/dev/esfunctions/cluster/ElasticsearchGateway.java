package dev.esfunctions.cluster;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.elasticsearch.client.Cancellable;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.Failures;
import dev.esfunctions.errors.FunctionException;
import io.smallrye.mutiny.Uni;

/**
 * The one way requests reach Elasticsearch: the low-level client's asynchronous call as a {@link Uni}, bounded by
 * {@code es-functions.request-timeout}, cancelled when the subscriber goes away, failing with a {@link FunctionException}.
 */
@ApplicationScoped
public class ElasticsearchGateway {

    /** The error type of a request that Elasticsearch did not answer in time: it may have been applied. */
    public static final String TIMEOUT = "cluster_timeout";

    private final RestClient client;
    private final ObjectMapper mapper;
    private final EsFunctionsConfig config;
    private final Instance<ClusterListener> listeners;

    ElasticsearchGateway(RestClient client, ObjectMapper mapper, EsFunctionsConfig config,
            Instance<ClusterListener> listeners) {
        this.client = client;
        this.mapper = mapper;
        this.config = config;
        this.listeners = listeners;
    }

    /** Sends the request and parses the JSON answer. */
    public Uni<JsonNode> perform(Request request) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return Uni.createFrom().<Response> emitter(emitter -> {
                Cancellable call = client.performRequestAsync(request, new ResponseListener() {
                    @Override
                    public void onSuccess(Response response) {
                        emitter.complete(response);
                    }

                    @Override
                    public void onFailure(Exception exception) {
                        emitter.fail(exception);
                    }
                });
                emitter.onTermination(call::cancel);
            })
                    .ifNoItem().after(config.requestTimeout()).failWith(() -> new FunctionException(503, TIMEOUT,
                            "Elasticsearch did not answer " + request.getMethod() + " " + request.getEndpoint()
                                    + " within " + config.requestTimeout().toMillis() + " ms (es-functions.request-timeout)"))
                    .map(this::readJson)
                    .onFailure().transform(Failures::map)
                    .onItemOrFailure().invoke((answer, failure) -> {
                        String status = failure == null ? "200" : failure instanceof FunctionException e
                                ? Integer.toString(e.status()) : "failed";
                        long nanos = System.nanoTime() - start;
                        listeners.forEach(listener -> listener.answered(request, status, nanos));
                    });
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

package dev.esfunctions.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.http.client.config.RequestConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.elasticsearch.client.Cancellable;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.esfunctions.EsFunctionsConfig;
import dev.esfunctions.errors.ClusterFailure;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The one way requests reach Elasticsearch: the low-level client's asynchronous call as a {@link Uni}.
 * <ul>
 * <li>At most as many requests are in flight, across all calls, as the client has connections to the cluster: a
 * request waits for a connection here, before its timeout starts, rather than in the client's pool while it runs.
 * A request that gets no connection by its deadline is never sent ({@link ClusterFailure.Kind#NOT_SENT}).</li>
 * <li>Each request is answered within {@code es-functions.request-timeout}, or fails as sent and unanswered; the
 * client's socket timeout is set above it, so that it never pre-empts it with a vaguer failure.</li>
 * <li>Failures come out typed by the request's fate ({@link ClusterFailure}), an error answer named after the server
 * that gave it; the answer is parsed off the client's I/O threads, which serve every connection, unless it is a
 * small answer to a search ({@link #performBrief}).</li>
 * </ul>
 */
@ApplicationScoped
public class ElasticsearchGateway {

    /** The socket timeout's margin over the request timeout: it only catches what the request timeout cannot. */
    private static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(5);

    /**
     * The cluster's answers are read with a reader of their own: the application's mapper reads the callers'
     * bodies, and turns what it cannot read into the caller's 400.
     */
    private static final ObjectReader ANSWERS = new ObjectMapper().reader();

    /** A search of 10 hits of 1 KB answers about 10 KB: an answer of a few dozen hits at most is read in place. */
    private static final int READ_IN_PLACE_BYTES = 64 * 1024;

    private final RestClient client;
    private final MemoryBudget memory;
    private final ClusterCredential credential;
    private final Duration requestTimeout;
    private final Instance<ClusterListener> listeners;
    private final Permits inFlight;
    private final String poolSetting;
    private final RequestOptions options;
    private final ClusterIdentity identity;
    private final SigV4Signing signing;
    private final RequestTraces traces;

    ElasticsearchGateway(RestClient client, EsFunctionsConfig config, MemoryBudget memory, SigV4Signing signing,
            ClusterCredential credential, Instance<ClusterListener> listeners, ClusterIdentity identity,
            RequestTraces traces,
            @ConfigProperty(name = "quarkus.elasticsearch.hosts") List<String> hosts,
            @ConfigProperty(name = "quarkus.elasticsearch.max-connections", defaultValue = "20") int maxConnections,
            @ConfigProperty(name = "quarkus.elasticsearch.max-connections-per-route", defaultValue = "10") int perHost,
            @ConfigProperty(name = "quarkus.elasticsearch.connection-timeout", defaultValue = "1S") Duration connectTimeout) {
        this.client = client;
        this.memory = memory;
        this.credential = credential;
        this.signing = signing;
        this.requestTimeout = config.requestTimeout();
        this.listeners = listeners;
        this.identity = identity;
        this.traces = traces;
        int connections = Math.min(maxConnections, perHost * hosts.size());
        this.inFlight = new Permits(connections);
        this.poolSetting = connections + " (quarkus.elasticsearch.max-connections " + maxConnections
                + ", max-connections-per-route " + perHost + " for " + hosts.size() + " host(s))";
        // Mutiny's scheduler keeps a cancelled timer queued until it would have fired, and with it what its task
        // holds: every request's timeout and every wait for a connection is cancelled once answered or started.
        if (Infrastructure.getDefaultWorkerPool() instanceof ScheduledThreadPoolExecutor scheduler) {
            scheduler.setRemoveOnCancelPolicy(true);
        }
        this.options = RequestOptions.DEFAULT.toBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setConnectionRequestTimeout((int) connectTimeout.toMillis())
                .setSocketTimeout((int) requestTimeout.plus(SOCKET_TIMEOUT_MARGIN).toMillis())
                .build()).build();
    }

    /** How an answer's body becomes what the caller reads: on a worker thread, never the client's I/O thread. */
    @FunctionalInterface
    public interface AnswerReader<T> {
        T read(byte[] body) throws IOException;
    }

    /**
     * Sends a request that reads, waiting at most {@code es-functions.request-timeout} for a connection, and parses
     * the answer. An answer the {@link MemoryBudget} cannot hold now fails the call as refused for now (503 with
     * {@code Retry-After}): a read changed nothing, and may be sent again.
     */
    public Uni<JsonNode> perform(Request request) {
        return perform(request, ANSWERS::readTree);
    }

    /** As {@link #perform(Request)}, the answer read by {@code reader}. */
    public <T> Uni<T> perform(Request request, AnswerReader<T> reader) {
        return perform(request, System.nanoTime() + requestTimeout.toNanos(), reader);
    }

    /**
     * Sends a request that reads unless no connection came free by {@code startBeforeNanos} (a
     * {@link System#nanoTime()}: the caller's deadline), and parses the answer as a tree.
     */
    public Uni<JsonNode> perform(Request request, long startBeforeNanos) {
        return perform(request, startBeforeNanos, ANSWERS::readTree);
    }

    /** As {@link #perform(Request, long)}, the answer read by {@code reader}. */
    public <T> Uni<T> perform(Request request, long startBeforeNanos, AnswerReader<T> reader) {
        return exchange(request, startBeforeNanos, true, false, reader);
    }

    /**
     * As {@link #perform(Request, AnswerReader)}, for a caller that does little with what it reads before it answers
     * (a search): an answer of at most {@value #READ_IN_PLACE_BYTES} bytes is read, and handed on, on the client's
     * I/O thread that received it. Reading it costs less than the hand-off to a worker thread that it spares: the
     * time a search spent in the function besides the cluster's answer fell from 0.46 to 0.61 ms to 0.37 to 0.44 ms
     * (means of 3,000 searches, interleaved runs). A larger answer is read on a worker thread.
     */
    public <T> Uni<T> performBrief(Request request, AnswerReader<T> reader) {
        return exchange(request, System.nanoTime() + requestTimeout.toNanos(), true, true, reader);
    }

    /**
     * As {@link #perform(Request, long)}, for a request that changes the cluster, or whose answer says what a change
     * in progress did: it is read whatever the memory budget holds (the writer made room for it before sending).
     */
    public Uni<JsonNode> write(Request request, long startBeforeNanos) {
        return write(request, startBeforeNanos, ANSWERS::readTree);
    }

    /** As {@link #write(Request, long)}, the answer read by {@code reader}. */
    public <T> Uni<T> write(Request request, long startBeforeNanos, AnswerReader<T> reader) {
        return exchange(request, startBeforeNanos, false, false, reader);
    }

    /** As {@link #write(Request, long)}, waiting at most {@code es-functions.request-timeout} for a connection. */
    public Uni<JsonNode> write(Request request) {
        return write(request, System.nanoTime() + requestTimeout.toNanos());
    }

    private <T> Uni<T> exchange(Request request, long startBeforeNanos, boolean read, boolean brief,
            AnswerReader<T> reader) {
        return Uni.createFrom().deferred(() -> {
            AnswerHold answer = new AnswerHold(memory, read, ClusterFailures.call(request));
            return response(request, startBeforeNanos, answer, brief).map(response -> read(response, reader))
                    .onFailure(ElasticsearchGateway::unnamedAnswer).recoverWithUni(this::named)
                    .onTermination().invoke(answer::release);
        });
    }

    private static boolean unnamedAnswer(Throwable failure) {
        return failure instanceof ClusterFailure typed && typed.kind() == ClusterFailure.Kind.ANSWERED
                && typed.server() == null;
    }

    /**
     * An error answer named after the server that gave it, where the answer did not say (OpenSearch never does):
     * what the cluster said it is, asked once; left unnamed where it cannot be asked.
     */
    private <T> Uni<T> named(Throwable failure) {
        ClusterFailure unnamed = (ClusterFailure) failure;
        return identity.server().onItemOrFailure().transformToUni((server, unknown) -> Uni.createFrom().failure(
                server == null ? unnamed : unnamed.answeredBy(server.distribution().product())));
    }

    private ClusterFailure notSent(Request request) {
        return new ClusterFailure(ClusterFailure.Kind.NOT_SENT, ClusterFailures.call(request), 0, "cluster_busy",
                "no connection to the cluster came free before the deadline: every one of the " + poolSetting
                        + " was busy with other requests; " + ClusterFailures.call(request) + " was not sent", null);
    }

    /**
     * The answer itself, for what its headers say ({@link ClusterIdentity}), on a worker thread; waits at most
     * {@code es-functions.request-timeout} for a connection.
     */
    Uni<Response> response(Request request) {
        return Uni.createFrom().deferred(() -> {
            // What the cluster is, asked once for every later call: never refused (its answer is a few hundred bytes).
            AnswerHold answer = new AnswerHold(memory, false, ClusterFailures.call(request));
            return response(request, System.nanoTime() + requestTimeout.toNanos(), answer, false)
                    .onTermination().invoke(answer::release);
        });
    }

    /**
     * Sent once a connection is free, unless none is by {@code startBeforeNanos}; answered off the I/O threads, unless
     * it is {@code brief} and its answer at most {@value #READ_IN_PLACE_BYTES} bytes long. Its trace spans the wait for
     * a connection and every sending, and is carried to the cluster with the request.
     */
    private Uni<Response> response(Request request, long startBeforeNanos, AnswerHold answer, boolean brief) {
        Long answerBy = CallDeadline.answerBy();
        boolean callEndsFirst = answerBy != null && answerBy - startBeforeNanos < 0;
        RequestTraces.RequestTrace trace = traces.started(request);
        Uni<Response> sent = prepared(request, answer, trace)
                .chain(() -> inFlight.run(() -> send(request, answerBy, trace),
                        callEndsFirst ? answerBy : startBeforeNanos,
                        () -> callEndsFirst ? outOfTime(request) : notSent(request)));
        // A stage costs every request a context snapshot and its restoring: none for a trace where tracing is off.
        if (trace != RequestTraces.RequestTrace.NONE) {
            sent = sent.onTermination().invoke((response, failure, cancelled) -> trace.ended(
                    response == null ? 0 : response.getStatusLine().getStatusCode(),
                    cancelled ? new CancellationException() : failure,
                    response == null || response.getEntity() == null ? -1 : response.getEntity().getContentLength()));
        }
        if (!brief) {
            return sent.emitOn(Infrastructure.getDefaultWorkerPool());
        }
        return sent.onItem().transformToUni(response -> {
            Uni<Response> answered = Uni.createFrom().item(response);
            return readInPlace(response) ? answered : answered.emitOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    private static boolean readInPlace(Response response) {
        long length = response.getEntity() == null ? 0 : response.getEntity().getContentLength();
        return length >= 0 && length <= READ_IN_PLACE_BYTES;
    }

    /**
     * The request's options, signed when {@link SigV4Signing} signs: then on a worker thread, as signing hashes the
     * body and may resolve credentials over the network, and before the request waits for a connection, so that it
     * holds none while it is hashed. An AWS endpoint is one host ({@link SigV4Signing} refuses more), the one the
     * signature's {@code Host} names. The trace's headers are in place before: a signed request is sent as signed.
     */
    private Uni<Request> prepared(Request request, AnswerHold answer, RequestTraces.RequestTrace trace) {
        RequestOptions.Builder base = options.toBuilder().setHttpAsyncResponseConsumerFactory(answer);
        trace.headers(base::addHeader);
        if (!signing.signing()) {
            request.setOptions(base);
            return Uni.createFrom().item(request);
        }
        return Uni.createFrom().item(() -> {
            request.setOptions(signing.signed(request, client.getNodes().get(0).getHost(), base));
            return request;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static ClusterFailure outOfTime(Request request) {
        return new ClusterFailure(ClusterFailure.Kind.NOT_SENT, ClusterFailures.call(request), 0,
                ClusterFailure.OUT_OF_TIME,
                "the call's time ran out before " + ClusterFailures.call(request) + " could start: the platform ends "
                        + "the call at es-functions.platform.invocation-timeout, and its last "
                        + "es-functions.platform.answer-time is kept to answer; it was not sent", null);
    }

    /** How many requests may be in flight to the cluster at once, across all calls. */
    public int inFlightLimit() {
        return inFlight.limit();
    }

    /**
     * Whether the client can still send: its I/O reactor thread ends for good when an error escapes it (an
     * {@link OutOfMemoryError} while it reads an answer, say), and the client with it.
     */
    public boolean clientRunning() {
        return client.isRunning();
    }

    /**
     * Sent to one node ({@link ClusterClient}); sent again at once to another when it reached none (the connection
     * was refused or never opened), which is harmless whatever the request, up to once per node. Anything else is for
     * the caller to judge: the request may have been applied.
     */
    private Uni<Response> send(Request request, Long answerBy, RequestTraces.RequestTrace trace) {
        Uni<Response> attempt = attempt(request, answerBy, trace);
        int otherNodes = client.getNodes().size() - 1;
        return otherNodes < 1 ? attempt
                : attempt.onFailure(ElasticsearchGateway::reachedNoNode).retry().atMost(otherNodes);
    }

    private static boolean reachedNoNode(Throwable failure) {
        return failure instanceof ClusterFailure typed && typed.kind() == ClusterFailure.Kind.NOT_SENT
                && ClusterFailures.UNREACHABLE.equals(typed.type());
    }

    /**
     * One sending, answered within {@code es-functions.request-timeout} or by the call's deadline ({@code answerBy},
     * a {@link System#nanoTime()} or null), whichever comes first.
     */
    private Uni<Response> attempt(Request request, Long answerBy, RequestTraces.RequestTrace trace) {
        return Uni.createFrom().deferred(() -> {
            if (!client.isRunning()) {
                return Uni.createFrom().failure(new ClusterFailure(ClusterFailure.Kind.NOT_SENT,
                        ClusterFailures.call(request), 0, "client_stopped", "this instance's connection to the "
                                + "cluster has stopped (its I/O thread ended) and cannot send until the instance is "
                                + "restarted, which its liveness check asks for; " + ClusterFailures.call(request)
                                + " was not sent", null));
            }
            trace.attempted();
            long start = System.nanoTime();
            long timeLeft = answerBy == null ? Long.MAX_VALUE : answerBy - start;
            if (timeLeft <= 0) {
                return Uni.createFrom().failure(outOfTime(request));
            }
            boolean callEndsFirst = timeLeft < requestTimeout.toNanos();
            Duration timeout = callEndsFirst ? Duration.ofNanos(timeLeft) : requestTimeout;
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
                    .ifNoItem().after(timeout).failWith(() -> ClusterFailures.noAnswer(
                            ClusterFailures.call(request), "cluster_timeout", "Elasticsearch did not answer "
                                    + ClusterFailures.call(request) + " within " + timeout.toMillis() + " ms ("
                                    + (callEndsFirst ? "the time left before the platform's limit on the call, "
                                            + "es-functions.platform.invocation-timeout less its answer-time"
                                            : "es-functions.request-timeout")
                                    + "); it may have applied the request", null))
                    .onFailure().transform(failure -> {
                        ClusterFailure typed = ClusterFailures.classify(failure, request, signing.signing());
                        return typed != null ? credential.explain(typed) : failure;
                    })
                    .onItemOrFailure().invoke((answer, failure) -> {
                        String outcome = failure == null ? Integer.toString(answer.getStatusLine().getStatusCode())
                                : outcome(failure);
                        long nanos = System.nanoTime() - start;
                        listeners.forEach(listener -> listener.answered(request, outcome, nanos));
                    });
        });
    }

    private static String outcome(Throwable failure) {
        if (failure instanceof ClusterFailure typed) {
            return typed.kind() == ClusterFailure.Kind.ANSWERED ? Integer.toString(typed.status()) : typed.type();
        }
        return "failed";
    }

    private static <T> T read(Response response, AnswerReader<T> reader) {
        try {
            return reader.read(AnswerHold.bytes(response.getEntity()));
        } catch (IOException e) {
            throw new ClusterFailure(ClusterFailure.Kind.UNREADABLE_ANSWER, response.getRequestLine().getMethod() + " "
                    + response.getRequestLine().getUri(), 0, "bad_cluster_answer", "Elasticsearch's answer to "
                    + response.getRequestLine() + " could not be read: " + e.getMessage(), e);
        }
    }
}

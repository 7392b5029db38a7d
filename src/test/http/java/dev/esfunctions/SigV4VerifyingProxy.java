package dev.esfunctions;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Amazon OpenSearch Service as far as SigV4 goes: an HTTP proxy in front of the real test cluster that verifies every
 * request's signature with {@link SigV4Verifier} (independent of the AWS SDK), over the body's actual bytes, and
 * forwards only what verifies; anything else is refused as AWS refuses it, 403 with {@code {"message": ...}}.
 */
final class SigV4VerifyingProxy {

    /**
     * Quarkus loads a test profile and the test class in different class loaders: the counts are kept in JDK types
     * in one JVM-wide map so that both see them.
     */
    @SuppressWarnings("unchecked")
    private static final Map<String, Object> STATE = (Map<String, Object>) System.getProperties()
            .computeIfAbsent("esfunctions.test.sigv4-proxy", key -> new ConcurrentHashMap<String, Object>());

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient();
    private final String target;
    private final SigV4Verifier verifier;

    private SigV4VerifyingProxy(String target, SigV4Verifier verifier) {
        this.target = target;
        this.verifier = verifier;
    }

    /** Starts a proxy in front of {@code target} (host:port) that verifies with {@code verifier}; returns its port. */
    static synchronized int start(String target, SigV4Verifier verifier) {
        return (Integer) STATE.computeIfAbsent("port:" + target + verifier,
                key -> new SigV4VerifyingProxy(target, verifier).listen());
    }

    /** Zero counts. */
    static void reset() {
        List.of("verified", "verifiedBulk", "refused").forEach(name -> counter(name).set(0));
        refusals().clear();
    }

    /** Requests that verified and were forwarded. */
    static int verified() {
        return counter("verified").get();
    }

    /** {@code _bulk} requests among them. */
    static int verifiedBulk() {
        return counter("verifiedBulk").get();
    }

    /** Requests refused, and why (method, path: problem). */
    static List<String> refusals() {
        @SuppressWarnings("unchecked")
        List<String> refusals = (List<String>) STATE.computeIfAbsent("refusals", key -> new CopyOnWriteArrayList<>());
        return refusals;
    }

    private static AtomicInteger counter(String name) {
        return (AtomicInteger) STATE.computeIfAbsent(name, key -> new AtomicInteger());
    }

    private int listen() {
        try {
            return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("The SigV4 proxy could not start", e);
        }
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, List<String>> headers = new TreeMap<>();
            request.headers().forEach(header -> headers.computeIfAbsent(header.getKey().toLowerCase(),
                    name -> new CopyOnWriteArrayList<>()).add(header.getValue()));
            String problem = verifier.problem(new SigV4Verifier.Arrived(request.method().name(), request.path(),
                    request.query(), headers, body.getBytes()));
            if (problem != null) {
                counter("refused").incrementAndGet();
                refusals().add(request.method() + " " + request.path() + ": " + problem);
                request.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("message", problem).encode());
                return;
            }
            counter("verified").incrementAndGet();
            if (request.path().endsWith("/_bulk")) {
                counter("verifiedBulk").incrementAndGet();
            }
            forward(request, body).onComplete(answer -> {
                if (answer.failed()) {
                    request.response().setStatusCode(502).end(String.valueOf(answer.cause()));
                } else {
                    request.response().setStatusCode(answer.result().status())
                            .putHeader("Content-Type", "application/json").end(answer.result().body());
                }
            });
        });
    }

    private Future<Answer> forward(HttpServerRequest request, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(request.method())
                .setHost(target.substring(0, target.lastIndexOf(':')))
                .setPort(Integer.parseInt(target.substring(target.lastIndexOf(':') + 1))).setURI(request.uri());
        String contentType = request.getHeader("Content-Type");
        if (contentType != null) {
            options.putHeader("Content-Type", contentType);
        }
        return client.request(options).compose(outgoing -> outgoing.send(body))
                .compose(response -> response.body().map(answer -> new Answer(response.statusCode(), answer)));
    }

    private record Answer(int status, Buffer body) {
    }
}

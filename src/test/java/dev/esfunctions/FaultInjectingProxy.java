package dev.esfunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An HTTP proxy in front of a real Elasticsearch that counts the requests it sees and injects the faults a busy or
 * broken cluster produces, to {@code _bulk} requests (429 for a whole request or some items, which it withholds from
 * the cluster so that they really did not land; 503 before forwarding; 502, a reset or silence after forwarding) and
 * to searches (a page some shards failed, a timed-out page, a refusal, a delay).
 */
public final class FaultInjectingProxy {

    /** What happens to one {@code _bulk} request. */
    public enum BulkFault {
        /** Answered 503 without reaching the cluster: nothing applied. */
        UNAVAILABLE_BEFORE_FORWARDING,
        /** Forwarded and applied, then answered 502: the caller cannot know. */
        BAD_GATEWAY_AFTER_FORWARDING,
        /** Forwarded and applied, then the connection is closed without an answer. */
        RESET_AFTER_FORWARDING,
        /** Forwarded and applied, and never answered. */
        STALL_AFTER_FORWARDING,
        /** Forwarded and applied, then answered 200 with each item's status alone: neither its result nor an error. */
        STATUS_ALONE_AFTER_FORWARDING
    }

    /** What happens to one search request. */
    public enum SearchFault {
        /** Forwarded, and answered as if one shard had failed. */
        PARTIAL,
        /** Forwarded, and answered as timed out. */
        TIMED_OUT,
        /** Answered 400 without reaching the cluster. */
        REFUSED
    }

    private static final String REJECTED_ITEM = "{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\","
            + "\"reason\":\"rejected by the test proxy\"}}";

    /**
     * Quarkus loads a test profile and the test class in different class loaders; the proxies' state is kept in JDK
     * types in one JVM-wide map so that both see the same state.
     */
    @SuppressWarnings("unchecked")
    private static final Map<String, Object> STATE = (Map<String, Object>) System.getProperties()
            .computeIfAbsent("esfunctions.test.fault-injecting-proxy", key -> new ConcurrentHashMap<String, Object>());

    private static final List<String> COUNTERS = List.of("requests", "bulkRequests", "searchRequests", "inFlight", "maxInFlight", "injectedItems", "rejectWholeEvery", "rejectItemEvery", "delayMillis",
            "searchDelayMillis", "bulkFaultAt", "bulkFault", "searchFaultAt", "searchFault", "taskRefusals");

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient();
    private final String targetHost;
    private final int targetPort;

    private FaultInjectingProxy(String target) {
        this.targetHost = target.substring(0, target.lastIndexOf(':'));
        this.targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    /** Starts a proxy in front of {@code target} (host:port) once per JVM and target, and returns its port. */
    public static int start(String target) {
        return start(target, "");
    }

    /**
     * As {@link #start(String)}, one more proxy in front of {@code target} under the name {@code instance}: a second
     * node to the client, which shares the counters and faults of the first.
     */
    public static synchronized int start(String target, String instance) {
        return (Integer) STATE.computeIfAbsent("port:" + target + instance,
                key -> new FaultInjectingProxy(target).listen());
    }

    private int listen() {
        HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("The test proxy could not start", e);
        }
    }

    /** Back to a transparent proxy with zeroed counters. */
    public static void reset() {
        COUNTERS.forEach(name -> counter(name).set(0));
        bodySizes().clear();
        traceparents().clear();
        refusedBodies().clear();
    }

    /** The {@code traceparent} headers of the requests received since the last reset, in order. */
    @SuppressWarnings("unchecked")
    public static List<String> traceparents() {
        return (List<String>) STATE.computeIfAbsent("traceparents", key -> new CopyOnWriteArrayList<String>());
    }

    /**
     * Every {@code n}-th bulk request is answered 429 without reaching the cluster, unless the same body was refused
     * twice already; 0 for none. A busy cluster refuses at random; a strict period alone can refuse the same retry
     * every time, when the client's waiting retries take their turns in step with it (its concurrency fallen to 1):
     * 2 documents of 1,500 ran out of retries so in 12 of 120 runs on a loaded machine.
     */
    public static void rejectWholeRequestEvery(int n) {
        counter("rejectWholeEvery").set(n);
    }

    /** In the other bulk requests, every {@code n}-th operation is withheld and answered 429; 0 for none. */
    public static void rejectItemEvery(int n) {
        counter("rejectItemEvery").set(n);
    }

    public static void delayBulkRequests(int millis) {
        counter("delayMillis").set(millis);
    }

    public static void delaySearchRequests(int millis) {
        counter("searchDelayMillis").set(millis);
    }

    /** The next {@code n} requests about tasks ({@code /_tasks/...}: polls, cancels) are answered 503, not forwarded. */
    public static void refuseTaskRequests(int n) {
        counter("taskRefusals").set(n);
    }

    /** The {@code n}-th bulk request (from 1, counted since the last reset) meets {@code fault}. */
    public static void failBulkRequest(int n, BulkFault fault) {
        counter("bulkFault").set(fault.ordinal());
        counter("bulkFaultAt").set(n);
    }

    /** The {@code n}-th search request (from 1, point-in-time searches included) meets {@code fault}. */
    public static void failSearch(int n, SearchFault fault) {
        counter("searchFault").set(fault.ordinal());
        counter("searchFaultAt").set(n);
    }

    /** Every request the proxy received, of any kind. */
    public static int requests() {
        return counter("requests").get();
    }

    public static int bulkRequests() {
        return counter("bulkRequests").get();
    }

    public static int searchRequests() {
        return counter("searchRequests").get();
    }

    public static int maxInFlight() {
        return counter("maxInFlight").get();
    }

    /** Operations answered 429 (whole requests counted by their operations). */
    public static int injectedItems() {
        return counter("injectedItems").get();
    }

    public static List<Integer> bulkBodySizes() {
        return List.copyOf(bodySizes());
    }

    private static AtomicInteger counter(String name) {
        return (AtomicInteger) STATE.computeIfAbsent(name, key -> new AtomicInteger());
    }

    /** How many times each bulk body was refused whole. */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> refusedBodies() {
        return (Map<String, Integer>) STATE.computeIfAbsent("refusedBodies",
                key -> new ConcurrentHashMap<String, Integer>());
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> bodySizes() {
        return (List<Integer>) STATE.computeIfAbsent("bodySizes", key -> new CopyOnWriteArrayList<Integer>());
    }

    private void handle(HttpServerRequest request) {
        counter("requests").incrementAndGet();
        if (request.getHeader("traceparent") != null) {
            traceparents().add(request.getHeader("traceparent"));
        }
        request.body().onSuccess(body -> {
            if (request.path().endsWith("/_bulk")) {
                int number = counter("bulkRequests").incrementAndGet();
                bodySizes().add(body.length());
                counter("maxInFlight").accumulateAndGet(counter("inFlight").incrementAndGet(), Math::max);
                vertx.setTimer(Math.max(1, counter("delayMillis").get()), timer -> bulk(request, body, number));
            } else if (request.path().endsWith("/_search")) {
                int number = counter("searchRequests").incrementAndGet();
                vertx.setTimer(Math.max(1, counter("searchDelayMillis").get()), timer -> search(request, body, number));
            } else if (request.path().startsWith("/_tasks/") && counter("taskRefusals").getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(request, new Answer(503, Buffer.buffer("{\"error\":{\"type\":\"unavailable\","
                        + "\"reason\":\"refused by the test proxy\"},\"status\":503}")), null);
            } else {
                forward(request, body).onComplete(answer -> reply(request, answer.result(), answer.cause()));
            }
        });
    }

    private void bulk(HttpServerRequest request, Buffer body, int number) {
        Runnable done = () -> counter("inFlight").decrementAndGet();
        if (counter("bulkFaultAt").get() == number) {
            BulkFault fault = BulkFault.values()[counter("bulkFault").get()];
            if (fault == BulkFault.UNAVAILABLE_BEFORE_FORWARDING) {
                done.run();
                reply(request, new Answer(503, Buffer.buffer("{\"error\":{\"type\":\"unavailable_shards_exception\","
                        + "\"reason\":\"made unavailable by the test proxy\"},\"status\":503}")), null);
                return;
            }
            forward(request, body).onComplete(applied -> {
                done.run();
                switch (fault) {
                    case BAD_GATEWAY_AFTER_FORWARDING -> reply(request, new Answer(502,
                            Buffer.buffer("{\"error\":\"bad gateway (test proxy)\"}")), null);
                    case RESET_AFTER_FORWARDING -> request.connection().close();
                    case STATUS_ALONE_AFTER_FORWARDING -> reply(request, statusAlone(applied.result()), null);
                    default -> vertx.setTimer(60_000, timer -> request.connection().close());
                }
            });
            return;
        }
        withheldItems(request, body, number).onComplete(answer -> {
            done.run();
            reply(request, answer.result(), answer.cause());
        });
    }

    /** The answer with each item cut down to its action and its status. */
    private static Answer statusAlone(Answer answer) {
        JsonArray items = new JsonArray();
        for (Object item : new JsonObject(answer.body()).getJsonArray("items")) {
            JsonObject named = (JsonObject) item;
            String action = named.fieldNames().iterator().next();
            items.add(new JsonObject().put(action, new JsonObject().put("status",
                    named.getJsonObject(action).getInteger("status"))));
        }
        return new Answer(200, new JsonObject().put("items", items).toBuffer());
    }

    private Future<Answer> withheldItems(HttpServerRequest request, Buffer body, int number) {
        List<String[]> operations = operations(body.toString());
        int rejectWholeEvery = counter("rejectWholeEvery").get();
        int rejectItemEvery = counter("rejectItemEvery").get();
        if (rejectWholeEvery > 0 && number % rejectWholeEvery == 0
                && refusedBodies().merge(body.toString(), 1, Integer::sum) <= 2) {
            counter("injectedItems").addAndGet(operations.size());
            return Future.succeededFuture(new Answer(429, Buffer.buffer("{\"error\":{\"type\":"
                    + "\"es_rejected_execution_exception\",\"reason\":\"rejected by the test proxy\"},\"status\":429}")));
        }
        List<Integer> withheld = new ArrayList<>();
        StringBuilder forwarded = new StringBuilder();
        for (int i = 0; i < operations.size(); i++) {
            if (rejectItemEvery > 0 && i % rejectItemEvery == rejectItemEvery - 1) {
                withheld.add(i);
            } else {
                for (String line : operations.get(i)) {
                    forwarded.append(line).append('\n');
                }
            }
        }
        counter("injectedItems").addAndGet(withheld.size());
        Future<Answer> sent = forwarded.isEmpty()
                ? Future.succeededFuture(new Answer(200, Buffer.buffer("{\"items\":[]}")))
                : forward(request, Buffer.buffer(forwarded.toString()));
        return sent.map(answer -> {
            if (withheld.isEmpty() || answer.status() != 200) {
                return answer;
            }
            JsonArray items = new JsonObject(answer.body()).getJsonArray("items", new JsonArray());
            JsonArray merged = new JsonArray();
            for (int i = 0, fromCluster = 0; i < operations.size(); i++) {
                String action = new JsonObject(operations.get(i)[0]).fieldNames().iterator().next();
                merged.add(withheld.contains(i) ? new JsonObject().put(action, new JsonObject(REJECTED_ITEM))
                        : items.getValue(fromCluster++));
            }
            return new Answer(200, new JsonObject().put("items", merged).toBuffer());
        });
    }

    private void search(HttpServerRequest request, Buffer body, int number) {
        if (counter("searchFaultAt").get() != number) {
            forward(request, body).onComplete(answer -> reply(request, answer.result(), answer.cause()));
            return;
        }
        SearchFault fault = SearchFault.values()[counter("searchFault").get()];
        if (fault == SearchFault.REFUSED) {
            reply(request, new Answer(400, Buffer.buffer("{\"error\":{\"root_cause\":[{\"type\":\"parsing_exception\","
                    + "\"reason\":\"refused by the test proxy\"}],\"type\":\"parsing_exception\",\"reason\":"
                    + "\"refused by the test proxy\"},\"status\":400}")), null);
            return;
        }
        forward(request, body).onComplete(answer -> {
            if (answer.failed() || answer.result().status() != 200) {
                reply(request, answer.result(), answer.cause());
                return;
            }
            JsonObject page = new JsonObject(answer.result().body());
            if (fault == SearchFault.TIMED_OUT) {
                page.put("timed_out", true);
            } else {
                JsonObject shards = page.getJsonObject("_shards");
                shards.put("successful", shards.getInteger("total") - 1).put("failed", 1)
                        .put("failures", new JsonArray().add(new JsonObject().put("shard", 0).put("index", "injected")
                                .put("reason", new JsonObject().put("type", "circuit_breaking_exception")
                                        .put("reason", "failed by the test proxy"))));
            }
            reply(request, new Answer(200, page.toBuffer()), null);
        });
    }

    /** The NDJSON body as operations: an action line, followed by a source line unless it is a delete. */
    private static List<String[]> operations(String ndjson) {
        List<String[]> operations = new ArrayList<>();
        String[] lines = ndjson.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("{\"delete\"")) {
                operations.add(new String[] { lines[i] });
            } else {
                operations.add(new String[] { lines[i], lines[++i] });
            }
        }
        return operations;
    }

    private Future<Answer> forward(HttpServerRequest request, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(targetHost)
                .setPort(targetPort).setURI(request.uri());
        String contentType = request.getHeader("Content-Type");
        if (contentType != null) {
            options.putHeader("Content-Type", contentType);
        }
        return client.request(options)
                .compose(outgoing -> outgoing.send(body))
                .compose(response -> response.body().map(answer -> new Answer(response.statusCode(), answer)));
    }

    private static void reply(HttpServerRequest request, Answer answer, Throwable failure) {
        if (failure != null) {
            request.response().setStatusCode(502).end(String.valueOf(failure));
            return;
        }
        request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .end(answer.body());
    }

    private record Answer(int status, Buffer body) {
    }
}

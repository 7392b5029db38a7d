package dev.esfunctions.packaged;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda service as a function's runtime sees it: the Runtime API (invocation/next, response, error, init/error)
 * as AWS documents it, answering reports with 202. Quarkus's mock event server answers an error report with 204,
 * which AWS's runtime interface client takes for a failure and exits on; this one does not.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    private static final String RUNTIME = "/2018-06-01/runtime";

    /** What the function answered: its result, or the error document Lambda returns for a failed invocation. */
    record Outcome(boolean failed, String body) {
    }

    private record Invocation(String id, String event, CompletableFuture<Outcome> outcome) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lambda-runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    /** Why the function can answer no more: its initialization failed, or its process ended. */
    private final CompletableFuture<String> gone = new CompletableFuture<>();

    LambdaRuntimeApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext(RUNTIME, this::handle);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the function. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Fails the invocations waiting and to come as soon as {@code function} ends, rather than at their timeout. */
    void serving(Process function) {
        function.onExit().thenAccept(ended -> gone.complete("the function's process exited with " + ended.exitValue()));
    }

    /** Invokes the function with {@code event} and waits for its outcome, as a synchronous Invoke does. */
    Outcome invoke(String event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        pending.add(invocation);
        try {
            return CompletableFuture.anyOf(invocation.outcome(), gone)
                    .thenApply(result -> result instanceof Outcome outcome ? outcome : new Outcome(true, "" + result))
                    .get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the function did not answer within 60 s", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(RUNTIME.length());
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.equals("/init/error")) {
                gone.complete("initialization failed: " + body);
                exchange.sendResponseHeaders(202, -1);
            } else if (path.startsWith("/invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String id = path.substring("/invocation/".length(), path.lastIndexOf('/'));
                Invocation invocation = inFlight.remove(id);
                if (invocation == null) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                invocation.outcome().complete(new Outcome(path.endsWith("/error"), body));
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** The function's long poll for its next event. */
    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        inFlight.put(invocation.id(), invocation);
        byte[] event = invocation.event().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
        headers.set("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:eu-west-1:000000000000:function:es-functions-upsert");
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, event.length);
        exchange.getResponseBody().write(event);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}

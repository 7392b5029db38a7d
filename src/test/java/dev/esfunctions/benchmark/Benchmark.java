package dev.esfunctions.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.esfunctions.localcluster.LocalElasticsearchConfigSourceFactory;

/**
 * The benchmark of {@code ./mvnw verify -Pbenchmark}: the packaged functions as a separate process against the local
 * Elasticsearch started with production JIT settings, measured against the same work sent straight to Elasticsearch.
 * It prints a table (also written to target/benchmark.md) and never fails on a figure.
 */
public final class Benchmark {

    private static final int DOCS = Integer.getInteger("benchmark.docs", 200_000);
    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    private static final int BATCH_SIZE = Integer.getInteger("benchmark.batch-size", 1000);
    private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 2);
    private static final int DOCS_PER_CALL = 10_000;
    /**
     * Unmeasured rounds of the load before the measured ones, for the function (one call at a time, then two in
     * flight), the direct load and the Java peer alike. The first rounds' CPU is mostly the JIT compilers'
     * (with 50,000 documents, 8 to 10 CPU-seconds per 100,000 in the first, against about 2 for the work); they go
     * on compiling the code that runs once a request or once a call, not once a document, for hundreds of thousands
     * of documents more: the measured rounds report that as a figure of its own.
     */
    private static final int LOAD_WARM_UP = Integer.getInteger("benchmark.load-warm-up", 3);
    private static final int SEARCHES = Integer.getInteger("benchmark.searches", 2000);
    private static final int SEARCH_CONCURRENCY = Integer.getInteger("benchmark.search-concurrency", 4);
    /**
     * Unmeasured queries before each measured set, per concurrency, through the function and directly: the JITs
     * compile the search path after thousands of calls, and the figures are of the steady state.
     */
    private static final int SEARCH_WARM_UP = Integer.getInteger("benchmark.search-warm-up", 5000);
    /**
     * JVM options of the function process of the load, search, copy and slices sections, after its -Xmx256m: e.g.
     * {@code -XX:+UseSerialGC} to compare collectors.
     */
    private static final List<String> FUNCTION_JVM = Stream.of(System.getProperty("benchmark.function-jvm", "")
            .split(" ")).filter(option -> !option.isBlank()).toList();
    private static final int STARTS = Integer.getInteger("benchmark.starts", 5);
    /** Which parts run: all by default; a subset (e.g. {@code load,search}) for a quicker comparison. */
    private static final List<String> SECTIONS = List.of(System.getProperty("benchmark.sections",
            "load,search,copy,slices,reindex,startup,overload").split(","));
    /** How many upsert calls the overload section sends at once, one round each. */
    private static final List<Integer> OVERLOAD_CALLS = Stream.of(System.getProperty("benchmark.overload.calls",
            "6,12,24,48").split(",")).map(Integer::valueOf).toList();
    /** Where the search for the most calls served at once (2, 4, 6, ...) stops if nothing was refused before. */
    private static final int OVERLOAD_CAP = Integer.getInteger("benchmark.overload.cap", 24);
    /**
     * With {@code -Dbenchmark.tracing=true}, the functions of the load, search, copy and slices sections trace every
     * call and request, and export the spans over OTLP/HTTP to a local sink that accepts and discards them: run once
     * with it and once without to see what tracing costs.
     */
    private static final boolean TRACING = Boolean.getBoolean("benchmark.tracing");
    private static final Duration UPSERT_TIMEOUT = Duration.ofSeconds(300);
    private static final String INDEX = "benchmark";
    private static final Path FUNCTION_LOG = Path.of("target", "benchmark-function.log");
    /**
     * The Java peer of the bulk load (src/benchmark/java, compiled by the benchmark profile alone, with
     * elasticsearch-java): its JVM runs on the class path the profile writes, it reads the documents from an NDJSON
     * file, warms up on a scratch index of its own and logs to a file of its own.
     */
    private static final String PEER = "dev.esfunctions.benchmark.BulkIngesterPeer";
    private static final Path PEER_CLASS = Path.of("target", "test-classes", "dev", "esfunctions", "benchmark",
            "BulkIngesterPeer.class");
    private static final Path PEER_CLASSPATH = Path.of("target", "benchmark-classpath.txt");
    private static final Path PEER_DOCS = Path.of("target", "benchmark-docs.ndjson");
    private static final Path PEER_LOG = Path.of("target", "benchmark-peer.log");
    private static final String PEER_WARM_UP = "benchmark-peer-warmup";
    private static final Pattern PEER_RESULT = Pattern.compile(
            "peer: loaded (\\d+) documents in (\\d+) ms, (\\d+) ms of process CPU, (\\d+) ms of it compiling,"
                    + " (\\d+) ms collecting");
    private static final String COPY = "benchmark-copy";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
            "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa" };

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String elasticsearch;
    private final List<String> rows = new ArrayList<>();
    private final List<String> overloadRows = new ArrayList<>();

    private Benchmark(String elasticsearch) {
        this.elasticsearch = "http://" + elasticsearch;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("esfunctions.local-elasticsearch.java-opts", "-Xms512m -Xmx512m");
        Benchmark benchmark = new Benchmark(LocalElasticsearchConfigSourceFactory.localAddress("benchmark",
                LocalElasticsearchConfigSourceFactory.HOME));
        benchmark.run();
    }

    private void run() throws Exception {
        String version = Path.of(System.getProperty("esfunctions.local-elasticsearch.home")).getFileName().toString();
        List<String> docs = documents(DOCS);
        System.out.printf("Benchmark: %s with production JIT, %,d documents of ~%d bytes, batch %d, concurrency %d, "
                + "median of %d runs, tracing %s, function JVM options %s%n", version, DOCS, docs.get(0).length(),
                BATCH_SIZE, CONCURRENCY, RUNS, TRACING ? "on (OTLP/HTTP to a local sink that discards)" : "off",
                FUNCTION_JVM.isEmpty() ? "none but -Xmx256m" : String.join(" ", FUNCTION_JVM));
        rows.add("| measure | function | direct | function / direct |");
        rows.add("|---|---|---|---|");

        if (!Files.exists(Path.of("target", "quarkus-app", "quarkus-run.jar"))) {
            // -Plambda packages no HTTP server: only its start-up can be measured.
            System.out.println("No HTTP build in target/quarkus-app: measuring the Lambda build's start-up only");
            lambdaStartUp();
        } else {
            if (SECTIONS.contains("load") || SECTIONS.contains("search") || SECTIONS.contains("copy")
                    || SECTIONS.contains("slices")) {
                // The sink's thread is not a daemon: it is stopped with the function, or Maven would wait for it.
                HttpServer sink = TRACING ? spanSink() : null;
                List<String> options = new ArrayList<>(FUNCTION_JVM);
                if (sink != null) {
                    options.addAll(List.of("-Dquarkus.otel.sdk.disabled=false",
                            "-Dquarkus.otel.exporter.otlp.traces.protocol=http/protobuf",
                            "-Dquarkus.otel.exporter.otlp.traces.endpoint=http://127.0.0.1:"
                                    + sink.getAddress().getPort()));
                }
                FunctionProcess function = FunctionProcess.start(elasticsearch.substring("http://".length()), http,
                        options);
                try {
                    // search and copy read the index the load wrote.
                    bulkLoad(docs, function);
                    if (SECTIONS.contains("search")) {
                        search(function);
                    }
                    if (SECTIONS.contains("copy")) {
                        copy(function);
                    }
                    if (SECTIONS.contains("slices")) {
                        slicedCopy(function);
                    }
                } finally {
                    function.stop();
                    if (sink != null) {
                        sink.stop(0);
                    }
                }
            }
            if (SECTIONS.contains("reindex")) {
                reindexOnOpenSearch(docs);
            }
            if (SECTIONS.contains("startup")) {
                startUp();
            }
            if (SECTIONS.contains("overload")) {
                overload();
            }
        }

        // Each table that has more than its heading.
        String tables = Stream.of(rows, overloadRows).filter(table -> table.size() > 2)
                .map(table -> String.join("\n", table)).collect(Collectors.joining("\n\n"));
        System.out.println();
        System.out.println(tables);
        Files.writeString(Path.of("target", "benchmark.md"), tables + "\n");
    }

    private void bulkLoad(List<String> docs, FunctionProcess function) throws Exception {
        long[] oneCall = new long[RUNS];
        long[] twoCalls = new long[RUNS];
        long[] direct = new long[RUNS];
        ProcessCpu[] oneCallCpu = new ProcessCpu[RUNS];
        ProcessCpu[] twoCallsCpu = new ProcessCpu[RUNS];
        long[] peer = new long[RUNS];
        ProcessCpu[] peerCpu = new ProcessCpu[RUNS];
        long maxRss = 0;
        long peerMaxRss = 0;
        boolean withPeer = Files.exists(PEER_CLASS) && Files.exists(PEER_CLASSPATH);
        if (withPeer) {
            Files.write(PEER_DOCS, docs, StandardCharsets.UTF_8);
            Files.deleteIfExists(PEER_LOG);
        }
        // Unmeasured rounds first: the JITs of the function, the client and Elasticsearch warm up.
        for (int round = 1; round <= LOAD_WARM_UP; round++) {
            for (int calls = 1; calls <= 2; calls++) {
                recreateIndex();
                ProcessCpu before = ProcessCpu.of(function.pid());
                loadThroughFunction(docs, function.url(), calls);
                ProcessCpu spent = ProcessCpu.of(function.pid()).since(before);
                System.out.printf("bulk warm-up %d, %s: function %.2f CPU-s per 100,000, %.2f of it compiling%n", round,
                        calls == 1 ? "one call at a time" : "two in flight", per100k(spent.millis()),
                        per100k(spent.jitMillis()));
            }
            recreateIndex();
            loadDirect(docs);
        }
        for (int run = 0; run < RUNS; run++) {
            recreateIndex();
            RssSampler sampler = RssSampler.start(function.pid());
            ProcessCpu before = ProcessCpu.of(function.pid());
            oneCall[run] = docsPerSecond(() -> loadThroughFunction(docs, function.url(), 1));
            oneCallCpu[run] = ProcessCpu.of(function.pid()).since(before);
            maxRss = Math.max(maxRss, sampler.stop());
            requireCount(docs.size());
            recreateIndex();
            before = ProcessCpu.of(function.pid());
            twoCalls[run] = docsPerSecond(() -> loadThroughFunction(docs, function.url(), 2));
            twoCallsCpu[run] = ProcessCpu.of(function.pid()).since(before);
            requireCount(docs.size());
            recreateIndex();
            direct[run] = docsPerSecond(() -> loadDirect(docs));
            requireCount(docs.size());
            System.out.printf("bulk run %d: function %,d docs/s (one call at a time, %.2f CPU-s per 100,000, %.2f of it"
                    + " compiling, %.2f collecting), %,d docs/s (two, %.2f, %.2f, %.2f), direct %,d docs/s%n", run + 1,
                    oneCall[run], per100k(oneCallCpu[run].millis()), per100k(oneCallCpu[run].jitMillis()),
                    per100k(oneCallCpu[run].gcMillis()), twoCalls[run], per100k(twoCallsCpu[run].millis()),
                    per100k(twoCallsCpu[run].jitMillis()), per100k(twoCallsCpu[run].gcMillis()), direct[run]);
            if (withPeer) {
                recreateIndex();
                recreateIndex(PEER_WARM_UP);
                PeerLoad load = loadThroughPeer();
                peer[run] = Math.round(load.docs() / (load.millis() / 1000.0));
                peerCpu[run] = load.cpu();
                peerMaxRss = Math.max(peerMaxRss, load.maxRssKb());
                requireCount(docs.size());
                System.out.printf("bulk run %d: Java peer %,d docs/s (%.2f CPU-s per 100,000, %.2f of it compiling)%n",
                        run + 1, peer[run], per100k(peerCpu[run].millis()), per100k(peerCpu[run].jitMillis()));
            }
        }
        long d = median(direct);
        for (int calls = 1; calls <= 2; calls++) {
            long f = median(calls == 1 ? oneCall : twoCalls);
            rows.add(String.format(Locale.ROOT, "| bulk load, docs/s, median of %d (function: %s) | %,d | %,d | %.0f %% |",
                    RUNS, calls == 1 ? "calls of 10,000 one at a time"
                            : "2 calls in flight, concurrency " + Math.max(1, CONCURRENCY / 2) + " each",
                    f, d, 100.0 * f / d));
        }
        for (int calls = 1; calls <= 2; calls++) {
            ProcessCpu[] cpu = calls == 1 ? oneCallCpu : twoCallsCpu;
            rows.add(String.format(Locale.ROOT, "| CPU-seconds of the function process per 100,000 documents (%s),"
                    + " median of %d after %d unmeasured rounds: all / of it compiling (the JIT compilers' threads)"
                    + " / the rest, the work (median of each run's) / of the work, collecting garbage (the VM"
                    + " thread and the collector's) | %.2f / %.2f / %.2f / %.2f | | |",
                    calls == 1 ? "one call at a time" : "2 calls in flight", RUNS, LOAD_WARM_UP,
                    per100k(median(cpu, ProcessCpu::millis)), per100k(median(cpu, ProcessCpu::jitMillis)),
                    per100k(median(cpu, ProcessCpu::workMillis)), per100k(median(cpu, ProcessCpu::gcMillis))));
        }
        rows.add(String.format(Locale.ROOT, "| function RSS during the load (max, -Xmx256m) | %,d MB | | |", maxRss / 1024));
        if (withPeer) {
            long p = median(peer);
            rows.add(String.format(Locale.ROOT, "| bulk load, docs/s, median of %d (Java peer: elasticsearch-java "
                    + "BulkIngester, batch %d, concurrency %d, -Xmx256m) | %,d | %,d | %.0f %% |", RUNS, BATCH_SIZE,
                    CONCURRENCY, p, d, 100.0 * p / d));
            rows.add(String.format(Locale.ROOT, "| CPU-seconds per 100,000 documents (Java peer, after %d unmeasured"
                    + " loads): all / of it compiling / the work / of the work, collecting | %.2f / %.2f / %.2f / %.2f"
                    + " | | |", LOAD_WARM_UP, per100k(median(peerCpu, ProcessCpu::millis)),
                    per100k(median(peerCpu, ProcessCpu::jitMillis)), per100k(median(peerCpu, ProcessCpu::workMillis)),
                    per100k(median(peerCpu, ProcessCpu::gcMillis))));
            rows.add(String.format(Locale.ROOT, "| Java peer RSS (max over its process, -Xmx256m) | %,d MB | | |",
                    peerMaxRss / 1024));
        }
    }

    /**
     * One run of the Java peer in its own JVM: its warm-up load, then the measured load, whose time and CPU it prints
     * itself (its JVM's start-up is not the load's).
     */
    private PeerLoad loadThroughPeer() throws Exception {
        String classPath = Files.readString(PEER_CLASSPATH).trim() + File.pathSeparator
                + Path.of("target", "test-classes");
        // On the test class path, Quarkus's initial log configurator lets every level through until Quarkus configures
        // logging, which it never does here: the HTTP client would build its wire log unseen, at several times the CPU.
        Process process = new ProcessBuilder(javaCommand(), "-Xmx256m", "-Dlogging.initial-configurator.min-level=INFO",
                "-cp", classPath, PEER, elasticsearch, PEER_DOCS.toString(), INDEX, PEER_WARM_UP,
                Integer.toString(BATCH_SIZE), Integer.toString(CONCURRENCY), Integer.toString(LOAD_WARM_UP))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(PEER_LOG.toFile())).start();
        RssSampler sampler = RssSampler.start(process.pid());
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the Java peer did not finish within 10 minutes; see " + PEER_LOG);
        }
        long maxRssKb = sampler.stop();
        List<String> log = Files.readAllLines(PEER_LOG, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the Java peer exited with " + process.exitValue() + "; see " + PEER_LOG);
        }
        // The log holds every run so far: this run's result is the last.
        Matcher result = log.stream().map(PEER_RESULT::matcher).filter(Matcher::matches).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("the Java peer printed no result; see " + PEER_LOG));
        return new PeerLoad(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)),
                new ProcessCpu(Long.parseLong(result.group(3)), Long.parseLong(result.group(4)),
                        Long.parseLong(result.group(5))), maxRssKb);
    }

    /** What the Java peer reported of its measured load, and the most memory its process held. */
    private record PeerLoad(long docs, long millis, ProcessCpu cpu, long maxRssKb) {
    }

    private static double per100k(long cpuMillis) {
        return cpuMillis / 1000.0 * 100_000 / DOCS;
    }

    /**
     * Upsert calls of 10,000 documents, each cut and sent by the function's bulk engine. With several calls in
     * flight, each gets a share of the concurrency, so that no more bulk requests are in flight than directly.
     */
    private void loadThroughFunction(List<String> docs, String url, int callsInFlight) throws Exception {
        int perCall = Math.max(1, CONCURRENCY / callsInFlight);
        int calls = (docs.size() + DOCS_PER_CALL - 1) / DOCS_PER_CALL;
        parallel(callsInFlight, calls, call -> {
            List<String> part = docs.subList(call * DOCS_PER_CALL, Math.min(docs.size(), (call + 1) * DOCS_PER_CALL));
            String body = "{\"index\":\"" + INDEX + "\",\"batchSize\":" + BATCH_SIZE + ",\"concurrency\":" + perCall
                    + ",\"docs\":[" + String.join(",", part) + "]}";
            String answer = post(url + "/upsert", body, "application/json");
            if (!answer.contains("\"failed\":0,")) {
                throw new IllegalStateException("upsert did not write everything: " + answer.substring(0, 300));
            }
            return 0L;
        });
    }

    /** The ceiling: the same partial updates as NDJSON straight to _bulk, same batch size and concurrency. */
    private void loadDirect(List<String> docs) throws Exception {
        loadDirect(elasticsearch, docs);
    }

    private void loadDirect(String cluster, List<String> docs) throws Exception {
        int batches = (docs.size() + BATCH_SIZE - 1) / BATCH_SIZE;
        parallel(CONCURRENCY, batches, batch -> {
            StringBuilder ndjson = new StringBuilder(BATCH_SIZE * 1100);
            for (int i = batch * BATCH_SIZE; i < Math.min(docs.size(), (batch + 1) * BATCH_SIZE); i++) {
                String doc = docs.get(i);
                int idEnd = doc.indexOf('"', 9);
                ndjson.append("{\"update\":{\"_id\":\"").append(doc, 9, idEnd).append("\"}}\n{\"doc\":{")
                        .append(doc, doc.indexOf(',', idEnd) + 1, doc.length()).append(",\"doc_as_upsert\":true}\n");
            }
            String answer = post(cluster + "/" + INDEX + "/_bulk?filter_path=errors", ndjson.toString(),
                    "application/x-ndjson");
            if (!answer.contains("\"errors\":false")) {
                throw new IllegalStateException("direct bulk failed: " + answer);
            }
            return 0L;
        });
    }

    private void search(FunctionProcess function) throws Exception {
        post(elasticsearch + "/" + INDEX + "/_refresh", "", "application/json");
        String[] queries = {
                "\"query\":{\"term\":{\"category\":\"c3\"}},\"size\":10",
                "\"query\":{\"range\":{\"price\":{\"gte\":100,\"lt\":200}}},\"size\":10",
                "\"query\":{\"match\":{\"text\":\"delta hotel\"}},\"size\":10",
                "\"query\":{\"match_all\":{}},\"sort\":[{\"price\":\"desc\"}],\"size\":10",
                "\"size\":0,\"aggs\":{\"by_category\":{\"terms\":{\"field\":\"category\"}}}" };
        IntFunction<Long> throughFunction = i -> timed(() -> post(function.url() + "/search",
                "{\"index\":\"" + INDEX + "\"," + queries[i % queries.length] + "}", "application/json"));
        IntFunction<Long> direct = i -> timed(() -> post(elasticsearch + "/" + INDEX + "/_search",
                "{" + queries[i % queries.length] + "}", "application/json"));
        for (int concurrency : new int[] { 1, SEARCH_CONCURRENCY }) {
            parallel(concurrency, SEARCH_WARM_UP, throughFunction);
            parallel(concurrency, SEARCH_WARM_UP, direct);
            // Query by query, through the function and straight, in an order drawn per query: the machine's drift
            // over a run, as large as the difference measured between runs taken one after the other, falls on both.
            long[] f = new long[SEARCHES];
            long[] d = new long[SEARCHES];
            parallel(concurrency, SEARCHES, i -> {
                boolean functionFirst = new SplittableRandom(i).nextBoolean();
                if (functionFirst) {
                    f[i] = throughFunction.apply(i);
                }
                d[i] = direct.apply(i);
                if (!functionFirst) {
                    f[i] = throughFunction.apply(i);
                }
                return 0L;
            });
            Arrays.sort(f);
            Arrays.sort(d);
            for (double quantile : new double[] { 0.5, 0.99 }) {
                double fq = f[(int) (quantile * (f.length - 1))] / 1e6;
                double dq = d[(int) (quantile * (d.length - 1))] / 1e6;
                rows.add(String.format(Locale.ROOT, "| search p%d latency, ms (%d queries at concurrency %d) | %.2f | "
                        + "%.2f | +%.2f ms |", (int) (quantile * 100), SEARCHES, concurrency, fq, dq, fq - dq));
            }
        }
    }

    /** The loaded index copied to another: through {@code copy} (cursor to cursor) and by a direct scan-then-bulk. */
    private void copy(FunctionProcess function) throws Exception {
        long[] viaFunction = new long[RUNS];
        long[] direct = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            recreateIndex(COPY);
            viaFunction[run] = docsPerSecond(() -> copyCalls(function, null));
            requireCount(COPY, DOCS);
            recreateIndex(COPY);
            direct[run] = docsPerSecond(() -> scanThenBulk(elasticsearch, COPY));
            requireCount(COPY, DOCS);
            System.out.printf("copy run %d: function %,d docs/s, direct scan-then-bulk %,d docs/s%n", run + 1,
                    viaFunction[run], direct[run]);
        }
        long f = median(viaFunction);
        long d = median(direct);
        rows.add(String.format(Locale.ROOT, "| copy, docs/s, median of %d (direct: PIT scan then _bulk, same page, batch"
                + " and concurrency) | %,d | %,d | %.0f %% |", RUNS, f, d, 100.0 * f / d));
    }

    /** Copy calls from {@code cursor} (null: the first call) until the answer's cursor is null. */
    private void copyCalls(FunctionProcess function, String cursor) throws Exception {
        String next = cursor;
        do {
            JsonNode answer = JSON.readTree(post(function.url() + "/copy", "{\"index\":\"" + INDEX + "\",\"target\":\""
                    + COPY + "\",\"concurrency\":" + CONCURRENCY + (next == null ? "" : ",\"cursor\":\"" + next + "\"")
                    + "}", "application/json"));
            next = answer.path("cursor").isTextual() ? answer.path("cursor").asText() : null;
        } while (next != null);
    }

    /**
     * The loaded index copied through a plan of 1, 2 and 4 slices, each slice a loop of copy calls on its own thread,
     * as the slices of a Step Functions Map or of Knative events would run.
     */
    private void slicedCopy(FunctionProcess function) throws Exception {
        long oneSlice = 0;
        for (int slices : new int[] { 1, 2, 4 }) {
            long[] rates = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                recreateIndex(COPY);
                int count = slices;
                rates[run] = docsPerSecond(() -> {
                    JsonNode plan = JSON.readTree(post(function.url() + "/plan", "{\"index\":\"" + INDEX
                            + "\",\"slices\":" + count + "}", "application/json"));
                    ExecutorService loops = Executors.newFixedThreadPool(count);
                    try {
                        List<Future<?>> running = new ArrayList<>();
                        for (JsonNode slice : plan.path("slices")) {
                            running.add(loops.submit(() -> {
                                copyCalls(function, slice.path("cursor").asText());
                                return null;
                            }));
                        }
                        for (Future<?> slice : running) {
                            slice.get();
                        }
                    } finally {
                        loops.shutdownNow();
                    }
                });
                requireCount(COPY, DOCS);
                System.out.printf("copy in %d slice(s), run %d: %,d docs/s%n", slices, run + 1, rates[run]);
            }
            long rate = median(rates);
            oneSlice = slices == 1 ? rate : oneSlice;
            rows.add(String.format(Locale.ROOT, "| copy in %d slice(s) in parallel (plan, then a loop of copy calls "
                    + "per slice), docs/s, median of %d | %,d | | %.2f x 1 slice |", slices, RUNS, rate,
                    (double) rate / oneSlice));
        }
    }

    /**
     * The ceiling of a copy done by hand: pages of a point-in-time scan, each written with _bulk while the next is
     * read, at most {@code CONCURRENCY} writes in flight.
     */
    private void scanThenBulk(String cluster, String target) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String pit = json.readTree(post(cluster + "/" + INDEX + "/_pit?keep_alive=1m", "", "application/json"))
                .path("id").asText();
        ExecutorService writers = Executors.newFixedThreadPool(CONCURRENCY);
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<Future<?>> writes = new ArrayList<>();
        JsonNode after = null;
        try {
            while (true) {
                String body = "{\"size\":" + BATCH_SIZE + ",\"pit\":{\"id\":\"" + pit + "\",\"keep_alive\":\"1m\"},"
                        + "\"sort\":[{\"_shard_doc\":\"asc\"}],\"track_total_hits\":false"
                        + (after == null ? "" : ",\"search_after\":" + after) + "}";
                JsonNode hits = json.readTree(post(cluster + "/_search", body,
                        "application/json")).path("hits").path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                StringBuilder ndjson = new StringBuilder(BATCH_SIZE * 1100);
                for (JsonNode hit : hits) {
                    ndjson.append("{\"index\":{\"_id\":").append(hit.get("_id")).append("}}\n").append(hit.get("_source"))
                            .append('\n');
                }
                after = hits.get(hits.size() - 1).get("sort");
                inFlight.acquire();
                writes.add(writers.submit(() -> {
                    try {
                        post(cluster + "/" + target + "/_bulk?filter_path=errors", ndjson.toString(), "application/x-ndjson");
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdownNow();
            send(HttpRequest.newBuilder(URI.create(cluster + "/_pit")).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"id\":\"" + pit + "\"}")).build());
        }
    }

    /** _reindex needs the reindex module, which the minimal Elasticsearch lacks: OpenSearch 3.6.0 has it. */
    private void reindexOnOpenSearch(List<String> docs) throws Exception {
        String opensearch = "http://" + LocalElasticsearchConfigSourceFactory.localAddress("benchmark-opensearch",
                LocalElasticsearchConfigSourceFactory.OPENSEARCH_HOME);
        long[] reindex = new long[RUNS];
        recreateIndex(opensearch, INDEX);
        loadDirect(opensearch, docs);
        for (int run = 0; run < RUNS; run++) {
            recreateIndex(opensearch, COPY);
            reindex[run] = docsPerSecond(() -> post(opensearch + "/_reindex?wait_for_completion=true",
                    "{\"source\":{\"index\":\"" + INDEX + "\",\"size\":" + BATCH_SIZE + "},\"dest\":{\"index\":\"" + COPY
                            + "\"}}", "application/json"));
            System.out.printf("reindex run %d (OpenSearch): %,d docs/s%n", run + 1, reindex[run]);
        }
        rows.add(String.format(Locale.ROOT, "| copy reference: _reindex inside OpenSearch 3.6.0, docs/s, median of %d | |"
                + " %,d | |", RUNS, median(reindex)));
    }

    /**
     * Process start to the first search answered, and RSS then: median of several starts of the packaged JVM build,
     * with each start-up archive the build made ({@code -Dquarkus.package.jar.aot.enabled=true}: AppCDS on JDK 17 to
     * 24, the AOT cache on 25), the variants taking turns so that they share the machine's moods.
     */
    private void startUp() throws Exception {
        Path app = Path.of("target", "quarkus-app");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("JVM", List.of());
        if (Files.exists(app.resolve("app-cds.jsa"))) {
            variants.put("JVM, AppCDS archive", List.of("-XX:SharedArchiveFile=app-cds.jsa"));
        }
        if (Files.exists(app.resolve("app.aot"))) {
            variants.put("JVM, AOT cache", List.of("-XX:AOTCache=app.aot"));
        }
        Map<String, long[]> millis = new LinkedHashMap<>();
        Map<String, long[]> rss = new LinkedHashMap<>();
        variants.keySet().forEach(name -> {
            millis.put(name, new long[STARTS]);
            rss.put(name, new long[STARTS]);
        });
        for (int i = 0; i < STARTS; i++) {
            for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                FunctionProcess function = FunctionProcess.start(elasticsearch.substring("http://".length()), http,
                        variant.getValue());
                millis.get(variant.getKey())[i] = function.firstSearchMillis();
                rss.get(variant.getKey())[i] = RssSampler.rssKb(function.pid());
                function.stop();
            }
        }
        String java = Runtime.version().feature() + "";
        for (String name : variants.keySet()) {
            rows.add(String.format(Locale.ROOT, "| HTTP build: start-up to first search answered (%s, JDK %s, median"
                    + " of %d) | %,d ms | | |", name, java, STARTS, median(millis.get(name))));
            rows.add(String.format(Locale.ROOT, "| HTTP build: RSS after the first search (%s) | %,d MB | | |", name,
                    median(rss.get(name)) / 1024));
        }
    }

    /**
     * Upsert calls of 10,000 documents (~10 MB each) sent all at once, each round to a fresh process with the
     * -Xmx256m of a 512 MB Lambda or container and to a fresh index: what the callers are answered, what is written
     * (also by the calls refused, which a caller would send again), and whether the function is still fit to serve.
     * Then the most calls at once served without a refusal or a failure, and the heap one such call needs.
     */
    private void overload() throws Exception {
        List<String> docs = documents(DOCS_PER_CALL);
        overloadRows.add("| upsert calls of 10,000 documents (~10 MB) sent at once, fresh function process (-Xmx256m) "
                + "and index each round | answers | documents acknowledged / in the index | written by the calls "
                + "refused (503, 429) | after: ready check, upsert of 1 document | OutOfMemoryError in the log |");
        overloadRows.add("|---|---|---|---|---|---|");
        // Every round run, by number of calls: the search for the most served reuses those already run.
        Map<Integer, OverloadRound> rounds = new TreeMap<>();
        for (int calls : OVERLOAD_CALLS) {
            rounds.put(calls, overloadRound(docs, calls));
        }
        int served = 0;
        for (int calls = 2; calls <= OVERLOAD_CAP; calls += 2) {
            if (!rounds.containsKey(calls)) {
                rounds.put(calls, overloadRound(docs, calls));
            }
            if (!rounds.get(calls).served()) {
                break;
            }
            served = calls;
        }
        rounds.values().forEach(round -> overloadRows.add(round.row()));
        overloadRows.add(String.format(Locale.ROOT, "| most calls at once all answered 200 with every document "
                + "acknowledged (2, 4, 6, ... up to %d) | %s | | | | |", OVERLOAD_CAP, served == 0 ? "none" : served));

        // The smallest heap, in steps of 8 MB, that serves one call, on the assumption that any larger heap does too;
        // 264 MB stands for none up to 256.
        int low = 32;
        int high = 264;
        while (low < high) {
            int heap = low + (high - low) / 16 * 8;
            String outcome = oneUpsert(docs, heap);
            boolean serves = outcome.equals("served");
            System.out.printf("overload: one upsert of 10,000 documents with -Xmx%dm: %s%n", heap, outcome);
            if (serves) {
                high = heap;
            } else {
                low = heap + 8;
            }
        }
        overloadRows.add(String.format(Locale.ROOT, "| smallest -Xmx serving one upsert of 10,000 documents (a 200, all "
                + "in the index; fresh process, 32 to 256 MB in steps of 8) | %s | | | | |",
                low > 256 ? "none up to 256 MB" : low + " MB"));
        heapOfOneUpsert(docs);
    }

    /**
     * The heap around each collection during one upsert of 10,000 documents, after one to warm up, from the G1 log's
     * sizes as in "Pause Young (Normal) (G1 Evacuation Pause) 120M->45M(256M)"; and what of it G1 held as humongous
     * objects (each an array of half a region, 512 KB here, or more, given whole regions of its own and allocated
     * outside the young generation), from "Humongous regions: 12->0", and how many collections a humongous allocation
     * started.
     */
    private void heapOfOneUpsert(List<String> docs) throws Exception {
        Path gcLog = Path.of("target", "benchmark-gc.log").toAbsolutePath();
        byte[] warmUp = upsertBody(docs, 0);
        byte[] measured = upsertBody(docs, 1);
        recreateIndex();
        FunctionProcess function = FunctionProcess.start(elasticsearch.substring("http://".length()), http,
                List.of("-Xlog:gc,gc+heap:file=" + gcLog));
        String status;
        long maxBefore = 0;
        long maxAfter = 0;
        long maxHumongous = 0;
        long humongousStarts;
        try {
            upsert(function, warmUp).join();
            long logged = Files.size(gcLog);
            HttpResponse<String> answer = upsert(function, measured).join();
            status = answer == null ? "none" : Integer.toString(answer.statusCode());
            String measuredLog = Files.readString(gcLog, StandardCharsets.ISO_8859_1).substring((int) logged);
            Matcher sizes = Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(measuredLog);
            while (sizes.find()) {
                maxBefore = Math.max(maxBefore, Long.parseLong(sizes.group(1)));
                maxAfter = Math.max(maxAfter, Long.parseLong(sizes.group(2)));
            }
            Matcher humongous = Pattern.compile("Humongous regions: (\\d+)->").matcher(measuredLog);
            while (humongous.find()) {
                maxHumongous = Math.max(maxHumongous, Long.parseLong(humongous.group(1)));
            }
            humongousStarts = measuredLog.lines().filter(line -> line.contains("(G1 Humongous Allocation)")).count();
        } finally {
            function.stop();
        }
        overloadRows.add(String.format(Locale.ROOT, "| heap during one upsert of 10,000 documents after one to warm up "
                + "(-Xmx256m, G1 log; the call answered %s): largest after a collection / largest before | %,d MB / %,d MB "
                + "| | | | |", status, maxAfter, maxBefore));
        overloadRows.add(String.format(Locale.ROOT, "| the same upsert: largest humongous part of the heap before a "
                + "collection (1 MB regions) / collections started by a humongous allocation | %,d MB / %d | | | | |",
                maxHumongous, humongousStarts));
    }

    /** One round of the overload section: {@code calls} upserts at once. */
    private OverloadRound overloadRound(List<String> docs, int calls) throws Exception {
        // Built before the first is sent, so that the calls arrive together.
        List<byte[]> bodies = IntStream.range(0, calls).mapToObj(call -> upsertBody(docs, call)).toList();
        recreateIndex();
        FunctionProcess function = FunctionProcess.start(elasticsearch.substring("http://".length()), http, List.of());
        try {
            List<CompletableFuture<HttpResponse<String>>> sent = bodies.stream().map(body -> upsert(function, body))
                    .toList();
            List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();
            // By status ("none": no answer within the timeout), each with how many carried a Retry-After.
            Map<String, int[]> byStatus = new TreeMap<>();
            long acknowledged = 0;
            long writtenByRefused = 0;
            for (int call = 0; call < calls; call++) {
                HttpResponse<String> answer = answers.get(call);
                int[] counts = byStatus.computeIfAbsent(answer == null ? "none" : answer.statusCode() + "",
                        key -> new int[2]);
                counts[0]++;
                if (answer != null && answer.headers().firstValue("Retry-After").isPresent()) {
                    counts[1]++;
                }
                if (answer != null && answer.statusCode() == 200) {
                    acknowledged += JSON.readTree(answer.body()).path("succeeded").asLong();
                } else if (answer != null && (answer.statusCode() == 503 || answer.statusCode() == 429)) {
                    writtenByRefused += count("{\"query\":{\"term\":{\"call\":" + call + "}}}");
                }
            }
            long inIndex = count("{}");
            String after = "ready " + status(HttpRequest.newBuilder(URI.create(function.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(30)).build()) + ", upsert "
                    + status(upsertRequest(function, upsertBody(docs.subList(0, 1), calls)));
            String answered = byStatus.entrySet().stream().map(entry -> entry.getValue()[0] + " x " + entry.getKey()
                    + (entry.getKey().equals("200") || entry.getKey().equals("none") ? ""
                            : " (" + entry.getValue()[1] + " with Retry-After)"))
                    .collect(Collectors.joining(", "));
            System.out.printf("overload, %d calls at once: %s; %,d documents acknowledged, %,d in the index%n", calls,
                    answered, acknowledged, inIndex);
            return new OverloadRound(calls, answered, byStatus.keySet().equals(Set.of("200"))
                    && acknowledged == (long) calls * docs.size(), acknowledged, inIndex, writtenByRefused, after,
                    functionRanOutOfMemory());
        } finally {
            function.stop();
            // Kept for reading: the next process starts the log afresh.
            Files.copy(FUNCTION_LOG, Path.of("target", "benchmark-function-overload-" + calls + ".log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private record OverloadRound(int calls, String answers, boolean served, long acknowledged, long inIndex,
            long writtenByRefused, String after, boolean outOfMemory) {

        String row() {
            return String.format(Locale.ROOT, "| %d calls at once | %s | %,d / %,d | %,d | %s | %s |", calls, answers,
                    acknowledged, inIndex, writtenByRefused, after, outOfMemory ? "yes" : "no");
        }
    }

    /**
     * "served" when a fresh process with this heap answers one upsert of 10,000 documents 200 and writes them all;
     * otherwise what it did instead, to tell a refusal from a process that died.
     */
    private String oneUpsert(List<String> docs, int heapMb) throws Exception {
        byte[] body = upsertBody(docs, 0);
        recreateIndex();
        FunctionProcess function;
        try {
            function = FunctionProcess.start(elasticsearch.substring("http://".length()), http,
                    List.of("-Xmx" + heapMb + "m"));
        } catch (IllegalStateException tooSmallToStart) {
            return "not served: the process did not start";
        }
        try {
            HttpResponse<String> answer = upsert(function, body).join();
            long written = count("{}");
            if (answer != null && answer.statusCode() == 200 && written == docs.size()) {
                return "served";
            }
            return "not served: " + (answer == null ? "no answer" : "answered " + answer.statusCode()) + ", "
                    + written + " documents written" + (functionRanOutOfMemory() ? ", an OutOfMemoryError in the log"
                            : "");
        } finally {
            function.stop();
        }
    }

    /** Whether the function process of the round or probe that just ran logged an OutOfMemoryError. */
    private static boolean functionRanOutOfMemory() throws IOException {
        return Files.readString(FUNCTION_LOG, StandardCharsets.ISO_8859_1).contains("OutOfMemoryError");
    }

    /**
     * The documents as upsert call number {@code call}: ids of its own ({@code <call>-doc-<n>}), and a field
     * {@code call} by which to count what it wrote.
     */
    private static byte[] upsertBody(List<String> docs, int call) {
        StringBuilder body = new StringBuilder(docs.size() * 1100).append("{\"index\":\"" + INDEX + "\",\"docs\":[");
        for (String doc : docs) {
            // {"_id":"doc-<n>",... becomes {"call":<call>,"_id":"<call>-doc-<n>",...
            body.append("{\"call\":").append(call).append(",\"_id\":\"").append(call).append('-')
                    .append(doc, "{\"_id\":\"".length(), doc.length()).append(',');
        }
        body.setCharAt(body.length() - 1, ']');
        return body.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest upsertRequest(FunctionProcess function, byte[] body) {
        return HttpRequest.newBuilder(URI.create(function.url() + "/upsert")).timeout(UPSERT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** The answer, or null when there was none within the timeout (or the connection failed). */
    private CompletableFuture<HttpResponse<String>> upsert(FunctionProcess function, byte[] body) {
        return http.sendAsync(upsertRequest(function, body), HttpResponse.BodyHandlers.ofString())
                .exceptionally(none -> null);
    }

    /** The status of the answer, or "none". */
    private String status(HttpRequest request) {
        try {
            return Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException none) {
            return "none";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Documents in the benchmark index matching a _count body, after a refresh. */
    private long count(String query) throws IOException {
        post(elasticsearch + "/" + INDEX + "/_refresh", "", "application/json");
        return JSON.readTree(post(elasticsearch + "/" + INDEX + "/_count", query, "application/json")).path("count")
                .asLong();
    }

    /**
     * The Lambda build ({@code -Plambda}), started as Lambda's Java runtime starts it: a JVM on its class path
     * constructs the handler and hands it one search event ({@link LambdaJvmInvoker}); process start to the answer,
     * and RSS then.
     */
    private void lambdaStartUp() throws Exception {
        Path runner;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            runner = files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-runner.jar: build with -Plambda"));
        }
        // The invoker alone, apart from the test classes and their configuration.
        Path invoker = Path.of("target", "lambda-invoker");
        Path invokerClass = Path.of("dev", "esfunctions", "benchmark", "LambdaJvmInvoker.class");
        Files.createDirectories(invoker.resolve(invokerClass).getParent());
        Files.copy(Path.of("target", "test-classes").resolve(invokerClass), invoker.resolve(invokerClass),
                StandardCopyOption.REPLACE_EXISTING);
        long[] millis = new long[STARTS];
        long[] rss = new long[STARTS];
        for (int i = 0; i < STARTS; i++) {
            ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp",
                    runner + File.pathSeparator + invoker, LambdaJvmInvoker.class.getName(),
                    "{\"index\":\"" + INDEX + "*\",\"size\":1}").redirectErrorStream(true);
            builder.environment().put("QUARKUS_ELASTICSEARCH_HOSTS", elasticsearch.substring("http://".length()));
            builder.environment().put("QUARKUS_FUNQY_EXPORT", "search");
            long start = System.nanoTime();
            Process process = builder.start();
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null && !line.startsWith("ANSWER ")) {
                    // Quarkus's start-up log
                }
                millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                rss[i] = RssSampler.rssKb(process.pid());
                if (line == null || !line.contains("\"hits\"")) {
                    throw new IllegalStateException("the Lambda build did not answer the search: " + line);
                }
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        rows.add(String.format(Locale.ROOT, "| Lambda build: start-up to first search answered (JVM, JDK %d, median of"
                + " %d) | %,d ms | | |", Runtime.version().feature(), STARTS, median(millis)));
        rows.add(String.format(Locale.ROOT, "| Lambda build: RSS after the first search | %,d MB | | |",
                median(rss) / 1024));
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> documents(int count) {
        List<String> docs = new ArrayList<>(count);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.setLength(0);
            for (int w = 0; text.length() < 880; w++) {
                text.append(WORDS[(i * 7 + w * 13 + w * w) % WORDS.length]).append(' ');
            }
            docs.add("{\"_id\":\"doc-" + i + "\",\"n\":" + i + ",\"category\":\"c" + (i % 10) + "\",\"price\":"
                    + (i * 37 % 1000) + ",\"created\":\"2026-01-" + String.format(Locale.ROOT, "%02d", i % 28 + 1)
                    + "\",\"text\":\"" + text.toString().trim() + "\"}");
        }
        return docs;
    }

    private void recreateIndex() {
        recreateIndex(elasticsearch, INDEX);
    }

    private void recreateIndex(String index) {
        recreateIndex(elasticsearch, index);
    }

    private void recreateIndex(String cluster, String index) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(cluster + "/" + index)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        put(cluster + "/" + index, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"properties": {"n": {"type": "integer"}, "category": {"type": "keyword"},
                   "price": {"type": "integer"}, "created": {"type": "date"}, "text": {"type": "text"}}}}
                """);
    }

    private void requireCount(int expected) {
        requireCount(INDEX, expected);
    }

    private void requireCount(String index, int expected) {
        post(elasticsearch + "/" + index + "/_refresh", "", "application/json");
        String count = post(elasticsearch + "/" + index + "/_count", "{}", "application/json");
        if (!count.contains("\"count\":" + expected + ",")) {
            throw new IllegalStateException("expected " + expected + " documents, found " + count);
        }
    }

    private long docsPerSecond(ThrowingRunnable load) throws Exception {
        long start = System.nanoTime();
        load.run();
        return Math.round(DOCS / ((System.nanoTime() - start) / 1e9));
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    /** Runs {@code count} tasks on {@code threads} threads; returns each task's result by index. */
    private static long[] parallel(int threads, int count, IntFunction<Long> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long[] results = new long[count];
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        results[i] = task.apply(i);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private String post(String url, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String put(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long median(ProcessCpu[] values, ToLongFunction<ProcessCpu> figure) {
        return median(Arrays.stream(values).mapToLong(figure).toArray());
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Where a traced function exports its spans (every one: the default sampler keeps all) over OTLP/HTTP: a sink in
     * this process that answers 200 and keeps nothing, so that what is measured is the application's side.
     */
    private static HttpServer spanSink() throws IOException {
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        return sink;
    }

    /** The packaged application (target/quarkus-app), prod profile, as its own process. */
    private record FunctionProcess(Process process, String url, long firstSearchMillis) {

        /** Run from its directory, where a start-up archive's relative path points. */
        static FunctionProcess start(String elasticsearch, HttpClient http, List<String> javaOptions) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            // The heap a 512 MB Lambda or container would give it.
            command.addAll(List.of(javaCommand(), "-Xmx256m"));
            command.addAll(javaOptions);
            command.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", "quarkus-run.jar"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("target", "quarkus-app").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(FUNCTION_LOG.toAbsolutePath().toFile());
            builder.environment().put("QUARKUS_ELASTICSEARCH_HOSTS", elasticsearch);
            String url = "http://127.0.0.1:" + port;
            HttpRequest firstSearch = HttpRequest.newBuilder(URI.create(url + "/search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"index\":\"" + INDEX + "*\",\"size\":1}")).build();
            long start = System.nanoTime();
            Process process = builder.start();
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    if (http.send(firstSearch, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return new FunctionProcess(process, url, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    }
                } catch (IOException notYet) {
                    Thread.sleep(2);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the function did not answer a search within 60 s; see "
                    + "target/benchmark-function.log");
        }

        long pid() {
            return process.pid();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                // A process an OutOfMemoryError left half alive may not end when asked: the next one needs the machine.
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Samples a process's resident set size every 50 ms, keeping the maximum. */
    private static final class RssSampler {
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;

        private RssSampler(long pid) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    max.accumulateAndGet(rssKb(pid), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
        }

        static RssSampler start(long pid) {
            RssSampler sampler = new RssSampler(pid);
            sampler.thread.start();
            return sampler;
        }

        long stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            return max.get();
        }

        static long rssKb(long pid) {
            try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
                return lines.filter(line -> line.startsWith("VmRSS:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
